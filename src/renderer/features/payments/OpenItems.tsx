/**
 * «Offene Posten»: every issued invoice with something open, how many days overdue and in which age
 * bucket (not yet due, 1–30, 31–60, 61–90, over 90 days), totals per practice and currency, filtered
 * by practice, patient name or overdue only, and exported as CSV for a spreadsheet.
 */
import { useEffect, useMemo, useState } from 'react';
import { ageBuckets } from '../../../shared/contract/payments.js';
import { formatDate } from '../../../shared/dates.js';
import { fold } from '../../../shared/text/fold.js';
import { useT } from '../../app/i18n.js';
import { saveDownload } from '../../app/host.js';
import { paths } from '../../app/routes.js';
import { useApiMutation, useApiQuery } from '../../data/query.js';
import { Alert } from '../../ui/Alert.js';
import { errorText } from '../../ui/errors.js';
import { formatNumber } from '../../ui/format.js';
import { Icon } from '../../ui/Icon.js';
import { EmptyState } from '../../ui/ListScreen.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { StateBadge, useMoney } from './moneyUi.js';

export function OpenItems() {
  const t = useT();
  const money = useMoney();
  const practices = useApiQuery('practices.list', {});
  const [practiceId, setPracticeId] = useState('');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [name, setName] = useState('');
  const query = { ...(practiceId ? { practiceId } : {}), overdueOnly };
  const items = useApiQuery('payments.openItems', query);
  const exportCall = useApiMutation('payments.exportOpenItems');
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    document.title = `${t('nav.openItems')} – Arnika`;
  }, [t]);
  const shown = useMemo(() => {
    const q = fold(name.trim());
    return (items.data?.items ?? []).filter((i) => q === '' || fold(i.patientName).includes(q));
  }, [items.data, name]);

  async function exportCsv() {
    setProblem(null);
    const r = await exportCall.run(query);
    if (!r.ok) return setProblem(errorText(t, r.error));
    const saved = await saveDownload(r.data);
    if (!saved.ok) setProblem(errorText(t, saved.error));
  }

  return (
    <div className="page">
      <PageHeader title={t('nav.openItems')} subtitle={items.data ? t('openItems.subtitle', { date: formatDate(items.data.asOf), count: formatNumber(items.data.items.length) }) : ''}>
        <div className="header-actions">
          <button type="button" className="button" disabled={exportCall.isPending} onClick={() => void exportCsv()}>
            <Icon name="download" />
            {t('openItems.export')}
          </button>
        </div>
      </PageHeader>
      {problem && <Alert>{problem}</Alert>}
      {items.error && <Alert>{errorText(t, items.error)}</Alert>}

      {items.data && items.data.totals.length > 0 && (
        <div className="card table-card table-scroll money-section">
          <table className="table table-auto bucket-table" aria-label={t('openItems.totals')}>
            <thead>
              <tr>
                <th scope="col">{t('openItems.col.practice')}</th>
                {ageBuckets.map((b) => <th key={b} scope="col" className="num">{t(`openItems.bucket.${b}`)}</th>)}
                <th scope="col" className="num">{t('openItems.col.total')}</th>
              </tr>
            </thead>
            <tbody>
              {items.data.totals.map((row) => (
                <tr key={`${row.practiceId}-${row.currency}`}>
                  <td>{row.practiceName} <span className="muted">({row.currency})</span></td>
                  {ageBuckets.map((b) => <td key={b} className="num tabular">{money(row.buckets[b], row.currency)}</td>)}
                  <td className="num tabular cell-strong">{money(row.openMinor, row.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <div className="toolbar">
        {practices.data && practices.data.length > 1 && (
          <label className="inline-field">
            <span>{t('openItems.practice')}</span>
            <select className="input select" value={practiceId} onChange={(e) => setPracticeId(e.target.value)}>
              <option value="">{t('openItems.allPractices')}</option>
              {practices.data.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </select>
          </label>
        )}
        <label className="inline-field">
          <span>{t('openItems.patient')}</span>
          <input className="input" type="search" value={name} onChange={(e) => setName(e.target.value)} placeholder={t('openItems.patientHint')} />
        </label>
        <label className="checkbox-row">
          <input type="checkbox" className="checkbox" checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)} />
          <span>{t('openItems.overdueOnly')}</span>
        </label>
      </div>

      {items.data && shown.length === 0 && <EmptyState icon="check" title={t('openItems.empty')} hint={t('openItems.emptyHint')} />}
      {shown.length > 0 && (
        <div className="card table-card table-scroll">
          <table className="table table-auto" aria-label={t('nav.openItems')}>
            <thead>
              <tr>
                <th scope="col">{t('openItems.col.number')}</th>
                <th scope="col">{t('openItems.col.patient')}</th>
                <th scope="col">{t('openItems.col.due')}</th>
                <th scope="col" className="num">{t('openItems.col.days')}</th>
                <th scope="col">{t('openItems.col.state')}</th>
                <th scope="col" className="num">{t('openItems.col.level')}</th>
                <th scope="col" className="num">{t('openItems.col.invoiceTotal')}</th>
                <th scope="col" className="num">{t('openItems.col.open')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((i) => (
                <tr key={i.invoiceId}>
                  <td className="nowrap"><a href={`#${paths.invoice(i.invoiceId)}`}>{i.number}</a></td>
                  <td><a href={`#${paths.patient(i.patientId, 'invoices')}`}>{i.patientName}</a></td>
                  <td className="cell-date">{formatDate(i.account.dueDate)}</td>
                  <td className="num tabular">{i.account.daysOverdue > 0 ? formatNumber(i.account.daysOverdue) : '–'}</td>
                  <td><StateBadge state={i.account.state} /></td>
                  <td className="num tabular">{i.reminderLevel > 0 ? i.reminderLevel : '–'}</td>
                  <td className="num nowrap tabular">{money(i.totalMinor, i.currency)}</td>
                  <td className="num nowrap tabular cell-strong">{money(i.account.openMinor, i.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
