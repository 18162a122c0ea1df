/**
 * «Versand» on an invoice: every time it went (or was meant to go) out by email, newest first,
 * "per E-Mail an … am …" with the state; a failure with its reason and the server's words; an
 * uncertain send with the three ways out (mail.resolveUncertain), since Arnika never resends on
 * its own. Refreshes while something is on its way and whenever the send dialog queued a message.
 */
import { useCallback, useEffect, useState } from 'react';
import type { OutboxEntry } from '../../../shared/contract/mail.js';
import type { UncertainAction } from '../../../shared/mail/outbox.js';
import { api } from '../../api.js';
import { Alert } from '../../ui/Alert.js';
import { Icon } from '../../ui/Icon.js';
import { useToast } from '../../ui/Toast.js';
import { errorText } from '../../ui/errors.js';
import { Details } from './SendInvoiceDialog.js';
import { announceSendChange, useSendChanges } from './sendEvents.js';
import { formatWhen, mailErrorSentence, useSendT } from './sendT.js';
import { StateBadge } from './StateBadge.js';
import './send.css';

const actions: UncertainAction[] = ['resend', 'mark_sent', 'discard'];

export function SendHistory({ invoice }: { invoice: { id: string; status: 'draft' | 'issued' | 'cancelled' } }) {
  const s = useSendT();
  const t = s.t;
  const toast = useToast();
  const invoiceId = invoice.id;
  const [entries, setEntries] = useState<OutboxEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(async () => {
    const result = await api.call('mail.invoiceHistory', { invoiceId });
    if (result.ok) {
      setEntries([...result.data].reverse());
      setError(null);
    } else setError(errorText(t, result.error));
  }, [invoiceId, t]);

  useEffect(() => {
    if (invoice.status !== 'draft') void load();
  }, [load, invoice.status]);
  useSendChanges(invoiceId, () => void load());

  // While a message is on its way, look again: quickly while it is being handed over, slowly while
  // it waits for a retry after a temporary failure.
  const moving = entries?.some((e) => e.state === 'sending' || (e.state === 'queued' && !e.error)) ?? false;
  const waiting = entries?.some((e) => e.state === 'queued' && e.error) ?? false;
  useEffect(() => {
    if (!moving && !waiting) return;
    const timer = window.setTimeout(() => void load(), moving ? 1_000 : 10_000);
    return () => window.clearTimeout(timer);
  }, [entries, moving, waiting, load]);

  async function resolve(entry: OutboxEntry, action: UncertainAction) {
    if (busy) return;
    setBusy(entry.outboxId);
    const result = await api.call('mail.resolveUncertain', { outboxId: entry.outboxId, action });
    setBusy(null);
    if (!result.ok) {
      setError(errorText(t, result.error));
      await load();
      return;
    }
    toast.show(s(`sendUi.uncertain.done.${action}`));
    announceSendChange(invoiceId);
  }

  if (invoice.status === 'draft') return null;
  // A cancelled invoice that never went out has nothing to tell here.
  if (invoice.status === 'cancelled' && entries !== null && entries.length === 0) return null;

  return (
    <section className="card send-history" aria-labelledby="send-history-title">
      <h2 id="send-history-title" className="card-title">
        {s('sendUi.history.title')}
      </h2>
      <div className="send-history-body">
        {error && <Alert>{error}</Alert>}
        {entries && entries.length === 0 && <p className="muted">{s('sendUi.history.empty')}</p>}
        {entries && entries.length > 0 && (
          <ul className="send-history-list">
            {entries.map((e) => (
              <li key={e.outboxId} className="send-entry" aria-label={s('sendUi.history.line', { to: e.to, when: formatWhen(e.sentAt ?? e.createdAt) })}>
                <div className="send-entry-head">
                  <Icon name="send" size={16} />
                  <span className="send-entry-line">{s('sendUi.history.line', { to: e.to, when: formatWhen(e.sentAt ?? e.createdAt) })}</span>
                  <StateBadge state={e.state} retryAt={e.state === 'queued' && e.error ? e.nextAttemptAt : null} />
                </div>
                <p className="send-entry-meta">
                  {s('sendUi.history.meta', { subject: e.subject, attachment: e.attachmentName })}
                  {e.resolution && ` · ${s(`sendUi.resolution.${e.resolution}`)}`}
                </p>
                {e.error && e.state !== 'sent' && e.state !== 'cancelled' && (
                  <div className={`send-entry-problem${e.state === 'failed' ? ' is-failed' : ''}`}>
                    <p>{e.state === 'uncertain' ? s('sendUi.uncertain.explain') : mailErrorSentence(t, e.error.code)}</p>
                    {e.error.details && <Details s={s} text={e.error.details} />}
                  </div>
                )}
                {e.state === 'uncertain' && (
                  <div className="send-entry-actions" role="group" aria-label={s('sendUi.state.uncertain')}>
                    {actions.map((a) => (
                      <button
                        key={a}
                        type="button"
                        className={a === 'discard' ? 'button small danger-outline' : 'button small'}
                        disabled={busy !== null}
                        onClick={() => void resolve(e, a)}
                      >
                        {s(`sendUi.uncertain.${a}`)}
                      </button>
                    ))}
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
