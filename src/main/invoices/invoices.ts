/**
 * Owns invoices: drafts built from a patient's open consultations, issuing (number, frozen snapshot,
 * payment reference and the archived PDF in one transaction), cancellation (Storno) that keeps the
 * number and archives a cancellation notice beside the untouched original, and the list. Issued
 * invoices never change; triggers back this up.
 *
 * Rendering a PDF is asynchronous and a transaction is not, so issuing renders first and commits
 * after: the PDF is rendered from the snapshot with the number the invoice will get (peeked, not
 * taken), then one IMMEDIATE transaction takes the number and builds the snapshot again; only if both
 * are exactly what was rendered does it store the invoice with its document, else it rolls back (the
 * number is not used) and renders again. So the number is taken inside the transaction that issues,
 * and an issued invoice always has its document. Issues and cancellations run one at a time, so in
 * one app the first render is the one committed; the check covers everything else (an edit of the
 * patient during the render, a second process).
 */
import type { z } from 'zod';
import type {
  DocumentInfo, DocumentKind, ExtraLineInput, Invoice, InvoiceLine, InvoiceListQuery, InvoiceSummary, Patient, Practice, PrintedCase,
} from '../../shared/contract/index.js';
import { numberPeriod } from '../../shared/billing/rules.js';
import { translate } from '../../shared/i18n/index.js';
import { AppError, fieldError, type FieldError } from '../../shared/errors.js';
import { lineAmount, totals as computeTotals } from '../../shared/money.js';
import { fold, foldGerman } from '../../shared/text/fold.js';
import { compact } from '../../shared/validation/checksums.js';
import type { Language } from '../../shared/validation/fields.js';
import { localDate, type Clock } from '../platform/clock.js';
import { newId } from '../platform/ids.js';
import type { Db } from '../platform/db/open.js';
import { cached } from '../platform/db/statements.js';
import type { CasesApi } from '../cases/index.js';
import type { PatientsApi } from '../patients/index.js';
import type { PracticesApi } from '../practices/index.js';
import type { Tarif590Api } from '../tarif590/index.js';
import { resolveInvoiceForm, type InvoiceForm } from '../../shared/tarif590/rules.js';
import { checkTarif590 } from './tarif590Check.js';
import { selectItems, type ItemRow } from './consultations.js';
import { composeLines, extraLineFromRow, extraLineToRow, totalsInput, type ExtraLineRow } from './lines.js';
import { Documents, type StoredDocument } from './documents.js';
import { formatInvoiceNumber, type NumberRanges } from './numbering.js';
import { professionLabel } from './pdf/texts.js';
import { serviceName } from './services.js';
import {
  buildPaymentReference, checkPrintable, firstUnprintable, InvoiceSnapshot, SNAPSHOT_VERSION, type SnapshotCase, type SnapshotLine,
  type SnapshotPricedLine, type SnapshotTarif590,
} from './snapshot.js';

/** Printed at the top right of the form: which of Arnika's layouts of the Forum Datenaustausch 4.5 paper form this is. */
export const TARIF590_RELEASE = 'Arnika T590 1.0 (FD 4.5)';

interface InvoiceRow {
  id: string; practice_id: string; patient_id: string; status: 'draft' | 'issued' | 'cancelled'; invoice_date: string;
  due_date: string; language: Language; recipient: 'patient' | 'billing'; currency: 'CHF' | 'EUR'; number: string | null;
  number_value: number | null; snapshot: string | null; total_minor: number | null; issued_at: string | null;
  cancelled_at: string | null; cancel_reason: string | null; patient_name: string; recipient_name: string;
  payment_reference: string | null; case_id: string | null; note: string; number_period: number | null;
  form: InvoiceForm | null;
}

type DraftInput = {
  consultationIds: string[]; invoiceDate?: string | undefined; language?: Language | undefined; recipient?: 'patient' | 'billing' | undefined;
  extraLines?: ExtraLineInput[] | undefined; note?: string | undefined;
};

const fileNamePrefix: Record<DocumentKind, Record<Language, string>> = {
  invoice: { de: 'Rechnung', fr: 'Facture', it: 'Fattura', en: 'Invoice' },
  cancellation: { de: 'Storno', fr: 'Annulation', it: 'Annullamento', en: 'Cancellation' },
};

/** How often issuing renders again when the invoice changed while its PDF was being rendered. */
const issueAttempts = 3;

/** Thrown inside the issuing transaction (which it rolls back) when what was rendered is no longer what would be issued. */
class RenderedStale extends Error {}

/** pdfkit and its fonts load on first use, not at app start. */
async function render(snapshot: InvoiceSnapshot, options: { check: boolean }): Promise<Buffer> {
  const { renderInvoicePdf } = await import('./pdf/render.js');
  return renderInvoicePdf(snapshot, options);
}

/** The therapist's local date of a stored instant (a cancellation before the archive existed). */
const localDateOf = (iso: string) => localDate({ now: () => new Date(iso) });

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const fullName = (first: string, last: string, title = '') => [title, first, last].filter(Boolean).join(' ');

/** Folded names in both spellings, so "muller" and "mueller" both find Müller (as in the patient search). */
function invoiceSearchName(patientName: string, recipientName: string): string {
  const names = `${patientName} ${recipientName}`;
  return `${fold(names)} ${foldGerman(names)}`;
}

/**
 * Refuses a cancellation for another domain's reason (payments: an invoice with payments is not
 * cancelled), or answers null. Passed in by the composition root; runs inside the cancel's check.
 */
export type CancelGuard = (invoiceId: string) => AppError | null;

/** What invoices read of practices, patients and cases (their domains' APIs). */
export interface InvoicePorts {
  practices: Pick<PracticesApi, 'get'>;
  patients: PatientsApi;
  cases: Pick<CasesApi, 'get'>;
  tarif590: Tarif590Api;
  cancelGuard?: CancelGuard | undefined;
  /**
   * The practice's terms for reminder fees, printed on the invoice (a Swiss reminder fee is owed
   * only if it was agreed), or null when it charges none. Asked when the snapshot is built.
   */
  feeTerms?: ((practiceId: string, language: Language, currency: 'CHF' | 'EUR') => string | null) | undefined;
}

export class Invoices {
  private readonly practices: InvoicePorts['practices'];
  private readonly patients: InvoicePorts['patients'];
  private readonly cases: InvoicePorts['cases'];
  private readonly tarif590: InvoicePorts['tarif590'];
  private readonly cancelGuard: CancelGuard;
  private readonly feeTerms: NonNullable<InvoicePorts['feeTerms']>;
  private readonly documents: Documents;
  /** Issues and cancellations, one at a time (each renders before its transaction). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    ports: InvoicePorts,
    private readonly numbers: NumberRanges,
  ) {
    this.practices = ports.practices;
    this.patients = ports.patients;
    this.cases = ports.cases;
    this.tarif590 = ports.tarif590;
    this.cancelGuard = ports.cancelGuard ?? (() => null);
    this.feeTerms = ports.feeTerms ?? (() => null);
    this.documents = new Documents(db);
  }

  /** An issued or cancelled invoice is kept for the record: its patient is archived, not deleted. */
  hasFinancialRecords(patientId: string): boolean {
    return cached(this.db, "SELECT 1 FROM invoices WHERE patient_id = ? AND status <> 'draft' LIMIT 1").get(patientId) !== undefined;
  }

  /** A patient being deleted takes their drafts along (inside the delete transaction). */
  deleteDraftsOf(patientId: string): void {
    cached(this.db, "DELETE FROM invoices WHERE patient_id = ? AND status = 'draft'").run(patientId);
  }

  private row(id: string): InvoiceRow {
    const row = cached(this.db, 'SELECT * FROM invoices WHERE id = ?').get(id) as InvoiceRow | undefined;
    if (!row) throw new AppError('not_found', `Invoice ${id} not found`);
    return row;
  }

  /** Just the status, without reading the document (the outbox asks before every message). */
  /** How many invoices, of any status, bill a treatment case (for the cases domain). */
  countByCase(caseId: string): number {
    return (cached(this.db, 'SELECT count(*) AS n FROM invoices WHERE case_id = ?').get(caseId) as { n: number }).n;
  }

  status(id: string): InvoiceRow['status'] {
    const row = cached(this.db, 'SELECT status FROM invoices WHERE id = ?').get(id) as Pick<InvoiceRow, 'status'> | undefined;
    if (!row) throw new AppError('not_found', `Invoice ${id} not found`);
    return row.status;
  }

  private consultationIds(invoiceId: string): string[] {
    return (this.db.prepare('SELECT consultation_id FROM invoice_consultations ic JOIN consultations c ON c.id = ic.consultation_id WHERE ic.invoice_id = ? ORDER BY c.date, c.start_time').all(invoiceId) as { consultation_id: string }[]).map((r) => r.consultation_id);
  }

  private extraRows(invoiceId: string): ExtraLineRow[] {
    return cached(this.db, 'SELECT kind, text, quantity_hundredths, unit_price_minor, vat_rate_bp, percent_bp, amount_minor FROM invoice_extra_lines WHERE invoice_id = ? ORDER BY position')
      .all(invoiceId) as ExtraLineRow[];
  }

  /** The lines of a draft, in the invoice language: its consultations' services as they are now, its free lines and discounts. */
  private draftLines(invoiceId: string, language: Language): SnapshotLine[] {
    return composeLines(this.serviceLines(invoiceId, language), this.extraRows(invoiceId));
  }

  private serviceLines(invoiceId: string, language: Language): SnapshotPricedLine[] {
    const rows = this.db
      .prepare(`${selectItems.replace('SELECT ci.*', 'SELECT ci.*, c.date')} JOIN consultations c ON c.id = ci.consultation_id
                JOIN invoice_consultations ic ON ic.consultation_id = c.id AND ic.invoice_id = ?
                ORDER BY c.date, c.start_time, c.id, ci.position`)
      .all(invoiceId) as Array<ItemRow & { date: string }>;
    return rows.map((r) => ({
      kind: 'service',
      date: r.date,
      code: r.code,
      text: serviceName(r, language),
      unit: r.unit === 'min5' ? '5min' : (r.unit as 'session' | 'item'),
      quantityHundredths: r.quantity_hundredths,
      unitPriceMinor: r.unit_price_minor,
      vatRateBasisPoints: r.vat_rate_bp,
      amountMinor: lineAmount(r.quantity_hundredths, r.unit_price_minor),
      ...(r.minutes !== null ? { minutes: r.minutes } : {}),
      ...(r.tariff_code !== '' ? { tariffCode: r.tariff_code, tariffText: language === 'fr' ? r.tariff_text_fr : language === 'it' ? r.tariff_text_it : r.tariff_text_de } : {}),
      ...(r.absence === 1 ? { absence: true } : {}),
    }));
  }

  /** The therapists of a draft's consultations, in the order they first treated. */
  private therapistIds(invoiceId: string): string[] {
    const rows = cached(this.db, `SELECT c.therapist_id FROM invoice_consultations ic JOIN consultations c ON c.id = ic.consultation_id
                                  WHERE ic.invoice_id = ? ORDER BY c.date, c.start_time, c.id`).all(invoiceId) as { therapist_id: string | null }[];
    return [...new Set(rows.map((r) => r.therapist_id).filter((t): t is string => t !== null))];
  }

  /** The form a draft is printed on: its own choice, the case's, the practice's, or by the case's cover. */
  formOf(row: InvoiceRow): InvoiceForm {
    const c = row.case_id ? this.cases.get(row.case_id) : null;
    return resolveInvoiceForm(row.form, c?.invoiceForm ?? null, this.tarif590.therapists.settings(row.practice_id).invoiceForm, c?.law ?? null);
  }

  /** What the Tarif 590 form prints beyond the standard invoice: biller, provider, the patient's identity. */
  private tarif590Of(row: InvoiceRow, practice: Practice, patient: Patient, lines: SnapshotLine[]): SnapshotTarif590 {
    const settings = this.tarif590.therapists.settings(row.practice_id);
    const therapistId = this.therapistIds(row.id)[0] ?? this.tarif590.therapists.therapistFor(row.practice_id, null);
    const t = this.tarif590.therapists.get(therapistId);
    const profession = t.profession || professionLabel(practice.profession, row.language);
    const provider = { name: t.name, profession, address: practice.address, phone: practice.phone, zsr: t.zsr, gln: t.gln };
    const biller = settings.biller === 'practice'
      ? { name: practice.name, profession: '', address: practice.address, phone: practice.phone, zsr: practice.zsrNumber, gln: practice.glnNumber }
      : provider;
    const c = row.case_id ? this.cases.get(row.case_id) : null;
    const firstDate = lines.flatMap((l) => (l.kind !== 'discount' && l.date ? [l.date] : [])).sort()[0] ?? row.invoice_date;
    return {
      release: TARIF590_RELEASE,
      biller, provider,
      patient: {
        lastName: patient.lastName, firstName: patient.firstName, address: patient.address, birthDate: patient.birthDate, sex: patient.sex,
        ahv: patient.ahvNumber, cardNumber: c?.cardNumber ?? '', insuredNumber: c?.insuredNumber || patient.insuredNumber,
      },
      canton: settings.canton,
      reimbursement: settings.reimbursement,
      catalogueVersion: this.tarif590.catalogue.versionOn(firstDate)?.label ?? null,
      prepaymentMinor: 0,
      patientCopy: settings.patientCopy,
    };
  }

  /** The address block: salutation in the invoice's language on its own line, then title and name (the QR-bill's debtor). */
  private recipientOf(patient: Patient, kind: 'patient' | 'billing', language: Language) {
    const b = patient.billingRecipient;
    const person = kind === 'billing' && b ? b : patient;
    const salutation = person.salutation === 'none' ? '' : translate(language, `doc.salutation.${person.salutation}`);
    return {
      nameLines: [fullName(person.firstName, person.lastName, person.title)],
      ...(salutation ? { salutation } : {}),
      address: person.address,
      email: (kind === 'billing' && b ? b.email : '') || patient.email,
    };
  }

  /** The case as printed: its codes and texts, and the dates of the first and last consultation billed. */
  private caseOf(row: InvoiceRow, lines: SnapshotLine[]): SnapshotCase | undefined {
    if (!row.case_id) return undefined;
    const c = this.cases.get(row.case_id);
    const dates = lines.flatMap((l) => (l.kind !== 'discount' && l.date ? [l.date] : [])).sort();
    const r = c.referrer;
    return {
      title: c.title, reason: c.reason, law: c.law, diagnosis: c.diagnosis, accidentDate: c.accidentDate, claimNumber: c.claimNumber,
      referrer: r.name === '' ? null : { name: r.name, address: r.address, gln: r.gln, zsr: r.zsr },
      startDate: c.startDate, endDate: c.endDate, remark: c.remark,
      period: dates.length > 0 ? { from: dates[0]!, to: dates[dates.length - 1]! } : null,
    };
  }

  /** Everything the PDF prints, from the current practice, patient and consultations. */
  private buildSnapshot(row: InvoiceRow, invoiceNumber: string): InvoiceSnapshot {
    const practice: Practice = this.practices.get(row.practice_id);
    const patient = this.patients.get(row.patient_id);
    const lines = this.draftLines(row.id, row.language);
    const vatRegistered = practice.vatNumber !== '';
    const treatmentCase = this.caseOf(row, lines);
    const insurer = row.case_id ? this.cases.get(row.case_id) : null;
    const insurance = { name: insurer?.insuranceName || patient.insuranceName, insuredNumber: insurer?.insuredNumber || patient.insuredNumber };
    return {
      schemaVersion: SNAPSHOT_VERSION,
      language: row.language,
      currency: row.currency,
      invoiceNumber,
      invoiceDate: row.invoice_date,
      dueDate: row.due_date,
      practice: {
        name: practice.name, therapistName: practice.therapistName,
        profession: professionLabel(practice.profession, row.language),
        address: practice.address, phone: practice.phone, email: practice.email, website: practice.website,
        iban: practice.iban, ibanIsQr: practice.ibanIsQr, bic: '', qrReferencePrefix: practice.qrReferencePrefix,
        zsrNumber: practice.zsrNumber, glnNumber: practice.glnNumber, vatNumber: practice.vatNumber,
      },
      recipient: this.recipientOf(patient, row.recipient, row.language),
      patient: { name: fullName(patient.firstName, patient.lastName), birthDate: patient.birthDate },
      ...(insurance.name || insurance.insuredNumber ? { insurance } : {}),
      ...(treatmentCase ? { treatmentCase } : {}),
      ...(this.formOf(row) === 'tarif590' ? { tarif590: this.tarif590Of(row, practice, patient, lines) } : {}),
      lines,
      totals: computeTotals(totalsInput(lines), row.currency, vatRegistered),
      paymentReference: row.currency === 'EUR' ? { type: 'NON', value: '' } : safeReference(practice, invoiceNumber),
      texts: { ...closingTexts(this.feeTerms(row.practice_id, row.language, row.currency)), ...(row.note.trim() !== '' ? { note: row.note } : {}) },
    };
  }

  /** Problems that stop issuing, checked on a snapshot with the number the invoice would get. */
  private problemsOf(row: InvoiceRow): FieldError[] {
    const practice = this.practices.get(row.practice_id);
    const next = this.numbers.preview(numberPeriod(practice.invoiceNumberFormat, row.invoice_date));
    const provisional = formatInvoiceNumber(practice.invoiceNumberFormat, next ?? 1, row.invoice_date);
    const snapshot = this.buildSnapshot(row, provisional);
    const problems = checkPrintable(snapshot);
    if (snapshot.tarif590) {
      problems.push(...checkTarif590(snapshot, {
        lookup: (code, date) => this.tarif590.catalogue.lookup(code, date),
        therapistCount: this.therapistIds(row.id).length,
        enteredInPractice: {
          biller: this.tarif590.therapists.settings(row.practice_id).biller === 'practice' || this.tarif590.therapists.solo(row.practice_id),
          provider: this.tarif590.therapists.solo(row.practice_id),
        },
        mixedAbsenceDates: this.mixedAbsenceDates(row.id),
      }));
    }
    // Another pattern (or one changed) may print a number that exists already: it would be issued twice.
    const taken = cached(this.db, 'SELECT 1 FROM invoices WHERE number = ?').get(provisional);
    if (next !== null && taken) problems.push({ path: 'invoiceNumber', key: 'inv.number_in_use', params: { number: provisional } });
    if (row.currency === 'CHF') {
      const refProblems = referenceProblems(practice, provisional);
      problems.push(...refProblems);
      // Without a number to take (no range, or used up) issuing is refused for that, with its own message.
      if (refProblems.length === 0 && next !== null) {
        // Payments are matched by reference: two invoices paid to one account must not share one.
        const clash = cached(this.db, 'SELECT number FROM invoices WHERE payment_reference = ? AND creditor_iban = ?')
          .get(buildPaymentReference(practice, provisional).value, compact(practice.iban)) as { number: string } | undefined;
        if (clash) problems.push({ path: 'invoiceNumber', key: 'inv.reference_in_use', params: { number: clash.number } });
      }
    }
    if (row.recipient === 'billing' && !this.patients.get(row.patient_id).billingRecipient) {
      problems.push({ path: 'recipient', key: 'inv.billing_recipient_missing' });
    }
    return problems;
  }

  /** For a draft, `draftTotal` is its total as of now (an issued invoice's total is stored). */
  private toSummary(row: InvoiceRow, draftTotal: number, postedAt?: string | null): InvoiceSummary {
    return {
      id: row.id, status: row.status, number: row.number, invoiceDate: row.invoice_date, dueDate: row.due_date,
      patientId: row.patient_id, patientName: row.patient_name, recipientName: row.recipient_name, practiceId: row.practice_id,
      currency: row.currency, language: row.language, totalMinor: row.total_minor ?? draftTotal, cancelledAt: row.cancelled_at,
      paymentReference: row.payment_reference, caseId: row.case_id, postedAt: postedAt ?? null,
    };
  }

  /**
   * The totals of the drafts among a page of invoices, from their lines as they are now, in two
   * queries for the whole page (the same arithmetic as the draft's snapshot in buildSnapshot).
   * Computed rather than stored, so an edited consultation or practice can never leave it stale.
   */
  private draftTotals(rows: InvoiceRow[]): Map<string, number> {
    const drafts = rows.filter((r) => r.status === 'draft');
    if (drafts.length === 0) return new Map();
    const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
    const ids = drafts.map((r) => r.id);
    const lines = this.db
      .prepare(`SELECT ic.invoice_id, ci.quantity_hundredths, ci.unit_price_minor, ci.vat_rate_bp
                FROM invoice_consultations ic JOIN consultation_items ci ON ci.consultation_id = ic.consultation_id
                WHERE ic.invoice_id IN (${marks(drafts.length)})`)
      .all(...ids) as Array<{ invoice_id: string; quantity_hundredths: number; unit_price_minor: number; vat_rate_bp: number }>;
    const extras = this.db
      .prepare(`SELECT invoice_id, kind, text, quantity_hundredths, unit_price_minor, vat_rate_bp, percent_bp, amount_minor
                FROM invoice_extra_lines WHERE invoice_id IN (${marks(drafts.length)}) ORDER BY invoice_id, position`)
      .all(...ids) as Array<ExtraLineRow & { invoice_id: string }>;
    const practiceIds = [...new Set(drafts.map((r) => r.practice_id))];
    const vatRegistered = new Set(
      this.db.prepare(`SELECT id FROM practices WHERE vat_number <> '' AND id IN (${marks(practiceIds.length)})`).pluck().all(...practiceIds) as string[],
    );
    // Only amounts and rates matter for the total: the services as bare positions, then the same composition as the snapshot.
    const byInvoice = new Map<string, SnapshotPricedLine[]>();
    for (const l of lines) {
      const list = byInvoice.get(l.invoice_id) ?? [];
      list.push({ date: null, code: '', text: '', unit: 'none', quantityHundredths: l.quantity_hundredths, unitPriceMinor: l.unit_price_minor, vatRateBasisPoints: l.vat_rate_bp, amountMinor: lineAmount(l.quantity_hundredths, l.unit_price_minor) });
      byInvoice.set(l.invoice_id, list);
    }
    const extrasOf = new Map<string, ExtraLineRow[]>();
    for (const e of extras) extrasOf.set(e.invoice_id, [...(extrasOf.get(e.invoice_id) ?? []), e]);
    return new Map(drafts.map((r) => {
      const composed = composeLines(byInvoice.get(r.id) ?? [], extrasOf.get(r.id) ?? []);
      return [r.id, computeTotals(totalsInput(composed), r.currency, vatRegistered.has(r.practice_id)).totalMinor];
    }));
  }

  get(id: string): Invoice {
    const row = this.row(id);
    const snapshot = row.snapshot ? InvoiceSnapshot.parse(JSON.parse(row.snapshot)) : this.buildSnapshot(row, 'ENTWURF');
    const postHistory = this.postHistory(id);
    return {
      ...this.toSummary(row, snapshot.totals.totalMinor, postHistory.at(-1)?.at ?? null),
      totalMinor: snapshot.totals.totalMinor,
      recipient: row.recipient,
      consultationIds: this.consultationIds(id),
      extraLines: this.extraRows(id).map(extraLineFromRow),
      note: row.note,
      byPost: this.patients.get(row.patient_id).invoicesByPost,
      postHistory,
      lines: snapshot.lines.map(toInvoiceLine),
      totals: snapshot.totals,
      printedCase: row.snapshot && snapshot.treatmentCase ? printedCase(snapshot.treatmentCase) : null,
      issuedAt: row.issued_at,
      cancelReason: row.cancel_reason,
      documents: row.status === 'draft' ? [] : this.documents.list(id),
      form: snapshot.tarif590 ? 'tarif590' : 'standard',
      problems: row.status === 'draft' ? this.problemsOf(row) : [],
    };
  }

  list(q: z.output<typeof InvoiceListQuery>): { total: number; totalMinor: number; items: InvoiceSummary[] } {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.status !== 'all') { where.push('status = ?'); params.push(q.status); }
    if (q.from) { where.push('invoice_date >= ?'); params.push(q.from); }
    if (q.to) { where.push('invoice_date <= ?'); params.push(q.to); }
    if (q.patientId) { where.push('patient_id = ?'); params.push(q.patientId); }
    if (q.practiceId) { where.push('practice_id = ?'); params.push(q.practiceId); }
    for (const term of q.query.trim().split(/\s+/).filter(Boolean).slice(0, 5)) {
      where.push("(search_name LIKE ? ESCAPE '\\' OR number LIKE ? ESCAPE '\\')");
      const like = `%${fold(term).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      params.push(like, like.toUpperCase());
    }
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const dir = q.direction === 'asc' ? 'ASC' : 'DESC';
    const agg = this.db.prepare(`SELECT count(*) AS n, coalesce(sum(CASE WHEN status = 'issued' THEN total_minor END), 0) AS s FROM invoices ${whereSql}`).get(...params) as { n: number; s: number };
    // Within a day by number; a draft (no number yet) counts as the newest of its day. The indexes of
    // migration 0006 hold exactly this order (the expression must match them).
    const order = `invoice_date ${dir}, coalesce(number_value, 9223372036854775807) ${dir}, created_at ${dir}, id ${dir}`;
    const rows = this.db.prepare(`SELECT * FROM invoices ${whereSql} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...params, q.limit, q.offset) as InvoiceRow[];
    const draftTotals = this.draftTotals(rows);
    const posted = this.postedAt(rows.filter((r) => r.status !== 'draft').map((r) => r.id));
    return { total: agg.n, totalMinor: agg.s, items: rows.map((r) => this.toSummary(r, draftTotals.get(r.id) ?? 0, posted.get(r.id))) };
  }

  // Drafts -------------------------------------------------------------------------------------

  /** All consultations must be this patient's, of one practice and one treatment case, and open (or already on this draft). */
  private checkConsultations(patientId: string, ids: string[], draftId: string | null): { practiceId: string; caseId: string } {
    const unique = [...new Set(ids)];
    let practiceId: string | null = null;
    let caseId: string | null = null;
    unique.forEach((cid, i) => {
      const c = this.db.prepare('SELECT c.patient_id, c.practice_id, c.invoice_id, c.case_id FROM consultations c WHERE c.id = ?').get(cid) as
        | { patient_id: string; practice_id: string; invoice_id: string | null; case_id: string } | undefined;
      if (!c || c.patient_id !== patientId) throw fieldError(`draft.consultationIds.${i}`, 'v.consultation_unknown');
      if (c.invoice_id !== null && c.invoice_id !== draftId) {
        throw new AppError('consultation.not_open', 'The consultation is already on another invoice', { fields: [{ path: `draft.consultationIds.${i}`, key: 'v.consultation_not_open' }] });
      }
      if (practiceId !== null && c.practice_id !== practiceId) throw fieldError(`draft.consultationIds.${i}`, 'v.consultation_other_practice');
      // An invoice bills one case: its data is printed on it (and on the Tarif 590 form).
      if (caseId !== null && c.case_id !== caseId) throw fieldError(`draft.consultationIds.${i}`, 'v.consultation_other_case');
      practiceId = c.practice_id;
      caseId = c.case_id;
    });
    return { practiceId: practiceId!, caseId: caseId! };
  }

  /** Replaces the draft's free lines and discounts (inside the draft's transaction). */
  private writeExtras(invoiceId: string, extras: ExtraLineInput[] | undefined): void {
    if (extras === undefined) return;
    cached(this.db, 'DELETE FROM invoice_extra_lines WHERE invoice_id = ?').run(invoiceId);
    const insert = cached(this.db, `INSERT INTO invoice_extra_lines (invoice_id, position, kind, text, quantity_hundredths, unit_price_minor, vat_rate_bp, percent_bp, amount_minor)
                                    VALUES (@invoice_id, @position, @kind, @text, @quantity_hundredths, @unit_price_minor, @vat_rate_bp, @percent_bp, @amount_minor)`);
    extras.forEach((e, position) => {
      const bad = firstUnprintable(e.text, false);
      if (bad) throw fieldError(`draft.extraLines.${position}.text`, 'inv.chars_not_allowed', bad);
      insert.run({ ...extraLineToRow(e), invoice_id: invoiceId, position });
    });
  }

  private names(patientId: string, recipient: 'patient' | 'billing') {
    const p = this.patients.get(patientId);
    const patientName = fullName(p.firstName, p.lastName);
    const recipientName = this.recipientOf(p, recipient, p.language).nameLines[0]!;
    return { patientName, recipientName, searchName: invoiceSearchName(patientName, recipientName) };
  }

  private attach(invoiceId: string, consultationIds: string[]): void {
    this.db.prepare('UPDATE consultations SET invoice_id = NULL WHERE invoice_id = ?').run(invoiceId);
    this.db.prepare('DELETE FROM invoice_consultations WHERE invoice_id = ?').run(invoiceId);
    const link = this.db.prepare('INSERT INTO invoice_consultations (invoice_id, consultation_id) VALUES (?, ?)');
    const mark = this.db.prepare('UPDATE consultations SET invoice_id = ? WHERE id = ?');
    for (const cid of new Set(consultationIds)) {
      link.run(invoiceId, cid);
      mark.run(invoiceId, cid);
    }
  }

  createDraft(patientId: string, d: DraftInput): Invoice {
    const patient = this.patients.get(patientId);
    const id = newId();
    if (d.note !== undefined) {
      const bad = firstUnprintable(d.note, true);
      if (bad) throw fieldError('draft.note', 'inv.chars_not_allowed', bad);
    }
    this.db.transaction(() => {
      const { practiceId, caseId } = this.checkConsultations(patientId, d.consultationIds, null);
      const practice = this.practices.get(practiceId);
      const invoiceDate = d.invoiceDate ?? localDate(this.clock);
      const recipient = d.recipient ?? (patient.billingRecipient ? 'billing' : 'patient');
      const n = this.names(patientId, recipient);
      const now = this.clock.now().toISOString();
      this.db
        .prepare(
          `INSERT INTO invoices (id, practice_id, patient_id, status, invoice_date, due_date, language, recipient, currency,
             created_at, updated_at, patient_name, recipient_name, search_name, case_id, note)
           VALUES (?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, practiceId, patientId, invoiceDate, addDays(invoiceDate, practice.paymentTermDays), d.language ?? patient.language,
          recipient, practice.currency, now, now, n.patientName, n.recipientName, n.searchName, caseId, d.note ?? '');
      this.attach(id, d.consultationIds);
      this.writeExtras(id, d.extraLines);
    })();
    return this.get(id);
  }

  updateDraft(id: string, d: DraftInput): Invoice {
    const row = this.row(id);
    if (row.status !== 'draft') throw new AppError('invoice.not_draft', 'Only drafts can be edited');
    if (d.note !== undefined) {
      const bad = firstUnprintable(d.note, true);
      if (bad) throw fieldError('draft.note', 'inv.chars_not_allowed', bad);
    }
    this.db.transaction(() => {
      const { practiceId, caseId } = this.checkConsultations(row.patient_id, d.consultationIds, id);
      if (practiceId !== row.practice_id) throw fieldError('draft.consultationIds', 'v.consultation_other_practice');
      const invoiceDate = d.invoiceDate ?? row.invoice_date;
      const recipient = d.recipient ?? row.recipient;
      const n = this.names(row.patient_id, recipient);
      this.db
        .prepare(`UPDATE invoices SET invoice_date = ?, due_date = ?, language = ?, recipient = ?, patient_name = ?, recipient_name = ?, search_name = ?,
                    case_id = ?, note = ?, updated_at = ? WHERE id = ?`)
        .run(invoiceDate, addDays(invoiceDate, this.practices.get(practiceId).paymentTermDays), d.language ?? row.language, recipient,
          n.patientName, n.recipientName, n.searchName, caseId, d.note ?? row.note, this.clock.now().toISOString(), id);
      this.attach(id, d.consultationIds);
      this.writeExtras(id, d.extraLines);
    })();
    return this.get(id);
  }

  /** A new empty draft like `row` (patient, practice, case, date, language, recipient), with its own form choice. */
  private copyDraft(row: InvoiceRow, form: InvoiceForm | null): string {
    const id = newId();
    const now = this.clock.now().toISOString();
    this.db.prepare(`INSERT INTO invoices (id, practice_id, patient_id, status, invoice_date, due_date, language, recipient, currency,
                       created_at, updated_at, patient_name, recipient_name, search_name, case_id, note, form)
                     SELECT ?, practice_id, patient_id, 'draft', invoice_date, due_date, language, recipient, currency,
                       ?, ?, patient_name, recipient_name, search_name, case_id, '', ? FROM invoices WHERE id = ?`).run(id, now, now, form, row.id);
    return id;
  }

  private moveConsultations(consultationIds: string[], to: string): void {
    const link = this.db.prepare('UPDATE invoice_consultations SET invoice_id = ? WHERE consultation_id = ?');
    const mark = this.db.prepare('UPDATE consultations SET invoice_id = ? WHERE id = ?');
    for (const cid of consultationIds) {
      link.run(to, cid);
      mark.run(to, cid);
    }
  }

  private draftRow(id: string): InvoiceRow {
    const row = this.row(id);
    if (row.status !== 'draft') throw new AppError('invoice.not_draft', 'Only drafts can be changed');
    return row;
  }

  /**
   * One invoice never mixes therapists (Tarif 590: one invoice per therapist and patient): the
   * consultations of every therapist but the first go onto a new draft each. Free lines, discounts
   * and the note stay on this draft.
   */
  splitByTherapist(id: string): { invoiceIds: string[] } {
    const row = this.draftRow(id);
    const ids = [id];
    this.db.transaction(() => {
      const rows = this.db.prepare(`SELECT c.id, c.therapist_id FROM invoice_consultations ic JOIN consultations c ON c.id = ic.consultation_id
                                    WHERE ic.invoice_id = ? ORDER BY c.date, c.start_time, c.id`).all(id) as { id: string; therapist_id: string | null }[];
      const [, ...others] = this.therapistIds(id);
      for (const therapistId of others) {
        const newId = this.copyDraft(row, row.form);
        this.moveConsultations(rows.filter((r) => r.therapist_id === therapistId).map((r) => r.id), newId);
        ids.push(newId);
      }
    }).immediate();
    return { invoiceIds: ids };
  }

  /** Dates of the draft's consultations holding both a missed-appointment service and another one. */
  private mixedAbsenceDates(invoiceId: string): string[] {
    return cached(this.db, `SELECT DISTINCT c.date FROM invoice_consultations ic JOIN consultations c ON c.id = ic.consultation_id
                            WHERE ic.invoice_id = ?
                              AND EXISTS (SELECT 1 FROM consultation_items ci JOIN services s ON s.id = ci.service_id WHERE ci.consultation_id = c.id AND s.absence = 1)
                              AND EXISTS (SELECT 1 FROM consultation_items ci JOIN services s ON s.id = ci.service_id WHERE ci.consultation_id = c.id AND s.absence = 0)
                            ORDER BY c.date`).pluck().all(invoiceId) as string[];
  }

  /**
   * A missed appointment is never billed to the insurer: the draft's consultations that hold only
   * missed-appointment services go onto a new private draft (the standard invoice).
   */
  moveAbsences(id: string): { invoiceId: string; privateInvoiceId: string } {
    const row = this.draftRow(id);
    let privateInvoiceId = '';
    this.db.transaction(() => {
      const absent = this.db.prepare(`SELECT c.id FROM invoice_consultations ic JOIN consultations c ON c.id = ic.consultation_id
                                      WHERE ic.invoice_id = ?
                                        AND NOT EXISTS (SELECT 1 FROM consultation_items ci JOIN services s ON s.id = ci.service_id
                                                        WHERE ci.consultation_id = c.id AND s.absence = 0)`).pluck().all(id) as string[];
      const mixed = this.mixedAbsenceDates(id);
      if (absent.length === 0 && mixed.length > 0) {
        throw new AppError('invoice.absence_mixed', 'The missed appointment shares its consultation with a treatment: split that consultation first', { date: mixed[0]! });
      }
      if (absent.length === 0) throw new AppError('invoice.no_absence', 'The draft has no consultation with only missed-appointment services');
      const all = this.consultationIds(id);
      // A draft needs at least one consultation: when all are missed appointments, this one simply becomes the private invoice.
      if (absent.length === all.length) {
        this.db.prepare("UPDATE invoices SET form = 'standard', updated_at = ? WHERE id = ?").run(this.clock.now().toISOString(), id);
        privateInvoiceId = id;
        return;
      }
      privateInvoiceId = this.copyDraft(row, 'standard');
      this.moveConsultations(absent, privateInvoiceId);
    }).immediate();
    return { invoiceId: id, privateInvoiceId };
  }

  deleteDraft(id: string): { id: string } {
    const row = this.row(id);
    if (row.status !== 'draft') throw new AppError('invoice.not_draft', 'Issued invoices are never deleted; cancel instead');
    this.db.prepare('DELETE FROM invoices WHERE id = ?').run(id);
    return { id };
  }

  // Issue and cancel ---------------------------------------------------------------------------

  /** Runs `fn` after the issues and cancellations before it. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => {});
    return run;
  }

  /**
   * Issues a draft: its number, frozen snapshot, payment reference and archived PDF, committed
   * together in one IMMEDIATE transaction (see the top of this file), so a crash leaves either the
   * draft or the complete invoice with its document.
   */
  issue(id: string): Promise<Invoice> {
    return this.serial(async () => {
      for (let attempt = 1; ; attempt++) {
        const planned = this.planIssue(id);
        const content = await render(planned.snapshot, { check: true });
        try {
          this.db.transaction(() => this.commitIssue(id, planned, content)).immediate();
          return this.get(id);
        } catch (err) {
          if (!(err instanceof RenderedStale)) throw err;
          if (attempt === issueAttempts) throw new AppError('invoice.changed_while_issuing', 'The invoice kept changing while it was being issued');
        }
      }
    });
  }

  /** Checks a draft and builds the snapshot it will be issued with: the number is peeked, not taken. */
  private planIssue(id: string): { value: number; snapshot: InvoiceSnapshot; json: string } {
    const row = this.row(id);
    if (row.status !== 'draft') throw new AppError('invoice.not_draft', 'The invoice is already issued');
    const fresh = { ...row, ...this.namesRow(row) };
    const problems = this.problemsOf(fresh);
    if (problems.length > 0) throw new AppError('invoice.not_printable', 'The invoice cannot be issued yet', { fields: problems });
    const format = this.practices.get(row.practice_id).invoiceNumberFormat;
    const value = this.numbers.peek(numberPeriod(format, row.invoice_date));
    const snapshot = this.buildSnapshot(fresh, formatInvoiceNumber(format, value, row.invoice_date));
    const afterNumber = checkPrintable(snapshot);
    if (afterNumber.length > 0) throw new AppError('invoice.not_printable', 'The invoice cannot be issued yet', { fields: afterNumber });
    return { value, snapshot, json: JSON.stringify(snapshot) };
  }

  /** Inside the issuing transaction: takes the number and stores invoice and document, if they are still what was rendered. */
  private commitIssue(id: string, planned: { value: number; json: string }, content: Buffer): void {
    const row = this.row(id);
    if (row.status !== 'draft') throw new AppError('invoice.not_draft', 'The invoice is already issued');
    const fresh = { ...row, ...this.namesRow(row) };
    const problems = this.problemsOf(fresh);
    if (problems.length > 0) throw new AppError('invoice.not_printable', 'The invoice cannot be issued yet', { fields: problems });
    const format = this.practices.get(row.practice_id).invoiceNumberFormat;
    const period = numberPeriod(format, row.invoice_date);
    const { rangeId, value } = this.numbers.take(period);
    if (value !== planned.value) throw new RenderedStale();
    const snapshot = this.buildSnapshot(fresh, formatInvoiceNumber(format, value, row.invoice_date));
    if (JSON.stringify(snapshot) !== planned.json) throw new RenderedStale();
    const now = this.clock.now().toISOString();
    const reference = snapshot.paymentReference.value === '' ? null : snapshot.paymentReference.value;
    this.db
      .prepare(
        `UPDATE invoices SET status = 'issued', number = ?, number_value = ?, number_period = ?, number_range_id = ?, snapshot = ?, total_minor = ?,
           issued_at = ?, patient_name = ?, recipient_name = ?, search_name = ?, payment_reference = ?, creditor_iban = ?, updated_at = ?
         WHERE id = ? AND status = 'draft'`,
      )
      .run(snapshot.invoiceNumber, value, period, rangeId, planned.json, snapshot.totals.totalMinor, now,
        fresh.patient_name, fresh.recipient_name, invoiceSearchName(fresh.patient_name, fresh.recipient_name),
        reference, compact(snapshot.practice.iban) || null, now, id);
    this.documents.insert({ invoiceId: id, kind: 'invoice', fileName: this.documentFileName(snapshot, 'invoice'), content, archived: 'at_issue', createdAt: now });
  }

  private namesRow(row: InvoiceRow): Pick<InvoiceRow, 'patient_name' | 'recipient_name'> {
    const n = this.names(row.patient_id, row.recipient);
    return { patient_name: n.patientName, recipient_name: n.recipientName };
  }

  private refuseCancel(row: InvoiceRow): void {
    if (row.status !== 'issued') throw new AppError('invoice.not_issued', 'Only issued invoices can be cancelled');
    const refusal = this.cancelGuard(row.id);
    if (refusal) throw refusal;
  }

  /**
   * Cancels an issued invoice: the number stays, the consultations are free again, and a cancellation
   * notice (no payment part, "nicht bezahlen", the reason) is archived beside the invoice's own
   * document, which stays as it was sent. Both in one transaction, rendered before it.
   */
  cancel(id: string, reason: string): Promise<Invoice> {
    return this.serial(async () => {
      // The reason is printed on the notice: a character the font lacks would print as an empty box.
      const bad = firstUnprintable(reason, true);
      if (bad) throw fieldError('reason', 'inv.chars_not_allowed', bad);
      const row = this.row(id);
      this.refuseCancel(row);
      const snapshot = InvoiceSnapshot.parse(JSON.parse(row.snapshot!));
      const now = this.clock.now().toISOString();
      const notice = await render({ ...snapshot, cancelled: { date: localDate(this.clock), reason } }, { check: false });
      // Issued before documents were archived: its original is archived now, before it is cancelled.
      const original = this.documents.get(id, 'invoice') ? null : await render(snapshot, { check: false });
      this.db.transaction(() => {
        this.refuseCancel(this.row(id));
        // Status first: the consultation triggers free a consultation once its invoice is no longer issued.
        this.db.prepare("UPDATE invoices SET status = 'cancelled', cancelled_at = ?, cancel_reason = ?, updated_at = ? WHERE id = ?").run(now, reason, now, id);
        this.db.prepare('UPDATE consultations SET invoice_id = NULL WHERE invoice_id = ?').run(id);
        if (original) {
          this.documents.insert({ invoiceId: id, kind: 'invoice', fileName: this.documentFileName(snapshot, 'invoice'), content: original, archived: 'later', createdAt: now }, { ifAbsent: true });
        }
        this.documents.insert({ invoiceId: id, kind: 'cancellation', fileName: this.documentFileName(snapshot, 'cancellation'), content: notice, archived: 'at_issue', createdAt: now });
      }).immediate();
      return this.get(id);
    });
  }

  // Sent by post --------------------------------------------------------------------------------

  /** When each of these invoices was last printed or marked as sent by post. */
  private postedAt(ids: string[]): Map<string, string> {
    if (ids.length === 0) return new Map();
    const rows = this.db
      .prepare(`SELECT invoice_id, max(at) AS at FROM post_dispatches WHERE invoice_id IN (${ids.map(() => '?').join(', ')}) GROUP BY invoice_id`)
      .all(...ids) as { invoice_id: string; at: string }[];
    return new Map(rows.map((r) => [r.invoice_id, r.at]));
  }

  private postHistory(id: string): { how: 'printed' | 'marked'; at: string }[] {
    return cached(this.db, 'SELECT how, at FROM post_dispatches WHERE invoice_id = ? ORDER BY at, rowid').all(id) as { how: 'printed' | 'marked'; at: string }[];
  }

  /**
   * Records that an issued invoice went out by post ("per Post versandt am …"): printed from Arnika
   * (the archived document, whose hash is kept) or marked by hand. A cancelled one is not sent any more,
   * also when it was cancelled while its document was being read.
   */
  async recordPost(id: string, how: 'printed' | 'marked'): Promise<Invoice> {
    const row = this.row(id);
    if (row.status !== 'issued') throw new AppError('invoice.not_issued', 'Only issued invoices go out');
    const doc = how === 'printed' ? await this.documentInfo(id, 'invoice') : null;
    if (!this.insertPost(id, how, doc?.sha256 ?? null)) throw new AppError('invoice.cancelled_meanwhile', 'The invoice was cancelled meanwhile', { invoiceId: id });
    return this.get(id);
  }

  /**
   * One row of the post history (the print job records each invoice of its PDF), written only while
   * the invoice is still issued: the check and the insert are one statement, so a cancellation that
   * lands between the caller's first look and this write is seen. Returns whether it was recorded.
   */
  insertPost(invoiceId: string, how: 'printed' | 'marked', sha256: string | null): boolean {
    return cached(this.db, `INSERT INTO post_dispatches (id, invoice_id, how, document_sha256, at)
                            SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM invoices WHERE id = ? AND status = 'issued')`)
      .run(newId(), invoiceId, how, sha256, this.clock.now().toISOString(), invoiceId).changes === 1;
  }

  // Documents ----------------------------------------------------------------------------------

  /** The stored snapshot of an issued or cancelled invoice (what its invoice document prints). */
  snapshotOf(id: string): InvoiceSnapshot {
    const row = this.row(id);
    if (row.status === 'draft' || !row.snapshot) throw new AppError('invoice.not_issued', 'Drafts have no final document yet');
    return InvoiceSnapshot.parse(JSON.parse(row.snapshot));
  }

  documentFileName(snapshot: Pick<InvoiceSnapshot, 'language' | 'invoiceNumber'>, kind: DocumentKind): string {
    return `${fileNamePrefix[kind][snapshot.language]}-${snapshot.invoiceNumber.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`;
  }

  /** The file name of the invoice document (as the email attaches it). */
  pdfFileName(snapshot: Pick<InvoiceSnapshot, 'language' | 'invoiceNumber'>): string {
    return this.documentFileName(snapshot, 'invoice');
  }

  /**
   * The archived document. An invoice issued before documents were archived has none yet: it is
   * rendered from the stored snapshot now, once, and archived (marked as archived later); from then on
   * it is read like any other.
   */
  async document(id: string, kind: DocumentKind): Promise<StoredDocument> {
    const row = this.row(id);
    if (row.status === 'draft' || !row.snapshot) throw new AppError('invoice.not_issued', 'Drafts have no final document yet');
    if (kind === 'cancellation' && row.status !== 'cancelled') throw new AppError('not_found', `Invoice ${id} is not cancelled`);
    const archived = this.documents.get(id, kind);
    if (archived) return archived;
    const snapshot = InvoiceSnapshot.parse(JSON.parse(row.snapshot));
    const cancelled = { date: localDateOf(row.cancelled_at ?? ''), reason: row.cancel_reason ?? '' };
    const content = await render(kind === 'cancellation' ? { ...snapshot, cancelled } : snapshot, { check: false });
    this.documents.insert(
      { invoiceId: id, kind, fileName: this.documentFileName(snapshot, kind), content, archived: 'later', createdAt: this.clock.now().toISOString() },
      { ifAbsent: true },
    );
    return this.documents.get(id, kind)!;
  }

  /** Name and hash of the archived document, without reading its bytes (archived now if it is an old invoice's). */
  async documentInfo(id: string, kind: DocumentKind): Promise<DocumentInfo> {
    return this.documents.info(id, kind) ?? (await this.document(id, kind));
  }

  /** The invoice's document with the hash an outbox row pinned, if it is archived (no render). */
  documentWithHash(id: string, sha256: string): StoredDocument | null {
    return this.documents.withHash(id, sha256);
  }

  /** The archived PDF: the invoice as issued, or the cancellation notice. */
  async pdf(id: string, kind: DocumentKind = 'invoice'): Promise<{ fileName: string; content: Buffer }> {
    const doc = await this.document(id, kind);
    return { fileName: doc.fileName, content: doc.content };
  }

  /** The documents of a date range (or of the selected invoices in it), in number order: each invoice as issued, a cancelled one's notice beside it. */
  exportItems(from: string, to: string, only?: string[]): { invoiceId: string; kind: DocumentKind }[] {
    const wanted = only ? new Set(only) : null;
    // In the order they were issued (numbers restart every year when the pattern carries the year).
    const rows = (this.db.prepare("SELECT id, status FROM invoices WHERE status <> 'draft' AND invoice_date BETWEEN ? AND ? ORDER BY issued_at, number_period, number_value").all(from, to) as Pick<InvoiceRow, 'id' | 'status'>[])
      .filter((r) => !wanted || wanted.has(r.id));
    return rows.flatMap((row) => (row.status === 'cancelled' ? (['invoice', 'cancellation'] as const) : (['invoice'] as const)).map((kind) => ({ invoiceId: row.id, kind })));
  }
}

/** The fee terms go where the closing text is printed (after the payment terms). */
function closingTexts(feeTerms: string | null): InvoiceSnapshot['texts'] {
  return feeTerms ? { closing: feeTerms } : {};
}

/** Why this invoice number cannot become a payment reference (too long, no digits), if it cannot. */
function referenceProblems(practice: Practice, invoiceNumber: string): FieldError[] {
  try {
    buildPaymentReference(practice, invoiceNumber);
    return [];
  } catch (err) {
    if (err instanceof AppError && err.details?.fields) return err.details.fields;
    throw err;
  }
}

/** A number that cannot become a reference is reported by referenceProblems, not thrown here. */
function safeReference(practice: Practice, invoiceNumber: string): InvoiceSnapshot['paymentReference'] {
  try {
    return buildPaymentReference(practice, invoiceNumber);
  } catch {
    return { type: 'NON', value: '' };
  }
}

/** A snapshot line as the contract shows it (version-1 lines are services). */
/** What the invoice screen shows of the case an issued invoice printed. */
function printedCase(c: SnapshotCase): PrintedCase {
  return {
    title: c.title, reason: c.reason, law: c.law, diagnosis: c.diagnosis, accidentDate: c.accidentDate, claimNumber: c.claimNumber,
    startDate: c.startDate, period: c.period,
  };
}

function toInvoiceLine(l: SnapshotLine): InvoiceLine {
  if (l.kind === 'discount') {
    return {
      kind: 'discount', date: null, code: '', text: l.text, unit: null, quantityHundredths: null, unitPriceMinor: null, vatRateBasisPoints: null,
      amountMinor: l.amountMinor, minutes: null, percentBasisPoints: l.percentBasisPoints,
    };
  }
  return {
    kind: l.kind ?? 'service', date: l.date, code: l.code, text: l.text,
    unit: l.unit === '5min' ? 'min5' : l.unit === 'none' ? null : l.unit,
    quantityHundredths: l.quantityHundredths, unitPriceMinor: l.unitPriceMinor, vatRateBasisPoints: l.vatRateBasisPoints,
    amountMinor: l.amountMinor, minutes: l.minutes ?? null, percentBasisPoints: null,
  };
}
