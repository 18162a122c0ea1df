/**
 * A patient's consultations, by treatment case (open cases first), newest first, with services,
 * amounts and where each stands (open, on a draft, invoiced with its number). Open ones of one case
 * can be ticked and put on one new invoice (an invoice bills one case: ticking one of another case
 * starts the selection anew).
 */
import '../invoices/billing.css';
import { useState } from 'react';
import type { Consultation, Patient, TreatmentCase } from '../../../shared/contract/index.js';
import { formatMoneyWithCurrency } from '../../../shared/money.js';
import { useApiMutation, useApiQuery } from '../../data/query.js';
import { Alert } from '../../ui/Alert.js';
import { ConfirmActionDialog, useListEditor } from '../../ui/listEditor.js';
import { Icon } from '../../ui/Icon.js';
import { useToast } from '../../ui/Toast.js';
import { errorText } from '../../ui/errors.js';
import { formatDate } from '../../ui/format.js';
import { useT } from '../../app/i18n.js';
import { formatHundredths } from '../invoices/invoiceModel.js';
import { useRouter } from '../../app/router.js';
import { paths } from '../../app/routes.js';
import { usePractices } from '../practices/usePractices.js';
import { ConsultationDialog, consultationChanges } from './ConsultationDialog.js';
import { caseLabel } from '../cases/caseModel.js';
import { PaidInCashButton } from '../payments/PaidInCashButton.js';
import { PdfViewerDialog, type ShownPdf } from '../../ui/PdfViewer.js';

export function PatientConsultations({ patient }: { patient: Patient }) {
  const t = useT();
  const toast = useToast();
  const { navigate } = useRouter();
  const { practices, defaultPractice, byId } = usePractices();
  const list = useApiQuery('consultations.list', { patientId: patient.id });
  const consultations = list.data ?? null;
  const cases = useApiQuery('cases.list', { patientId: patient.id }).data ?? [];
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [receipt, setReceipt] = useState<ShownPdf | null>(null);
  const createDraft = useApiMutation('invoices.createDraft', { invalidates: consultationChanges });
  const removeCall = useApiMutation('consultations.delete', { invalidates: consultationChanges });
  const editor = useListEditor({
    remove: (c: Consultation) => removeCall.run({ id: c.id }),
    removed: () => t('consultations.deleted'),
  });
  const busy = createDraft.isPending;
  const draftError = createDraft.error;
  const draftField = draftError?.details?.fields?.[0];
  const error = list.error ? errorText(t, list.error) : draftError ? (draftField ? t.message(draftField) : errorText(t, draftError)) : null;

  const open = consultations?.filter((c) => c.status === 'open') ?? [];
  const caseOf = new Map(consultations?.map((c) => [c.id, c.caseId]) ?? []);
  const toggle = (id: string, on: boolean) => setSelected((s) => {
    // One invoice, one case: a consultation of another case starts the selection anew.
    const next = new Set([...s].filter((x) => caseOf.get(x) === caseOf.get(id)));
    if (on) next.add(id);
    else next.delete(id);
    return next;
  });
  const groups = groupByCase(consultations ?? [], cases);
  const currencyOf = (c: Consultation) => byId(c.practiceId)?.currency ?? 'CHF';
  // Only open consultations can be ticked: one that went on an invoice meanwhile drops out.
  const selectedList = open.filter((c) => selected.has(c.id));
  const selectedSum = selectedList.reduce((s, c) => s + c.totalMinor, 0);

  /** A draft of the ticked consultations, oldest first (the order the invoice lists them in); null if refused (the error shows). */
  async function draftOfSelection(): Promise<string | null> {
    if (busy || selectedList.length === 0) return null;
    const result = await createDraft.run({ patientId: patient.id, draft: { consultationIds: selectedList.map((c) => c.id).reverse() } });
    if (!result.ok) return null;
    setSelected(new Set());
    return result.data.id;
  }

  async function createInvoice() {
    const id = await draftOfSelection();
    if (id === null) return;
    toast.show(t('consultations.draftCreated'));
    navigate(paths.invoice(id));
  }

  const noPractice = practices !== null && practices.length === 0;
  return (
    <section className="tab-panel" aria-labelledby="consultations-title">
      <div className="section-head">
        <div>
          <h2 id="consultations-title">{t('patient.tab.consultations')}</h2>
          <p className="muted">{t('consultations.intro')}</p>
        </div>
        <div className="section-actions">
          <button type="button" className="button primary" disabled={!defaultPractice || noPractice} onClick={() => editor.edit('new')}>
            <Icon name="plus" />
            {t('consultations.new')}
          </button>
        </div>
      </div>
      {error && <Alert>{error}</Alert>}
      {consultations && consultations.length === 0 && (
        <div className="empty">
          <Icon name="clock" size={32} />
          <h3>{t('consultations.empty')}</h3>
          <p className="muted">{t('consultations.emptyHint')}</p>
        </div>
      )}
      {consultations && consultations.length > 0 && (
        <div className="card table-card">
          {open.length > 0 && (
            <div className="selection-bar" aria-live="polite">
              <span className={selectedList.length ? 'selection-count' : 'muted'}>
                {selectedList.length === 0
                  ? t('consultations.selectHint')
                  : t.plural('consultations.selected', selectedList.length, {
                      count: selectedList.length,
                      sum: formatMoneyWithCurrency(selectedSum, selectedList[0] ? currencyOf(selectedList[0]) : 'CHF', t.lang),
                    })}
              </span>
              <span className="selection-actions">
                {/* Paid at the end of the session: issued, booked as cash and the receipt shown to print, in one step. */}
                <PaidInCashButton
                  amountMinor={selectedSum}
                  currency={selectedList[0] ? currencyOf(selectedList[0]) : 'CHF'}
                  disabled={selectedList.length === 0 || busy}
                  draft={draftOfSelection}
                  onNotIssued={(id) => {
                    toast.show(t('payments.cash.notIssued'));
                    navigate(paths.invoice(id));
                  }}
                  onReceipt={setReceipt}
                />
                <button type="button" className="button primary" disabled={selectedList.length === 0 || busy} onClick={() => void createInvoice()}>
                  <Icon name="invoice" />
                  {t('consultations.createInvoice')}
                </button>
              </span>
            </div>
          )}
          <table className="table consultation-table grouped-table">
            <colgroup>
              <col className="col-check" />
              <col className="col-when" />
              <col />
              <col className="col-amount-wide" />
              <col className="col-consultation-status" />
              <col className="col-icon" />
            </colgroup>
            <thead>
              <tr>
                <th scope="col" className="check-col">
                  <span className="visually-hidden">{t('consultations.selectCol')}</span>
                </th>
                <th scope="col">{t('consultations.col.date')}</th>
                <th scope="col">{t('consultations.col.services')}</th>
                <th scope="col" className="num">{t('consultations.col.total')}</th>
                <th scope="col">{t('consultations.col.status')}</th>
                <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
              </tr>
            </thead>
            {groups.map(({ key, treatmentCase, items }) => {
              const openHere = items.filter((c) => c.status === 'open');
              const label = treatmentCase ? caseLabel(t, treatmentCase) : t('consultations.noCase');
              return (
            <tbody key={key}>
              <tr className="case-group-row">
                <td className="check-col">
                  {openHere.length > 0 && (
                    <input
                      type="checkbox"
                      className="checkbox"
                      aria-label={t('consultations.selectAllOfCase', { case: label })}
                      title={t('consultations.selectAllOfCase', { case: label })}
                      checked={openHere.every((c) => selected.has(c.id))}
                      onChange={(e) => setSelected(e.target.checked ? new Set(openHere.map((c) => c.id)) : new Set())}
                    />
                  )}
                </td>
                <th scope="rowgroup" colSpan={5}>
                  {label}
                  {treatmentCase && !treatmentCase.open && <span className="badge badge-muted">{t('cases.ended')}</span>}
                </th>
              </tr>
              {items.map((c) => {
                const currency = currencyOf(c);
                const date = formatDate(c.date);
                return (
                  <tr
                    key={c.id}
                    className={`clickable${selected.has(c.id) ? ' row-selected' : ''}`}
                    onClick={(e) => {
                      if (!(e.target as HTMLElement).closest('a, button, input, label')) editor.edit(c);
                    }}
                  >
                    <td className="check-col">
                      {c.status === 'open' && (
                        <input
                          type="checkbox"
                          className="checkbox"
                          aria-label={t('consultations.select', { date, time: c.startTime })}
                          checked={selected.has(c.id)}
                          onChange={(e) => toggle(c.id, e.target.checked)}
                        />
                      )}
                    </td>
                    <td className="nowrap">
                      <button
                        type="button"
                        className="link-button cell-strong tabular"
                        aria-label={t(c.status === 'invoiced' ? 'consultations.viewOn' : 'consultations.editOn', { date })}
                        onClick={() => editor.edit(c)}
                      >
                        {date}
                      </button>
                      <div className="muted small tabular">
                        {c.startTime} · {t('common.minutes', { count: c.durationMinutes })}
                      </div>
                    </td>
                    <td>
                      <ul className="plain-list">
                        {c.items.map((i, n) => (
                          <li key={n} className="service-line">
                            <span>
                              {i.code && <span className="mono muted">{i.code} </span>}
                              {i.name}
                              <span className="muted"> · {formatHundredths(i.quantityHundredths)} × {t(`unitShort.${i.unit}`)}</span>
                            </span>
                            <span className="tabular muted nowrap">{formatMoneyWithCurrency(i.amountMinor, currency, t.lang)}</span>
                          </li>
                        ))}
                      </ul>
                      {c.notes && <p className="notes-preview muted small" title={c.notes}>{c.notes}</p>}
                    </td>
                    <td className="num nowrap cell-strong">{formatMoneyWithCurrency(c.totalMinor, currency, t.lang)}</td>
                    <td>
                      <ConsultationStatus c={c} />
                    </td>
                    <td>
                      <div className="row-actions">
                        {c.status !== 'invoiced' && (
                          <>
                            <button
                              type="button"
                              className="icon-button danger"
                              aria-label={t('consultations.deleteOn', { date })}
                              title={t('consultations.deleteOn', { date })}
                              onClick={() => editor.remove.ask(c)}
                            >
                              <Icon name="trash" size={16} />
                            </button>
                          </>
                        )}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
              );
            })}
          </table>
        </div>
      )}
      {editor.editing !== null && practices && defaultPractice && (
        <ConsultationDialog
          patient={patient}
          cases={cases}
          consultation={editor.editing === 'new' ? null : editor.editing}
          practices={practices}
          defaultPracticeId={defaultPractice.id}
          onCancel={editor.closeEditor}
          onSaved={(_c, created) => {
            editor.closeEditor();
            toast.show(t(created ? 'consultations.created' : 'consultations.saved'));
          }}
        />
      )}
      <PdfViewerDialog pdf={receipt} onClose={() => setReceipt(null)} />
      <ConfirmActionDialog action={editor.remove} title={t('consultations.deleteTitle')} confirmLabel={t('consultations.deleteConfirm')} body={(c) => t(c.status === 'draft' ? 'consultations.deleteBodyDraft' : 'consultations.deleteBody', { date: formatDate(c.date) })} />
    </section>
  );
}

function ConsultationStatus({ c }: { c: Consultation }) {
  const t = useT();
  if (c.status === 'open') return <span className="badge flush badge-open">{t('consultation.status.open')}</span>;
  if (c.status === 'draft' && c.invoiceId) {
    return (
      <a className="badge flush badge-draft badge-link" href={`#${paths.invoice(c.invoiceId)}`}>
        {t('consultation.status.draft')}
      </a>
    );
  }
  return c.invoiceId ? (
    <a className="badge flush badge-issued badge-link" href={`#${paths.invoice(c.invoiceId)}`}>
      {t('consultation.status.invoiced', { number: c.invoiceNumber ?? '' })}
    </a>
  ) : (
    <span className="badge flush badge-issued">{t('consultation.status.invoiced', { number: c.invoiceNumber ?? '' })}</span>
  );
}

/** Consultations by case, in the order of the case list (open cases first, newest first). */
function groupByCase(consultations: Consultation[], cases: TreatmentCase[]) {
  const known = new Map(cases.map((c) => [c.id, c]));
  const order = [...cases.map((c) => c.id), ...new Set(consultations.map((c) => c.caseId).filter((id) => !known.has(id)))];
  return order
    .map((key) => ({ key, treatmentCase: known.get(key) ?? null, items: consultations.filter((c) => c.caseId === key) }))
    .filter((g) => g.items.length > 0);
}
