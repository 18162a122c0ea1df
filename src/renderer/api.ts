/**
 * The renderer's only way to main: a typed client over whichever transport this window has.
 * Desktop: the preload's `window.arnika.invoke` (Electron IPC). Browser mode: POST /api/<method>
 * with the token handed over in the URL fragment (#token=...), kept in sessionStorage.
 */
import type { MethodInput, MethodName, MethodOutput } from '../shared/contract/index.js';
import type { Envelope } from '../shared/errors.js';

export type Transport = (method: string, input: unknown) => Promise<Envelope<unknown>>;

declare global {
  interface Window {
    /** The desktop's preload (src/preload): absent in browser mode. */
    arnika?: {
      invoke: Transport;
      onEvent?(listener: (event: unknown) => void): () => void;
      upload?(fileName: string, bytes: ArrayBuffer): Promise<Envelope<unknown>>;
    };
  }
}

const tokenKey = 'arnika.token';

function takeToken(): string {
  const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (match) {
    sessionStorage.setItem(tokenKey, decodeURIComponent(match[1]!));
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(tokenKey) ?? '';
}

/** Browser mode's bearer token (from the address Arnika printed), for the routes beside the method calls. */
let browserToken: string | null = null;

export function authHeaders(): Record<string, string> {
  browserToken ??= takeToken();
  return { Authorization: `Bearer ${browserToken}` };
}

export function httpTransport(): Transport {
  const token = (browserToken ??= takeToken());
  return async (method, input) => {
    try {
      const res = await fetch(`api/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(input ?? {}),
      });
      return (await res.json()) as Envelope<unknown>;
    } catch {
      return { ok: false, error: { code: 'internal', message: 'network', details: { network: true } } };
    }
  };
}

export interface Client {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Envelope<MethodOutput<M>>>;
}

/** Fired on window when main answers storage.corrupt: the database turned out to be damaged (features/storage/StorageProblem.tsx). */
export const storageCorruptEvent = 'arnika:storage-corrupt';

export function createClient(transport: Transport): Client {
  return {
    call: async (method, input) => {
      const answer = await transport(method, input);
      if (!answer.ok && answer.error.code === 'storage.corrupt') window.dispatchEvent(new Event(storageCorruptEvent));
      return answer as never;
    },
  };
}

export const api: Client = createClient(window.arnika?.invoke ?? httpTransport());
