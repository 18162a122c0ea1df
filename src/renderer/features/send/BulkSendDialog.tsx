/**
 * Sends the ticked invoices by email in three steps. 1 Prüfen (mail.bulkPreflight): how many can
 * go, and each one that cannot with its reason and a one-click way out, leave it out or print it
 * instead (those are collected in a print list); ones already sent before are left out unless
 * "Erneut senden" is chosen for them (main leaves them out too unless they are passed as `resend`).
 * 2 Vorschau: the first message as it will go out. 3 Senden (mail.bulkSend): the outbox worker in
 * main sends them one by one; the dialog shows the batch (mail.batchStatus, every 400 ms) with a
 * progress bar and a line per invoice, and can stop it after the current message (mail.cancelBatch).
 * A provider's sending limit shows as the pause banner: the batch waits and goes on by itself.
 * Closing while it runs asks first: the batch goes on in main unless it is stopped.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { BatchStatus, InvoiceEmail, InvoiceSummary } from '../../../shared/contract/index.js';
import type { BulkSkipReason } from '../../../shared/mail/outbox.js';
import type { z } from 'zod';
import type { BulkPreflightItem } from '../../../shared/contract/mail.js';
import { invalidateMethods } from '../../data/cache.js';
import { useRunningJob } from '../../data/jobs.js';
import { useApiMutation, useApiQuery } from '../../data/query.js';
import { Alert } from '../../ui/Alert.js';
import { Dialog } from '../../ui/Dialog.js';
import { Icon } from '../../ui/Icon.js';
import { errorText } from '../../ui/errors.js';
import { formatDate, formatNumber } from '../../ui/format.js';
import { paths } from '../../app/routes.js';
import { PrintList, type PrintItem } from './PrintList.js';
import { AttachmentChip } from './SendInvoiceDialog.js';
import { sendChanges } from './sendChanges.js';
import { StateBadge } from './StateBadge.js';
import './send.css';
import { skipReason } from './sendFormat.js';
import { mailErrorSentence } from '../../ui/errors.js';
import { ProgressBar } from '../../ui/ProgressBar.js';
import { PauseBanner } from './MailPauseBanner.js';
import { ProfileWarning } from './ProfileWarning.js';
import { useT, type Translator } from '../../app/i18n.js';

type PreflightItem = z.infer<typeof BulkPreflightItem>;
type Step = 'check' | 'preview' | 'send';
type Decision = 'omit' | 'print' | 'resend';

const maxInvoices = 1000;
/** A PDF exists for these: they can go on paper instead. */
const unprintable = new Set<BulkSkipReason>(['not_found', 'not_issued', 'cancelled']);
const settingsReasons = new Set<BulkSkipReason>(['no_profile', 'no_password', 'no_template']);

export function BulkSendDialog({ invoices, onClose }: { invoices: InvoiceSummary[]; onClose(message: string | null): void }) {
  const t = useT();
  const [step, setStep] = useState<Step>('check');
  const [decisions, setDecisions] = useState<Map<string, Decision>>(new Map());
  const [preview, setPreview] = useState<InvoiceEmail | null>(null);
  const [batchId, setBatchId] = useState<string | null>(null);
  const [skipped, setSkipped] = useState(0);
  const [leaving, setLeaving] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  // In number order (drafts last): the lists, the previewed first message and the batch follow it.
  const ids = [...invoices]
    .sort((a, b) => (a.number === null ? 1 : b.number === null ? -1 : a.number.localeCompare(b.number, 'de', { numeric: true })))
    .map((i) => i.id);
  const byId = new Map(invoices.map((i) => [i.id, i]));
  const tooMany = ids.length > maxInvoices;

  // Checked once per opening: a refetch would reshuffle the lists under the user's decisions.
  const check = useApiQuery('mail.bulkPreflight', { invoiceIds: ids }, { enabled: !tooMany, gcTime: 0, staleTime: Infinity });
  const prepare = useApiMutation('mail.prepareInvoiceEmail');
  const bulkSend = useApiMutation('mail.bulkSend', { invalidates: sendChanges });
  const cancel = useApiMutation('mail.cancelBatch', { invalidates: ['mail.batchStatus'] });
  // Fresh whenever the outbox changes (pushed, data/events.ts); the job says when it is through.
  const batch = useApiQuery('mail.batchStatus', { batchId: batchId ?? '' }, { enabled: batchId !== null });
  // A bulk send left running when this dialog was closed: opening it again shows that one.
  const earlier = useRunningJob('mail.bulkSend');
  useEffect(() => {
    if (batchId === null && earlier?.ref) {
      setBatchId(earlier.ref);
      setStep('send');
    }
  }, [batchId, earlier]);
  const client = useQueryClient();
  const preflight = check.data ?? null;
  const status = batch.data ?? null;
  const busy = prepare.isPending || bulkSend.isPending;
  const failure = bulkSend.error ?? prepare.error ?? cancel.error ?? check.error;
  const error = tooMany ? t('sendUi.bulk.tooMany', { max: formatNumber(maxInvoices) }) : failure ? errorText(t, failure) : null;

  // The batch is through: what shows whether an invoice went out is stale now.
  const finished = status?.done === true;
  useEffect(() => {
    if (finished) void invalidateMethods(client, sendChanges);
  }, [finished, client]);

  // Each step starts at its heading, so keyboard and screen reader users know where they are.
  useEffect(() => {
    heading.current?.focus();
  }, [step, preflight]);

  const items = preflight?.items ?? [];
  const problems = items.filter((i) => !i.ok);
  const sentBefore = items.filter((i) => i.ok && i.lastSentAt);
  // Sent before: left out unless chosen again. Others: sent unless left out.
  const chosen = (i: PreflightItem) => (i.lastSentAt ? decisions.get(i.invoiceId) === 'resend' : decisions.get(i.invoiceId) !== 'omit');
  const sendIds = items.filter((i) => i.ok && chosen(i)).map((i) => i.invoiceId);
  const resendIds = sentBefore.filter(chosen).map((i) => i.invoiceId);
  const printItems: PrintItem[] = items
    .filter((i) => decisions.get(i.invoiceId) === 'print')
    .map((i) => ({ id: i.invoiceId, number: i.number }));

  const decide = useCallback((invoiceIds: string[], decision: Decision | null) => {
    setDecisions((d) => {
      const next = new Map(d);
      for (const id of invoiceIds) {
        if (decision) next.set(id, decision);
        else next.delete(id);
      }
      return next;
    });
  }, []);

  async function toPreview() {
    const first = sendIds[0];
    if (!first || busy) return;
    if (preflight?.preview?.invoiceId === first) {
      setPreview(preflight.preview);
      setStep('preview');
      return;
    }
    const result = await prepare.run({ invoiceId: first });
    if (!result.ok) return;
    setPreview(result.data);
    setStep('preview');
  }

  async function send() {
    if (busy || sendIds.length === 0) return;
    prepare.reset();
    setStep('send');
    const result = await bulkSend.run({ invoiceIds: sendIds, ...(resendIds.length > 0 ? { resend: resendIds } : {}) });
    if (!result.ok) return;
    setSkipped(result.data.skipped.length);
    setBatchId(result.data.batchId);
  }

  const running = step === 'send' && (batchId === null ? busy : !status?.done);
  const done = step === 'send' && status?.done === true;

  async function cancelBatch() {
    if (!batchId || cancelling) return;
    setCancelling(true);
    setLeaving(false);
    await cancel.run({ batchId });
  }

  function close() {
    if (running) return setLeaving(true);
    if (done && status) {
      return onClose(status.sent > 0 ? t.plural('sendUi.bulk.toast', status.sent, { count: formatNumber(status.sent) }) : null);
    }
    onClose(null);
  }

  const stepTitle = step === 'check' ? t('sendUi.bulk.step.check') : step === 'preview' ? t('sendUi.bulk.step.preview') : t('sendUi.bulk.step.send');

  let footer;
  if (step === 'check') {
    footer = (
      <>
        <button type="button" className="button" onClick={close}>
          {t('action.cancel')}
        </button>
        <button type="button" className="button primary" disabled={!preflight || sendIds.length === 0 || busy} onClick={() => void toPreview()}>
          {t('sendUi.bulk.next')}
          <Icon name="right" />
        </button>
      </>
    );
  } else if (step === 'preview') {
    footer = (
      <>
        <button type="button" className="button" onClick={() => setStep('check')}>
          <Icon name="left" />
          {t('sendUi.bulk.back')}
        </button>
        <button type="button" className="button primary" disabled={busy} onClick={() => void send()}>
          <Icon name="send" />
          {t.plural('sendUi.bulk.sendN', sendIds.length, { count: formatNumber(sendIds.length) })}
        </button>
      </>
    );
  } else if (running) {
    footer = (
      <button type="button" className="button danger-outline" disabled={!batchId || cancelling} onClick={() => void cancelBatch()}>
        <Icon name="x" />
        {t('sendUi.bulk.cancel')}
      </button>
    );
  } else {
    footer = (
      <button type="button" className="button primary" onClick={close} autoFocus>
        {t('action.close')}
      </button>
    );
  }

  return (
    <Dialog open title={t('sendUi.bulk.title')} onCancel={close} size="wide" footer={footer}>
      <div className="send-dialog">
      <Steps t={t} step={step} />
      {/* Said by screen readers and focused on each step; the step list above shows it to the eye. */}
      <h3 ref={heading} tabIndex={-1} className="visually-hidden">
        {stepTitle}
      </h3>
      {error && <Alert>{error}</Alert>}

      {step === 'check' && !preflight && !error && (
        <p className="alert result result-running" role="status">
          <span className="spinner" aria-hidden="true" />
          {t('sendUi.bulk.checking')}
        </p>
      )}

      {step === 'check' && preflight && (
        <div className="send-check">
          <p className="send-lead" role="status">
            {preflight.okCount === items.length
              ? t.plural('sendUi.bulk.allOk', items.length, { total: formatNumber(items.length) })
              : t('sendUi.bulk.okCount', { ok: formatNumber(preflight.okCount), total: formatNumber(items.length) })}
            {preflight.okCount > 0 && sendIds.length !== preflight.okCount && (
              <> {t.plural('sendUi.bulk.willSend', sendIds.length, { count: formatNumber(sendIds.length) })}</>
            )}
          </p>
          {preflight.okCount === 0 && <Alert>{t('error.mail.bulk_nothing_to_send')}</Alert>}

          {problems.length > 0 && (
            <RowGroup
              id="send-problems"
              title={t('sendUi.bulk.problems', { count: problems.length })}
              hint={t('sendUi.bulk.problemsHint')}
              bulk={
                <>
                  <button type="button" className="button small" onClick={() => decide(problems.map((p) => p.invoiceId), 'omit')}>
                    {t('sendUi.bulk.omitAll')}
                  </button>
                  {problems.some((p) => !unprintable.has(p.reason!)) && (
                    <button
                      type="button"
                      className="button small"
                      onClick={() => {
                        decide(problems.filter((p) => !unprintable.has(p.reason!)).map((p) => p.invoiceId), 'print');
                        decide(problems.filter((p) => unprintable.has(p.reason!)).map((p) => p.invoiceId), 'omit');
                      }}
                    >
                      {t('sendUi.bulk.printAll')}
                    </button>
                  )}
                </>
              }
            >
              {problems.map((p) => {
                const inv = byId.get(p.invoiceId);
                const fix = p.reason === 'no_email' && inv
                  ? { href: `#${paths.patient(inv.patientId)}`, label: t('sendUi.fixPatient') }
                  : p.reason && settingsReasons.has(p.reason) ? { href: `#${paths.settingsTab('mail')}`, label: t('sendUi.fixSettings') } : null;
                return (
                  <Row
                    key={p.invoiceId}
                    t={t}
                    item={p}
                    name={p.recipientName || inv?.recipientName || ''}
                    note={skipReason(t, p.reason ?? 'not_found')}
                    fix={fix}
                    decision={decisions.get(p.invoiceId) ?? null}
                    printable={!unprintable.has(p.reason!)}
                    onDecide={(d) => decide([p.invoiceId], d)}
                  />
                );
              })}
            </RowGroup>
          )}

          {sentBefore.length > 0 && (
            <RowGroup
              id="send-sent-before"
              title={t('sendUi.bulk.sentBefore', { count: sentBefore.length })}
              hint={t('sendUi.bulk.sentBeforeHint')}
              bulk={
                sentBefore.length > 1 && (
                  <button type="button" className="button small" onClick={() => decide(sentBefore.map((p) => p.invoiceId), 'resend')}>
                    {t('sendUi.bulk.resendAll')}
                  </button>
                )
              }
            >
              {sentBefore.map((p) => (
                <Row
                  key={p.invoiceId}
                  t={t}
                  item={p}
                  name={p.recipientName}
                  note={t('sendUi.bulk.sentOn', { date: formatDate(p.lastSentAt) })}
                  fix={null}
                  decision={decisions.get(p.invoiceId) === 'resend' ? 'resend' : 'omit'}
                  printable={false}
                  resendable
                  onDecide={(d) => decide([p.invoiceId], d)}
                />
              ))}
            </RowGroup>
          )}
          <PrintList items={printItems} />
        </div>
      )}

      {step === 'preview' && preview && (
        <div className="send-preview">
          {preview.profileWarning && <ProfileWarning name={preview.profileWarning.profileName} check={preview.profileWarning.check} />}
          <p className="send-lead">{t('sendUi.bulk.previewLead')}</p>
          <p className="send-preview-count">{t('sendUi.bulk.previewOf', { count: formatNumber(sendIds.length) })}</p>
          <dl className="send-summary send-message">
            <div>
              <dt>{t('sendUi.to')}</dt>
              <dd>
                {preview.recipientName ? `${preview.recipientName} <${preview.to}>` : preview.to}
              </dd>
            </div>
            {preview.from && (
              <div>
                <dt>{t('sendUi.from')}</dt>
                <dd>{preview.from.name ? `${preview.from.name} <${preview.from.address}>` : preview.from.address}</dd>
              </div>
            )}
            <div>
              <dt>{t('sendUi.subject')}</dt>
              <dd>{preview.subject}</dd>
            </div>
            <div>
              <dt>{t('sendUi.attachment')}</dt>
              <dd>
                <AttachmentChip name={preview.attachmentName} />
              </dd>
            </div>
          </dl>
          <div className="send-message-body" role="document" aria-label={t('sendUi.body')}>
            {preview.body}
          </div>
        </div>
      )}

      {step === 'send' && status?.pause && !status.done && <PauseBanner pause={status.pause} />}
      {step === 'send' && (
        <Progress t={t} status={status} starting={batchId === null && !error} cancelling={cancelling} skipped={skipped} />
      )}
      {step === 'send' && done && <PrintList items={printItems} />}
      </div>

      {leaving && (
        <Dialog
          open
          title={t('sendUi.bulk.leave.title')}
          onCancel={() => setLeaving(false)}
          footer={
            <>
              <button type="button" className="button" onClick={() => setLeaving(false)} autoFocus>
                {t('sendUi.bulk.leave.stay')}
              </button>
              <button type="button" className="button" onClick={() => onClose(t('sendUi.bulk.toastBackground'))}>
                {t('sendUi.bulk.leave.background')}
              </button>
              <button type="button" className="button danger" disabled={!batchId} onClick={() => void cancelBatch()}>
                {t('sendUi.bulk.cancel')}
              </button>
            </>
          }
        >
          <p>{t('sendUi.bulk.leave.body')}</p>
        </Dialog>
      )}
    </Dialog>
  );
}

function Steps({ t, step }: { t: Translator; step: Step }) {
  const steps: Step[] = ['check', 'preview', 'send'];
  const at = steps.indexOf(step);
  return (
    <ol className="send-steps" aria-label={t('sendUi.bulk.steps')}>
      {steps.map((st, i) => (
        <li key={st} className={i < at ? 'is-done' : i === at ? 'is-current' : undefined} aria-current={i === at ? 'step' : undefined}>
          <span className="send-step-number" aria-hidden="true">
            {i < at ? <Icon name="check" size={14} /> : i + 1}
          </span>
          {t(`sendUi.bulk.step.${st}`)}
        </li>
      ))}
    </ol>
  );
}

function RowGroup({ id, title, hint, bulk, children }: { id: string; title: string; hint: string; bulk?: ReactNode; children: ReactNode }) {
  return (
    <section className="send-group" aria-labelledby={`${id}-title`}>
      <div className="send-group-head">
        <div className="send-group-title">
          <h4 id={`${id}-title`}>{title}</h4>
          {bulk && <div className="chip-row">{bulk}</div>}
        </div>
        <p>{hint}</p>
      </div>
      <ul className="send-rows" aria-labelledby={`${id}-title`}>
        {children}
      </ul>
    </section>
  );
}

function Row({ t, item, name, note, fix, decision, printable, resendable = false, onDecide }: {
  t: Translator; item: PreflightItem; name: string; note: string; fix: { href: string; label: string } | null;
  decision: Decision | null; printable: boolean;
  /** Sent before: left out ('omit') unless "Erneut senden" is chosen. */
  resendable?: boolean;
  onDecide(d: Decision | null): void;
}) {
  const number = item.number ?? t('sendUi.bulk.draft');
  const label = [number, name].filter(Boolean).join(' ');
  if (resendable) {
    const again = decision === 'resend';
    return (
      <li className={`send-row${again ? '' : ' is-decided'}`} aria-label={`${label}: ${note}`}>
        <span className="send-row-number mono">{number}</span>
        <span className="send-row-main">
          <span className="send-row-name">{name}</span>
          <span className="send-row-note">{note}</span>
        </span>
        <span className="send-row-actions">
          <span className={`badge flush ${again ? 'badge-issued' : 'badge-muted'}`}>{again ? t('sendUi.bulk.toResend') : t('sendUi.bulk.omitted')}</span>
          {again ? (
            <button type="button" className="button small ghost" aria-label={t('sendUi.bulk.undoLabel', { label })} onClick={() => onDecide(null)}>
              {t('sendUi.bulk.undo')}
            </button>
          ) : (
            <button type="button" className="button small" aria-label={t('sendUi.bulk.resendLabel', { label })} onClick={() => onDecide('resend')}>
              {t('sendUi.bulk.resend')}
            </button>
          )}
        </span>
      </li>
    );
  }
  return (
    <li className={`send-row${decision ? ' is-decided' : ''}`} aria-label={`${label}: ${note}`}>
      <span className="send-row-number mono">{number}</span>
      <span className="send-row-main">
        <span className="send-row-name">{name}</span>
        <span className="send-row-note">
          {note}
          {fix && (
            <>
              {' · '}
              <a href={fix.href} className="send-fix">
                {fix.label}
              </a>
            </>
          )}
        </span>
      </span>
      <span className="send-row-actions">
        {decision ? (
          <>
            <span className={`badge flush ${decision === 'print' ? 'badge-issued' : 'badge-muted'}`}>
              {decision === 'print' ? t('sendUi.bulk.toPrint') : t('sendUi.bulk.omitted')}
            </span>
            <button type="button" className="button small ghost" aria-label={t('sendUi.bulk.undoLabel', { label })} onClick={() => onDecide(null)}>
              {t('sendUi.bulk.undo')}
            </button>
          </>
        ) : (
          <>
            <button type="button" className="button small" aria-label={t('sendUi.bulk.omitLabel', { label })} onClick={() => onDecide('omit')}>
              {t('sendUi.bulk.omit')}
            </button>
            {printable && (
              <button type="button" className="button small" aria-label={t('sendUi.bulk.printLabel', { label })} onClick={() => onDecide('print')}>
                {t('sendUi.bulk.print')}
              </button>
            )}
          </>
        )}
      </span>
    </li>
  );
}

/** A labelled progress bar with its text above it (and whatever else goes beside the text). */
function Progress({ t, status, starting, cancelling, skipped }: {
  t: Translator; status: BatchStatus | null; starting: boolean; cancelling: boolean; skipped: number;
}) {
  const list = useRef<HTMLUListElement>(null);
  // Keep the message being sent now in view inside the list (without scrolling the dialog).
  useEffect(() => {
    const ul = list.current;
    const row = ul?.querySelector<HTMLElement>('.is-sending');
    if (!ul || !row) return;
    if (row.offsetTop < ul.scrollTop) ul.scrollTop = row.offsetTop;
    else if (row.offsetTop + row.offsetHeight > ul.scrollTop + ul.clientHeight) ul.scrollTop = row.offsetTop + row.offsetHeight - ul.clientHeight;
  }, [status]);
  if (!status) {
    if (!starting) return null;
    return (
      <p className="alert result result-running" role="status">
        <span className="spinner" aria-hidden="true" />
        {t('sendUi.bulk.starting')}
      </p>
    );
  }
  const processed = status.sent + status.failed + status.uncertain + status.cancelled;
  const text = t('sendUi.bulk.progress', { sent: formatNumber(status.sent), total: formatNumber(status.total) });
  const sums = (['sent', 'failed', 'uncertain', 'cancelled'] as const)
    .filter((k) => status[k] > 0)
    .map((k) => t(`sendUi.bulk.sum.${k}`, { count: formatNumber(status[k]) }));
  return (
    <div className="send-run">
      {status.done && (
        <div className={`alert result ${status.failed + status.uncertain > 0 ? 'result-warn' : status.cancelled > 0 ? 'result-neutral' : 'alert-info'}`} role="status">
          <Icon name={status.failed + status.uncertain > 0 ? 'alert' : 'check'} />
          <div>
            <p className="result-title">{status.cancelledAt ? t('sendUi.bulk.stopped') : t('sendUi.bulk.done')}</p>
            <p>{sums.join(' · ')}</p>
            {status.uncertain > 0 && <p>{t('sendUi.bulk.uncertainHint')}</p>}
          </div>
        </div>
      )}
      <ProgressBar label={t('sendUi.bulk.progressLabel')} text={text} value={processed} max={status.total}>
        {cancelling && !status.done && <span className="send-note">{t('sendUi.bulk.cancelling')}</span>}
      </ProgressBar>
      {skipped > 0 && <p className="send-note">{t('sendUi.bulk.skipped', { count: formatNumber(skipped) })}</p>}
      <h4 className="send-results-title" id="send-results-title">
        {t('sendUi.bulk.results')}
      </h4>
      <ul ref={list} className="send-results" aria-labelledby="send-results-title">
        {status.items.map((item) => (
          <li key={item.outboxId} className={`send-result-row is-${item.state}`}>
            <span className="send-result-icon" aria-hidden="true">
              {item.state === 'sent' ? <Icon name="check" size={16} />
                : item.state === 'failed' ? <Icon name="x" size={16} />
                : item.state === 'sending' ? <span className="spinner spinner-small" />
                : null}
            </span>
            <span className="send-row-number mono">{item.invoiceNumber}</span>
            <span className="send-row-name">{item.to}</span>
            <StateBadge state={item.state} />
            {item.error && (item.state === 'failed' || item.state === 'uncertain' || item.state === 'queued') && (
              <span className="send-result-reason">
                {mailErrorSentence(t, item.error.code)}
                {item.error.details && <code className="send-result-details">{item.error.details}</code>}
              </span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
