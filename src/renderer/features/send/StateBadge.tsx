/** An outbox entry's state as a small badge: gesendet, wird gesendet, wartet (nächster Versuch …), fehlgeschlagen, unklar, abgebrochen. */
import type { OutboxState } from '../../../shared/mail/outbox.js';
import { formatWhen } from './sendFormat.js';
import { useT } from '../../app/i18n.js';

const tone: Record<OutboxState, string> = {
  queued: 'badge-open',
  sending: 'badge-open',
  sent: 'badge-issued',
  failed: 'badge-cancelled',
  uncertain: 'badge-draft',
  cancelled: 'badge-muted',
};

/** `retryAt`: the row waits for another attempt after a temporary failure (queued with an error). */
export function StateBadge({ state, retryAt }: { state: OutboxState; retryAt?: string | null | undefined }) {
  const t = useT();
  const label = state === 'queued' && retryAt ? t('sendUi.state.retry', { time: formatWhen(retryAt, false) }) : t(`sendUi.state.${state}`);
  return <span className={`badge flush ${tone[state]}`}>{label}</span>;
}
