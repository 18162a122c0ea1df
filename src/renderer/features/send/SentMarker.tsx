/** The small "gesendet" marker next to an invoice that went out by email at least once. */
import { Icon } from '../../ui/Icon.js';
import { formatDate } from '../../ui/format.js';
import type { SendStatus } from './useSendStatus.js';
import { useT } from '../../app/i18n.js';

export function SentMarker({ status }: { status: SendStatus | undefined }) {
  const t = useT();
  if (!status?.sent) return null;
  const title = t('sendUi.markerTitle', { date: formatDate(status.lastSentAt) });
  return (
    <span className="send-marker" title={title}>
      <Icon name="send" size={12} />
      {t('sendUi.marker')}
      <span className="visually-hidden"> ({title})</span>
    </span>
  );
}
