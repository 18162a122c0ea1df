/**
 * "1–50 von 1’234" with the ways to move through a long list: first and last page, previous and
 * next, and a page number to jump to ("Seite [12] von 25"), so 1,000 pages are not 1,000 clicks.
 * Pages are offsets into the server's list. A page change brings the top of the list into view
 * (the list the pagination belongs to: its nearest card).
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
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
  const nav = useRef<HTMLElement>(null);
  const pages = Math.max(1, Math.ceil(total / limit));
  const page = Math.floor(offset / limit) + 1;
  const [typed, setTyped] = useState(String(page));
  useEffect(() => setTyped(String(page)), [page]);
  if (total === 0) return null;
  const from = offset + 1;
  const to = Math.min(offset + limit, total);

  function go(target: number) {
    const next = Math.min(Math.max(1, target), pages);
    setTyped(String(next));
    if (next === page) return;
    onChange((next - 1) * limit);
    const list = nav.current?.closest<HTMLElement>('.card') ?? nav.current?.parentElement;
    list?.scrollIntoView({ block: 'start' });
  }

  function jump(e: FormEvent) {
    e.preventDefault();
    const n = Number(typed.trim());
    if (Number.isInteger(n)) go(n);
    else setTyped(String(page));
  }

  return (
    <nav ref={nav} className="pagination" aria-label={t('pagination.label')}>
      <span className="pagination-range">
        {t('pagination.range', { from: formatNumber(from), to: formatNumber(to), total: formatNumber(total) })}
      </span>
      {pages > 2 && (
        <button type="button" className="button" disabled={page === 1} onClick={() => go(1)} aria-label={t('pagination.first')} title={t('pagination.first')}>
          <Icon name="first" />
        </button>
      )}
      <button type="button" className="button" disabled={page === 1} onClick={() => go(page - 1)}>
        <Icon name="left" />
        {t('pagination.previous')}
      </button>
      {pages > 2 && (
        <form className="pagination-jump" onSubmit={jump}>
          <label htmlFor="pagination-page">{t('pagination.page')}</label>
          <input
            id="pagination-page"
            className="input"
            inputMode="numeric"
            autoComplete="off"
            value={typed}
            aria-describedby="pagination-pages"
            onChange={(e) => setTyped(e.target.value)}
            onBlur={() => setTyped(String(page))}
          />
          <span id="pagination-pages">{t('pagination.of', { pages: formatNumber(pages) })}</span>
        </form>
      )}
      <button type="button" className="button" disabled={page === pages} onClick={() => go(page + 1)}>
        {t('pagination.next')}
        <Icon name="right" />
      </button>
      {pages > 2 && (
        <button type="button" className="button" disabled={page === pages} onClick={() => go(pages)} aria-label={t('pagination.last')} title={t('pagination.last')}>
          <Icon name="last" />
        </button>
      )}
    </nav>
  );
}
