/** Error codes owned by services, consultations and invoices. Each needs an `error.<code>` message in i18n/invoices. */
export const invoiceErrorCodes = [
  'service.in_use',
  'consultation.invoiced',
  'consultation.on_cancelled_invoice',
  'consultation.not_open',
  'invoice.not_draft',
  'invoice.not_issued',
  'invoice.cancelled_meanwhile',
  'invoice.cancelled_while_printing',
  'invoice.not_printable',
  'invoice.changed_while_issuing',
  'invoice.has_payments',
  'invoice.number_range_missing',
  'invoice.number_range_exhausted',
  'invoice.number_range_overlap',
  'invoice.number_range_in_use',
  'invoice.number_format',
] as const;
