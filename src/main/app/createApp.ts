/**
 * The composition root: takes the data folder (one Arnika per folder), opens its database and
 * wires every use-case into the one dispatcher. No electron import: the desktop shell, browser
 * mode and tests all call this.
 *
 * It owns the start-up decisions about the data folder, in this order, and touches nothing before
 * the first one has passed:
 * 1. another Arnika holds the folder: refused (storage.locked, naming the other one);
 * 2. the folder and its files are made private (0700/0600);
 * 3. the database is missing or empty in a folder that was used before: nothing is created until
 *    the user confirms (storage.missing / storage.empty, then storage.createNew);
 * 4. the database is damaged (quick_check, or SQLITE_CORRUPT/NOTADB from any call later): it is
 *    opened read-only and every change is refused with storage.corrupt;
 * 5. a database from a newer Arnika: refused untouched (db.newer_version).
 * When the folder cannot be used, the app still answers, every method with that error, so the UI
 * can show a calm screen instead of crashing.
 */
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { methodNames, type MethodName } from '../../shared/contract/index.js';
import { AppError } from '../../shared/errors.js';
import { storageFault } from '../platform/db/errors.js';
import { lockDataFolder, lockFileName, type FolderLock, type Host } from '../platform/db/folderLock.js';
import { openDamagedDatabase, openDatabase, type Db } from '../platform/db/open.js';
import { makeFolderPrivate, privateFolderMode } from '../platform/db/privateFolder.js';
import { registerCases } from '../cases/index.js';
import { registerInvoices } from '../invoices/index.js';
import { registerMail, type MailNetwork, type OutboxWorker, type OutboxWorkerOptions } from '../mail/index.js';
import { registerPatients } from '../patients/index.js';
import type { DomainDeps } from '../platform/domain.js';
import { EventBus } from '../platform/events.js';
import { FileStore } from '../platform/files.js';
import { JobRunner } from '../platform/jobs.js';
import { registerPractices } from '../practices/index.js';
import { registerTarif590 } from '../tarif590/index.js';
import { keyFileSecretBox, type SecretBox } from '../platform/secrets.js';
import { systemClock, type Clock } from '../platform/clock.js';
import type { DesktopPort } from '../platform/desktop.js';
import { createDispatcher, type Dispatch, type Handlers } from './dispatcher.js';
import { hostHandlers } from './hostHandlers.js';
import { consoleLogger, defaultLogger, type Logger } from '../platform/log.js';
import { SettingsStore } from '../platform/settings.js';
import { exportLog } from '../platform/supportLog.js';
import { ViewerFiles } from '../platform/viewerFiles.js';
import { appVersion } from '../platform/version.js';

export interface AppOptions {
  dataDir: string;
  /** Which kind of Arnika this is, as a second one that finds the folder in use is told. Default: browser. */
  host?: Host;
  desktop?: DesktopPort;
  secrets?: SecretBox;
  clock?: Clock;
  log?: Logger;
  /** The mail outbox: backoff, attempts, SMTP timeouts (tests and the benchmark shorten them). */
  mail?: OutboxWorkerOptions & {
    /** false: the outbox worker is not started (queued mail stays queued; tests drive it with drain()). */
    autoStart?: boolean;
    /** Settings detection's DNS and HTTP (tests keep it on 127.0.0.1). */
    network?: MailNetwork;
  };
}

export interface App {
  dispatch: Dispatch;
  /** The app's log: the data folder's file once the folder is ours, else the console. */
  log: Logger;
  /** The open database, or null when the data folder could not be used. For tests and backups. */
  readonly db: Db | null;
  /** The worker that sends queued mail, or null when the data folder could not be used. */
  readonly outbox: OutboxWorker | null;
  /** What main pushes to the renderer (job progress, data changed); the hosts forward it. */
  events: EventBus;
  /** Files handed in and out (browser mode serves them over HTTP). Null when the folder is not ours. */
  files: FileStore | null;
  /** Long work in the background. */
  jobs: JobRunner;
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

/**
 * Files and folders only Arnika makes. Where one of them is present, the folder was used before,
 * and a missing database is a loss to report, not a first start. (Not logs: a host may write its
 * log before the app starts.)
 */
const traces = ['backups', 'secret.key', viewerFolderName, `${databaseFileName}-wal`, `${databaseFileName}-shm`];

/** What is found where the database should be. */
function databaseState(dataDir: string, lockExisted: boolean): 'present' | 'first start' | 'storage.missing' | 'storage.empty' {
  const file = join(dataDir, databaseFileName);
  if (existsSync(file)) return statSync(file).size === 0 ? 'storage.empty' : 'present';
  return lockExisted || traces.some((name) => existsSync(join(dataDir, name))) ? 'storage.missing' : 'first start';
}

/** The running app on an open database. */
interface Wired {
  db: Db;
  outbox: OutboxWorker;
  handlers: Handlers;
  /** Opened read-only because it is damaged, or found damaged later. */
  damaged: boolean;
  close(): void;
  shutdown(): Promise<void>;
}

export async function createApp(options: AppOptions): Promise<App> {
  const clock = options.clock ?? systemClock;
  const { dataDir } = options;
  // Until the folder is ours, nothing is written into it: not even the log.
  const earlyLog = options.log ?? consoleLogger;
  const file = join(dataDir, databaseFileName);

  let lock: FolderLock;
  let lockExisted: boolean;
  try {
    mkdirSync(dataDir, { recursive: true, mode: privateFolderMode });
    lockExisted = existsSync(join(dataDir, lockFileName));
    lock = lockDataFolder(dataDir, options.host ?? 'browser', clock.now());
  } catch (err) {
    // Another Arnika holds the folder (or it cannot be written at all): nothing here is touched.
    const failure = asAppError(err, 'db.open_failed');
    if (failure.code === 'storage.locked') earlyLog.info('startup.folder_locked', { pid: failure.details?.pid as number | undefined });
    else earlyLog.error('startup.folder_unusable', err, { code: failure.code });
    return unusableApp(failure, dataDir, earlyLog, clock);
  }
  const log = options.log ?? defaultLogger(dataDir);
  log.info('app.start', { version: appVersion });

  const stillOpen = makeFolderPrivate(dataDir);
  if (stillOpen.length > 0) log.info('startup.not_private', { count: stillOpen.length });

  let wired: Wired | null = null;
  let startupError: AppError | null = null;
  let closed = false;

  const events = new EventBus(log);
  const jobs = new JobRunner({ events, clock, log });
  const files = new FileStore(dataDir, clock);
  const secrets = options.secrets ?? keyFileSecretBox(dataDir);
  // PDFs opened for viewing: what a previous run left is removed now, the rest when the app closes.
  const viewerFiles = new ViewerFiles(join(dataDir, viewerFolderName));
  viewerFiles.clear();

  const wire = (db: Db, damaged: boolean): Wired => {
    const deps: DomainDeps = { db, clock, log, secrets, events, jobs, files, viewerFiles, desktop: options.desktop };
    const settings = new SettingsStore(db);
    const practices = registerPractices(deps);
    // Invoices keep a patient's records: the patient is archived, not deleted, and drafts go along.
    const patients = registerPatients(deps, {
      records: {
        hasFinancialRecords: (patientId) => invoices.api.hasFinancialRecords(patientId),
        beforeDelete: (patientId) => invoices.api.deleteDraftsOf(patientId),
      },
    });
    // Cases count their consultations through invoices (which own consultations); consultations and invoices read cases.
    const cases = registerCases(deps, { patients: patients.api, usage: { consultationCounts: (patientId) => invoices.consultations.countsByCase(patientId) } });
    const tarif590 = registerTarif590(deps);
    const invoices = registerInvoices(deps, { practices: practices.api, patients: patients.api, cases: cases.api, tarif590: tarif590.api, uiLanguage: () => settings.get().uiLanguage });
    const { autoStart = true, smtpTimeouts, network, ...outboxOptions } = options.mail ?? {};
    const mail = registerMail(deps, { invoices: invoices.api, patients: patients.api, practices: practices.api }, { smtpTimeouts, outbox: outboxOptions, ...network });
    const state: Wired = {
      db,
      outbox: mail.outbox,
      damaged,
      handlers: {
        'app.info': () => ({
          version: appVersion,
          dataDir,
          // A damaged database may not even answer these; then it shows what it can.
          needsSetup: readable(() => practices.api.count() === 0, false),
          uiLanguage: readable(() => settings.get().uiLanguage, 'de'),
          startupError: null,
          databaseDamaged: state.damaged,
        }),
        'storage.createNew': () => {
          throw new AppError('storage.database_exists', 'There is a database already; nothing was changed');
        },
        'app.exportLog': () => exportLog(dataDir, clock),
        'settings.get': () => settings.get(),
        'settings.update': (input) => settings.update(input),

        ...hostHandlers({ jobs, files, desktop: options.desktop }),
        ...practices.handlers,
        ...patients.handlers,
        ...invoices.handlers,
        ...cases.handlers,
        ...mail.handlers,
        ...tarif590.handlers,
      },
      close() {
        mail.outbox.stopNow();
        db.close();
      },
      async shutdown() {
        await jobs.stopAll();
        await mail.outbox.stop();
        state.close();
      },
    };
    // Rows a previous run left in 'sending' become 'uncertain' here, before any new send starts.
    // Never on a damaged database: that would write into it.
    if (autoStart && !damaged) mail.outbox.start();
    return state;
  };

  const open = async (): Promise<void> => {
    try {
      const { db } = await openDatabase(file, { now: () => clock.now() });
      wired = wire(db, false);
    } catch (err) {
      const failure = asAppError(err, 'db.open_failed');
      if (failure.code !== 'storage.corrupt') {
        log.error('db.open_failed', err, { code: failure.code });
        startupError = failure;
        return;
      }
      log.error('db.damaged_opened_read_only', err);
      try {
        wired = wire(openDamagedDatabase(file), true);
      } catch (again) {
        log.error('db.damaged_unreadable', again);
        startupError = failure;
      }
    }
  };

  const found = databaseState(dataDir, lockExisted);
  if (found === 'storage.missing' || found === 'storage.empty') {
    startupError = new AppError(found, found === 'storage.missing'
      ? `${file} is missing, but the folder was used by Arnika before`
      : `${file} is empty (0 bytes)`);
    log.error('db.missing_in_used_folder', null, { code: found });
  } else {
    await open();
  }

  /** A fault of the disk or the file, read from whatever a handler threw (null: not one). */
  const mapError = (err: unknown): AppError | null => {
    const fault = storageFault(err);
    const current = wired;
    // Whatever SQLite refuses on a damaged database is that damage, in the user's terms.
    if (current?.damaged && (fault !== null || isSqliteError(err))) {
      if (fault !== 'storage.read_only') log.error('db.error_on_damaged', err);
      return new AppError('storage.corrupt', 'The database is damaged; Arnika only reads from it');
    }
    if (fault === null) return null;
    log.error('storage.fault', err, { code: fault });
    if (fault === 'storage.corrupt' && current) markDamaged(current);
    return new AppError(fault, (err as Error).message ?? String(err));
  };

  /** Found damaged while running: from now on nothing is written (also not by the outbox). */
  const markDamaged = (current: Wired) => {
    current.damaged = true;
    // Read-only first: stopping the outbox would otherwise still record its last outcome in the file.
    try {
      current.db.pragma('query_only = ON');
    } catch (err) {
      log.error('db.read_only_switch_failed', err);
    }
    current.outbox.stopNow();
  };

  const handlers = Object.fromEntries(
    methodNames.map((m: MethodName) => [
      m,
      (input: never) => {
        if (m === 'app.info' && startupError) return unusableInfo(startupError, dataDir);
        // Support needs the log most when the data folder cannot be used.
        if (m === 'app.exportLog') return exportLog(dataDir, clock);
        if (m === 'storage.createNew' && (startupError?.code === 'storage.missing' || startupError?.code === 'storage.empty')) {
          return createNewDatabase();
        }
        if (closed) throw new AppError('db.open_failed', 'Arnika is closed');
        if (startupError || !wired) throw startupError ?? new AppError('db.open_failed', 'No database');
        return (wired.handlers[m] as (input: never) => unknown)(input);
      },
    ]),
  ) as Handlers;

  /** The user confirmed: what is there goes aside (an empty file, a stray -wal), then a new database. */
  const createNewDatabase = async (): Promise<{ setAsideIn: string | null }> => {
    const leftovers = [databaseFileName, `${databaseFileName}-wal`, `${databaseFileName}-shm`].filter((n) => existsSync(join(dataDir, n)));
    let setAsideIn: string | null = null;
    if (leftovers.length > 0) {
      // Renamed, never deleted: opening a 0-byte database would also delete a -wal next to it.
      setAsideIn = join(dataDir, 'backups', `set-aside-${clock.now().toISOString().replace(/[:.]/g, '-')}`);
      mkdirSync(setAsideIn, { recursive: true, mode: privateFolderMode });
      for (const name of leftovers) renameSync(join(dataDir, name), join(setAsideIn, name));
      log.info('db.set_aside', { count: leftovers.length });
    }
    startupError = null;
    await open();
    if (startupError) throw startupError;
    return { setAsideIn };
  };

  const close = () => {
    if (closed) return;
    closed = true;
    wired?.close();
    viewerFiles.clear();
    files.close();
    lock.release();
  };
  return {
    dispatch: createDispatcher(handlers, log, mapError),
    log,
    events,
    files,
    jobs,
    get db() {
      return wired?.db ?? null;
    },
    get outbox() {
      return wired?.outbox ?? null;
    },
    close,
    async shutdown() {
      if (!closed && wired) await wired.shutdown().catch((err: unknown) => log.error('app.shutdown_failed', err));
      close();
    },
  };
}

function isSqliteError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_');
}

function readable<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

function asAppError(err: unknown, fallback: 'db.open_failed'): AppError {
  if (err instanceof AppError) return err;
  const fault = storageFault(err);
  return new AppError(fault ?? fallback, String((err as Error)?.message ?? err));
}

function unusableInfo(failure: AppError, dataDir: string) {
  const details = Object.fromEntries(
    Object.entries(failure.details ?? {}).filter((e): e is [string, string | number] => typeof e[1] === 'string' || typeof e[1] === 'number'),
  );
  return {
    version: appVersion,
    dataDir,
    needsSetup: false,
    uiLanguage: 'de' as const,
    startupError: { code: failure.code, message: failure.message, ...(Object.keys(details).length > 0 ? { details } : {}) },
    databaseDamaged: false,
  };
}

/** An app that answers every method with `failure` and app.info with it as startupError. */
function unusableApp(failure: AppError, dataDir: string, log: Logger, clock: Clock): App {
  const entries = methodNames.map((m: MethodName) => [m, () => { throw failure; }]);
  const handlers = {
    ...(Object.fromEntries(entries) as Handlers),
    'app.info': () => unusableInfo(failure, dataDir),
    // Reading the log of the Arnika that holds the folder writes nothing.
    'app.exportLog': () => exportLog(dataDir, clock),
  };
  const events = new EventBus(log);
  const jobs = new JobRunner({ events, clock, log });
  return { dispatch: createDispatcher(handlers, log), log, events, jobs, files: null, db: null, outbox: null, close() {}, shutdown: async () => {} };
}
