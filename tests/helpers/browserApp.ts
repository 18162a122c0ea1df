/**
 * Starts the built app in browser mode as a real child process (`node dist/main/browser.mjs`) on
 * a fresh data folder, waits for its one `Arnika ready:` line and hands back the URL. `stop()`
 * sends SIGTERM and waits for the exit; `restart()` starts again on the same data folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export function projectRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

export interface BrowserApp {
  /** The ready line's URL, with `#token=…`. */
  url: string;
  /** http://127.0.0.1:<port>/ without the token. */
  origin: string;
  dataDir: string;
  token: string;
  /** Calls the API directly, as the renderer does (for setting up data quickly). */
  call<T = unknown>(method: string, input?: unknown): Promise<T>;
  stop(): Promise<void>;
  restart(): Promise<void>;
  /** Stops the app and removes its data folder. */
  dispose(): Promise<void>;
  /** What the process wrote to stderr (for failure messages). */
  log(): string;
}

interface Running {
  child: ChildProcess;
  url: string;
  origin: string;
}

function launch(dataDir: string, token: string, logs: string[], env: Record<string, string> = {}): Promise<Running> {
  const entry = join(projectRoot(), 'dist', 'main', 'browser.mjs');
  const child = spawn(process.execPath, [entry, '--data-dir', dataDir, '--port', '0'], {
    cwd: projectRoot(),
    env: { ...process.env, ...env, ARNIKA_TOKEN: token },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => logs.push(chunk));
  return new Promise((resolveReady, reject) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error('Arnika did not print its ready line within 20 s')), 20_000);
    function fail(err: Error) {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${err.message}\n${logs.join('')}`));
    }
    child.once('exit', (code) => fail(new Error(`Arnika exited early with code ${code}`)));
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const m = /^Arnika ready: (http:\/\/127\.0\.0\.1:\d+\/)#token=(\S+)$/m.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolveReady({ child, url: `${m[1]}#token=${m[2]}`, origin: m[1]! });
    });
  });
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
  });
}

export interface BrowserAppOptions {
  dataDir?: string;
  token?: string;
  /**
   * Extra environment for the app's process (on top of this one's), e.g. NODE_EXTRA_CA_CERTS for a
   * test CA: Node reads that only when a process starts. Kept for restart().
   */
  env?: Record<string, string>;
}

export async function startBrowserApp(options: BrowserAppOptions = {}): Promise<BrowserApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'arnika-e2e-'));
  const token = options.token ?? `e2e-${randomBytes(12).toString('hex')}`;
  const logs: string[] = [];
  let running: Running | null = await launch(dataDir, token, logs, options.env);

  const app: BrowserApp = {
    url: running.url,
    origin: running.origin,
    dataDir,
    token,
    async call<T>(method: string, input: unknown = {}): Promise<T> {
      if (!running) throw new Error('Arnika is not running');
      const res = await fetch(`${running.origin}api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(input),
      });
      const body = (await res.json()) as { ok: boolean; data?: T; error?: unknown };
      if (!body.ok) throw new Error(`${method} failed: ${JSON.stringify(body.error)}`);
      return body.data as T;
    },
    async stop() {
      if (!running) return;
      const { child } = running;
      running = null;
      child.kill('SIGTERM');
      await waitForExit(child);
    },
    async restart() {
      await app.stop();
      running = await launch(dataDir, token, logs, options.env);
      app.url = running.url;
      app.origin = running.origin;
    },
    async dispose() {
      await app.stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
    log: () => logs.join(''),
  };
  return app;
}
