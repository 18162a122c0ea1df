/**
 * Owns the log files in the data folder: logs/arnika.log, rotated by size into arnika.1.log and
 * arnika.2.log (so at most about three times maxBytes on disk), how an error is written into them
 * (name, code, stack frames; never the message, which can quote a patient's name or a server's
 * answer), and reading them back, bounded, for "Logdatei exportieren".
 *
 * Plain synchronous appends: the app logs little (errors, a few events), lines stay in order and
 * nothing is lost when the process ends right after. A log that cannot be written (disk full, folder
 * gone) never stops the app.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const logFileName = 'arnika.log';
const rotated = (i: number) => (i === 0 ? logFileName : `arnika.${i}.log`);

export interface LogFileOptions {
  /** A file grows to about this size before it is rotated. */
  maxBytes?: number;
  /** Files kept, the current one included. */
  files?: number;
}

export function rotatingLogFile(dir: string, { maxBytes = 1024 * 1024, files = 3 }: LogFileOptions = {}) {
  const current = join(dir, logFileName);
  let size: number | null = null;

  function rotate(): void {
    for (let i = files - 1; i > 0; i--) {
      const from = join(dir, rotated(i - 1));
      if (existsSync(from)) renameSync(from, join(dir, rotated(i)));
    }
    size = 0;
  }

  return {
    write(text: string): void {
      try {
        if (size === null) {
          mkdirSync(dir, { recursive: true, mode: 0o700 });
          size = existsSync(current) ? statSync(current).size : 0;
        }
        const bytes = Buffer.byteLength(text);
        if (size > 0 && size + bytes > maxBytes) rotate();
        appendFileSync(current, text, { mode: 0o600 });
        size += bytes;
      } catch {
        // Nowhere to write the log: the app goes on; the next write tries again.
        size = null;
      }
    },
  };
}

/**
 * An error as the log keeps it: its name and code (and those of its causes), and its stack frames
 * with file names only (no folder, which may hold the user's name). Never the message: a database
 * or JSON error quotes the data it choked on, a mail server the recipient.
 */
export function formatError(err: unknown, depth = 0): string {
  const indent = '  '.repeat(depth + 1);
  if (err === null || err === undefined) return '';
  if (typeof err !== 'object') return `${indent}(thrown ${typeof err})\n`;
  const e = err as { name?: unknown; code?: unknown; errno?: unknown; syscall?: unknown; stack?: unknown; cause?: unknown; issues?: unknown };
  const safe = (v: unknown) => (typeof v === 'string' && /^[A-Za-z][\w.:-]{0,63}$/.test(v) ? v : typeof v === 'number' ? String(v) : null);
  const head = [
    safe(e.name) ?? (err instanceof Error ? 'Error' : 'object'),
    ...(['code', 'errno', 'syscall'] as const).flatMap((k) => (safe(e[k]) ? [`${k}=${safe(e[k])}`] : [])),
  ].join(' ');
  // A validation error: which rule failed where (schema field names), not the values.
  const issues = Array.isArray(e.issues)
    ? (e.issues as Array<{ code?: unknown; path?: unknown }>).slice(0, 20).map((i) => {
        const path = Array.isArray(i.path) ? i.path.map((p) => (typeof p === 'number' ? String(p) : (safe(p) ?? '?'))).join('.') : '';
        return `${indent}  issue ${safe(i.code) ?? '?'} at ${path || '(root)'}\n`;
      })
    : [];
  const frames = typeof e.stack === 'string'
    ? e.stack.split('\n').filter((l) => /^\s+at /.test(l)).slice(0, 40).map((l) => `${indent}  ${stripFolders(l.trim())}\n`)
    : [];
  const cause = e.cause !== undefined && depth < 3 ? `${indent}caused by:\n${formatError(e.cause, depth + 1)}` : '';
  return `${indent}${head}\n${issues.join('')}${frames.join('')}${cause}`;
}

/** "at f (file:///home/anna/Arnika/main.mjs:12:3)" -> "at f (main.mjs:12:3)". */
function stripFolders(frame: string): string {
  return frame.replace(/(?:file:\/\/)?(?:[A-Za-z]:)?[^\s()]*[/\\]([^/\\\s()]+:\d+(?::\d+)?)/g, '$1');
}

/**
 * The log for support: the kept files oldest first, at most maxBytes of the newest lines, starting
 * at a whole line. Empty when nothing was logged yet.
 */
export function readLogFiles(dir: string, { files = 3, maxBytes = 4 * 1024 * 1024 }: { files?: number; maxBytes?: number } = {}): string {
  const parts: Buffer[] = [];
  for (let i = files - 1; i >= 0; i--) {
    const file = join(dir, rotated(i));
    try {
      parts.push(readFileSync(file));
    } catch {
      // Not there (yet): nothing to add.
    }
  }
  const all = Buffer.concat(parts);
  if (all.length <= maxBytes) return all.toString('utf8');
  const tail = all.subarray(all.length - maxBytes);
  const firstLine = tail.indexOf(0x0a);
  return tail.subarray(firstLine + 1).toString('utf8');
}
