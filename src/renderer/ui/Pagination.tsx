/** "1–50 von 1’234" with previous/next buttons; pages are offsets into the server's list. */
import { formatNumber } from './format.js';
import { useT } from '../app/i18n.js';
import { Icon } from './Icon.js';

interface PaginationProps {
  offset: number;
  limit: number;
  total: number;
  onChange(offset: number): void;
}

export function Pagination({ offset, limit, total, onChange }: PaginationProps) {
  const t = useT();
  if (total === 0) return null;
  const from = offset + 1;
  const to = Math.min(offset + limit, total);
  return (
    <nav className="pagination" aria-label={t('pagination.label')}>
      <span className="pagination-range">
        {t('pagination.range', { from: formatNumber(from), to: formatNumber(to), total: formatNumber(total) })}
      </span>
      <button type="button" className="button" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - limit))}>
        <Icon name="left" />
        {t('pagination.previous')}
      </button>
      <button type="button" className="button" disabled={to >= total} onClick={() => onChange(offset + limit)}>
        {t('pagination.next')}
        <Icon name="right" />
      </button>
    </nav>
  );
}
