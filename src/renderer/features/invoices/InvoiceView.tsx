/**
 * One invoice. A draft: date, language, recipient and its consultations (of its treatment case) can
 * be changed (each change is saved at once and the lines and problems come back fresh), free lines,
 * discounts and a note added, the problems that stop issuing are listed with where to fix them, then
 * Ausstellen. Issued: the number and dates, PDF open/save, Drucken (the main action for a patient
 * who gets invoices by post; printing records "per Post versandt"), Stornieren with a reason.
 * Cancelled: the stamp, the reason, and both archived documents (the cancellation notice and the
 * invoice as it was sent).
 */
import './billing.css';
import { FormDialog } from '../../ui/FormDialog.js';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { Consultation, DocumentKind, Invoice, Patient } from '../../../shared/contract/index.js';
import type { FieldError } from '../../../shared/errors.js';
import { formatMoneyWithCurrency, formatRate } from '../../../shared/money.js';
import { languages, type Language } from '../../../shared/validation/fields.js';
import { useApiMutation, useApiQuery, useSetApiData } from '../../data/query.js';
import { useFormSave } from '../../ui/useFormSave.js';
import { Alert } from '../../ui/Alert.js';
import { ConfirmDialog, Dialog } from '../../ui/Dialog.js';
import { controlA11y } from '../../ui/Field.js';
import { Icon } from '../../ui/Icon.js';
import { TextAreaField } from '../../ui/Inputs.js';
import { useToast } from '../../ui/Toast.js';
import { errorText } from '../../ui/errors.js';
import { fieldErrorsFrom, useForm, type FieldErrors } from '../../ui/form.js';
import { formatDate } from '../../ui/format.js';
import { DateBox } from '../../ui/DateTime.js';
import { useT } from '../../app/i18n.js';
import { formatHundredths } from './invoiceModel.js';
import { downloadPdf, useInvoicePdf, type LoadedPdf } from './pdf.js';
import { useRouter } from '../../app/router.js';
import { paths } from '../../app/routes.js';
import { InvoiceStatusBadge } from './InvoiceStatus.js';
import { ExtraLines } from './ExtraLines.js';
import { caseLabel } from '../cases/caseModel.js';
import { ProblemList } from './ProblemList.js';
import { SendHistory } from '../send/SendHistory.js';
import { SendInvoiceButton } from '../send/SendInvoiceButton.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { PdfPrintFrame, PdfViewer, PdfViewerDialog, type ShownPdf } from '../../ui/PdfViewer.js';
import { InvoicePayments } from '../payments/InvoicePayments.js';
import { PaidInCashButton } from '../payments/PaidInCashButton.js';
import { InvoiceReminders } from '../reminders/InvoiceReminders.js';

/** Issuing, cancelling or deleting an invoice changes its consultations, the lists and the next number. */
const invoiceChanges = ['invoices.', 'consultations.', 'numberRanges.', 'mail.invoiceSendStatus'];

type Banner = { kind: 'error'; text: string; rangeLink?: boolean } | null;

export function InvoiceView({ id }: { id: string }) {
  const t = useT();
  const toast = useToast();
  const { navigate } = useRouter();
  const loaded = useApiQuery('invoices.get', { id });
  const invoice = loaded.data ?? null;
  const patientId = invoice?.patientId ?? '';
  const patient = useApiQuery('patients.get', { id: patientId }, { enabled: invoice !== null }).data ?? null;
  const consultations = useApiQuery('consultations.list', { patientId }, { enabled: invoice?.status === 'draft' }).data ?? [];
  const loadError = loaded.error;
  const [banner, setBanner] = useState<Banner>(null);
  const [issueProblems, setIssueProblems] = useState<FieldError[] | null>(null);
  const [pdf, setPdf] = useState<(LoadedPdf & { kind: DocumentKind }) | null>(null);
  const [pdfBusy, setPdfBusy] = useState(false);
  const [viewerOpen, setViewerOpen] = useState(false);
  /** Counts "Drucken" in browser mode: each one mounts a fresh print frame, whose print dialog opens once it has loaded. */
  const [printRequest, setPrintRequest] = useState(0);
  /** Opened to print: "per Post versandt" is recorded only when the user says it was printed (no viewer tells us). */
  const [askPrinted, setAskPrinted] = useState(false);
  /** The receipt of "Bar bezahlt", shown to print. */
  const [receipt, setReceipt] = useState<ShownPdf | null>(null);
  const recordPost = useApiMutation('invoices.recordPost', { invalidates: ['invoices.list'] });
  const setData = useSetApiData();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const issueCall = useApiMutation('invoices.issue', { invalidates: invoiceChanges });
  const deleteCall = useApiMutation('invoices.deleteDraft', { invalidates: invoiceChanges });
  const pdfs = useInvoicePdf();
  const busy = issueCall.isPending || pdfBusy;
  // The PDF buttons stay enabled while a PDF loads (a second click is ignored): a button disabled
  // under the focus drops it, and the viewer could not give it back when it closes.
  const loadingPdf = useRef(false);

  // The PDF's Blob URL lives as long as this screen (or until the invoice changes).
  useEffect(() => () => {
    if (pdf) URL.revokeObjectURL(pdf.url);
  }, [pdf]);

  const title = invoice?.number ? t('invoice.titleNumber', { number: invoice.number }) : t('invoice.titleDraft');
  useEffect(() => {
    document.title = `${title} – Arnika`;
  }, [title]);

  async function issue() {
    if (!invoice || busy) return;
    setBanner(null);
    setIssueProblems(null);
    const result = await issueCall.run({ id: invoice.id });
    if (result.ok) {
      toast.show(t('invoice.issued', { number: result.data.number ?? '' }));
      return;
    }
    const code = result.error.code;
    // Refused for its data: the problem list itself says so (one message, not two red boxes).
    if (code === 'invoice.not_printable') setIssueProblems(result.error.details?.fields ?? []);
    else setBanner({ kind: 'error', text: errorText(t, result.error), rangeLink: code === 'invoice.number_range_exhausted' || code === 'invoice.number_range_missing' });
    await loaded.refetch();
  }

  async function pdfOnce(kind: DocumentKind): Promise<LoadedPdf | null> {
    if (pdf?.kind === kind) return pdf;
    if (!invoice || loadingPdf.current) return null;
    loadingPdf.current = true;
    setPdfBusy(true);
    const result = await pdfs.load(invoice.id, kind);
    loadingPdf.current = false;
    setPdfBusy(false);
    if (!result.ok) {
      setBanner({ kind: 'error', text: errorText(t, result.error) });
      return null;
    }
    setPdf({ ...result.data, kind });
    return result.data;
  }

  async function openPdf(kind: DocumentKind = 'invoice') {
    if (!invoice) return;
    const desktop = await pdfs.openInSystemViewer(invoice.id, kind);
    if (!desktop.ok) return setBanner({ kind: 'error', text: errorText(t, desktop.error) });
    if (desktop.data.opened) return;
    if (await pdfOnce(kind)) setViewerOpen(true);
  }

  async function savePdf(kind: DocumentKind = 'invoice') {
    const loaded = await pdfOnce(kind);
    if (loaded) downloadPdf(loaded);
  }

  /**
   * Drucken: the archived PDF opens for printing (the system viewer on the desktop; here our viewer
   * shows it while an invisible frame hands it to the browser's print dialog). Neither tells whether
   * it really printed, so the user confirms "Gedruckt", which records the invoice as sent by post.
   */
  async function print() {
    if (!invoice || issueCall.isPending) return;
    const desktop = await pdfs.openInSystemViewer(invoice.id);
    if (!desktop.ok) return setBanner({ kind: 'error', text: errorText(t, desktop.error) });
    if (!desktop.data.opened) {
      if (!(await pdfOnce('invoice'))) return;
      setPrintRequest((n) => n + 1);
      setViewerOpen(true);
    }
    setAskPrinted(true);
  }

  /** "Drucken" inside the viewer: the document shown; an invoice sent by post then asks "Gedruckt?". */
  function printShown() {
    if (!pdf || !invoice) return;
    setPrintRequest((n) => n + 1);
    if (pdf.kind === 'invoice' && invoice.status === 'issued' && invoice.byPost) setAskPrinted(true);
  }

  async function confirmPrinted(printed: boolean) {
    setAskPrinted(false);
    setViewerOpen(false);
    if (printed) await markPosted('printed');
  }

  async function markPosted(how: 'printed' | 'marked') {
    if (!invoice) return;
    const result = await recordPost.run({ id: invoice.id, how });
    if (!result.ok) return setBanner({ kind: 'error', text: errorText(t, result.error) });
    setData('invoices.get', { id: invoice.id }, result.data);
    toast.show(t('post.marked'));
  }

  async function deleteDraft() {
    if (!invoice) return;
    const result = await deleteCall.run({ id: invoice.id });
    setConfirmDelete(false);
    if (!result.ok) return setBanner({ kind: 'error', text: errorText(t, result.error) });
    toast.show(t('invoice.draftDeleted'));
    navigate(paths.patient(invoice.patientId, 'consultations'), { force: true });
  }

  if (!invoice) {
    return (
      <div className="page">
        <BackLink />
        {loadError ? <Alert>{errorText(t, loadError)}</Alert> : <p className="muted">{t('common.loading')}</p>}
      </div>
    );
  }

  const money = (minor: number) => formatMoneyWithCurrency(minor, invoice.currency, t.lang);
  const problems = issueProblems && issueProblems.length > 0 ? issueProblems : invoice.problems;
  const isDraft = invoice.status === 'draft';

  return (
    <div className="page page-invoice">
      <BackLink />
      <PageHeader
        title={
          <>
            <span className={invoice.number ? 'invoice-number' : undefined}>{title}</span>
            <InvoiceStatusBadge status={invoice.status} large />
          </>
        }
        subtitle={
          <>
            {t('invoice.forPatient')}{' '}
            <a href={`#${paths.patient(invoice.patientId)}`}>{invoice.patientName}</a>
            {invoice.recipient === 'billing' && invoice.recipientName && ` · ${t('invoice.recipientIs', { name: invoice.recipientName })}`}
          </>
        }
      >
        <div className="header-actions">
          {isDraft ? (
            <>
              <button type="button" className="button danger-outline" onClick={() => setConfirmDelete(true)}>
                <Icon name="trash" />
                {t('invoice.deleteDraft')}
              </button>
              <PaidInCashButton amountMinor={invoice.totalMinor} currency={invoice.currency} draft={() => Promise.resolve(invoice.id)} disabled={busy || invoice.problems.length > 0} onReceipt={setReceipt} />
              <button type="button" className="button primary" disabled={busy} onClick={() => void issue()}>
                <Icon name="check" />
                {t('invoice.issue')}
              </button>
            </>
          ) : (
            <>
              {/* A cancelled invoice lists its two documents in the stamp below. */}
              {invoice.status === 'issued' && invoice.byPost && (
                <>
                  <button type="button" className="button primary" disabled={issueCall.isPending || recordPost.isPending} onClick={() => void print()}>
                    <Icon name="printer" />
                    {t('post.print')}
                  </button>
                  <button type="button" className="button" disabled={recordPost.isPending} onClick={() => void markPosted('marked')}>
                    <Icon name="check" />
                    {t('post.mark')}
                  </button>
                </>
              )}
              {invoice.status === 'issued' && (
                <>
                  <button type="button" className="button" disabled={issueCall.isPending} onClick={() => void openPdf()}>
                    <Icon name="file" />
                    {t('invoice.openPdf')}
                  </button>
                  <button type="button" className="button" disabled={issueCall.isPending} onClick={() => void savePdf()}>
                    <Icon name="download" />
                    {t('invoice.savePdf')}
                  </button>
                </>
              )}
              <SendInvoiceButton invoice={invoice} primary={!invoice.byPost} />
              {invoice.status === 'issued' && (
                <button type="button" className="button danger-outline" onClick={() => setCancelling(true)}>
                  <Icon name="ban" />
                  {t('invoice.cancel')}
                </button>
              )}
            </>
          )}
        </div>
      </PageHeader>

      {banner && (
        <Alert>
          {banner.text}
          {banner.rangeLink && (
            <>
              {' '}
              <a href={`#${paths.settingsTab('numbers')}`}>{t('invoice.toNumberRanges')}</a>
            </>
          )}
        </Alert>
      )}

      {invoice.status === 'cancelled' && (
        <section className="stamp" aria-labelledby="stamp-title">
          <span className="stamp-mark" aria-hidden="true">
            {t('invoice.stamp')}
          </span>
          <div>
            <h2 id="stamp-title">{t('invoice.cancelledOn', { date: formatDate(invoice.cancelledAt) })}</h2>
            <p>
              <span className="muted">{t('invoice.cancelReason')}:</span> {invoice.cancelReason}
            </p>
            <p className="muted small">
              {t('invoice.cancelledNote')} <a href={`#${paths.patient(invoice.patientId, 'consultations')}`}>{t('invoice.toConsultations')}</a>
            </p>
            <ul className="stamp-documents" aria-label={t('invoice.documents')}>
              {(['cancellation', 'invoice'] as const).map((kind) => (
                // A list item keeps its role; the group naming its two buttons sits inside it.
                <li key={kind}>
                  <div className="stamp-document" role="group" aria-label={t(`invoice.document.${kind}`)}>
                    <span>{t(`invoice.document.${kind}`)}</span>
                    <button type="button" className="button small" disabled={issueCall.isPending} onClick={() => void openPdf(kind)}>
                      <Icon name="file" />
                      {t('invoice.openPdf')}
                    </button>
                    <button type="button" className="button small" disabled={issueCall.isPending} onClick={() => void savePdf(kind)}>
                      <Icon name="download" />
                      {t('invoice.savePdf')}
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          </div>
        </section>
      )}

      {isDraft && (
        <ProblemList
          problems={problems}
          refused={issueProblems !== null}
          where={{ practiceId: invoice.practiceId, patientId: invoice.patientId, invoiceId: invoice.id, recipient: invoice.recipient }}
        />
      )}
      {isDraft && problems.length === 0 && <Alert kind="info">{t('invoice.readyToIssue')}</Alert>}
      {invoice.form === 'tarif590' && <p className="muted invoice-form">{t('t590ui.invoice.form')}</p>}

      {invoice.status === 'issued' && invoice.byPost && invoice.postHistory.length === 0 && !askPrinted && <Alert kind="info">{t('post.wantsPost')}</Alert>}
      {askPrinted && invoice.status === 'issued' && !viewerOpen && (
        <Alert kind="info">
          <div>{t('post.askPrinted')}</div>
          <div className="alert-actions">
            <button type="button" className="button primary" disabled={recordPost.isPending} onClick={() => void confirmPrinted(true)}>
              <Icon name="check" />
              {t('post.confirmPrinted')}
            </button>
            <button type="button" className="button" onClick={() => void confirmPrinted(false)}>
              {t('post.notPrinted')}
            </button>
          </div>
        </Alert>
      )}

      {isDraft ? (
        <DraftSettings invoice={invoice} patient={patient} consultations={consultations} />
      ) : (
        <IssuedFacts invoice={invoice} />
      )}
      {isDraft && <ExtraLines key={invoice.id} invoice={invoice} />}

      <section className="card invoice-lines" aria-labelledby="lines-title">
        <h2 id="lines-title" className="card-title">{t('invoice.lines')}</h2>
        <table className="table table-auto lines-table">
          <thead>
            <tr>
              <th scope="col">{t('invoice.col.date')}</th>
              <th scope="col">{t('invoice.col.code')}</th>
              <th scope="col">{t('invoice.col.text')}</th>
              <th scope="col" className="num">{t('invoice.col.quantity')}</th>
              <th scope="col">{t('invoice.col.unit')}</th>
              <th scope="col" className="num">{t('invoice.col.unitPrice')}</th>
              <th scope="col" className="num">{t('invoice.col.amount')}</th>
            </tr>
          </thead>
          <tbody>
            {invoice.lines.map((line, i) => (
              <tr key={i} className={`line-${line.kind}`}>
                <td className="cell-date">{line.date ? formatDate(line.date) : ''}</td>
                <td className="mono">{line.code}</td>
                <td>{line.text}</td>
                <td className="num tabular">{line.quantityHundredths === null ? '' : formatHundredths(line.quantityHundredths)}</td>
                <td className="nowrap">{line.unit ? t(`unitShort.${line.unit}`) : ''}</td>
                <td className="num nowrap tabular">
                  {line.unitPriceMinor !== null ? money(line.unitPriceMinor) : line.percentBasisPoints !== null ? `${formatRate(line.percentBasisPoints)} %` : ''}
                </td>
                <td className="num nowrap tabular">{money(line.amountMinor)}</td>
              </tr>
            ))}
            {invoice.lines.length === 0 && (
              <tr>
                <td colSpan={7} className="muted">
                  {t('invoice.noLines')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
        <dl className="totals" aria-label={t('invoice.totals')}>
          <div className="totals-row">
            <dt>{t('invoice.subtotal')}</dt>
            <dd>{money(invoice.totals.subtotalMinor)}</dd>
          </div>
          {invoice.totals.vat.map((v) => (
            <div key={v.rateBasisPoints} className="totals-row">
              <dt>{t('invoice.vatOn', { rate: formatRate(v.rateBasisPoints), net: money(v.netMinor) })}</dt>
              <dd>{money(v.vatMinor)}</dd>
            </div>
          ))}
          {invoice.totals.roundingMinor !== 0 && (
            <div className="totals-row">
              <dt>{t('invoice.rounding')}</dt>
              <dd>{money(invoice.totals.roundingMinor)}</dd>
            </div>
          )}
          <div className="totals-row totals-total">
            <dt>{t('invoice.total')}</dt>
            <dd>{money(invoice.totals.totalMinor)}</dd>
          </div>
        </dl>
      </section>

      {!isDraft && <InvoicePayments invoice={invoice} />}
      {!isDraft && <InvoiceReminders invoice={invoice} />}
      {!isDraft && <SendHistory invoice={invoice} onMarkPosted={invoice.status === 'issued' && !invoice.byPost ? () => void markPosted('marked') : undefined} />}

      {pdf && (
        <Dialog
          open={viewerOpen}
          size="full"
          title={pdf.kind === 'cancellation' ? t('invoice.cancellationTitle', { number: invoice.number ?? '' }) : title}
          onCancel={() => setViewerOpen(false)}
          titleActions={
            <>
              {askPrinted && invoice.status === 'issued' && (
                <button type="button" className="button primary" disabled={recordPost.isPending} onClick={() => void confirmPrinted(true)}>
                  <Icon name="check" />
                  {t('post.confirmPrinted')}
                </button>
              )}
              <button type="button" className="button" onClick={printShown}>
                <Icon name="printer" />
                {t('post.print')}
              </button>
              <a className="button" href={pdf.url} download={pdf.fileName}>
                <Icon name="download" />
                {t('invoice.savePdf')}
              </a>
              <button type="button" className="button" onClick={() => setViewerOpen(false)}>
                {t('action.close')}
              </button>
            </>
          }
        >
          <PdfViewer bytes={pdf.bytes} label={t('invoice.pdfFrame', { name: pdf.fileName })} />
          {printRequest > 0 && <PdfPrintFrame key={printRequest} url={pdf.url} title={t('post.print')} />}
        </Dialog>
      )}

      <PdfViewerDialog pdf={receipt} onClose={() => setReceipt(null)} />

      <ConfirmDialog
        open={confirmDelete}
        title={t('invoice.deleteDraftTitle')}
        confirmLabel={t('invoice.deleteDraftConfirm')}
        danger
        onCancel={() => setConfirmDelete(false)}
        onConfirm={() => void deleteDraft()}
      >
        {t('invoice.deleteDraftBody')}
      </ConfirmDialog>

      {cancelling && (
        <CancelDialog
          invoice={invoice}
          onCancel={() => setCancelling(false)}
          onDone={(updated) => {
            setCancelling(false);
            if (pdf) URL.revokeObjectURL(pdf.url);
            setPdf(null);
            toast.show(t('invoice.cancelled', { number: updated.number ?? '' }));
          }}
        />
      )}
    </div>
  );
}

function BackLink() {
  const t = useT();
  return (
    <a className="back-link" href={`#${paths.invoices}`}>
      <Icon name="back" size={16} />
      {t('invoice.back')}
    </a>
  );
}

function IssuedFacts({ invoice }: { invoice: Invoice }) {
  const t = useT();
  // The case as this invoice printed it (its snapshot), not as the case reads today.
  const treatmentCase = invoice.printedCase;
  return (
    <section className="card facts-card" aria-label={t('invoice.facts')}>
      <dl className="fact-grid">
        <div>
          <dt>{t('invoice.number')}</dt>
          <dd className="mono">{invoice.number}</dd>
        </div>
        <div>
          <dt>{t('invoice.date')}</dt>
          <dd>{formatDate(invoice.invoiceDate)}</dd>
        </div>
        <div>
          <dt>{t('invoice.dueDate')}</dt>
          <dd>{formatDate(invoice.dueDate)}</dd>
        </div>
        <div>
          <dt>{t('invoice.issuedAt')}</dt>
          <dd>{formatDate(invoice.issuedAt)}</dd>
        </div>
        <div>
          <dt>{t('invoice.recipient')}</dt>
          <dd>{invoice.recipientName}</dd>
        </div>
        <div>
          <dt>{t('invoice.language')}</dt>
          <dd>{t(`language.${invoice.language}`)}</dd>
        </div>
        {treatmentCase && (
          <div>
            <dt>{t('consultation.case')}</dt>
            <dd>
              <a href={`#${paths.patient(invoice.patientId, 'cases')}`}>{caseLabel(t, treatmentCase)}</a>
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}

interface DraftValues {
  invoiceDate: string;
  language: Language;
  recipient: 'patient' | 'billing';
  consultationIds: string[];
}

/**
 * The draft's settings and consultations. Each change goes to main at once (updateDraft), which
 * answers with the whole invoice: new lines, totals and problems. Answers to older requests are
 * dropped, so quick changes cannot end with a stale state.
 */
function DraftSettings({ invoice, patient, consultations }: { invoice: Invoice; patient: Patient | null; consultations: Consultation[] }) {
  const t = useT();
  const setData = useSetApiData();
  // The answer is the whole invoice; what else a change touches (the consultations' status, the
  // list's amounts) is refetched.
  const update = useApiMutation('invoices.updateDraft', { invalidates: ['invoices.list', 'consultations.'] });
  const [values, setValues] = useState<DraftValues>({
    invoiceDate: invoice.invoiceDate, language: invoice.language, recipient: invoice.recipient, consultationIds: invoice.consultationIds,
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const requests = useRef(0);

  async function change(patch: Partial<DraftValues>) {
    const next = { ...values, ...patch };
    setValues(next);
    setError(null);
    if (next.invoiceDate === '') return setErrors({ invoiceDate: { path: 'invoiceDate', key: 'v.date' } });
    const n = ++requests.current;
    const result = await update.run({ id: invoice.id, draft: next });
    if (n !== requests.current) return;
    if (result.ok) {
      setErrors({});
      setData('invoices.get', { id: invoice.id }, result.data);
      return;
    }
    setError(errorText(t, result.error));
    setErrors(fieldErrorsFrom(result.error, 'draft'));
  }

  const onInvoice = new Set(values.consultationIds);
  const mine = consultations.filter((c) => onInvoice.has(c.id)).sort((a, b) => (a.date + a.startTime).localeCompare(b.date + b.startTime));
  // An invoice bills one case: only that case's open consultations can be added.
  const addable = consultations.filter((c) => c.status === 'open' && c.practiceId === invoice.practiceId && c.caseId === invoice.caseId && !onInvoice.has(c.id));
  const money = (minor: number) => formatMoneyWithCurrency(minor, invoice.currency, t.lang);
  const billing = patient?.billingRecipient ?? null;
  const treatmentCase = useApiQuery('cases.get', { id: invoice.caseId ?? '' }, { enabled: invoice.caseId !== null }).data ?? null;
  const dateId = 'draft-invoiceDate';
  const languageId = 'draft-language';

  return (
    <>
      <section className="card draft-card" aria-labelledby="draft-settings-title">
        <h2 id="draft-settings-title" className="card-title">{t('invoice.settings')}</h2>
        {error && <Alert>{error}</Alert>}
        <div className="grid">
          <DateBox id={dateId} label={t('invoice.date')} span={2} error={errors.invoiceDate} value={values.invoiceDate} onChange={(invoiceDate) => void change({ invoiceDate })} />
          <div className="field span-2">
            <div className="label-row">
              <label htmlFor={languageId}>{t('invoice.language')}</label>
            </div>
            <select
              {...controlA11y(languageId, errors.language, undefined)}
              className="input select"
              value={values.language}
              onChange={(e) => void change({ language: e.target.value as Language })}
            >
              {languages.map((l) => (
                <option key={l} value={l}>
                  {t(`language.${l}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field span-2">
            <span className="label-row">{t('invoice.dueDate')}</span>
            <p className="static-value">{formatDate(invoice.dueDate)}</p>
          </div>
          {!billing && values.recipient === 'patient' ? (
            <div className="field span-6">
              <span className="label-row">{t('invoice.recipient')}</span>
              <p>
                {invoice.patientName} <span className="muted small">· {t('invoice.noBillingRecipient')}</span>
              </p>
            </div>
          ) : (
          <fieldset className="field span-6 plain-fieldset">
            <legend className="label-row">{t('invoice.recipient')}</legend>
            <div className="radio-list">
              <label className="radio-row">
                <input type="radio" name="draft-recipient" checked={values.recipient === 'patient'} onChange={() => void change({ recipient: 'patient' })} />
                <span>
                  {t('invoice.recipientPatient')} <span className="muted">({invoice.patientName})</span>
                </span>
              </label>
              {(billing || values.recipient === 'billing') && (
                <label className="radio-row">
                  <input type="radio" name="draft-recipient" checked={values.recipient === 'billing'} onChange={() => void change({ recipient: 'billing' })} />
                  <span>
                    {t('patient.billingRecipient')}
                    {billing && <span className="muted"> ({[billing.firstName, billing.lastName].filter(Boolean).join(' ')})</span>}
                  </span>
                </label>
              )}
            </div>
          </fieldset>
          )}
        </div>
      </section>

      <section className="card draft-card" aria-labelledby="draft-consultations-title">
        <h2 id="draft-consultations-title" className="card-title">{t('invoice.consultations')}</h2>
        {treatmentCase && (
          <p className="draft-case">
            <span className="muted">{t('consultation.case')}:</span> <strong>{caseLabel(t, treatmentCase)}</strong>
            {treatmentCase.reason && <span className="muted"> · {t(`cases.reason.${treatmentCase.reason}`)}</span>}{' '}
            <a href={`#${paths.patient(invoice.patientId, 'cases')}`}>{t('invoice.editCase')}</a>
          </p>
        )}
        <ul className="consultation-picks">
          {mine.map((c) => (
            <ConsultationPick key={c.id} consultation={c} money={money}>
              <button
                type="button"
                className="button small"
                disabled={values.consultationIds.length <= 1}
                title={values.consultationIds.length <= 1 ? t('invoice.lastConsultation') : undefined}
                aria-label={t('invoice.removeConsultation', { date: formatDate(c.date) })}
                onClick={() => void change({ consultationIds: values.consultationIds.filter((id) => id !== c.id) })}
              >
                {t('invoice.remove')}
              </button>
            </ConsultationPick>
          ))}
        </ul>
        {addable.length > 0 && (
          <>
            <h3 className="subhead">{t('invoice.addableTitle')}</h3>
            <ul className="consultation-picks addable">
              {addable.map((c) => (
                <ConsultationPick key={c.id} consultation={c} money={money}>
                  <button
                    type="button"
                    className="button small"
                    aria-label={t('invoice.addConsultation', { date: formatDate(c.date) })}
                    onClick={() => void change({ consultationIds: [...values.consultationIds, c.id] })}
                  >
                    <Icon name="plus" size={16} />
                    {t('invoice.add')}
                  </button>
                </ConsultationPick>
              ))}
            </ul>
          </>
        )}
      </section>
    </>
  );
}

/** One consultation in the draft's lists: date, start, services, amount, and its button. */
function ConsultationPick({ consultation: c, money, children }: { consultation: Consultation; money(minor: number): string; children: ReactNode }) {
  return (
    <li>
      <span className="tabular cell-strong">{formatDate(c.date)}</span>
      <span className="muted tabular">{c.startTime}</span>
      <span className="pick-services">{c.items.map((i) => i.name).join(', ')}</span>
      <span className="tabular">{money(c.totalMinor)}</span>
      {children}
    </li>
  );
}

function CancelDialog({ invoice, onCancel, onDone }: { invoice: Invoice; onCancel(): void; onDone(inv: Invoice): void }) {
  const t = useT();
  const form = useForm<{ reason: string }>('cancel', { reason: '' });
  const cancel = useApiMutation('invoices.cancel', { invalidates: invoiceChanges });
  const save = useFormSave(form, { save: (v) => cancel.run({ id: invoice.id, reason: v.reason.trim() }), onSaved: onDone, wrapper: 'input' });

  return (
    <FormDialog
      title={t('invoice.cancelTitle', { number: invoice.number ?? '' })}
      formId="cancel-form"
      submitLabel={t('invoice.cancelConfirm')}
      save={save}
      onCancel={onCancel}
      lead={<p>{t('invoice.cancelExplain')}</p>}
      danger
    >
        <div className="grid">
          <TextAreaField form={form} path="reason" label={t('invoice.cancelReason')} rows={3} hint={t('invoice.cancelReasonHint')} />
        </div>
    </FormDialog>
  );
}
