/**
 * The invoice list's filters and page, kept for the browser tab (sessionStorage) so that coming
 * back from an invoice, or reloading, lands on the same place in the list.
 */
export type InvoiceListStatus = 'all' | 'draft' | 'issued' | 'cancelled';

export interface InvoiceListState {
  query: string;
  status: InvoiceListStatus;
  from: string;
  to: string;
  /** '' for all practices. */
  practiceId: string;
  offset: number;
}

const key = 'arnika.invoiceList';
export const initialInvoiceListState: InvoiceListState = { query: '', status: 'all', from: '', to: '', practiceId: '', offset: 0 };

const isDate = (s: unknown): s is string => typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s);

export function loadInvoiceListState(): InvoiceListState {
  try {
    const raw = sessionStorage.getItem(key);
    if (!raw) return initialInvoiceListState;
    const s = JSON.parse(raw) as Partial<InvoiceListState>;
    return {
      query: typeof s.query === 'string' ? s.query : '',
      status: s.status === 'draft' || s.status === 'issued' || s.status === 'cancelled' ? s.status : 'all',
      from: isDate(s.from) ? s.from : '',
      to: isDate(s.to) ? s.to : '',
      practiceId: typeof s.practiceId === 'string' ? s.practiceId : '',
      offset: typeof s.offset === 'number' && s.offset >= 0 ? s.offset : 0,
    };
  } catch {
    return initialInvoiceListState;
  }
}

export function saveInvoiceListState(state: InvoiceListState): void {
  try {
    sessionStorage.setItem(key, JSON.stringify(state));
  } catch {
    // Storage full or disabled: the list simply starts fresh next time.
  }
}
