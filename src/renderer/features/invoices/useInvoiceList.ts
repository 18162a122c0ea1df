/**
 * Loads one page of invoices: the search is debounced (~200 ms) and every request carries a
 * number, so an answer that arrives after a newer request was sent is dropped. Only ever one page
 * (50) is asked for, which keeps the list quick with 100’000 invoices.
 */
import { useEffect, useRef, useState } from 'react';
import type { InvoiceSummary } from '../../../shared/contract/index.js';
import type { ErrorBody } from '../../../shared/errors.js';
import { api } from '../../api.js';
import type { InvoiceListState } from './listState.js';
import { useDebounced } from '../../ui/useDebounced.js';

export const invoicePageSize = 50;

export interface InvoicePage {
  total: number;
  totalMinor: number;
  items: InvoiceSummary[];
  query: string;
  /** Filters other than the defaults were set (for the empty state's wording). */
  filtered: boolean;
}

export function useInvoiceList(state: InvoiceListState, onOffsetOverflow: (offset: number) => void, reloadKey: number) {
  const query = useDebounced(state.query);
  const [page, setPage] = useState<InvoicePage | null>(null);
  const [error, setError] = useState<ErrorBody | null>(null);
  const [loading, setLoading] = useState(true);
  const requests = useRef(0);

  const { status, from, to, practiceId, offset } = state;
  useEffect(() => {
    const n = ++requests.current;
    setLoading(true);
    void (async () => {
      const result = await api.call('invoices.list', {
        status, query, offset, limit: invoicePageSize,
        ...(from ? { from } : {}), ...(to ? { to } : {}), ...(practiceId ? { practiceId } : {}),
      });
      if (n !== requests.current) return;
      setLoading(false);
      if (!result.ok) return setError(result.error);
      const { total, totalMinor, items } = result.data;
      if (items.length === 0 && offset > 0 && total > 0) {
        onOffsetOverflow(Math.floor((total - 1) / invoicePageSize) * invoicePageSize);
        return;
      }
      setError(null);
      setPage({ total, totalMinor, items, query, filtered: query !== '' || status !== 'all' || from !== '' || to !== '' || practiceId !== '' });
    })();
  }, [query, status, from, to, practiceId, offset, onOffsetOverflow, reloadKey]);

  return { page, error, pending: loading || query !== state.query };
}
