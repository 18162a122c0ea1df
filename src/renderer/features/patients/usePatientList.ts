/**
 * Loads one page of patients for the list: the search is debounced (~200 ms) and every request
 * carries a number, so an answer that arrives after a newer request was sent is dropped.
 */
import { useEffect, useRef, useState } from 'react';
import type { PatientSummary } from '../../../shared/contract/index.js';
import type { ErrorBody } from '../../../shared/errors.js';
import { api } from '../../api.js';
import { directionFor, type ListState } from './listState.js';
import { useDebounced } from '../../ui/useDebounced.js';

export const pageSize = 50;

export interface PatientPage {
  total: number;
  items: PatientSummary[];
  /** The query this page answers (for the "nothing found for …" text). */
  query: string;
  /** Whether any patient exists at all, asked only when this page is empty without a search. */
  anyPatients: boolean;
}

export function usePatientList(state: ListState, onOffsetOverflow: (offset: number) => void) {
  const query = useDebounced(state.query);
  const [page, setPage] = useState<PatientPage | null>(null);
  const [error, setError] = useState<ErrorBody | null>(null);
  const [loading, setLoading] = useState(true);
  const requests = useRef(0);

  const { status, sort, offset } = state;
  useEffect(() => {
    const n = ++requests.current;
    setLoading(true);
    void (async () => {
      const result = await api.call('patients.list', { query, status, sort, direction: directionFor(sort), offset, limit: pageSize });
      if (n !== requests.current) return;
      if (!result.ok) {
        setError(result.error);
        setLoading(false);
        return;
      }
      const { total, items } = result.data;
      if (items.length === 0 && offset > 0 && total > 0) {
        // The page ran empty (patients deleted or archived meanwhile): go to the last page there is.
        onOffsetOverflow(Math.floor((total - 1) / pageSize) * pageSize);
        return;
      }
      let anyPatients = total > 0;
      if (!anyPatients && query === '' && status !== 'all') {
        const all = await api.call('patients.list', { status: 'all', limit: 1 });
        if (n !== requests.current) return;
        anyPatients = all.ok && all.data.total > 0;
      }
      setError(null);
      setPage({ total, items, query, anyPatients });
      setLoading(false);
    })();
  }, [query, status, sort, offset, onOffsetOverflow]);

  /** True while the typed search has not been sent yet or its answer is outstanding. */
  const pending = loading || query !== state.query;
  return { page, error, pending, sentQuery: query };
}
