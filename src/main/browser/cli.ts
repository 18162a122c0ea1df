/**
 * `npm run start:browser`: opens the data folder, serves the app on 127.0.0.1 and prints exactly
 * one line to stdout when ready. Everything else goes to stderr.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../app/createApp.js';
import { defaultDataDir } from '../app/dataDir.js';
import { defaultLogger } from '../app/log.js';
import { keyFileSecretBox } from '../secrets/secrets.js';
import { startBrowserServer } from './server.js';

export interface CliOptions {
  dataDir: string;
  port: number;
  token: string;
}

export function parseCli(argv: string[], env: NodeJS.ProcessEnv): CliOptions {
  let dataDir = env.ARNIKA_DATA_DIR;
  let port = env.ARNIKA_PORT ? Number(env.ARNIKA_PORT) : 0;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--data-dir') dataDir = value();
    else if (flag === '--port') port = Number(value());
    else throw new Error(`Unknown option ${arg}. Use --data-dir DIR and --port N.`);
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be a number from 0 to 65535');
  const token = env.ARNIKA_TOKEN || randomBytes(24).toString('base64url');
  return { dataDir: resolve(dataDir ?? defaultDataDir()), port, token };
}

function rendererDir(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'dist', 'renderer');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (existsSync(join(dir, 'renderer', 'index.html'))) return join(dir, 'renderer');
    dir = dirname(dir);
  }
  return null;
}

export async function main(argv = process.argv.slice(2)): Promise<void> {
  let options: CliOptions;
  try {
    options = parseCli(argv, process.env);
  } catch (err) {
    console.error(`Arnika: ${(err as Error).message}`);
    process.exit(2);
  }
  const log = defaultLogger(options.dataDir);
  const app = await createApp({ dataDir: options.dataDir, secrets: keyFileSecretBox(options.dataDir), log });
  const server = await startBrowserServer({ dispatch: app.dispatch, token: options.token, port: options.port, staticDir: rendererDir(), log });
  console.error(`[arnika] data folder: ${options.dataDir}`);
  process.stdout.write(`Arnika ready: http://127.0.0.1:${server.port}/#token=${options.token}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`[arnika] ${signal}: closing`);
    // The outbox finishes the message it is handing over, so it does not end up "uncertain".
    void server
      .close()
      .then(() => app.shutdown())
      .catch((err: unknown) => log.error('browser.shutdown_failed', err))
      .finally(() => {
        app.close();
        process.exit(0);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
