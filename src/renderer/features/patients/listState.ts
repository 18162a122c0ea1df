/**
 * The patient list's search, filter, sort and page, kept for the browser tab (sessionStorage)
 * so that coming back from a patient, or reloading, lands on the same place in the list.
 */
export type ListStatus = 'active' | 'archived' | 'all';
export type ListSort = 'name' | 'birthDate' | 'updatedAt';

export interface ListState {
  query: string;
  status: ListStatus;
  sort: ListSort;
  offset: number;
}

const key = 'arnika.patientList';
const initial: ListState = { query: '', status: 'active', sort: 'name', offset: 0 };

export function loadListState(): ListState {
  try {
    const raw = sessionStorage.getItem(key);
    if (!raw) return initial;
    const s = JSON.parse(raw) as Partial<ListState>;
    return {
      query: typeof s.query === 'string' ? s.query : '',
      status: s.status === 'archived' || s.status === 'all' ? s.status : 'active',
      sort: s.sort === 'birthDate' || s.sort === 'updatedAt' ? s.sort : 'name',
      offset: typeof s.offset === 'number' && s.offset >= 0 ? s.offset : 0,
    };
  } catch {
    return initial;
  }
}

export function saveListState(state: ListState): void {
  try {
    sessionStorage.setItem(key, JSON.stringify(state));
  } catch {
    // Storage full or disabled: the list simply starts fresh next time.
  }
}

/** "Zuletzt geändert" reads best newest first; names and birth dates ascending. */
export function directionFor(sort: ListSort): 'asc' | 'desc' {
  return sort === 'updatedAt' ? 'desc' : 'asc';
}
