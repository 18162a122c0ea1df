/** An outbox entry's state as a small badge: gesendet, wird gesendet, wartet (nächster Versuch …), fehlgeschlagen, unklar, abgebrochen. */
import type { OutboxState } from '../../../shared/mail/outbox.js';
import { formatWhen, useSendT } from './sendT.js';

const tone: Record<OutboxState, string> = {
  queued: 'send-badge-waiting',
  sending: 'send-badge-waiting',
  sent: 'send-badge-sent',
  failed: 'send-badge-failed',
  uncertain: 'send-badge-uncertain',
  cancelled: 'send-badge-cancelled',
};

/** `retryAt`: the row waits for another attempt after a temporary failure (queued with an error). */
export function StateBadge({ state, retryAt }: { state: OutboxState; retryAt?: string | null | undefined }) {
  const s = useSendT();
  const label = state === 'queued' && retryAt ? s('sendUi.state.retry', { time: formatWhen(retryAt, false) }) : s(`sendUi.state.${state}`);
  return <span className={`badge flush send-badge ${tone[state]}`}>{label}</span>;
}
