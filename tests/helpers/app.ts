/** A real app on a real SQLite file in a fresh temporary folder, with a fixed clock. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../src/main/app/createApp.js';
import { silentLogger } from '../../src/main/app/log.js';
import { keyFileSecretBox } from '../../src/main/secrets/secrets.js';
import type { MethodInput, MethodName, MethodOutput } from '../../src/shared/contract/index.js';
import type { ErrorBody } from '../../src/shared/errors.js';

export function tempDir(prefix = 'arnika-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface TestApp extends App {
  dataDir: string;
  clock: { now(): Date; set(iso: string): void };
  /** Calls a method and returns its data; fails the test with the error body otherwise. */
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /** Calls a method that must fail and returns the error body. */
  fail<M extends MethodName>(method: M, input: unknown): Promise<ErrorBody>;
  cleanup(): void;
}

export async function makeApp(options: { dataDir?: string; now?: string } = {}): Promise<TestApp> {
  const dataDir = options.dataDir ?? tempDir();
  let now = new Date(options.now ?? '2026-11-23T10:00:00Z');
  const clock = { now: () => new Date(now), set: (iso: string) => { now = new Date(iso); } };
  const app = await createApp({ dataDir, clock, log: silentLogger, secrets: keyFileSecretBox(dataDir) });
  return {
    ...app,
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
    cleanup() {
      app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
