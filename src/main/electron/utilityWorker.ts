/**
 * The desktop's way to start a worker process (src/main/platform/worker.ts): Electron's
 * utilityProcess, a Node child that Electron manages with the app (it ends with it, shows in the
 * task manager under its name, and loads the same native better-sqlite3 as the main process). Thin
 * on purpose: the worker's protocol and the failure handling are platform/worker.ts's, tested under
 * Node; tests/unit/electron-worker.test.ts runs a backup through this with the fake electron module.
 */
import { utilityProcess } from 'electron';
import type { ForkWorker } from '../platform/worker.js';

export const utilityForkWorker: ForkWorker = (script, name) => {
  const child = utilityProcess.fork(script, [], { serviceName: name, stdio: 'inherit' });
  return {
    send: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.on('exit', (code) => listener(code)),
    kill: () => void child.kill(),
  };
};
