/** Error codes owned by payments, credit notes and bank files. Each needs an `error.<code>` message in i18n/money. */
export const paymentErrorCodes = [
  'payments.bank_file_doctype',
  'payments.bank_file_not_camt',
  'payments.bank_file_truncated',
  'payments.bank_file_invalid',
  'payments.bank_file_encoding',
  'payments.bank_file_too_large',
  'payments.foreign_account',
  'payments.invoice_not_payable',
  'payments.already_reversed',
  'payments.not_reversible',
  'payments.other_patient',
  'payments.currency_mismatch',
  'payments.allocation_mismatch',
  'payments.line_already_booked',
  'payments.line_not_bookable',
  'payments.nothing_to_book',
  'payments.credit_note_too_large',
  'payments.refund_too_large',
  'payments.credit_note_closed',
  'payments.not_draft',
] as const;
export type PaymentErrorCode = (typeof paymentErrorCodes)[number];
