/**
 * "Neue Rechnung" from the invoice list: find the patient (search as in the patient list), see
 * their open consultations by treatment case, tick those to bill (one case per invoice), and the
 * draft is created and opened.
 */
import { useState } from 'react';
import type { PatientSummary } from '../../../shared/contract/index.js';
import { formatMoneyWithCurrency } from '../../../shared/money.js';
import { useT } from '../../app/i18n.js';
import { useRouter } from '../../app/router.js';
import { paths } from '../../app/routes.js';
import { useApiMutation, useApiQuery } from '../../data/query.js';
import { Alert } from '../../ui/Alert.js';
import { Dialog } from '../../ui/Dialog.js';
import { Icon } from '../../ui/Icon.js';
import { errorText } from '../../ui/errors.js';
import { formatDate } from '../../ui/format.js';
import { useDebounced } from '../../ui/useDebounced.js';
import { caseLabel } from '../cases/caseModel.js';
import { usePractices } from '../practices/usePractices.js';

const draftChanges = ['invoices.', 'consultations.'];

export function NewInvoiceDialog({ onClose }: { onClose(): void }) {
  const t = useT();
  const { navigate } = useRouter();
  const { byId } = usePractices();
  const [query, setQuery] = useState('');
  const [patient, setPatient] = useState<PatientSummary | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const search = useDebounced(query.trim());
  const found = useApiQuery('patients.list', { query: search, status: 'active', limit: 8 }, { enabled: patient === null && search.length > 0 });
  const consultations = useApiQuery('consultations.list', { patientId: patient?.id ?? '' }, { enabled: patient !== null });
  const cases = useApiQuery('cases.list', { patientId: patient?.id ?? '' }, { enabled: patient !== null });
  const create = useApiMutation('invoices.createDraft', { invalidates: draftChanges });

  const open = (consultations.data ?? []).filter((c) => c.status === 'open');
  const caseOf = new Map(open.map((c) => [c.id, c.caseId]));
  const groups = (cases.data ?? [])
    .map((tc) => ({ tc, items: open.filter((c) => c.caseId === tc.id).sort((a, b) => (a.date + a.startTime).localeCompare(b.date + b.startTime)) }))
    .filter((g) => g.items.length > 0);
  const chosen = open.filter((c) => selected.has(c.id));
  const currency = chosen[0] ? (byId(chosen[0].practiceId)?.currency ?? 'CHF') : 'CHF';
  const error = found.error ?? consultations.error ?? cases.error ?? create.error;

  // One invoice, one case: ticking a consultation of another case starts the selection anew.
  const toggle = (id: string, on: boolean) => setSelected((s) => {
    const next = new Set([...s].filter((x) => caseOf.get(x) === caseOf.get(id)));
    if (on) next.add(id);
    else next.delete(id);
    return next;
  });
  const toggleCase = (items: { id: string }[], on: boolean) => setSelected(on ? new Set(items.map((c) => c.id)) : new Set());

  async function createDraft() {
    if (!patient || chosen.length === 0 || create.isPending) return;
    const result = await create.run({ patientId: patient.id, draft: { consultationIds: chosen.map((c) => c.id) } });
    if (!result.ok) return;
    onClose();
    navigate(paths.invoice(result.data.id));
  }

  return (
    <Dialog
      open
      size="wide"
      title={t('newInvoice.title')}
      onCancel={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('action.cancel')}
          </button>
          <button type="button" className="button primary" disabled={chosen.length === 0 || create.isPending} onClick={() => void createDraft()}>
            <Icon name="invoice" />
            {chosen.length === 0
              ? t('newInvoice.create')
              : t.plural('newInvoice.createN', chosen.length, { count: chosen.length, sum: formatMoneyWithCurrency(chosen.reduce((s, c) => s + c.totalMinor, 0), currency, t.lang) })}
          </button>
        </>
      }
    >
      <div className="new-invoice">
        {error && <Alert>{errorText(t, error)}</Alert>}
        {patient === null ? (
          <>
            <div className="field">
              <div className="label-row">
                <label htmlFor="new-invoice-patient">{t('newInvoice.patient')}</label>
              </div>
              <div className="search">
                <Icon name="search" />
                <input
                  id="new-invoice-patient"
                  className="input search-input"
                  type="search"
                  autoComplete="off"
                  autoFocus
                  spellCheck={false}
                  placeholder={t('newInvoice.patientPlaceholder')}
                  value={query}
                  onChange={(e) => setQuery(e.target.value)}
                />
              </div>
            </div>
            {found.data && found.data.items.length === 0 && <p className="muted">{t('newInvoice.noPatient')}</p>}
            {found.data && found.data.items.length > 0 && (
              <ul className="pick-list" aria-label={t('newInvoice.results')}>
                {found.data.items.map((p) => (
                  <li key={p.id}>
                    <button type="button" className="pick-button" onClick={() => setPatient(p)}>
                      <span className="cell-strong">{p.lastName} {p.firstName}</span>
                      <span className="muted small">{[p.birthDate ? formatDate(p.birthDate) : '', p.town].filter(Boolean).join(' · ')}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </>
        ) : (
          <>
            <p className="new-invoice-patient">
              <span className="muted">{t('newInvoice.patient')}:</span> <strong>{patient.firstName} {patient.lastName}</strong>{' '}
              <button type="button" className="link-button" onClick={() => { setPatient(null); setSelected(new Set()); }}>
                {t('newInvoice.otherPatient')}
              </button>
            </p>
            {consultations.data && cases.data && groups.length === 0 && (
              <div className="empty">
                <Icon name="clock" size={32} />
                <h3>{t('newInvoice.noOpen')}</h3>
                <p className="muted">{t('newInvoice.noOpenHint')}</p>
                <a className="button" href={`#${paths.patient(patient.id, 'consultations')}`} onClick={onClose}>
                  {t('newInvoice.toConsultations')}
                </a>
              </div>
            )}
            {groups.length > 0 && <p className="muted small">{t('newInvoice.oneCase')}</p>}
            {groups.map(({ tc, items }) => {
              const label = caseLabel(t, tc);
              const all = items.every((c) => selected.has(c.id));
              return (
                <fieldset key={tc.id} className="case-group">
                  <legend>
                    <label className="checkbox-row">
                      <input type="checkbox" className="checkbox" checked={all} onChange={(e) => toggleCase(items, e.target.checked)} aria-label={t('consultations.selectAllOfCase', { case: label })} />
                      <span className="cell-strong">{label}</span>
                      {tc.reason && <span className="muted small"> · {t(`cases.reason.${tc.reason}`)}</span>}
                    </label>
                  </legend>
                  <ul className="consultation-picks">
                    {items.map((c) => (
                      <li key={c.id}>
                        <input
                          type="checkbox"
                          className="checkbox"
                          checked={selected.has(c.id)}
                          onChange={(e) => toggle(c.id, e.target.checked)}
                          aria-label={t('consultations.select', { date: formatDate(c.date), time: c.startTime })}
                        />
                        <span className="tabular cell-strong">{formatDate(c.date)}</span>
                        <span className="muted tabular">{c.startTime}</span>
                        <span className="pick-services">{c.items.map((i) => i.name).join(', ')}</span>
                        <span className="tabular">{formatMoneyWithCurrency(c.totalMinor, byId(c.practiceId)?.currency ?? 'CHF', t.lang)}</span>
                      </li>
                    ))}
                  </ul>
                </fieldset>
              );
            })}
          </>
        )}
      </div>
    </Dialog>
  );
}
