/** Contract for services, consultation templates, consultations, invoices and number ranges. */
import { z } from 'zod';
import { Currency, DateInput, Id, Language, longText, requiredLongText, requiredText, SearchQuery, text } from '../validation/fields.js';
import { caseLaws, caseReasons } from './cases.js';
import { JobStatus } from './jobs.js';
import { method } from './define.js';

export const serviceUnits = ['min5', 'session', 'item'] as const;
export const ServiceUnit = z.enum(serviceUnits, { error: 'v.choice' });
export type ServiceUnit = z.infer<typeof ServiceUnit>;

const MoneyMinor = z.number({ error: 'v.number' }).int({ error: 'v.money' }).min(0, { error: 'v.money_negative' }).max(100_000_000, { error: 'v.too_big' });
const QuantityHundredths = z.number({ error: 'v.number' }).int({ error: 'v.quantity' }).min(1, { error: 'v.quantity' }).max(1_000_000, { error: 'v.too_big' });
const VatRate = z.number({ error: 'v.number' }).int({ error: 'v.integer' }).min(0, { error: 'v.too_small' }).max(10_000, { error: 'v.too_big' });
const Minutes = z.number({ error: 'v.number' }).int({ error: 'v.integer' }).min(0, { error: 'v.too_small' }).max(1440, { error: 'v.too_big' });
/** The minutes one per-5-minutes position bills. */
const PositionMinutes = z.number({ error: 'v.minutes' }).int({ error: 'v.minutes' }).min(1, { error: 'v.minutes' }).max(1440, { error: 'v.too_big' });
const DiscountPercent = z.number({ error: 'v.number' }).int({ error: 'v.percent' }).min(1, { error: 'v.percent' }).max(10_000, { error: 'v.percent' });
const Time = z.string({ error: 'v.time' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'v.time' });

export const ServiceFields = z.strictObject({
  code: requiredText(20),
  names: z.strictObject({ de: requiredText(120), fr: text(120), it: text(120), en: text(120) }),
  unit: ServiceUnit,
  priceMinor: MoneyMinor,
  vatRateBasisPoints: VatRate,
  active: z.boolean(),
  /** The Tarif 590 code (four digits, or 999); '' for none. */
  tariffCode: text(4).refine((c) => c === '' || /^\d{4}$/.test(c) || c === '999', { error: 'v.tariff_code' }).default(''),
  /** The tariff's official texts, printed verbatim on the form (copied from the catalogue; for 999 the therapist's own text). */
  tariffTexts: z.strictObject({ de: text(500), fr: text(500), it: text(500) }).default({ de: '', fr: '', it: '' }),
  /** A missed appointment (Absenz): billed only privately, never on an insurer's form. */
  absence: z.boolean().default(false),
});
export type ServiceFields = z.infer<typeof ServiceFields>;
/**
 * Why a service does not match the Tarif 590 list valid today (decided in main, one look at the list
 * for the whole service list): its code is not in it, its text differs, it has no code while the
 * practice bills on the Tarif 590 form, code 999 has no text, or no list is valid today.
 */
export const serviceTariffFlags = ['code_unknown', 'text_differs', 'code_missing', 'free_text_missing', 'no_list'] as const;
export const ServiceTariffFlag = z.object({
  reason: z.enum(serviceTariffFlags),
  code: z.string(),
  /** The first day of the version compared with (null for 'no_list' and 'code_missing'). */
  versionFrom: z.string().nullable(),
});
export type ServiceTariffFlag = z.infer<typeof ServiceTariffFlag>;
export const Service = ServiceFields.extend({ id: Id, practiceId: Id, inUse: z.boolean(), tariffFlag: ServiceTariffFlag.nullable() });
export type Service = z.infer<typeof Service>;

export const TemplateItem = z.strictObject({
  serviceId: Id,
  quantityHundredths: QuantityHundredths.default(100),
  /** Default minutes of a per-5-minutes position (absent: the template's duration, for the first one). */
  minutes: PositionMinutes.nullable().default(null),
});
export const ConsultationTemplateFields = z.strictObject({
  name: requiredText(80),
  durationMinutes: Minutes,
  items: z.array(TemplateItem).min(1, { error: 'v.items_required' }).max(30, { error: 'v.too_big' }),
});
export const ConsultationTemplate = ConsultationTemplateFields.extend({ id: Id, practiceId: Id });
export type ConsultationTemplate = z.infer<typeof ConsultationTemplate>;

export const ConsultationItemInput = z.strictObject({
  serviceId: Id,
  /** Ignored for per-5-minutes services: their quantity follows from their minutes. */
  quantityHundredths: QuantityHundredths.default(100),
  /**
   * Per-5-minutes services only, and required there: the minutes this position bills (started 5
   * minutes). The positions' minutes need not add up to the duration (the form warns, main does not refuse).
   */
  minutes: PositionMinutes.nullable().default(null),
});
export const ConsultationFields = z.strictObject({
  patientId: Id,
  /** Defaults to the default practice. */
  practiceId: Id.optional(),
  date: DateInput,
  startTime: Time,
  durationMinutes: Minutes,
  /** The treatment case; absent: the patient's latest open case (a new one when there is none). */
  caseId: Id.optional(),
  /** Who treated; absent: the practice's first active therapist. */
  therapistId: Id.optional(),
  items: z.array(ConsultationItemInput).min(1, { error: 'v.items_required' }).max(30, { error: 'v.too_big' }),
  notes: longText(20000),
});
export type ConsultationFields = z.infer<typeof ConsultationFields>;

export const ConsultationItem = z.object({
  serviceId: Id,
  code: z.string(),
  name: z.string(),
  unit: ServiceUnit,
  quantityHundredths: z.number().int(),
  unitPriceMinor: z.number().int(),
  vatRateBasisPoints: z.number().int(),
  amountMinor: z.number().int(),
  /** Per-5-minutes positions: the minutes billed; null for the others. */
  minutes: z.number().int().nullable(),
});
export const consultationStatuses = ['open', 'draft', 'invoiced'] as const;
export const Consultation = z.object({
  id: Id,
  patientId: Id,
  practiceId: Id,
  date: z.string(),
  startTime: z.string(),
  durationMinutes: z.number().int(),
  caseId: Id,
  therapistId: Id.nullable(),
  notes: z.string(),
  items: z.array(ConsultationItem),
  totalMinor: z.number().int(),
  status: z.enum(consultationStatuses),
  invoiceId: Id.nullable(),
  invoiceNumber: z.string().nullable(),
});
export type Consultation = z.infer<typeof Consultation>;

export const invoiceStatuses = ['draft', 'issued', 'cancelled'] as const;
export const InvoiceStatus = z.enum(invoiceStatuses);
export const RecipientKind = z.enum(['patient', 'billing'], { error: 'v.choice' });

export const invoiceLineKinds = ['service', 'free', 'discount'] as const;
/** A printed line: a consultation's service, a free position, or a discount (negative; percentage or amount). */
export const InvoiceLine = z.object({
  kind: z.enum(invoiceLineKinds),
  /** The consultation's date; null for free lines and discounts. */
  date: z.string().nullable(),
  code: z.string(),
  text: z.string(),
  /** null for free lines (no unit) and discounts. */
  unit: ServiceUnit.nullable(),
  /** null for discounts. */
  quantityHundredths: z.number().int().nullable(),
  unitPriceMinor: z.number().int().nullable(),
  vatRateBasisPoints: z.number().int().nullable(),
  amountMinor: z.number().int(),
  minutes: z.number().int().nullable(),
  /** A percentage discount's rate (basis points). */
  percentBasisPoints: z.number().int().nullable(),
});
export type InvoiceLine = z.infer<typeof InvoiceLine>;

export const InvoiceTotals = z.object({
  subtotalMinor: z.number().int(),
  vat: z.array(z.object({ rateBasisPoints: z.number().int(), netMinor: z.number().int(), vatMinor: z.number().int() })),
  vatTotalMinor: z.number().int(),
  roundingMinor: z.number().int(),
  totalMinor: z.number().int(),
});

export const InvoiceSummary = z.object({
  id: Id,
  status: InvoiceStatus,
  number: z.string().nullable(),
  invoiceDate: z.string(),
  dueDate: z.string(),
  patientId: Id,
  patientName: z.string(),
  recipientName: z.string(),
  practiceId: Id,
  currency: Currency,
  language: Language,
  totalMinor: z.number().int(),
  cancelledAt: z.string().nullable(),
  /** The QR reference (27 digits) or creditor reference (RF...) the invoice was issued with; null for drafts and EUR. */
  paymentReference: z.string().nullable(),
  /** The treatment case it bills (null only for invoices that never had consultations). */
  caseId: Id.nullable(),
  /** When it was last printed or marked as sent by post; null if never. */
  postedAt: z.string().nullable(),
});
export type InvoiceSummary = z.infer<typeof InvoiceSummary>;

/** The archived documents of an invoice: as issued (and sent), and the cancellation notice. */
export const documentKinds = ['invoice', 'cancellation'] as const;
export const DocumentKind = z.enum(documentKinds, { error: 'v.choice' });
export type DocumentKind = z.infer<typeof DocumentKind>;
/** Everything archived beside an invoice: its own documents and the money domains' (reminders, receipts, credit notes). */
export const archivedKinds = [...documentKinds, 'reminder', 'receipt', 'credit_note'] as const;
export const DocumentInfo = z.object({
  kind: z.enum(archivedKinds),
  fileName: z.string(),
  sha256: z.string(),
  createdAt: z.string(),
  /** Issued before Arnika archived documents: rendered from the stored snapshot when it was first needed. */
  archivedLater: z.boolean(),
});
export type DocumentInfo = z.infer<typeof DocumentInfo>;

/** A free position or a discount as entered on a draft (free lines and discounts are printed after the consultations, in this order). */
export const ExtraLineInput = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('free'),
    text: requiredText(120),
    quantityHundredths: QuantityHundredths,
    unitPriceMinor: MoneyMinor,
    vatRateBasisPoints: VatRate,
  }),
  z.strictObject({
    kind: z.literal('discount'),
    text: requiredText(120),
    /** Either a percentage of the positions (basis points: 1000 = 10 %) or an amount, not both. */
    percentBasisPoints: DiscountPercent.nullable(),
    amountMinor: MoneyMinor.refine((n) => n > 0, { error: 'v.discount_amount' }).nullable(),
  }).superRefine((d, ctx) => {
    if ((d.percentBasisPoints === null) === (d.amountMinor === null)) ctx.addIssue({ code: 'custom', path: ['amountMinor'], message: 'v.discount_one_of' });
  }),
], { error: 'v.choice' });
export type ExtraLineInput = z.infer<typeof ExtraLineInput>;

export const ExtraLine = z.object({
  kind: z.enum(['free', 'discount']),
  text: z.string(),
  quantityHundredths: z.number().int().nullable(),
  unitPriceMinor: z.number().int().nullable(),
  vatRateBasisPoints: z.number().int().nullable(),
  percentBasisPoints: z.number().int().nullable(),
  amountMinor: z.number().int().nullable(),
});
export type ExtraLine = z.infer<typeof ExtraLine>;

export const PostDispatch = z.object({
  /** 'printed' from Arnika, or 'marked' by hand as sent by post. */
  how: z.enum(['printed', 'marked']),
  at: z.string(),
});

/** The treatment case as an issued invoice printed it (from its snapshot; the case may have changed since). */
export const PrintedCase = z.object({
  title: z.string(),
  reason: z.enum(caseReasons).nullable(),
  law: z.enum(caseLaws).nullable(),
  diagnosis: z.string(),
  accidentDate: z.string().nullable(),
  claimNumber: z.string(),
  startDate: z.string(),
  period: z.object({ from: z.string(), to: z.string() }).nullable(),
});
export type PrintedCase = z.infer<typeof PrintedCase>;

export const Invoice = InvoiceSummary.extend({
  recipient: RecipientKind,
  consultationIds: z.array(Id),
  /** Free lines and discounts as entered (drafts edit these; the printed lines are in `lines`). */
  extraLines: z.array(ExtraLine),
  /** Printed above the totals. */
  note: z.string(),
  /** The patient wants invoices by post: the invoice screen leads with "Drucken". */
  byPost: z.boolean(),
  /** Every time it was printed or marked as sent by post, oldest first (emails: mail.invoiceHistory). */
  postHistory: z.array(PostDispatch),
  lines: z.array(InvoiceLine),
  totals: InvoiceTotals,
  /** Issued and cancelled invoices: the case as printed; null for drafts (they show the case as it is now) and invoices without one. */
  printedCase: PrintedCase.nullable(),
  issuedAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  /** What is archived so far (an invoice issued before the archive gets its documents when first needed). */
  documents: z.array(DocumentInfo),
  /** The form it is (or would be) printed on: the standard invoice or the Tarif 590 Rückforderungsbeleg. */
  form: z.enum(['standard', 'tarif590']),
  /** Problems that would stop issuing now (empty for issued invoices). */
  problems: z.array(z.object({ path: z.string(), key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() })),
});
export type Invoice = z.infer<typeof Invoice>;

export const InvoiceListQuery = z.strictObject({
  status: z.enum([...invoiceStatuses, 'all']).default('all'),
  from: DateInput.optional(),
  to: DateInput.optional(),
  patientId: Id.optional(),
  practiceId: Id.optional(),
  query: SearchQuery.default(''),
  direction: z.enum(['asc', 'desc']).default('desc'),
  offset: z.number().int().min(0).max(100_000_000).default(0),
  limit: z.number().int().min(1).max(500).default(50),
});

export const DraftFields = z.strictObject({
  consultationIds: z.array(Id).min(1, { error: 'v.consultations_required' }).max(200, { error: 'v.too_big' }),
  /** At most a year ahead of today (checked in main, which knows the date). */
  invoiceDate: DateInput.optional(),
  language: Language.optional(),
  recipient: RecipientKind.optional(),
  /** Free lines and discounts, all of them (absent: unchanged). */
  extraLines: z.array(ExtraLineInput).max(50, { error: 'v.too_big' }).optional(),
  /** Printed above the totals (absent: unchanged). */
  note: longText(2000).optional(),
});

export const NumberRangeFields = z.strictObject({
  label: requiredText(60),
  from: z.number({ error: 'v.number' }).int({ error: 'v.integer' }).min(1, { error: 'v.too_small' }).max(999_999_999, { error: 'v.too_big' }),
  to: z.number({ error: 'v.number' }).int({ error: 'v.integer' }).min(1, { error: 'v.too_small' }).max(999_999_999, { error: 'v.too_big' }),
  thisWorkstation: z.boolean(),
}).refine((r) => r.to >= r.from, { path: ['to'], error: 'v.range_order' });
export const NumberRange = z.object({
  id: Id,
  label: z.string(),
  from: z.number().int(),
  to: z.number().int(),
  /** The next value of formats without a year (one sequence for ever). */
  next: z.number().int(),
  thisWorkstation: z.boolean(),
  active: z.boolean(),
  /** Values left for formats without a year. */
  remaining: z.number().int(),
  /** Formats with a year count again every year inside the range: the next value of each year counted so far. */
  years: z.array(z.object({ year: z.number().int(), next: z.number().int(), remaining: z.number().int() })),
  /** How much of the range the busiest counter that issues now has used (this year's, or the one without a year), 0..100. */
  usedPercent: z.number().int(),
  /** 90 % or more used: time to extend the range. */
  nearlyFull: z.boolean(),
});
export type NumberRange = z.infer<typeof NumberRange>;

export const invoiceMethods = {
  'services.list': method(z.strictObject({ practiceId: Id, includeInactive: z.boolean().default(false) }), z.array(Service)),
  'services.create': method(z.strictObject({ practiceId: Id, service: ServiceFields }), Service),
  'services.update': method(z.strictObject({ id: Id, service: ServiceFields }), Service),
  'services.delete': method(z.strictObject({ id: Id }), z.object({ id: Id })),

  'consultationTemplates.list': method(z.strictObject({ practiceId: Id }), z.array(ConsultationTemplate)),
  'consultationTemplates.create': method(z.strictObject({ practiceId: Id, template: ConsultationTemplateFields }), ConsultationTemplate),
  'consultationTemplates.update': method(z.strictObject({ id: Id, template: ConsultationTemplateFields }), ConsultationTemplate),
  'consultationTemplates.delete': method(z.strictObject({ id: Id }), z.object({ id: Id })),

  'consultations.list': method(z.strictObject({ patientId: Id }), z.array(Consultation)),
  'consultations.get': method(z.strictObject({ id: Id }), Consultation),
  'consultations.create': method(z.strictObject({ consultation: ConsultationFields }), Consultation),
  'consultations.update': method(z.strictObject({ id: Id, consultation: ConsultationFields }), Consultation),
  'consultations.delete': method(z.strictObject({ id: Id }), z.object({ id: Id })),

  'invoices.list': method(InvoiceListQuery, z.object({ total: z.number().int(), totalMinor: z.number().int(), items: z.array(InvoiceSummary) })),
  'invoices.get': method(z.strictObject({ id: Id }), Invoice),
  'invoices.createDraft': method(z.strictObject({ patientId: Id, draft: DraftFields }), Invoice),
  'invoices.updateDraft': method(z.strictObject({ id: Id, draft: DraftFields }), Invoice),
  'invoices.deleteDraft': method(z.strictObject({ id: Id }), z.object({ id: Id })),
  'invoices.issue': method(z.strictObject({ id: Id }), Invoice),
  'invoices.cancel': method(z.strictObject({ id: Id, reason: requiredLongText(500) }), Invoice),
  /** The archived PDF, byte for byte: the invoice as issued, or (cancelled invoices) the cancellation notice. */
  'invoices.pdf': method(z.strictObject({ id: Id, kind: DocumentKind.default('invoice') }), z.object({ fileName: z.string(), contentBase64: z.string() })),
  /** Desktop: opens the PDF in the system viewer. Browser mode answers opened=false (the page shows the PDF itself). */
  'invoices.openPdf': method(z.strictObject({ id: Id, kind: DocumentKind.default('invoice') }), z.object({ opened: z.boolean(), fileName: z.string() })),
  /**
   * Starts a job that puts the archived PDFs into one ZIP to save (a download in browser mode, the
   * save dialog on the desktop): the job's result is jobKinds['invoices.exportPdfs'].
   */
  /** Records that the invoice went out by post: printed from Arnika, or marked by hand. */
  'invoices.recordPost': method(z.strictObject({ id: Id, how: z.enum(['printed', 'marked'], { error: 'v.choice' }) }), Invoice),
  /**
   * Starts a job that puts the archived PDFs of these issued invoices into one PDF to print, in the
   * order given, and records each as sent by post: the job's result is jobKinds['invoices.printPdfs'].
   */
  'invoices.printPdfs': method(
    z.strictObject({ invoiceIds: z.array(Id).min(1, { error: 'v.required' }).max(1000, { error: 'v.too_big' }) }),
    JobStatus,
  ),
  'invoices.exportPdfs': method(
    z.strictObject({
      from: DateInput,
      to: DateInput,
      /** Only these invoices (still limited to the date range); all issued and cancelled ones when absent. A cancelled one gives two files: the invoice as issued and the cancellation. */
      invoiceIds: z.array(Id).min(1, { error: 'v.required' }).max(100_000, { error: 'v.too_big' }).optional(),
    }),
    JobStatus,
  ),

  /** Tarif 590: a draft with consultations of several therapists becomes one draft per therapist (the first keeps this one). */
  'invoices.splitByTherapist': method(z.strictObject({ id: Id }), z.object({ invoiceIds: z.array(Id) })),
  /** Tarif 590: the draft's missed appointments go onto a new private draft (the standard invoice). */
  'invoices.moveAbsences': method(z.strictObject({ id: Id }), z.object({ invoiceId: Id, privateInvoiceId: Id })),

  'numberRanges.list': method(z.strictObject({}), z.array(NumberRange)),
  'numberRanges.create': method(z.strictObject({ range: NumberRangeFields }), NumberRange),
  'numberRanges.delete': method(z.strictObject({ id: Id }), z.object({ id: Id })),
  /** Moves the end of a range further, when no other range and no issued number lies in between. */
  'numberRanges.extend': method(
    z.strictObject({ id: Id, to: z.number({ error: 'v.number' }).int({ error: 'v.integer' }).min(1, { error: 'v.too_small' }).max(999_999_999, { error: 'v.too_big' }) }),
    NumberRange,
  ),
};
