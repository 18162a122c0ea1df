/**
 * One page of patients for the list: the search goes out at once, or as soon as the answer in
 * flight is in (ui/useLatestWhenIdle: no fixed pause, one request at a time); the page shown always
 * answers the search it names (data/usePage). Whether any patient exists at all is asked only when
 * a page without a search comes back empty (the empty state then says "no patients yet").
 */
import type { PatientSummary } from '../../../shared/contract/index.js';
import { usePage } from '../../data/usePage.js';
import { useApiQuery } from '../../data/query.js';
import { useIsFetching } from '@tanstack/react-query';
import { useLatestWhenIdle } from '../../ui/useLatestWhenIdle.js';
import { directionFor, type ListState } from './listState.js';

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
  const query = useLatestWhenIdle(state.query, useIsFetching({ queryKey: ['patients.list'] }) > 0);
  const { status, sort, offset } = state;
  const list = usePage('patients.list', { query, status, sort, direction: directionFor(sort), offset, limit: pageSize }, pageSize, onOffsetOverflow);
  const settled = list.settled;
  const askAny = settled !== null && settled.data.total === 0 && settled.input.query === '' && settled.input.status !== 'all';
  const any = useApiQuery('patients.list', { status: 'all', limit: 1 }, { enabled: askAny });
  const page: PatientPage | null = settled && (!askAny || any.isFetched)
    ? { total: settled.data.total, items: settled.data.items, query: settled.input.query ?? '', anyPatients: settled.data.total > 0 || (any.data?.total ?? 0) > 0 }
    : null;

  /** True while the typed search has not been sent yet or its answer is outstanding. */
  const pending = list.fetching || (askAny && !any.isFetched) || query !== state.query;
  return { page, error: list.error, pending, sentQuery: query };
}
