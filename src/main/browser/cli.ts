/**
 * `npm run start:browser`: opens the data folder, serves the app on 127.0.0.1 and prints exactly
 * one line to stdout when ready. Everything else goes to stderr.
 *
 * When another Arnika holds the data folder, this one opens nothing in it; it says so on stderr,
 * and its address shows the same message in the browser (a browser opened from a shortcut would
 * otherwise find nothing there). Ctrl-C ends it as usual.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../app/createApp.js';
import { defaultDataDir } from '../platform/dataDir.js';
import { privateUmask } from '../platform/db/privateFolder.js';
import { translate } from '../../shared/i18n/index.js';
import type { Language } from '../../shared/validation/fields.js';
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

/** The language of the terminal (LC_ALL, LC_MESSAGES, LANG), German if it is none of Arnika's. */
export function terminalLanguage(env: NodeJS.ProcessEnv): Language {
  const tag = (env.LC_ALL || env.LC_MESSAGES || env.LANG || '').slice(0, 2).toLowerCase();
  return tag === 'fr' || tag === 'it' || tag === 'en' ? tag : 'de';
}

/** The startup error in words for the terminal; for another Arnika on the folder, who that is. */
export function startupMessage(error: { code: string; details?: Record<string, string | number> }, lang: Language): string {
  const text = translate(lang, `error.${error.code}`);
  const d = error.details;
  if (error.code !== 'storage.locked' || !d || d.pid === undefined) return text;
  const since = typeof d.since === 'string' ? new Date(d.since).toLocaleString(`${lang}-CH`, { dateStyle: 'short', timeStyle: 'short' }) : '?';
  const host = translate(lang, d.host === 'desktop' ? 'storage.host.desktop' : 'storage.host.browser');
  return `${text} ${translate(lang, 'storage.lockedBy', { host, pid: d.pid, since })}`;
}

export async function main(argv = process.argv.slice(2)): Promise<void> {
  let options: CliOptions;
  try {
    options = parseCli(argv, process.env);
  } catch (err) {
    console.error(`Arnika: ${(err as Error).message}`);
    process.exit(2);
  }
  // Everything this process writes is for this user only: the data folder holds every anamnesis.
  process.umask(privateUmask);
  const app = await createApp({ dataDir: options.dataDir, host: 'browser' });
  const server = await startBrowserServer({ dispatch: app.dispatch, token: options.token, port: options.port, staticDir: rendererDir(), log: app.log,
    ...(app.files ? { streams: { events: app.events, files: app.files } } : {}) });
  console.error(`[arnika] data folder: ${options.dataDir}`);
  const info = await app.dispatch('app.info', {});
  const startupError = info.ok ? (info.data as { startupError: { code: string; details?: Record<string, string | number> } | null }).startupError : null;
  if (startupError) console.error(`Arnika: ${startupMessage(startupError, terminalLanguage(process.env))}`);
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
      .catch((err: unknown) => app.log.error('browser.shutdown_failed', err))
      .finally(() => {
        app.close();
        process.exit(0);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
