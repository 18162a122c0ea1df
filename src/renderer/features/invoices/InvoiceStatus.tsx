/** The invoice status as a badge: Entwurf, ausgestellt, storniert. */
import type { InvoiceSummary } from '../../../shared/contract/index.js';
import { useT } from '../../app/i18n.js';

export function InvoiceStatusBadge({ status, large }: { status: InvoiceSummary['status']; large?: boolean }) {
  const t = useT();
  const cls = status === 'draft' ? 'badge-draft' : status === 'issued' ? 'badge-issued' : 'badge-cancelled';
  return <span className={`badge flush ${cls}${large ? ' badge-large' : ''}`}>{t(`invoice.status.${status}`)}</span>;
}
