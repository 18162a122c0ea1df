/**
 * Main-side log: stacks and error codes stay here, never in an envelope. A log line says what
 * happened in fixed words; ids, codes and counts go into fields. Nothing about a person, no secret
 * and no token is logged: the event must be a string literal (a string built from data does not
 * compile), field values that are not ids, codes, numbers or timestamps are written as [redacted],
 * and an error is written as its name, code and stack frames, never its message (see logFile.ts).
 */
import { join } from 'node:path';
import { formatError, rotatingLogFile } from './logFile.js';

/**
 * A fixed text: a string literal (or a union of literals), never a string built from data. An event
 * with a string or number interpolated into it is typed `never`, so the call does not compile
 * ("not assignable to parameter of type 'never'"): put the value into the fields instead.
 */
export type LogEvent<E extends string> = [E] extends [never] ? never : IsFixed<E> extends true ? E : never;
type IsFixed<T extends string> = T extends ''
  ? true
  : T extends `${infer C}${infer Rest}`
    ? string extends C ? false : `${number}` extends C ? false : `${bigint}` extends C ? false : IsFixed<Rest>
    : false;
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  error<E extends string>(event: LogEvent<E>, err?: unknown, fields?: LogFields): void;
  info<E extends string>(event: LogEvent<E>, fields?: LogFields): void;
}

/** The terminal in browser mode and development: the whole error, for whoever runs Arnika by hand. */
export const consoleLogger: Logger = {
  error: (event, err, fields) => console.error(`[arnika] ${event}`, fields ?? '', err instanceof Error ? err.stack : (err ?? '')),
  info: (event, fields) => console.error(`[arnika] ${event}`, fields ?? ''),
};

export const silentLogger: Logger = { error: () => {}, info: () => {} };

/** Where the log files live in a data folder. */
export const logFolderName = 'logs';
export const logDir = (dataDir: string) => join(dataDir, logFolderName);

/** A log that writes to the data folder's rotating file (see logFile.ts). */
export function fileLogger(dir: string, now: () => Date = () => new Date()): Logger {
  const file = rotatingLogFile(dir);
  const line = (level: 'ERROR' | 'INFO', event: string, fields: LogFields | undefined, err?: unknown) =>
    file.write(`${now().toISOString()} ${level} ${formatEvent(event)}${formatFields(fields)}\n${err === undefined ? '' : formatError(err)}`);
  return {
    error: (event, err, fields) => line('ERROR', event, fields, err ?? null),
    info: (event, fields) => line('INFO', event, fields),
  };
}

/** Both at once: the app's default, the file for support and the console for whoever watches. */
export function teeLogger(...logs: Logger[]): Logger {
  return {
    error: (event, err, fields) => logs.forEach((l) => l.error(event as never, err, fields)),
    info: (event, fields) => logs.forEach((l) => l.info(event as never, fields)),
  };
}

/** The app's log for a data folder: its file, and the console. */
export function defaultLogger(dataDir: string): Logger {
  return teeLogger(fileLogger(logDir(dataDir)), consoleLogger);
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const code = /^[A-Za-z][\w.:-]{0,63}$/;
const isoTime = /^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/;

/** Field values that cannot hold a person's data pass; anything else is [redacted]. */
function formatFields(fields: LogFields | undefined): string {
  if (!fields) return '';
  return Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => {
      const key = code.test(k) ? k : 'field';
      if (v === null || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) return ` ${key}=${String(v)}`;
      const s = String(v);
      return ` ${key}=${uuid.test(s) || code.test(s) || isoTime.test(s) ? s : '[redacted]'}`;
    })
    .join('');
}

/**
 * The event is a literal by its type; this is the second line of defence for a cast or a literal
 * that still holds data: addresses and runs of digits (phone, AHV, IBAN) are blanked, ids kept.
 */
function formatEvent(event: string): string {
  return event
    .slice(0, 200)
    .replace(/[\r\n\t]/g, ' ')
    .replace(/\S+@\S+/g, '[address]')
    .replace(/[a-z][\w+.-]*:\/\/\S+/gi, '[url]')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(\d[\d .'/-]*\d|\d)/gi, (m, digits: string | undefined) =>
      digits !== undefined && digits.replace(/\D/g, '').length >= 3 ? '#' : m,
    );
}
