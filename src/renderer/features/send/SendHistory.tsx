/**
 * «Versand» on an invoice: every time it went (or was meant to go) out, newest first: by email,
 * "per E-Mail an … am …" with the state (a failure with its reason and the server's words; an
 * uncertain send with the three ways out, mail.resolveUncertain, since Arnika never resends on its
 * own), and by post, "per Post versandt am …" (printed from Arnika, or marked by hand). Refreshes
 * whenever a send changed (sendChanges).
 */
import { useState } from 'react';
import type { OutboxEntry } from '../../../shared/contract/mail.js';
import type { UncertainAction } from '../../../shared/mail/outbox.js';
import { useApiMutation, useApiQuery } from '../../data/query.js';
import { Alert } from '../../ui/Alert.js';
import { Icon } from '../../ui/Icon.js';
import { useToast } from '../../ui/Toast.js';
import { errorText } from '../../ui/errors.js';
import { Details } from './SendInvoiceDialog.js';
import { sendChanges } from './sendChanges.js';
import { StateBadge } from './StateBadge.js';
import './send.css';
import { formatWhen } from './sendFormat.js';
import { mailErrorSentence } from '../../ui/errors.js';
import { useT } from '../../app/i18n.js';

const actions: UncertainAction[] = ['resend', 'mark_sent', 'discard'];

type PostEntry = { how: 'printed' | 'marked'; at: string };

export function SendHistory({ invoice, onMarkPosted }: {
  invoice: { id: string; status: 'draft' | 'issued' | 'cancelled'; postHistory?: PostEntry[] };
  /** Offers "Als per Post versandt markieren" (where the header does not already). */
  onMarkPosted?: (() => void) | undefined;
}) {
  const t = useT();
  const toast = useToast();
  const invoiceId = invoice.id;
  const [busy, setBusy] = useState<string | null>(null);
  // Fresh whenever the outbox changes: main pushes that (data/events.ts), no polling.
  const history = useApiQuery('mail.invoiceHistory', { invoiceId }, {
    enabled: invoice.status !== 'draft',
    select: (list) => [...list].reverse(),
  });
  const resolveCall = useApiMutation('mail.resolveUncertain', { invalidates: sendChanges });
  const entries = history.data ?? null;
  const failure = resolveCall.error ?? history.error;
  const error = failure ? errorText(t, failure) : null;

  async function resolve(entry: OutboxEntry, action: UncertainAction) {
    if (busy) return;
    setBusy(entry.outboxId);
    const result = await resolveCall.run({ outboxId: entry.outboxId, action });
    setBusy(null);
    if (!result.ok) {
      await history.refetch();
      return;
    }
    toast.show(t(`sendUi.uncertain.done.${action}`));
  }

  const posts = [...(invoice.postHistory ?? [])].reverse();
  if (invoice.status === 'draft') return null;
  // A cancelled invoice that never went out has nothing to tell here.
  if (invoice.status === 'cancelled' && entries !== null && entries.length === 0 && posts.length === 0) return null;
  // Newest first, emails and post together.
  const merged: ({ kind: 'mail'; at: string; entry: OutboxEntry } | { kind: 'post'; at: string; entry: PostEntry })[] = [
    ...(entries ?? []).map((e) => ({ kind: 'mail' as const, at: e.sentAt ?? e.createdAt, entry: e })),
    ...posts.map((p) => ({ kind: 'post' as const, at: p.at, entry: p })),
  ].sort((a, b) => b.at.localeCompare(a.at));

  return (
    <section className="card send-history" aria-labelledby="send-history-title">
      <h2 id="send-history-title" className="card-title">
        {t('sendUi.history.title')}
      </h2>
      <div className="send-history-body">
        {error && <Alert>{error}</Alert>}
        {entries && merged.length === 0 && <p className="muted">{t('sendUi.history.empty')}</p>}
        {entries && merged.length > 0 && (
          <ul className="send-history-list">
            {merged.map((m) => m.kind === 'post' ? (
              <li key={`post-${m.at}`} className="send-entry" aria-label={t('post.historyLine', { when: formatWhen(m.at) })}>
                <div className="send-entry-head">
                  <Icon name="printer" size={16} />
                  <span className="send-entry-line">{t('post.historyLine', { when: formatWhen(m.at) })}</span>
                </div>
                <p className="send-entry-meta">{t(m.entry.how === 'printed' ? 'post.historyPrinted' : 'post.historyMarked')}</p>
              </li>
            ) : ((e) => (
              <li key={e.outboxId} className="send-entry" aria-label={t('sendUi.history.line', { to: e.to, when: formatWhen(e.sentAt ?? e.createdAt) })}>
                <div className="send-entry-head">
                  <Icon name="send" size={16} />
                  <span className="send-entry-line">{t('sendUi.history.line', { to: e.to, when: formatWhen(e.sentAt ?? e.createdAt) })}</span>
                  <StateBadge state={e.state} retryAt={e.state === 'queued' && e.error ? e.nextAttemptAt : null} />
                </div>
                <p className="send-entry-meta">
                  {t('sendUi.history.meta', { subject: e.subject, attachment: e.attachmentName })}
                  {e.resolution && ` · ${t(`sendUi.resolution.${e.resolution}`)}`}
                </p>
                {e.error && e.state !== 'sent' && e.state !== 'cancelled' && (
                  <div className={`send-entry-problem ${e.state === 'failed' ? 'alert-error' : 'result-warn'}`}>
                    <p>{e.state === 'uncertain' ? t('sendUi.uncertain.explain') : mailErrorSentence(t, e.error.code)}</p>
                    {e.error.details && <Details t={t} text={e.error.details} />}
                  </div>
                )}
                {e.state === 'uncertain' && (
                  <div className="send-entry-actions" role="group" aria-label={t('sendUi.state.uncertain')}>
                    {actions.map((a) => (
                      <button
                        key={a}
                        type="button"
                        className={a === 'discard' ? 'button small danger-outline' : 'button small'}
                        disabled={busy !== null}
                        onClick={() => void resolve(e, a)}
                      >
                        {t(`sendUi.uncertain.${a}`)}
                      </button>
                    ))}
                  </div>
                )}
              </li>
            ))(m.entry))}
          </ul>
        )}
        {onMarkPosted && (
          <div className="send-history-actions">
            <button type="button" className="button small" onClick={onMarkPosted}>
              <Icon name="check" size={16} />
              {t('post.mark')}
            </button>
          </div>
        )}
      </div>
    </section>
  );
}
