import type { MethodInput, MethodName } from '../../shared/contract/index.js';

/** A query's cache key: the method and its input. */
export const apiQueryKey = <M extends MethodName>(method: M, input: MethodInput<M>) => [method, input] as const;
