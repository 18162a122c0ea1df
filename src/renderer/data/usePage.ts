/**
 * One page of a long list (patients, invoices): the last answer stays on screen while the next
 * page or search is asked for, an answer is shown only for the input it answers (never a late one
 * for an older search), and a page that ran empty (items deleted meanwhile) moves to the last page.
 */
import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract/index.js';
import { useApiQuery } from './query.js';

type PagedMethod = { [M in MethodName]: MethodOutput<M> extends { total: number; items: unknown[] } ? M : never }[MethodName];

export interface SettledPage<M extends PagedMethod> {
  data: MethodOutput<M>;
  input: MethodInput<M>;
}

export function usePage<M extends PagedMethod>(method: M, input: MethodInput<M> & { offset: number }, pageSize: number, onOffsetOverflow: (offset: number) => void) {
  const query = useApiQuery(method, input, { placeholderData: keepPreviousData });
  const [settled, setSettled] = useState<SettledPage<M> | null>(null);
  const answer = query.isPlaceholderData ? undefined : (query.data as MethodOutput<M> | undefined);
  useEffect(() => {
    if (!answer) return;
    const { total, items } = answer as { total: number; items: unknown[] };
    if (items.length === 0 && input.offset > 0 && total > 0) return onOffsetOverflow(Math.floor((total - 1) / pageSize) * pageSize);
    setSettled({ data: answer, input });
    // Only a new answer counts: `input` is a new object at every render.
  }, [answer]);
  return { settled, error: query.error, fetching: query.isFetching };
}
