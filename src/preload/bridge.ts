/**
 * What the preload exposes as window.arnika, as a plain function of the IPC call so tests run it
 * without Electron. The allowlist is the contract's method list in its zod-free form (names.ts,
 * tested to equal the contract's keys), so it cannot drift from main and the bundle stays small.
 */
import { isListedMethodName } from '../shared/contract/names.js';
import type { Envelope } from '../shared/errors.js';

export const ipcChannel = 'arnika:invoke';
/** Main pushes ServerEvents (job progress, data changed) to the window on this channel. */
export const eventChannel = 'arnika:event';
/** A file the user dropped or chose in a file input, handed to main as bytes (answers an UploadRef envelope). */
export const uploadChannel = 'arnika:upload';

export type IpcInvoke = (channel: string, ...args: unknown[]) => Promise<unknown>;
/** Subscribes to a channel main sends on; returns the unsubscribe. */
export type IpcListen = (channel: string, listener: (payload: unknown) => void) => () => void;

export interface Bridge {
  invoke(method: string, input?: unknown): Promise<Envelope<unknown>>;
  /** Events main pushes; the listener gets the event only (never Electron's event object). */
  onEvent(listener: (event: unknown) => void): () => void;
  upload(fileName: string, bytes: ArrayBuffer): Promise<Envelope<unknown>>;
}

export function createBridge(ipcInvoke: IpcInvoke, ipcListen: IpcListen = () => () => {}): Bridge {
  return {
    onEvent(listener) {
      if (typeof listener !== 'function') return () => {};
      return ipcListen(eventChannel, (payload) => listener(payload));
    },
    async upload(fileName, bytes) {
      if (typeof fileName !== 'string' || !(bytes instanceof ArrayBuffer)) {
        return { ok: false, error: { code: 'validation', message: 'upload(fileName, ArrayBuffer)' } };
      }
      try {
        return (await ipcInvoke(uploadChannel, fileName, bytes)) as Envelope<unknown>;
      } catch {
        return { ok: false, error: { code: 'internal', message: 'IPC failed', details: { ipc: true } } };
      }
    },
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
