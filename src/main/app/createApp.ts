/**
 * The composition root: opens the data folder's database and wires every use-case into the one
 * dispatcher. No electron import: the desktop shell, browser mode and tests all call this.
 * If the data folder cannot be used (a database from a newer Arnika), the app still answers,
 * every method with that error, so the UI can show a clear screen instead of crashing.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { methodNames, type MethodName } from '../../shared/contract/index.js';
import { AppError } from '../../shared/errors.js';
import { openDatabase, type Db } from '../db/open.js';
import { createInvoiceDomain } from '../invoices/handlers.js';
import { createMailDomain } from '../mail/handlers.js';
import type { OutboxWorker, OutboxWorkerOptions } from '../mail/outboxWorker.js';
import { Patients } from '../patients/patients.js';
import { Practices } from '../practices/practices.js';
import { keyFileSecretBox, type SecretBox } from '../secrets/secrets.js';
import { systemClock, type Clock } from './clock.js';
import type { DesktopPort } from './desktop.js';
import { createDispatcher, type Dispatch, type Handlers } from './dispatcher.js';
import { defaultLogger, type Logger } from './log.js';
import { SettingsStore } from './settings.js';
import { exportLog } from './supportLog.js';
import { ViewerFiles } from './viewerFiles.js';
import { appVersion } from './version.js';

export interface AppOptions {
  dataDir: string;
  desktop?: DesktopPort;
  secrets?: SecretBox;
  clock?: Clock;
  /** Default: the data folder's rotating log file (logs/) and the console. */
  log?: Logger;
  /** The mail outbox: backoff, attempts, SMTP timeouts (tests and the benchmark shorten them). */
  mail?: OutboxWorkerOptions & {
    /** false: the outbox worker is not started (queued mail stays queued; tests drive it with drain()). */
    autoStart?: boolean;
  };
}

export interface App {
  dispatch: Dispatch;
  /** The open database, or null when the data folder could not be used. For tests and backups. */
  db: Db | null;
  /** The worker that sends queued mail, or null when the data folder could not be used. */
  outbox: OutboxWorker | null;
  /**
   * Closes at once. Mail being handed to a server right now is cut off; its row stays 'sending' and
   * shows as 'uncertain' at the next start (never sent twice by itself).
   */
  close(): void;
  /** Closes after the message being handed over right now has its outcome committed (bounded by the SMTP timeouts). */
  shutdown(): Promise<void>;
}

export const databaseFileName = 'arnika.sqlite';
/** In the data folder: invoice PDFs opened in the system's viewer (ViewerFiles). */
export const viewerFolderName = 'viewer';

export async function createApp(options: AppOptions): Promise<App> {
  const clock = options.clock ?? systemClock;
  mkdirSync(options.dataDir, { recursive: true });
  const log = options.log ?? defaultLogger(options.dataDir);
  log.info('app.start', { version: appVersion });
  let db: Db;
  try {
    ({ db } = await openDatabase(join(options.dataDir, databaseFileName), { now: () => clock.now() }));
  } catch (err) {
    const failure = err instanceof AppError ? err : new AppError('db.open_failed', String((err as Error).message ?? err));
    log.error('db.open_failed', err, { code: failure.code });
    return {
      dispatch: createDispatcher(failedHandlers(failure, options.dataDir, clock), log), db: null, outbox: null, close() {}, shutdown: async () => {},
    };
  }

  const secrets = options.secrets ?? keyFileSecretBox(options.dataDir);
  const settings = new SettingsStore(db);
  const practices = new Practices(db, clock);
  const patients = new Patients(db, clock);
  // PDFs opened for viewing: what a previous run left is removed now, the rest when the app closes.
  const viewerFiles = new ViewerFiles(join(options.dataDir, viewerFolderName));
  viewerFiles.clear();
  const invoiceDomain = createInvoiceDomain({ db, clock, practices, patients, desktop: options.desktop, viewerFiles });
  const { autoStart = true, smtpTimeouts, ...outboxOptions } = options.mail ?? {};
  const mail = createMailDomain({
    db, secrets, clock, log, invoices: invoiceDomain.invoices, patients, outbox: outboxOptions, ...(smtpTimeouts ? { smtpTimeouts } : {}),
  });

  const handlers: Handlers = {
    'app.info': () => ({
      version: appVersion,
      dataDir: options.dataDir,
      needsSetup: practices.count() === 0,
      uiLanguage: settings.get().uiLanguage,
      startupError: null,
    }),
    'settings.get': () => settings.get(),
    'settings.update': (input) => settings.update(input),
    'app.exportLog': () => exportLog(options.dataDir, clock),

    'practices.list': () => practices.list(),
    'practices.get': ({ id }) => practices.get(id),
    'practices.create': ({ practice, makeDefault }) => practices.create(practice, makeDefault),
    'practices.update': ({ id, practice }) => practices.update(id, practice),
    'practices.setDefault': ({ id }) => practices.setDefault(id),
    'practices.delete': ({ id }) => practices.delete(id),

    'patients.list': (query) => patients.list(query),
    'patients.get': ({ id }) => patients.get(id),
    'patients.create': ({ patient }) => patients.create(patient),
    'patients.update': ({ id, patient }) => patients.update(id, patient),
    'patients.archive': ({ id }) => patients.setArchived(id, true),
    'patients.unarchive': ({ id }) => patients.setArchived(id, false),
    'patients.delete': ({ id }) => patients.delete(id),

    ...invoiceDomain.handlers,
    ...mail.handlers,
  };

  // Rows a previous run left in 'sending' become 'uncertain' here, before any new send starts.
  if (autoStart) mail.outbox.start();

  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    mail.outbox.stopNow();
    db.close();
    viewerFiles.clear();
  };
  return {
    dispatch: createDispatcher(handlers, log),
    db,
    outbox: mail.outbox,
    close,
    async shutdown() {
      if (!closed) await mail.outbox.stop();
      close();
    },
  };
}

function failedHandlers(failure: AppError, dataDir: string, clock: Clock): Handlers {
  const entries = methodNames.map((m: MethodName) => [m, () => { throw failure; }]);
  return {
    ...(Object.fromEntries(entries) as Handlers),
    // Support needs the log most when the data folder cannot be used.
    'app.exportLog': () => exportLog(dataDir, clock),
    'app.info': () => ({
      version: appVersion,
      dataDir,
      needsSetup: false,
      uiLanguage: 'de' as const,
      startupError: { code: failure.code, message: failure.message },
    }),
  };
}
