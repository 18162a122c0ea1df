/**
 * The invoices domain: services and consultation templates, consultations, drafts, issuing with
 * the archived document, cancellation, number ranges. Other domains use it through InvoicesApi.
 */
import type { invoiceMethods } from '../../shared/contract/invoices.js';
import { fieldError } from '../../shared/errors.js';
import { localDate, type Clock } from '../platform/clock.js';
import type { DomainDeps, HandlersFor } from '../platform/domain.js';
import type { PracticesApi } from '../practices/index.js';
import type { PatientsApi } from '../patients/index.js';
import { translate } from '../../shared/i18n/index.js';
import type { Language } from '../../shared/validation/fields.js';
import { Consultations } from './consultations.js';
import { exportPdfsZip } from './exportPdfs.js';
import { Invoices, type CancelGuard, type InvoicePorts } from './invoices.js';
import { NumberRanges } from './numbering.js';
import { Receivables } from './receivables.js';
import { Services } from './services.js';

export type { CancelGuard } from './invoices.js';
export type { InvoiceSnapshot, PaymentReference } from './snapshot.js';
export { SnapshotAddress, SnapshotPractice, SnapshotRecipient } from './snapshot.js';
export type { ArchivedMoneyDocument, MoneyDocumentKind, Receivable } from './receivables.js';
export type { AmountRow, LetterKit, LetterSpec, LetterWriter } from './pdf/letterKit.js';

/** The practice's letter for reminders, receipts and credit notes; pdfkit loads on first use, not at app start. */
export async function loadLetterKit(): Promise<import('./pdf/letterKit.js').LetterKit> {
  return (await import('./pdf/letterKit.js')).letterKit;
}

/** What other domains may ask of invoices. */
export type InvoicesApi = Pick<
  Invoices,
  'get' | 'status' | 'snapshotOf' | 'document' | 'documentInfo' | 'documentWithHash' | 'pdfFileName' | 'hasFinancialRecords' | 'deleteDraftsOf' | 'issue'
> & Pick<Receivables, 'receivable' | 'receivables' | 'issuedCurrencies' | 'byReference' | 'byReferences' | 'searchReceivables' | 'archive' | 'archived'>;

/** An invoice may be dated ahead (for a series billed in advance), but not by more than a year: that is a typing error. */
export function checkInvoiceDate(date: string | undefined, clock: Clock): void {
  const today = localDate(clock);
  const yearAhead = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
  if (date !== undefined && date > yearAhead) throw fieldError('draft.invoiceDate', 'v.invoice_date_ahead');
}

export function registerInvoices(
  deps: Pick<DomainDeps, 'db' | 'clock' | 'jobs' | 'files'> & Partial<Pick<DomainDeps, 'desktop' | 'viewerFiles'>>,
  ports: { practices: PracticesApi; patients: PatientsApi; uiLanguage: () => Language; cancelGuard?: CancelGuard; feeTerms?: InvoicePorts['feeTerms'] },
) {
  const services = new Services(deps.db, deps.clock);
  const consultations = new Consultations(deps.db, deps.clock, ports.practices);
  const numbers = new NumberRanges(deps.db, deps.clock);
  const invoices = new Invoices(deps.db, deps.clock, ports, numbers);

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
    'invoices.exportPdfs': ({ from, to, invoiceIds }) =>
      deps.jobs.start('invoices.exportPdfs', (job) =>
        exportPdfsZip(job, { source: { exportItems: (f, t, o) => invoices.exportItems(f, t, o), document: (id, kind) => invoices.pdf(id, kind) }, files: deps.files }, {
          from, to, invoiceIds, zipName: `${translate(ports.uiLanguage(), 'export.zipName')}-${from}-${to}.zip`,
        })),

    'numberRanges.list': () => numbers.list(),
    'numberRanges.create': ({ range }) => numbers.create(range),
    'numberRanges.delete': ({ id }) => numbers.delete(id),
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
  };
  return { handlers, api, services, consultations, numbers, invoices };
}
