/**
 * «Mahnwesen»: the reminder run (Mahnlauf) — which invoices are due for their next level today, what
 * each reminder will ask (open amount, fee, interest, new due date) and how it goes out (email
 * through the outbox, or printed for the post) — then creating and sending them as one job; the
 * reminders sent so far; and the levels, fees and interest per practice. The allocation rule is
 * stated where the amounts are: fees and interest first.
 */
import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ErrorBody } from '../../../shared/errors.js';
import { formatDate } from '../../../shared/dates.js';
import { useT } from '../../app/i18n.js';
import { saveDownload } from '../../app/host.js';
import { useRouter } from '../../app/router.js';
import { paths, type ReminderTab } from '../../app/routes.js';
import { jobResult, useJob, useRunningJob } from '../../data/jobs.js';
import { callOrThrow, useApiMutation, useApiQuery } from '../../data/query.js';
import { Alert } from '../../ui/Alert.js';
import { errorText } from '../../ui/errors.js';
import { formatNumber } from '../../ui/format.js';
import { Icon } from '../../ui/Icon.js';
import { JobProgress } from '../../ui/JobProgress.js';
import { EmptyState } from '../../ui/ListScreen.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { Pagination } from '../../ui/Pagination.js';
import { SubNav } from '../../ui/SubNav.js';
import { PdfButton, useMoney } from '../payments/moneyUi.js';
import { moneyChanges } from '../payments/RecordPaymentDialog.js';
import { deliveryLine } from './reminderFormat.js';
import { ReminderSettingsPanel } from './ReminderSettings.js';
import '../payments/money.css';

export function Reminders({ tab }: { tab: ReminderTab }) {
  const t = useT();
  const { navigate } = useRouter();
  useEffect(() => {
    document.title = `${t('nav.reminders')} – Arnika`;
  }, [t]);
  return (
    <div className="page">
      <PageHeader title={t('nav.reminders')} subtitle={t('reminders.subtitle')} />
      <SubNav
        label={t('nav.reminders')}
        onNavigate={(p) => navigate(p)}
        items={(['run', 'sent', 'settings'] as const).map((k) => ({ key: k, path: paths.reminders(k), label: t(`reminders.tab.${k}`), active: tab === k }))}
      />
      <p className="money-rule"><Icon name="info" size={16} />{t('payments.allocationRule')}</p>
      {tab === 'run' && <ReminderRun />}
      {tab === 'sent' && <SentReminders />}
      {tab === 'settings' && <ReminderSettingsPanel />}
    </div>
  );
}

function ReminderRun() {
  const t = useT();
  const money = useMoney();
  const preview = useApiQuery('reminders.preview', {});
  const run = useApiMutation('reminders.run', { invalidates: ['jobs.list'] });
  const running = useRunningJob('reminders.run');
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId ?? running?.id ?? null).data ?? null;
  const result = jobResult(job, 'reminders.run');
  const [left, setLeft] = useState<Set<string>>(new Set());
  const [problem, setProblem] = useState<string | null>(null);
  const saved = useRef<string | null>(null);
  const items = preview.data?.items ?? [];
  const chosen = useMemo(() => items.filter((i) => !left.has(i.invoiceId)), [items, left]);
  const withInterest = items.some((i) => i.interestMinor > 0);

  useEffect(() => {
    if (!job || !result || saved.current === job.id) return;
    saved.current = job.id;
    void preview.refetch();
    if (result.printDownload) void saveDownload(result.printDownload);
  }, [job, result]);

  async function start() {
    setProblem(null);
    const r = await run.run({ invoiceIds: chosen.map((i) => i.invoiceId) });
    if (!r.ok) return setProblem(errorText(t, r.error));
    setJobId(r.data.id);
  }

  const toggle = (id: string) => setLeft((s) => {
    const next = new Set(s);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  });

  return (
    <section aria-labelledby="run-title">
      <div className="section-head">
        <div>
          <h2 id="run-title">{t('reminders.run.title')}</h2>
          <p className="muted">{preview.data ? t('reminders.run.intro', { date: formatDate(preview.data.asOf) }) : ''}</p>
        </div>
        <div className="section-actions">
          <button type="button" className="button primary" disabled={chosen.length === 0 || job?.state === 'running'} onClick={() => void start()}>
            <Icon name="send" />
            {t.plural('reminders.run.submit', chosen.length, { count: formatNumber(chosen.length) })}
          </button>
        </div>
      </div>
      {preview.error && <Alert>{errorText(t, preview.error)}</Alert>}
      {problem && <Alert>{problem}</Alert>}
      {job && job.state !== 'done' && <JobProgress job={job} label={t('reminders.run.progress')} />}
      {result && (
        <div className="result result-neutral" role="status">
          <p className="result-title">{t('reminders.run.done', { created: formatNumber(result.created), emailed: formatNumber(result.emailed), printed: formatNumber(result.printed) })}</p>
          {result.printDownload && (
            <button type="button" className="button small" onClick={() => void saveDownload(result.printDownload!)}>
              <Icon name="download" size={16} />
              {t('reminders.run.savePrint')}
            </button>
          )}
          {result.skipped.length > 0 && (
            <ul className="plain-list">
              {result.skipped.map((s) => <li key={s.invoiceId}>{t('reminders.run.skipped', { number: s.number, reason: t.message({ key: `error.${s.reason}` }) })}</li>)}
            </ul>
          )}
        </div>
      )}
      {preview.data && items.length === 0 && <EmptyState icon="check" title={t('reminders.run.none')} hint={t('reminders.run.noneHint')} />}
      {items.length > 0 && (
        <div className="card table-card table-scroll">
          <table className="table table-auto table-compact" aria-label={t('reminders.run.title')}>
            <thead>
              <tr>
                <th scope="col"><span className="visually-hidden">{t('reminders.run.select')}</span></th>
                <th scope="col">{t('openItems.col.number')}</th>
                <th scope="col">{t('openItems.col.patient')}</th>
                <th scope="col" className="num">{t('openItems.col.days')}</th>
                <th scope="col">{t('reminders.col.level')}</th>
                <th scope="col" className="num">{t('openItems.col.open')}</th>
                <th scope="col" className="num">{t('reminders.col.fee')}</th>
                {withInterest && <th scope="col" className="num">{t('reminders.col.interest')}</th>}
                <th scope="col" className="num">{t('reminders.col.total')}</th>
                <th scope="col">{t('reminders.col.newDue')}</th>
                <th scope="col">{t('reminders.col.channel')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.invoiceId}>
                  <td>
                    <input type="checkbox" className="checkbox" checked={!left.has(c.invoiceId)} onChange={() => toggle(c.invoiceId)} aria-label={t('reminders.run.selectOne', { number: c.number })} />
                  </td>
                  <td className="nowrap"><a href={`#${paths.invoice(c.invoiceId)}`}>{c.number}</a></td>
                  <td>{c.patientName}</td>
                  <td className="num tabular">{formatNumber(c.daysOverdue)}</td>
                  <td>{c.title}</td>
                  <td className="num nowrap tabular">{money(c.openMinor, c.currency)}</td>
                  <td className="num nowrap tabular">{c.feeMinor > 0 ? money(c.feeMinor, c.currency) : '–'}</td>
                  {withInterest && <td className="num nowrap tabular">{c.interestMinor > 0 ? money(c.interestMinor, c.currency) : '–'}</td>}
                  <td className="num nowrap tabular cell-strong">{money(c.totalMinor, c.currency)}</td>
                  <td className="cell-date">{formatDate(c.newDueDate)}</td>
                  <td className="nowrap">
                    {c.channel === 'email' ? t('reminders.channel.email') : <>{t('reminders.channel.post')}{c.postReason && <span className="muted small"> ({t(`reminders.postReason.${c.postReason}`)})</span>}</>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function SentReminders() {
  const t = useT();
  const money = useMoney();
  const [offset, setOffset] = useState(0);
  const list = useApiQuery('reminders.list', { offset, limit: 50 }, { placeholderData: keepPreviousData });
  const print = useApiMutation('reminders.print', { invalidates: moneyChanges });
  const [problem, setProblem] = useState<string | null>(null);
  const data = list.data;
  return (
    <section aria-labelledby="sent-title">
      <h2 id="sent-title">{t('reminders.sent.title')}</h2>
      {list.error && <Alert>{errorText(t, list.error)}</Alert>}
      {problem && <Alert>{problem}</Alert>}
      {data && data.total === 0 && <EmptyState icon="bell" title={t('reminders.sent.none')} hint={t('reminders.sent.noneHint')} />}
      {data && data.total > 0 && (
        <div className="card table-card table-scroll">
          <table className="table table-auto" aria-label={t('reminders.sent.title')}>
            <thead>
              <tr>
                <th scope="col">{t('payments.col.date')}</th>
                <th scope="col">{t('openItems.col.number')}</th>
                <th scope="col">{t('openItems.col.patient')}</th>
                <th scope="col">{t('reminders.col.level')}</th>
                <th scope="col" className="num">{t('reminders.col.total')}</th>
                <th scope="col">{t('reminders.col.delivery')}</th>
                <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((r) => (
                <tr key={r.id}>
                  <td className="cell-date">{formatDate(r.date)}</td>
                  <td className="nowrap"><a href={`#${paths.invoice(r.invoiceId)}`}>{r.invoiceNumber}</a></td>
                  <td>{r.patientName}</td>
                  <td>{r.title}</td>
                  <td className="num nowrap tabular">{money(r.totalMinor, r.currency)}</td>
                  <td>{r.deliveries.map((d) => deliveryLine(t, d)).join(' · ') || '–'}</td>
                  <td className="nowrap">
                    <div className="money-actions">
                      <PdfButton label={t('payments.pdf')} load={async () => {
                        try {
                          return { ok: true as const, data: await callOrThrow('reminders.pdf', { reminderId: r.id }) };
                        } catch (error) {
                          return { ok: false as const, error: error as ErrorBody };
                        }
                      }} onError={(e) => setProblem(errorText(t, e.error))} />
                      <button type="button" className="button small" disabled={print.isPending} onClick={async () => {
                        const d = await print.run({ reminderIds: [r.id] });
                        if (!d.ok) return setProblem(errorText(t, d.error));
                        await saveDownload(d.data);
                      }}>
                        {t('reminders.sent.print')}
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.total > 50 && (
            <div className="table-footer">
              <Pagination offset={offset} limit={50} total={data.total} onChange={setOffset} />
            </div>
          )}
        </div>
      )}
    </section>
  );
}
