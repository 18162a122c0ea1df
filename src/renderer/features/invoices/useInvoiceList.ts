/**
 * One page of invoices: the search goes out at once, or as soon as the answer in flight is in
 * (ui/useLatestWhenIdle: no fixed pause, one request at a time); the page shown always answers the
 * filters it names (data/usePage). Only ever one page (50) is asked for, which keeps the list
 * quick with 100’000 invoices.
 */
import type { InvoiceSummary } from '../../../shared/contract/index.js';
import { usePage } from '../../data/usePage.js';
import { useIsFetching } from '@tanstack/react-query';
import { useLatestWhenIdle } from '../../ui/useLatestWhenIdle.js';
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
  const query = useLatestWhenIdle(state.query, useIsFetching({ queryKey: ['invoices.list'] }) > 0);
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
