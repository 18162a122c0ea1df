/**
 * How an invoice went out, as small markers in the invoice lists: "E-Mail" when it was sent by
 * email at least once, "Post" when it was printed or marked as sent by post, "nicht versandt" for
 * an issued invoice that went out neither way yet.
 */
import { Icon } from '../../ui/Icon.js';
import { formatDate } from '../../ui/format.js';
import type { SendStatus } from './useSendStatus.js';
import { useT } from '../../app/i18n.js';

export function SentMarker({ status, postedAt, invoiceStatus }: {
  status: SendStatus | undefined;
  /** When it was last printed or marked as sent by post. */
  postedAt?: string | null;
  invoiceStatus?: 'draft' | 'issued' | 'cancelled';
}) {
  const t = useT();
  const byMail = status?.sent === true;
  const byPost = postedAt !== undefined && postedAt !== null;
  if (!byMail && !byPost) {
    return invoiceStatus === 'issued' && status !== undefined ? <span className="send-marker send-marker-none">{t('post.markerNone')}</span> : null;
  }
  const mailTitle = byMail ? t('sendUi.markerTitle', { date: formatDate(status.lastSentAt) }) : '';
  const postTitle = byPost ? t('post.markerTitle', { date: formatDate(postedAt) }) : '';
  return (
    <>
      {byMail && (
        <span className="send-marker" title={mailTitle}>
          <Icon name="send" size={12} />
          {t('post.markerMail')}
          <span className="visually-hidden"> ({mailTitle})</span>
        </span>
      )}
      {byPost && (
        <span className="send-marker send-marker-post" title={postTitle}>
          <Icon name="printer" size={12} />
          {t('post.marker')}
          <span className="visually-hidden"> ({postTitle})</span>
        </span>
      )}
    </>
  );
}
