/**
 * The invoices domain: services and consultation templates, consultations, drafts, issuing with
 * the archived document, cancellation, number ranges. Other domains use it through InvoicesApi.
 */
import type { invoiceMethods } from '../../shared/contract/invoices.js';
import { numberPeriod } from '../../shared/billing/rules.js';
import { AppError, fieldError } from '../../shared/errors.js';
import { localDate, type Clock } from '../platform/clock.js';
import type { DomainDeps, HandlersFor } from '../platform/domain.js';
import type { PracticesApi } from '../practices/index.js';
import type { PatientsApi } from '../patients/index.js';
import type { CasesApi } from '../cases/index.js';
import type { Tarif590Api } from '../tarif590/index.js';
import { translate } from '../../shared/i18n/index.js';
import type { Language } from '../../shared/validation/fields.js';
import type { Db } from '../platform/db/open.js';
import { Consultations } from './consultations.js';
import { exportPdfsZip } from './exportPdfs.js';
import { Invoices, type CancelGuard, type InvoicePorts } from './invoices.js';
import { NumberRanges, type WorkstationRange } from './numbering.js';
import { printPdfs } from './printPdfs.js';
import { Receivables } from './receivables.js';
import { Services } from './services.js';

export { documentBatch } from './documents.js';
export { invoicesExport } from './exportTables.js';

/**
 * For a restored backup of the main computer (src/main/backup): this database becomes a second
 * workstation's and takes the next free block of invoice numbers (NumberRanges.claimNextFreeBlock).
 */
export function claimSecondWorkstationRange(db: Db, clock: Clock, label: string) {
  return new NumberRanges(db, clock).claimNextFreeBlock(label);
}

/** For a restore (src/main/backup via createApp): this workstation's number ranges before the data is replaced. */
export function thisWorkstationRanges(db: Db, clock: Clock): WorkstationRange[] {
  return new NumberRanges(db, clock).thisWorkstationRanges();
}

/** For a restore: the restored data keeps this computer's own number ranges (NumberRanges.keepThisWorkstation). */
export function keepThisWorkstationRanges(db: Db, clock: Clock, mine: readonly WorkstationRange[]): boolean {
  return new NumberRanges(db, clock).keepThisWorkstation(mine);
}
export type { CancelGuard } from './invoices.js';
export type { InvoiceSnapshot, PaymentReference } from './snapshot.js';
export { SnapshotAddress, SnapshotPractice, SnapshotRecipient } from './snapshot.js';
export type { ArchivedMoneyDocument, MoneyDocumentKind, Receivable } from './receivables.js';
export type { AmountRow, LetterKit, LetterSpec, LetterWriter } from './pdf/letterKit.js';

/** The practice's letter for reminders, receipts and credit notes; pdfkit loads on first use, not at app start. */
export async function loadLetterKit(): Promise<import('./pdf/letterKit.js').LetterKit> {
  return (await import('./pdf/letterKit.js')).letterKit;
}

/** The invoice's own renderer (the Tarif 590 form prints its reminders too); loaded on first use. */
export async function renderInvoiceDocument(...args: Parameters<typeof import('./pdf/render.js').renderInvoicePdf>): Promise<Buffer> {
  return (await import('./pdf/render.js')).renderInvoicePdf(...args);
}

/** What other domains may ask of invoices. */
export type InvoicesApi = Pick<
  Invoices,
  'get' | 'status' | 'snapshotOf' | 'document' | 'documentInfo' | 'documentWithHash' | 'pdfFileName' | 'hasFinancialRecords' | 'deleteDraftsOf' | 'issue'
> & Pick<Receivables, 'receivable' | 'receivables' | 'issuedCurrencies' | 'byReference' | 'byReferences' | 'searchReceivables' | 'archive' | 'archived'>
  & Pick<NumberRanges, 'workstationNumberStart'>;

/** What the cases domain asks of consultations: how many each case holds. */
export type ConsultationsApi = Pick<Consultations, 'countsByCase'>;

/** An invoice may be dated ahead (for a series billed in advance), but not by more than a year: that is a typing error. */
export function checkInvoiceDate(date: string | undefined, clock: Clock): void {
  const today = localDate(clock);
  const yearAhead = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
  if (date !== undefined && date > yearAhead) throw fieldError('draft.invoiceDate', 'v.invoice_date_ahead');
}

export function registerInvoices(
  deps: Pick<DomainDeps, 'db' | 'clock' | 'jobs' | 'files'> & Partial<Pick<DomainDeps, 'desktop' | 'viewerFiles'>>,
  ports: { practices: PracticesApi; patients: PatientsApi; cases: CasesApi; tarif590: Tarif590Api; uiLanguage: () => Language; cancelGuard?: CancelGuard; feeTerms?: InvoicePorts['feeTerms'] },
) {
  const services = new Services(deps.db, deps.clock, {
    entriesOn: (date) => ports.tarif590.catalogue.entriesOn(date),
    // Tarif 590 is in use when the practice always bills on the form, or by cover and at least one service carries a code.
    usesTarif590: (practiceId, anyCoded) => {
      const form = ports.tarif590.therapists.settings(practiceId).invoiceForm;
      return form === 'tarif590' || (form === 'by_cover' && anyCoded);
    },
  });
  const consultations = new Consultations(deps.db, deps.clock, ports.practices, ports.cases, ports.tarif590.therapists);
  // The first range is named in the user's language when it is created (on the first issue).
  const numbers = new NumberRanges(deps.db, deps.clock, () => translate(ports.uiLanguage(), 'ranges.defaultLabel'));
  const invoices = new Invoices(deps.db, deps.clock, ports, numbers);
  // The counting periods the practices' patterns issue from today: how full each range is.
  const periodsNow = () => [...new Set(ports.practices.list().map((p) => numberPeriod(p.invoiceNumberFormat, numbers.today())))];

  const handlers: HandlersFor<typeof invoiceMethods> = {
    'services.list': ({ practiceId, includeInactive }) => services.list(practiceId, includeInactive),
    'services.create': ({ practiceId, service }) => services.create(practiceId, service),
    'services.update': ({ id, service }) => services.update(id, service),
    'services.delete': ({ id }) => services.delete(id),

    'consultationTemplates.list': ({ practiceId }) => services.listTemplates(practiceId),
    'consultationTemplates.create': ({ practiceId, template }) => services.createTemplate(practiceId, template),
    'consultationTemplates.update': ({ id, template }) => services.updateTemplate(id, template),
    'consultationTemplates.delete': ({ id }) => services.deleteTemplate(id),

    'consultations.list': ({ patientId }) => consultations.list(patientId),
    'consultations.get': ({ id }) => consultations.get(id),
    'consultations.create': ({ consultation }) => consultations.create(consultation),
    'consultations.update': ({ id, consultation }) => consultations.update(id, consultation),
    'consultations.delete': ({ id }) => consultations.delete(id),

    'invoices.list': (query) => invoices.list(query),
    'invoices.get': ({ id }) => invoices.get(id),
    'invoices.createDraft': ({ patientId, draft }) => {
      checkInvoiceDate(draft.invoiceDate, deps.clock);
      return invoices.createDraft(patientId, draft);
    },
    'invoices.updateDraft': ({ id, draft }) => {
      checkInvoiceDate(draft.invoiceDate, deps.clock);
      return invoices.updateDraft(id, draft);
    },
    'invoices.deleteDraft': ({ id }) => invoices.deleteDraft(id),
    'invoices.issue': ({ id }) => invoices.issue(id),
    'invoices.cancel': ({ id, reason }) => invoices.cancel(id, reason),
    'invoices.pdf': async ({ id, kind }) => {
      const { fileName, content } = await invoices.pdf(id, kind);
      return { fileName, contentBase64: content.toString('base64') };
    },
    'invoices.openPdf': async ({ id, kind }) => {
      const { fileName, content } = await invoices.pdf(id, kind);
      if (!deps.desktop || !deps.viewerFiles) return { opened: false, fileName };
      // The viewer needs a real file; it holds patient data (ViewerFiles says where it goes, and when it goes away).
      await deps.desktop.openFile(deps.viewerFiles.write(fileName, content));
      return { opened: true, fileName };
    },
    'invoices.recordPost': ({ id, how }) => invoices.recordPost(id, how),
    'invoices.printPdfs': ({ invoiceIds }) => {
      // Only issued invoices go out; refused before the job starts, so nothing is half done.
      for (const id of invoiceIds) {
        if (invoices.status(id) !== 'issued') throw new AppError('invoice.not_issued', 'Only issued invoices can be printed to send', { invoiceId: id });
      }
      const source = {
        document: async (id: string) => invoices.document(id, 'invoice'),
        recordPrinted: (printed: { invoiceId: string; sha256: string }[]) =>
          // All or none: an invoice cancelled while the PDF was made is in the file but must not go out, so the user prints again.
          deps.db.transaction(() => printed.forEach((p) => {
            if (!invoices.insertPost(p.invoiceId, 'printed', p.sha256)) throw new AppError('invoice.cancelled_while_printing', 'An invoice was cancelled while printing', { invoiceId: p.invoiceId });
          }))(),
      };
      const fileName = `${translate(ports.uiLanguage(), 'print.fileName')}-${deps.clock.now().toISOString().slice(0, 10)}.pdf`;
      return deps.jobs.start('invoices.printPdfs', (job) => printPdfs(job, { source, files: deps.files }, { invoiceIds, fileName }), { total: invoiceIds.length });
    },
    'invoices.exportPdfs': ({ from, to, invoiceIds }) =>
      deps.jobs.start('invoices.exportPdfs', (job) =>
        exportPdfsZip(job, { source: { exportItems: (f, t, o) => invoices.exportItems(f, t, o), document: (id, kind) => invoices.pdf(id, kind) }, files: deps.files }, {
          from, to, invoiceIds, zipName: `${translate(ports.uiLanguage(), 'export.zipName')}-${from}-${to}.zip`,
        })),

    'invoices.splitByTherapist': ({ id }) => invoices.splitByTherapist(id),
    'invoices.moveAbsences': ({ id }) => invoices.moveAbsences(id),

    'numberRanges.list': () => numbers.list(periodsNow()),
    'numberRanges.create': ({ range }) => numbers.get(numbers.create(range).id, periodsNow()),
    'numberRanges.delete': ({ id }) => numbers.delete(id),
    'numberRanges.extend': ({ id, to }) => numbers.extend(id, to, periodsNow()),
  };
  const receivables = new Receivables(deps.db);
  const api: InvoicesApi = {
    get: (id) => invoices.get(id),
    status: (id) => invoices.status(id),
    snapshotOf: (id) => invoices.snapshotOf(id),
    document: (id, kind) => invoices.document(id, kind),
    documentInfo: (id, kind) => invoices.documentInfo(id, kind),
    documentWithHash: (id, sha256) => invoices.documentWithHash(id, sha256),
    pdfFileName: (snapshot) => invoices.pdfFileName(snapshot),
    hasFinancialRecords: (patientId) => invoices.hasFinancialRecords(patientId),
    deleteDraftsOf: (patientId) => invoices.deleteDraftsOf(patientId),
    issue: (id) => invoices.issue(id),
    receivable: (id) => receivables.receivable(id),
    receivables: (q) => receivables.receivables(q),
    issuedCurrencies: (ids) => receivables.issuedCurrencies(ids),
    byReference: (reference) => receivables.byReference(reference),
    byReferences: (references) => receivables.byReferences(references),
    searchReceivables: (query, limit, amountMinor) => receivables.searchReceivables(query, limit, amountMinor),
    archive: (doc) => receivables.archive(doc),
    archived: (id) => receivables.archived(id),
    workstationNumberStart: () => numbers.workstationNumberStart(),
  };
  return { handlers, api, services, consultations, numbers, invoices };
}
