/**
 * The one entry point for every API call, whatever the transport (Electron IPC or HTTP): checks
 * the method exists, validates input with the contract's schema, runs the handler, cuts the output
 * to the contract's output schema and answers with an envelope. Nothing is thrown past it.
 * An error that is not an AppError goes through `mapError` (createApp reads disk and database
 * faults from it: storage.disk_full, storage.corrupt, ...); what is left is a bug: 'internal'.
 */
import { contract, isMethodName } from '../../shared/contract/index.js';
import { AppError, type Envelope } from '../../shared/errors.js';
import { toFieldErrors } from '../../shared/validation/issues.js';
import type { Handlers } from '../platform/domain.js';
import type { Logger } from '../platform/log.js';

export type { Handler, Handlers } from '../platform/domain.js';

export type Dispatch = (method: string, input: unknown) => Promise<Envelope<unknown>>;

/** Turns an unexpected error into one the user can act on, or null. */
export type ErrorMapper = (err: unknown) => AppError | null;

export function createDispatcher(handlers: Handlers, log: Logger, mapError: ErrorMapper = () => null): Dispatch {
  return async (method, rawInput) => {
    if (!isMethodName(method)) {
      return { ok: false, error: { code: 'unknown_method', message: `Unknown method ${method}` } };
    }
    const spec = contract[method];
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      return {
        ok: false,
        error: { code: 'validation', message: `Invalid input for ${method}`, details: { fields: toFieldErrors(parsed.error.issues) } },
      };
    }
    try {
      const handler = handlers[method] as (input: unknown) => unknown;
      const result = await handler(parsed.data);
      const out = spec.output.safeParse(result);
      if (!out.success) {
        log.error('dispatch.output_mismatch', out.error, { method });
        return { ok: false, error: { code: 'internal', message: 'Internal error' } };
      }
      return { ok: true, data: out.data };
    } catch (thrown) {
      const err = thrown instanceof AppError ? thrown : mapError(thrown);
      if (err) {
        return { ok: false, error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } };
      }
      log.error('dispatch.unexpected_error', thrown, { method });
      return { ok: false, error: { code: 'internal', message: 'Internal error' } };
    }
  };
}
