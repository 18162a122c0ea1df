/**
 * Browser mode run inside the test's own process, on a clock the test can set: the same createApp
 * and startBrowserServer that `npm run start:browser` runs (src/main/browser/cli.ts), with the
 * clock passed the way createApp takes one, so a test can have the app's "now" be a minute before
 * 08:00 and watch what happens at 08:00 without waiting for the next morning. The clock runs at
 * real speed from where it is set (timers in the app keep working). Everything else is the product.
 * The SMTP test CA is trusted because the test workers inherit NODE_EXTRA_CA_CERTS (globalSetup.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/main/app/createApp.js';
import { startBrowserServer } from '../../src/main/browser/server.js';
import { projectRoot, type BrowserApp } from '../helpers/browserApp.js';

export interface ClockedApp extends BrowserApp {
  /** Sets the app's "now" (it runs on from there at real speed). */
  setNow(at: Date): void;
  now(): Date;
}

export async function startInProcessApp(): Promise<ClockedApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'arnika-e2e-clock-'));
  const token = `e2e-${randomBytes(12).toString('hex')}`;
  let offset = 0;
  const clock = { now: () => new Date(Date.now() + offset) };
  const app = await createApp({ dataDir, host: 'browser', clock });
  const server = await startBrowserServer({
    dispatch: app.dispatch, token, port: 0, staticDir: join(projectRoot(), 'dist', 'renderer'), log: app.log,
    ...(app.files ? { streams: { events: app.events, files: app.files } } : {}),
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await server.close();
    await app.shutdown();
    app.close();
  };
  return {
    url: `${server.url}#token=${token}`,
    origin: server.url,
    dataDir,
    token,
    async call<T>(method: string, input: unknown = {}): Promise<T> {
      const result = await app.dispatch(method, input);
      if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`);
      return result.data as T;
    },
    setNow(at: Date) {
      offset = at.getTime() - Date.now();
    },
    now: () => clock.now(),
    stop,
    restart: () => Promise.reject(new Error('an in-process app is not restarted')),
    async dispose() {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
    log: () => '',
  };
}
