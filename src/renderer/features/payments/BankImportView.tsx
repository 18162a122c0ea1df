/**
 * The preview of a bank file: whose account it is (a foreign one is flagged and nothing is booked),
 * whether it was read before, what the bank's figures say (details that do not add up, batches
 * without details), every line grouped (paid in full, partial, overpaid, already paid, cancelled
 * invoice, unknown reference, no reference, reversal, pending, ignored, already booked). "Grüne
 * verbuchen" books the green ones in one transaction (a job); any other line is booked to its
 * invoice, or assigned by hand, one by one.
 */
import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { ImportGroup, ImportLine } from '../../../shared/contract/payments.js';
import { importGroups } from '../../../shared/contract/payments.js';
import { formatDate } from '../../../shared/dates.js';
import { useT } from '../../app/i18n.js';
import { paths } from '../../app/routes.js';
import { jobResult, useJob } from '../../data/jobs.js';
import { useApiMutation, useApiQuery } from '../../data/query.js';
import { Alert } from '../../ui/Alert.js';
import { errorText } from '../../ui/errors.js';
import { formatNumber } from '../../ui/format.js';
import { Icon } from '../../ui/Icon.js';
import { JobProgress } from '../../ui/JobProgress.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { Pagination } from '../../ui/Pagination.js';
import { useToast } from '../../ui/Toast.js';
import { AssignLineDialog } from './AssignLineDialog.js';
import { useMoney } from './moneyUi.js';
import { moneyChanges } from './RecordPaymentDialog.js';

const pageSize = 100;
/** Lines a person may assign to invoices by hand: credits that are booked by the bank and by us not yet. */
const assignable = new Set<ImportGroup>(['partial', 'overpaid', 'already_paid', 'cancelled_invoice', 'unknown_reference', 'no_reference']);

export function BankImportView({ id }: { id: string }) {
  const t = useT();
  const toast = useToast();
  const money = useMoney();
  const summary = useApiQuery('payments.importSummary', { importId: id });
  const [group, setGroup] = useState<ImportGroup | ''>('');
  const [offset, setOffset] = useState(0);
  const lines = useApiQuery('payments.importLines', { importId: id, ...(group ? { group } : {}), offset, limit: pageSize }, { placeholderData: keepPreviousData });
  const book = useApiMutation('payments.bookImport', { invalidates: ['payments.importSummary', 'payments.importLines'] });
  const bookLine = useApiMutation('payments.bookImportLine', { invalidates: moneyChanges });
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId).data ?? null;
  const result = jobResult(job, 'payments.bookImport');
  const [problem, setProblem] = useState<string | null>(null);
  const [assigning, setAssigning] = useState<ImportLine | null>(null);
  const s = summary.data;

  useEffect(() => {
    if (result) toast.show(t.plural('bank.booked', result.booked, { count: formatNumber(result.booked) }));
  }, [result]);
  useEffect(() => {
    document.title = `${t('bank.preview')} – Arnika`;
  }, [t]);

  async function bookGroups(groups: ImportGroup[]) {
    setProblem(null);
    const started = await book.run({ importId: id, groups });
    if (!started.ok) return setProblem(errorText(t, started.error));
    setJobId(started.data.id);
  }

  async function bookOne(line: ImportLine) {
    setProblem(null);
    const r = await bookLine.run({ importId: id, position: line.position });
    if (!r.ok) return setProblem(errorText(t, r.error));
    toast.show(t('bank.lineBooked'));
  }

  const count = (g: ImportGroup) => s?.groups.find((x) => x.group === g);
  const openOf = (g: ImportGroup) => (count(g)?.count ?? 0) - (count(g)?.booked ?? 0);
  const greens = openOf('full');
  const reversals = openOf('reversal');
  const working = job?.state === 'running';

  return (
    <div className="page">
      <a className="back-link" href={`#${paths.payments}`}>
        <Icon name="back" size={16} />
        {t('nav.payments')}
      </a>
      <PageHeader
        title={t('bank.preview')}
        subtitle={s ? t('bank.previewSubtitle', { file: s.fileName, message: `${s.message}.001.${s.version}`, date: formatDate(s.createdAt), accounts: s.accounts.join(', ') || '–' }) : ''}
      >
        {s && !s.foreignAccount && (
          <div className="header-actions">
            {reversals > 0 && (
              <button type="button" className="button" disabled={working} onClick={() => void bookGroups(['reversal'])}>
                {t.plural('bank.bookReversals', reversals, { count: formatNumber(reversals) })}
              </button>
            )}
            <button type="button" className="button primary" disabled={working || greens === 0} onClick={() => void bookGroups(['full'])}>
              <Icon name="check" />
              {t.plural('bank.bookGreen', greens, { count: formatNumber(greens) })}
            </button>
          </div>
        )}
      </PageHeader>
      {summary.error && <Alert>{errorText(t, summary.error)}</Alert>}
      {problem && <Alert>{problem}</Alert>}
      {job && job.state !== 'done' && <JobProgress job={job} label={t('bank.booking')} />}
      {s?.foreignAccount && <Alert>{t('bank.foreignExplain', { accounts: s.accounts.join(', ') || '–' })}</Alert>}
      {s && s.readBefore.length > 0 && <Alert kind="info">{t('bank.readBefore', { dates: s.readBefore.map((d) => formatDate(d)).join(', ') })}</Alert>}
      {s?.notices.map((n, i) => <Alert key={i} kind="info">{t.message(n)}</Alert>)}

      {s && (
        <ul className="import-groups plain-list" aria-label={t('bank.groups')}>
          {importGroups.filter((g) => count(g)).map((g) => {
            const c = count(g)!;
            return (
              <li key={g} className={`card import-group group-${g}`}>
                <h3>{t(`bank.group.${g}`)}</h3>
                <p>
                  {t.plural('bank.lines', c.count, { count: formatNumber(c.count) })} · {c.amounts.map((a) => money(a.amountMinor, a.currency)).join(' · ')}
                </p>
                {c.booked > 0 && <p className="muted small">{t('bank.groupBooked', { count: formatNumber(c.booked) })}</p>}
              </li>
            );
          })}
        </ul>
      )}

      <div className="toolbar">
        <label className="inline-field">
          <span>{t('bank.filter')}</span>
          <select className="input select" value={group} onChange={(e) => { setGroup(e.target.value as ImportGroup | ''); setOffset(0); }}>
            <option value="">{t('bank.allGroups')}</option>
            {importGroups.filter((g) => count(g)).map((g) => <option key={g} value={g}>{t(`bank.group.${g}`)}</option>)}
          </select>
        </label>
      </div>

      {lines.data && (
        <div className="card table-card table-scroll">
          <table className="table table-auto" aria-label={t('bank.linesTable')}>
            <thead>
              <tr>
                <th scope="col">{t('bank.col.group')}</th>
                <th scope="col">{t('bank.col.date')}</th>
                <th scope="col">{t('bank.col.debtor')}</th>
                <th scope="col">{t('bank.col.reference')}</th>
                <th scope="col">{t('bank.col.invoice')}</th>
                <th scope="col" className="num">{t('bank.col.amount')}</th>
                <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {lines.data.items.map((l) => (
                <tr key={l.position}>
                  <td className="nowrap"><span className={`line-group group-${l.group}`} aria-hidden="true" />{t(`bank.group.${l.group}`)}</td>
                  <td className="cell-date">{formatDate(l.bookingDate ?? l.valueDate)}</td>
                  <td>{l.debtorName ?? ''}</td>
                  <td className="mono small">{l.reference ?? ''}</td>
                  <td>
                    {l.invoiceId ? <a className="nowrap" href={`#${paths.invoice(l.invoiceId)}`}>{l.invoiceNumber}</a> : ''}
                    {l.patientName && <span className="muted"> · {l.patientName}</span>}
                    {l.openBeforeMinor !== null && l.group !== 'full' && <span className="muted small"> ({t('bank.openBefore', { amount: money(l.openBeforeMinor, l.currency) })})</span>}
                  </td>
                  <td className={`num nowrap tabular${l.reversal || l.creditDebit === 'DBIT' ? ' num-negative' : ''}`}>{money(l.reversal || l.creditDebit === 'DBIT' ? -l.amountMinor : l.amountMinor, l.currency)}</td>
                  <td className="nowrap">
                    {l.bookedAt ? (
                      <span className="badge badge-state-paid">{t('bank.lineIsBooked')}</span>
                    ) : (
                      !s?.foreignAccount && (
                        <div className="money-actions">
                          {l.bookable && l.group !== 'full' && (
                            <button type="button" className="button small" disabled={bookLine.isPending} onClick={() => void bookOne(l)}>
                              {t('bank.bookLine')}
                            </button>
                          )}
                          {assignable.has(l.group) && !l.reversal && l.creditDebit === 'CRDT' && (
                            <button type="button" className="button small" onClick={() => setAssigning(l)}>
                              {t('bank.assign')}
                            </button>
                          )}
                        </div>
                      )
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {lines.data.total > pageSize && (
            <div className="table-footer">
              <Pagination offset={offset} limit={pageSize} total={lines.data.total} onChange={setOffset} />
            </div>
          )}
        </div>
      )}
      {assigning && <AssignLineDialog line={assigning} onClose={() => setAssigning(null)} />}
    </div>
  );
}
