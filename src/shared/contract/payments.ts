/**
 * Contract for money in: payments and their reversals, cash at the end of a consultation with a
 * receipt, credit notes and refunds, an invoice's derived state, a patient's balance, open items, and
 * bank files (camt.054 / camt.053) read, previewed and booked as jobs.
 */
import { z } from 'zod';
import { MAX_AMOUNT_MINOR } from '../money.js';
import { Currency, DateInput, Id, longText, requiredLongText, SearchQuery, text } from '../validation/fields.js';
import { method } from './define.js';
import { DownloadRef, JobStatus } from './jobs.js';

export const paymentMethods = ['transfer', 'cash', 'card', 'twint', 'other'] as const;
export const PaymentMethod = z.enum(paymentMethods, { error: 'v.choice' });
export type PaymentMethod = z.infer<typeof PaymentMethod>;

/** Derived from the invoice and its account, never stored. */
export const invoiceStates = ['open', 'partly_paid', 'paid', 'overpaid', 'overdue', 'cancelled'] as const;
export const InvoiceState = z.enum(invoiceStates);
export type InvoiceState = z.infer<typeof InvoiceState>;

/** A positive amount in minor units, as a QR-bill can carry it. */
export const Amount = z.number({ error: 'v.number' }).int({ error: 'v.money' }).min(1, { error: 'v.amount_positive' }).max(MAX_AMOUNT_MINOR, { error: 'v.too_big' });

const int = z.number().int();

/**
 * An invoice's account. Owed: the invoice total less credit notes that reduce it, plus reminder fees
 * and default interest charged. Paid: payments less reversals and refunds. The allocation rule is
 * "fees and interest first" (OR 85, BGB 367): a payment covers charges before the invoice amount.
 */
export const InvoiceAccount = z.object({
  invoiceId: Id,
  state: InvoiceState,
  currency: Currency,
  totalMinor: int,
  reductionsMinor: int,
  chargesMinor: int,
  paidMinor: int,
  /** owed - paid; negative: a credit in the patient's favour. */
  openMinor: int,
  /** Of the open amount, what is still the invoice's own amount (charges are covered first). */
  openPrincipalMinor: int,
  openChargesMinor: int,
  /** The date payment is due now: the last reminder's, else the invoice's. */
  dueDate: z.string(),
  daysOverdue: int,
});
export type InvoiceAccount = z.infer<typeof InvoiceAccount>;

export const paymentKinds = ['payment', 'refund', 'reversal'] as const;
export const PaymentEntry = z.object({
  id: Id,
  invoiceId: Id,
  invoiceNumber: z.string(),
  patientId: Id,
  patientName: z.string(),
  kind: z.enum(paymentKinds),
  amountMinor: int,
  currency: Currency,
  date: z.string(),
  method: PaymentMethod,
  note: z.string(),
  reversesId: Id.nullable(),
  /** Set when a reversal undid this entry. */
  reversedById: Id.nullable(),
  transferId: Id.nullable(),
  creditNoteId: Id.nullable(),
  /** Booked from a bank file. */
  fromBankFile: z.boolean(),
  /** A receipt (Quittung) is archived for it. */
  hasReceipt: z.boolean(),
  createdAt: z.string(),
});
export type PaymentEntry = z.infer<typeof PaymentEntry>;

export const creditNoteKinds = ['overpayment', 'reduction'] as const;
export const CreditNoteKind = z.enum(creditNoteKinds, { error: 'v.choice' });
export const CreditNote = z.object({
  id: Id,
  invoiceId: Id,
  invoiceNumber: z.string(),
  patientId: Id,
  patientName: z.string(),
  kind: CreditNoteKind,
  number: z.string(),
  amountMinor: int,
  currency: Currency,
  date: z.string(),
  reason: z.string(),
  /** Paid back so far (refunds less their reversals). */
  refundedMinor: int,
  /** Refunded in full. */
  closed: z.boolean(),
  createdAt: z.string(),
});
export type CreditNote = z.infer<typeof CreditNote>;

export const Charge = z.object({ kind: z.enum(['reminder_fee', 'interest']), amountMinor: int, date: z.string() });

export const InvoiceMoney = z.object({
  account: InvoiceAccount,
  entries: z.array(PaymentEntry),
  creditNotes: z.array(CreditNote),
  charges: z.array(Charge),
});
export type InvoiceMoney = z.infer<typeof InvoiceMoney>;

export const Allocation = z.strictObject({ invoiceId: Id, amountMinor: Amount });

export const PaymentFields = z.strictObject({
  date: DateInput,
  method: PaymentMethod,
  note: longText(200),
  /** One transfer over several invoices of one patient: one allocation each. */
  allocations: z.array(Allocation).min(1, { error: 'v.required' }).max(50, { error: 'v.too_big' }),
});

export const PaymentSettings = z.strictObject({
  /** 'sequence': GS-2026-0001 from the credit notes' own numbers; 'invoice': the prefix before the invoice's number. */
  creditNoteNumbering: z.enum(['sequence', 'invoice'], { error: 'v.choice' }),
  creditNotePrefix: text(10).refine((s) => /^[A-Za-z0-9./_-]*$/.test(s), { error: 'v.credit_note_prefix' }),
});
export type PaymentSettings = z.infer<typeof PaymentSettings>;

export const CurrencyBalance = z.object({ currency: Currency, owesMinor: int, creditMinor: int });
export const PatientBalance = z.object({
  balances: z.array(CurrencyBalance),
  invoices: z.array(z.object({ invoiceId: Id, number: z.string(), invoiceDate: z.string(), account: InvoiceAccount })),
});

export const ageBuckets = ['not_due', 'd1_30', 'd31_60', 'd61_90', 'd90_plus'] as const;
export const AgeBucket = z.enum(ageBuckets);

export const OpenItem = z.object({
  invoiceId: Id,
  number: z.string(),
  practiceId: Id,
  patientId: Id,
  patientName: z.string(),
  invoiceDate: z.string(),
  currency: Currency,
  totalMinor: int,
  account: InvoiceAccount,
  bucket: AgeBucket,
  /** Highest reminder level sent, 0 for none. */
  reminderLevel: int,
});
export type OpenItem = z.infer<typeof OpenItem>;

export const OpenItemsQuery = z.strictObject({
  practiceId: Id.optional(),
  patientId: Id.optional(),
  /** Only overdue ones. */
  overdueOnly: z.boolean().default(false),
});

export const OpenItemsTotal = z.object({
  practiceId: Id,
  practiceName: z.string(),
  currency: Currency,
  openMinor: int,
  count: int,
  buckets: z.object(Object.fromEntries(ageBuckets.map((b) => [b, int])) as Record<(typeof ageBuckets)[number], typeof int>),
});

// Bank files ----------------------------------------------------------------------------------

/** How the preview groups a bank file's lines. 'full' are the green ones. */
export const importGroups = [
  'full', 'partial', 'overpaid', 'already_paid', 'cancelled_invoice', 'unknown_reference', 'no_reference', 'reversal', 'pending', 'ignored', 'already_booked',
] as const;
export const ImportGroup = z.enum(importGroups, { error: 'v.choice' });
export type ImportGroup = z.infer<typeof ImportGroup>;

export const ImportNotice = z.object({ key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() });

export const BankImport = z.object({
  id: Id,
  fileName: z.string(),
  message: z.enum(['camt.053', 'camt.054']),
  version: z.string(),
  accounts: z.array(z.string()),
  /** None of the file's accounts is a practice's: nothing of it can be booked. */
  foreignAccount: z.boolean(),
  /** The same file (its hash) was read before, at these times. */
  readBefore: z.array(z.string()),
  notices: z.array(ImportNotice),
  createdAt: z.string(),
  /** Lines per preview group, with their sum in each currency the file holds. */
  groups: z.array(z.object({ group: ImportGroup, count: int, booked: int, amounts: z.array(z.object({ currency: z.string(), amountMinor: int })) })),
  lineCount: int,
});
export type BankImport = z.infer<typeof BankImport>;

export const ImportLine = z.object({
  importId: Id,
  position: int,
  group: ImportGroup,
  status: z.string(),
  creditDebit: z.enum(['CRDT', 'DBIT']),
  reversal: z.boolean(),
  amountMinor: int,
  currency: z.string(),
  bookingDate: z.string().nullable(),
  valueDate: z.string().nullable(),
  reference: z.string().nullable(),
  referenceType: z.string().nullable(),
  debtorName: z.string().nullable(),
  message: z.string().nullable(),
  invoiceId: Id.nullable(),
  invoiceNumber: z.string().nullable(),
  patientName: z.string().nullable(),
  openBeforeMinor: int.nullable(),
  /** What the line would book now: the matched invoice, and whether it can be booked at all. */
  bookable: z.boolean(),
  bookedAt: z.string().nullable(),
});
export type ImportLine = z.infer<typeof ImportLine>;

export const paymentsContract = {
  /** An invoice's account, its entries, credit notes and charges. */
  'payments.forInvoice': method(z.strictObject({ invoiceId: Id }), InvoiceMoney),
  /** Records one payment (or one transfer spread over several invoices of one patient). */
  'payments.record': method(PaymentFields, z.array(PaymentEntry)),
  /** Undoes a payment or refund by a counter-entry; both stay. */
  'payments.reverse': method(z.strictObject({ paymentId: Id, reason: requiredLongText(500) }), PaymentEntry),
  /** "Bar bezahlt": issues the draft, records its total as paid in cash and archives a receipt. */
  'payments.issuePaidInCash': method(z.strictObject({ invoiceId: Id }), z.object({ invoiceId: Id, payment: PaymentEntry })),
  /** The receipt (Quittung) of a payment as archived (archived now on first request). */
  'payments.receiptPdf': method(z.strictObject({ paymentId: Id }), z.object({ fileName: z.string(), contentBase64: z.string() })),
  'payments.list': method(
    z.strictObject({
      from: DateInput.optional(), to: DateInput.optional(), patientId: Id.optional(), practiceId: Id.optional(),
      offset: z.number().int().min(0).max(100_000_000).default(0), limit: z.number().int().min(1).max(500).default(50),
    }),
    z.object({ total: int, items: z.array(PaymentEntry) }),
  ),
  'payments.patientBalance': method(z.strictObject({ patientId: Id }), PatientBalance),
  'payments.openItems': method(OpenItemsQuery, z.object({ items: z.array(OpenItem), totals: z.array(OpenItemsTotal), asOf: z.string() })),
  /** The open items as CSV (UTF-8 with BOM, semicolons, as Swiss Excel opens it). */
  'payments.exportOpenItems': method(OpenItemsQuery, DownloadRef),
  /** Issued invoices found by number, reference, patient or amount, with their accounts (assigning by hand). */
  'payments.searchInvoices': method(
    z.strictObject({ query: SearchQuery, patientId: Id.optional() }),
    z.array(z.object({ invoiceId: Id, number: z.string(), patientId: Id, patientName: z.string(), invoiceDate: z.string(), account: InvoiceAccount })),
  ),

  'payments.createCreditNote': method(
    z.strictObject({ invoiceId: Id, kind: CreditNoteKind, amountMinor: Amount, reason: requiredLongText(500), date: DateInput.optional() }),
    CreditNote,
  ),
  'payments.creditNotePdf': method(z.strictObject({ creditNoteId: Id }), z.object({ fileName: z.string(), contentBase64: z.string() })),
  'payments.listCreditNotes': method(z.strictObject({ patientId: Id.optional(), openOnly: z.boolean().default(false) }), z.array(CreditNote)),
  /** Pays a credit note's amount back; a refund of the whole closes it. */
  'payments.refund': method(
    z.strictObject({ creditNoteId: Id, amountMinor: Amount.optional(), date: DateInput, method: PaymentMethod, note: longText(200) }),
    PaymentEntry,
  ),
  'payments.settings': method(z.strictObject({ practiceId: Id }), PaymentSettings),
  'payments.saveSettings': method(z.strictObject({ practiceId: Id, settings: PaymentSettings }), PaymentSettings),

  /** Reads an uploaded bank file (job): refuses what is not camt, matches each line, stores the preview. */
  'payments.readBankFile': method(z.strictObject({ uploadId: Id }), JobStatus),
  'payments.importSummary': method(z.strictObject({ importId: Id }), BankImport),
  'payments.importLines': method(
    z.strictObject({
      importId: Id, group: ImportGroup.optional(),
      offset: z.number().int().min(0).max(100_000_000).default(0), limit: z.number().int().min(1).max(500).default(100),
    }),
    z.object({ total: int, items: z.array(ImportLine) }),
  ),
  'payments.listImports': method(z.strictObject({ limit: z.number().int().min(1).max(100).default(20) }), z.array(BankImport)),
  /** Books the lines of these groups (default: the green ones) in one transaction (job). */
  'payments.bookImport': method(z.strictObject({ importId: Id, groups: z.array(ImportGroup).min(1).max(importGroups.length).default(['full']) }), JobStatus),
  /** Books one line by hand: to its matched invoice, or spread over the given invoices (amounts adding up to the line). */
  'payments.bookImportLine': method(
    z.strictObject({ importId: Id, position: z.number().int().min(0).max(10_000_000), allocations: z.array(Allocation).min(1).max(50).optional() }),
    ImportLine,
  ),
};

