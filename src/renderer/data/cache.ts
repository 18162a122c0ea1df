/**
 * The query cache itself, without the transport: its defaults, the error type every query and
 * mutation carries (the envelope's ErrorBody), and invalidation by method prefix.
 */
import { QueryClient } from '@tanstack/react-query';
import type { ErrorBody } from '../../shared/errors.js';

declare module '@tanstack/react-query' {
  interface Register {
    defaultError: ErrorBody;
  }
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // Main is on this machine: a refusal is an answer, not a flaky network, and asking again
      // would only repeat it. Data changes only through this window, so focus means nothing new.
      queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false },
      mutations: { retry: false },
    },
  });
}

/** 'patients.' names a domain's every method, 'invoices.list' one method. */
export function matchesPrefixes(method: unknown, prefixes: readonly string[]): boolean {
  return typeof method === 'string' && prefixes.some((p) => (p.endsWith('.') ? method.startsWith(p) : method === p));
}

/** Marks every cached answer of these methods stale; the ones on screen refetch at once. */
export function invalidateMethods(client: QueryClient, prefixes: readonly string[]): Promise<void> {
  if (prefixes.length === 0) return Promise.resolve();
  return client.invalidateQueries({ predicate: (q) => matchesPrefixes(q.queryKey[0], prefixes) });
}
