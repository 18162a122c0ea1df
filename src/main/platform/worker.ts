/**
 * Owns the one process boundary of the app: heavy work that needs no live connection (encrypting
 * and checking a backup) runs in a child process, so the main process keeps answering. One child
 * per piece of work, which gets its request over the IPC channel, reports progress, sends one
 * result and ends; no shared state, no pool.
 *
 * How a child is started is the host's: under Node (browser mode, tests, benchmarks)
 * `child_process.fork` (nodeForkWorker here); on the desktop Electron's `utilityProcess.fork`
 * (src/main/electron/utilityWorker.ts), passed in as a `ForkWorker`. The child's side of the
 * channel (parentChannel) speaks both.
 *
 * Worker scripts are bundled next to the app's own bundle (scripts/build.mjs: dist/main/<name>.mjs);
 * `ARNIKA_WORKERS_DIR` names another folder (tests running from source build them there, the
 * benchmarks point at dist/main).
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The parent's handle on one child. */
export interface WorkerProcess {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** The child ended (code null: killed by a signal). */
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

/** Starts `script` (an ES module) as a child; `name` is what the system's task list shows, where it can. */
export type ForkWorker = (script: string, name: string) => WorkerProcess;

export const nodeForkWorker: ForkWorker = (script) => {
  const child = fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
  return {
    send: (message) => child.send(message as Parameters<typeof child.send>[0]),
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.on('exit', (code) => listener(code)),
    kill: () => child.kill('SIGKILL'),
  };
};

/** The bundled worker `name` (dist/main/<name>.mjs, or in ARNIKA_WORKERS_DIR). */
export function workerScript(name: string): string {
  const dir = process.env.ARNIKA_WORKERS_DIR ?? dirname(fileURLToPath(import.meta.url));
  const script = join(dir, `${name}.mjs`);
  if (!existsSync(script)) throw new Error(`The worker ${script} is missing (built by scripts/build.mjs into dist/main)`);
  return script;
}

/** The child ended before it sent its result (it crashed, ran out of memory, or was killed). */
export class WorkerExited extends Error {
  constructor(readonly code: number | null) {
    super(`The worker process ended before its work was done (${code === null ? 'killed' : `exit code ${code}`})`);
  }
}

export interface WorkerMessage {
  type: 'progress' | 'done' | 'failed';
}

/**
 * Runs one request in a fresh child: resolves with the payload of its 'done' message, rejects with
 * the 'failed' message's error (as `toError` makes it) or WorkerExited; `onProgress` gets every
 * 'progress' message. An abort kills the child (it rejects with the signal's reason).
 */
export function runInWorker<Done extends WorkerMessage, Progress extends WorkerMessage, Failed extends WorkerMessage>(
  forkWorker: ForkWorker,
  name: string,
  request: unknown,
  handlers: { onProgress(message: Progress): void; toError(message: Failed): Error; signal?: AbortSignal | undefined },
): Promise<Done> {
  return new Promise((resolve, reject) => {
    let settled = false;
    // The child has nothing left to do once it answered: it ends here (it would wait for more
    // messages otherwise), and the same way when the work is given up.
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      handlers.signal?.removeEventListener('abort', abort);
      child.kill();
      fn();
    };
    const child = forkWorker(workerScript(name), name);
    const abort = () => settle(() => reject(handlers.signal?.reason ?? new Error('aborted')));
    if (handlers.signal?.aborted) return abort();
    handlers.signal?.addEventListener('abort', abort);
    child.onMessage((raw) => {
      const message = raw as WorkerMessage;
      if (message.type === 'progress') handlers.onProgress(message as Progress);
      else if (message.type === 'done') settle(() => resolve(message as Done));
      else if (message.type === 'failed') settle(() => reject(handlers.toError(message as Failed)));
    });
    child.onExit((code) => settle(() => reject(new WorkerExited(code))));
    child.send(request);
  });
}

/** The child's end of the channel: Electron's parentPort in a utility process, else Node's IPC. */
export function parentChannel(): { send(message: unknown): void; onMessage(listener: (message: unknown) => void): void } {
  const port = (process as unknown as { parentPort?: { postMessage(m: unknown): void; on(e: 'message', l: (e: { data: unknown }) => void): void } }).parentPort;
  if (port) return { send: (message) => port.postMessage(message), onMessage: (listener) => port.on('message', (e) => listener(e.data)) };
  if (!process.send) throw new Error('Not started as a worker (no IPC channel)');
  return { send: (message) => process.send!(message), onMessage: (listener) => process.on('message', listener) };
}
