/** Starts the built browser-mode server as a real process and measures start to ready. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface RunningServer {
  port: number;
  token: string;
  startMs: number;
  call(method: string, input: unknown): Promise<{ ok: boolean; data?: unknown; error?: unknown }>;
  stop(): Promise<void>;
}

export async function startServer(root: string, dataDir: string, extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  const token = 'bench-token';
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [join(root, 'dist/main/browser.mjs'), '--data-dir', dataDir, '--port', '0'], {
    env: { ...process.env, ARNIKA_TOKEN: token, ...extraEnv },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c;
      const m = /Arnika ready: http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const startMs = performance.now() - started;
  return {
    port,
    token,
    startMs,
    async call(method, input) {
      const res = await fetch(`http://127.0.0.1:${port}/api/${method}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(input),
      });
      return (await res.json()) as { ok: boolean; data?: unknown };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
