/**
 * What the preload exposes as window.arnika, as a plain function of the IPC call so tests run it
 * without Electron. The allowlist is the contract's method list in its zod-free form (names.ts,
 * tested to equal the contract's keys), so it cannot drift from main and the bundle stays small.
 */
import { isListedMethodName } from '../shared/contract/names.js';
import type { Envelope } from '../shared/errors.js';

export const ipcChannel = 'arnika:invoke';

export type IpcInvoke = (channel: string, method: string, input: unknown) => Promise<unknown>;

export interface Bridge {
  invoke(method: string, input?: unknown): Promise<Envelope<unknown>>;
}

export function createBridge(ipcInvoke: IpcInvoke): Bridge {
  return {
    async invoke(method, input) {
      // Unknown names are answered here: the renderer cannot use the preload to probe main's IPC.
      if (typeof method !== 'string' || !isListedMethodName(method)) {
        return { ok: false, error: { code: 'unknown_method', message: `Unknown method ${String(method).slice(0, 100)}` } };
      }
      try {
        return (await ipcInvoke(ipcChannel, method, input ?? {})) as Envelope<unknown>;
      } catch {
        // Only transport failures land here (input that cannot be cloned, main not ready):
        // main itself always answers with an envelope.
        return { ok: false, error: { code: 'internal', message: 'IPC failed', details: { ipc: true } } };
      }
    },
  };
}
