/** A real app on a real SQLite file in a fresh temporary folder, with a fixed clock. */
import { rmSync } from 'node:fs';
import { createApp, type App, type AppOptions } from '../../src/main/app/createApp.js';
import { silentLogger } from '../../src/main/platform/log.js';
import { keyFileSecretBox } from '../../src/main/platform/secrets.js';
import type { MethodInput, MethodName, MethodOutput } from '../../src/shared/contract/index.js';
import type { ErrorBody } from '../../src/shared/errors.js';
import { tempDir } from './tempDir.js';

export { removeTempDirs, tempDir } from './tempDir.js';

/** A clock the test sets or moves by hand. */
export interface TestClock {
  now(): Date;
  set(iso: string): void;
  advance(ms: number): void;
}

export interface TestApp extends App {
  dataDir: string;
  clock: TestClock;
  /** Calls a method and returns its data; fails the test with the error body otherwise. */
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /** Calls a method that must fail and returns the error body. */
  fail<M extends MethodName>(method: M, input: unknown): Promise<ErrorBody>;
  /** Closes the app but keeps the data folder (for a restart on it). */
  closeOnly(): void;
  cleanup(): void;
}

export async function makeApp(
  options: { dataDir?: string; now?: string; app?: Pick<AppOptions, 'mail' | 'desktop' | 'log' | 'backup' | 'forkWorker'> } = {},
): Promise<TestApp> {
  const dataDir = options.dataDir ?? tempDir();
  let now = new Date(options.now ?? '2026-11-23T10:00:00Z');
  const clock: TestClock = {
    now: () => new Date(now),
    set: (iso) => {
      now = new Date(iso);
    },
    advance: (ms) => {
      now = new Date(now.getTime() + ms);
    },
  };
  const app = await createApp({ dataDir, clock, log: silentLogger, secrets: keyFileSecretBox(dataDir), ...options.app });
  return {
    ...app,
    // Read at each use: a restore replaces the database (and the outbox on it) under the app.
    get db() {
      return app.db;
    },
    get outbox() {
      return app.outbox;
    },
    dataDir,
    clock,
    async call(method, input) {
      const r = await app.dispatch(method, input);
      if (!r.ok) throw new Error(`${method} failed: ${JSON.stringify(r.error)}`);
      return r.data as never;
    },
    async fail(method, input) {
      const r = await app.dispatch(method, input);
      if (r.ok) throw new Error(`${method} unexpectedly succeeded: ${JSON.stringify(r.data)}`);
      return r.error;
    },
    closeOnly() {
      app.close();
    },
    cleanup() {
      app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
