/**
 * One page of invoices: the search is debounced (~200 ms); the page shown always answers the
 * filters it names (data/usePage). Only ever one page (50) is asked for, which keeps the list
 * quick with 100’000 invoices.
 */
import type { InvoiceSummary } from '../../../shared/contract/index.js';
import { usePage } from '../../data/usePage.js';
import { useDebounced } from '../../ui/useDebounced.js';
import type { InvoiceListState } from './listState.js';

export const invoicePageSize = 50;

export interface InvoicePage {
  total: number;
  totalMinor: number;
  items: InvoiceSummary[];
  query: string;
  /** Filters other than the defaults were set (for the empty state's wording). */
  filtered: boolean;
}

export function useInvoiceList(state: InvoiceListState, onOffsetOverflow: (offset: number) => void) {
  const query = useDebounced(state.query);
  const { status, from, to, practiceId, offset } = state;
  const input = {
    status, query, offset, limit: invoicePageSize,
    ...(from ? { from } : {}), ...(to ? { to } : {}), ...(practiceId ? { practiceId } : {}),
  };
  const list = usePage('invoices.list', input, invoicePageSize, onOffsetOverflow);
  const settled = list.settled;
  let page: InvoicePage | null = null;
  if (settled) {
    const { total, totalMinor, items } = settled.data;
    const asked = settled.input;
    const filtered = asked.query !== '' || asked.status !== 'all' || Boolean(asked.from) || Boolean(asked.to) || Boolean(asked.practiceId);
    page = { total, totalMinor, items, query: asked.query ?? '', filtered };
  }
  return { page, error: list.error, pending: list.fetching || query !== state.query };
}
