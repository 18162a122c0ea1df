/**
 * The renderer's server state: TanStack Query over the one typed client (api.ts). A query is keyed
 * by [method, input]; its error is the envelope's ErrorBody, so screens translate it as before
 * (errorText, fieldErrorsFrom). A mutation names what it makes stale by method prefix
 * (`invalidates: ['patients.', 'invoices.list']`); those queries refetch once it succeeded.
 */
import { useMutation, useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract/index.js';
import type { Envelope, ErrorBody } from '../../shared/errors.js';
import { api } from '../api.js';
import { invalidateMethods } from './cache.js';
import { apiQueryKey } from './keys.js';

/** The call as a promise that rejects with the ErrorBody, as TanStack Query expects. */
export async function callOrThrow<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await api.call(method, input);
  if (!result.ok) throw result.error;
  return result.data;
}

export { apiQueryKey } from './keys.js';

type QueryOptions<M extends MethodName, T> = Omit<UseQueryOptions<MethodOutput<M>, ErrorBody, T, readonly [M, MethodInput<M>]>, 'queryKey' | 'queryFn'>;

export function useApiQuery<M extends MethodName, T = MethodOutput<M>>(method: M, input: MethodInput<M>, options?: QueryOptions<M, T>) {
  return useQuery({ queryKey: apiQueryKey(method, input), queryFn: () => callOrThrow(method, input), ...options });
}

export interface ApiMutationOptions {
  /** Method prefixes whose cached answers this change makes stale. */
  invalidates?: readonly string[];
}

/**
 * A change through the API. `run(input)` resolves to the envelope (never rejects), so a screen
 * keeps its own flow (toast, field errors, navigate); `isPending` is the busy state, `error` the
 * last refusal. Invalidation has finished when `run` resolves: what the screen shows next is fresh.
 */
export function useApiMutation<M extends MethodName>(method: M, options: ApiMutationOptions = {}) {
  const client = useQueryClient();
  const { invalidates = [] } = options;
  const mutation = useMutation<MethodOutput<M>, ErrorBody, MethodInput<M>>({
    mutationFn: (input) => callOrThrow(method, input),
    onSuccess: () => invalidateMethods(client, invalidates),
  });
  const { mutateAsync } = mutation;
  const run = useCallback(
    async (input: MethodInput<M>): Promise<Envelope<MethodOutput<M>>> => {
      try {
        return { ok: true, data: await mutateAsync(input) };
      } catch (error) {
        return { ok: false, error: error as ErrorBody };
      }
    },
    [mutateAsync],
  );
  return { run, isPending: mutation.isPending, error: mutation.error, reset: mutation.reset };
}

/** Puts a mutation's answer into the cache where it is the whole answer of a query (invoices.updateDraft → invoices.get). */
export function useSetApiData() {
  const client = useQueryClient();
  return useCallback(<M extends MethodName>(method: M, input: MethodInput<M>, data: MethodOutput<M>) => {
    client.setQueryData(apiQueryKey(method, input), data);
  }, [client]);
}
