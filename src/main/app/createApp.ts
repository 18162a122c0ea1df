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
 *
 * It also owns replacing the open database with a restored backup (replaceDatabase, for
 * src/main/backup): the work on the current database stops, it is set aside as a safety copy and
 * closed, the restored file takes its name in one rename, and the app is wired again on it. The
 * folder lock, the event bus, the jobs and the files stay, so the hosts notice nothing but new data.
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { methodNames, type MethodName } from '../../shared/contract/index.js';
import { AppError } from '../../shared/errors.js';
import { storageFault } from '../platform/db/errors.js';
import { lockDataFolder, lockFileName, type FolderLock, type Host } from '../platform/db/folderLock.js';
import { openDamagedDatabase, openDatabase, type Db } from '../platform/db/open.js';
import { createPrivateFile, makeFolderPrivate, privateFolderMode } from '../platform/db/privateFolder.js';
import { backupSettingRows, registerBackup, registerRestore, type BackupOptions, type DocumentArchivePort, type RestorePorts, type StoredSecretsPort } from '../backup/index.js';
import { casesExport, registerCases } from '../cases/index.js';
import { claimSecondWorkstationRange, documentBatch, invoicesExport, keepThisWorkstationRanges, registerInvoices, thisWorkstationRanges } from '../invoices/index.js';
import {
  adoptRestoredOutbox, countSealedPasswords, mailExport, registerMail, resealPasswords, type MailNetwork, type OutboxWorker, type OutboxWorkerOptions,
} from '../mail/index.js';
import { patientsExport, registerPatients } from '../patients/index.js';
import { renameDurably, syncFile } from '../platform/durable.js';
import { creditNoteCounters, moneyExport, raiseCreditNoteCounters, registerPayments } from '../payments/index.js';
import { registerReminders } from '../reminders/index.js';
import type { DomainDeps } from '../platform/domain.js';
import type { JobKind } from '../../shared/contract/jobs.js';
import { EventBus } from '../platform/events.js';
import { FileStore } from '../platform/files.js';
import { JobRunner } from '../platform/jobs.js';
import { practicesExport, registerPractices } from '../practices/index.js';
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
import { nodeForkWorker, type ForkWorker } from '../platform/worker.js';
import { appVersion } from '../platform/version.js';

export interface AppOptions {
  dataDir: string;
  /** Which kind of Arnika this is, as a second one that finds the folder in use is told. Default: browser. */
  host?: Host;
  desktop?: DesktopPort;
  secrets?: SecretBox;
  /** How heavy work gets its own process (the backup worker): Node's fork by default, the desktop's utility process. */
  forkWorker?: ForkWorker;
  clock?: Clock;
  log?: Logger;
  /** The mail outbox: backoff, attempts, SMTP timeouts (tests and the benchmark shorten them). */
  mail?: OutboxWorkerOptions & {
    /** false: the outbox worker is not started (queued mail stays queued; tests drive it with drain()). */
    autoStart?: boolean;
    /** Settings detection's DNS and HTTP (tests keep it on 127.0.0.1). */
    network?: MailNetwork;
  };
  /** Automatic backups: how often they are checked for, the scrypt work factor (tests lower both). */
  backup?: BackupOptions;
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
  /** Stops the background work on this database (outbox, automatic backups) and the jobs but `exceptKind`'s. */
  stopWork(exceptKind?: JobKind): Promise<void>;
  close(): void;
  shutdown(): Promise<void>;
}

/** Methods that need no open database: jobs, files through the host, restoring a backup. */
const outsideMethods = new Set<MethodName>(['jobs.get', 'jobs.list', 'jobs.cancel', 'files.save', 'files.open', 'backup.inspect', 'backup.restore']);

/** Archived documents and stored secrets, as the backup domain reads them in any database file. */
const documentArchive: DocumentArchivePort = { batch: documentBatch };
const storedSecrets: StoredSecretsPort = { count: countSealedPasswords, reseal: resealPasswords };
/** Every domain's part of "Alle Daten exportieren". */
const dataExports = [practicesExport, patientsExport, casesExport, invoicesExport, moneyExport, mailExport];

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
  /** Set while a restore replaces the database: every other call waits its turn with backup.restoring. */
  let swapping = false;

  const restorePorts: RestorePorts = {
    documents: documentArchive,
    secrets: storedSecrets,
    adopt: (db, { secondWorkstation }) => {
      adoptRestoredOutbox(db, clock.now().toISOString(), { secondWorkstation: secondWorkstation !== null });
      if (secondWorkstation !== null) return { numberRange: claimSecondWorkstationRange(db, clock, secondWorkstation) };
      // Invoice-number ranges stay with the computer: another workstation's backup must not make this one issue from its range.
      keepThisWorkstationRanges(db, clock, wired ? readable(() => thisWorkstationRanges(wired!.db, clock), []) : []);
      raiseCreditNoteCounters(db, wired ? readable(() => creditNoteCounters(wired!.db), []) : []);
      return { numberRange: null };
    },
    currentBackupSettings: () => (wired ? readable(() => backupSettingRows(wired!.db), []) : []),
    replaceDatabase: (incoming, onStep) => replaceDatabase(incoming, onStep),
  };
  // Jobs, files and restoring a backup do not depend on one database: they stay across a restore.
  const forkWorker = options.forkWorker ?? nodeForkWorker;
  const restore = registerRestore({ clock, secrets, files, jobs, forkWorker }, restorePorts);
  const outside = { handlers: { ...hostHandlers({ jobs, files, desktop: options.desktop }), ...restore.handlers } };

  const wire = (db: Db, damaged: boolean): Wired => {
    const deps: DomainDeps = { db, clock, log, secrets, events, jobs, files, viewerFiles, desktop: options.desktop };
    const settings = new SettingsStore(db);
    const practices = registerPractices(deps);
    const uiLanguage = () => settings.get().uiLanguage;
    // Invoices and payments keep a patient's records: the patient is archived, not deleted, and drafts go along.
    const patients = registerPatients(deps, {
      records: {
        hasFinancialRecords: (patientId) => invoices.api.hasFinancialRecords(patientId) || payments.api.hasRecords(patientId),
        beforeDelete: (patientId) => invoices.api.deleteDraftsOf(patientId),
      },
    });
    // Cases count their consultations through invoices (which own consultations); consultations and invoices read cases.
    const cases = registerCases(deps, { patients: patients.api, usage: {
      consultationCounts: (patientId) => invoices.consultations.countsByCase(patientId),
      invoiceCount: (caseId) => invoices.invoices.countByCase(caseId),
    } });
    const tarif590 = registerTarif590(deps);
    const invoices = registerInvoices(deps, {
      practices: practices.api, patients: patients.api, cases: cases.api, tarif590: tarif590.api, uiLanguage,
      // An invoice with payments is not cancelled; the invoice prints the reminder fee terms while fees are on.
      cancelGuard: (invoiceId) => payments.api.cancelRefusal(invoiceId),
      feeTerms: (practiceId, language, currency) => reminders.api.feeTerms(practiceId, language, currency),
    });
    const { autoStart = true, smtpTimeouts, network, ...outboxOptions } = options.mail ?? {};
    const mail = registerMail(deps, { invoices: invoices.api, patients: patients.api, practices: practices.api }, { smtpTimeouts, outbox: outboxOptions, ...network });
    const payments = registerPayments(deps, {
      invoices: invoices.api, practices: practices.api, patients: patients.api, uiLanguage, reminderLevels: () => reminders.api.levels(),
    });
    const reminders = registerReminders(deps, { invoices: invoices.api, payments: payments.api, mail: mail.api, practices: practices.api });
    const backup = registerBackup({ ...deps, forkWorker }, {
      documents: documentArchive,
      secrets: storedSecrets,
      exports: dataExports,
      practiceName: () => readable(() => practices.api.getDefault()?.name ?? null, null),
      databaseDamaged: () => state.damaged,
      dataSince: () => readable(() => {
        const first = practices.api.list().map((p) => Date.parse(p.createdAt)).sort((a, b) => a - b)[0];
        return first ?? null;
      }, null),
      uiLanguage: () => readable(() => settings.get().uiLanguage, 'de'),
      decimalSeparator: () => (readable(() => practices.api.getDefault()?.currency, 'CHF') === 'EUR' ? ',' : '.'),
    }, options.backup);
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
          uiLanguage: readable(uiLanguage, 'de'),
          startupError: null,
          databaseDamaged: state.damaged,
        }),
        'storage.createNew': () => {
          throw new AppError('storage.database_exists', 'There is a database already; nothing was changed');
        },
        'app.exportLog': () => exportLog(dataDir, clock),
        'settings.get': () => settings.get(),
        'settings.update': (input) => settings.update(input),

        ...outside.handlers,
        ...practices.handlers,
        ...patients.handlers,
        ...invoices.handlers,
        ...cases.handlers,
        ...mail.handlers,
        ...tarif590.handlers,
        ...payments.handlers,
        ...reminders.handlers,
        ...backup.handlers,
      },
      async stopWork(exceptKind) {
        backup.backups.stopNow();
        await jobs.stopAll(exceptKind);
        await mail.outbox.stop();
      },
      close() {
        backup.backups.stopNow();
        mail.outbox.stopNow();
        db.close();
      },
      async shutdown() {
        // The outbox first, so that a backup at closing holds how its last message ended.
        await mail.outbox.stop();
        await backup.backups.atClose();
        await jobs.stopAll();
        state.close();
      },
    };
    // Rows a previous run left in 'sending' become 'uncertain' here, before any new send starts.
    // Never on a damaged database: that would write into it.
    if (autoStart && !damaged) mail.outbox.start();
    if (!damaged) backup.backups.start();
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
        // A restore works on a first start, a damaged database, and where the database is missing or empty.
        if (outsideMethods.has(m) && (!startupError || isMissingDatabase(startupError))) {
          return (outside.handlers[m as keyof typeof outside.handlers] as (input: never) => unknown)(input);
        }
        if (swapping) throw new AppError('backup.restoring', 'A backup is being restored');
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

  /** See the module comment. Every step before the rename leaves the old data, every step after it the new. */
  const replaceDatabase = async (incoming: string, onStep: (step: 'safety_copy' | 'swap') => void): Promise<{ safetyCopy: string | null }> => {
    if (swapping) throw new AppError('backup.restoring', 'A backup is being restored already');
    if (closed) throw new AppError('db.open_failed', 'Arnika is closed');
    swapping = true;
    try {
      onStep('safety_copy');
      const stamp = clock.now().toISOString().replace(/[:.]/g, '-');
      const aside = join(dataDir, 'backups');
      mkdirSync(aside, { recursive: true, mode: privateFolderMode });
      let safetyCopy: string | null = null;
      const current = wired;
      if (current) {
        await current.stopWork('backup.restore');
        if (!current.damaged) {
          safetyCopy = join(aside, `before-restore-${stamp}.sqlite`);
          createPrivateFile(safetyCopy);
          await current.db.backup(safetyCopy);
          await syncFile(safetyCopy);
          // Everything into the file: the -wal that closing leaves (if any) holds nothing of it.
          current.db.pragma('wal_checkpoint(TRUNCATE)');
        }
        current.close();
        wired = null;
        if (current.damaged) safetyCopy = setAside(join(aside, `before-restore-${stamp}`), 'copy');
      } else {
        // A missing or empty database: what is there goes aside, as storage.createNew does it.
        safetyCopy = setAside(join(aside, `set-aside-${stamp}`), 'move');
      }
      onStep('swap');
      // Never read with the new file: empty after the checkpoint, or a damaged database's (copied aside above).
      for (const suffix of ['-wal', '-shm', '-journal']) rmSync(join(dataDir, `${databaseFileName}${suffix}`), { force: true });
      await renameDurably(incoming, file);
      log.info('backup.restored');
      startupError = null;
      await open();
      if (startupError) throw startupError;
      return { safetyCopy };
    } finally {
      swapping = false;
    }
  };

  /** The database files as they are, copied (or moved) into `dir`; the folder, or null when there were none. */
  const setAside = (dir: string, how: 'copy' | 'move'): string | null => {
    const present = [databaseFileName, `${databaseFileName}-wal`, `${databaseFileName}-shm`].filter((n) => existsSync(join(dataDir, n)));
    if (present.length === 0) return null;
    mkdirSync(dir, { recursive: true, mode: privateFolderMode });
    for (const name of present) {
      if (how === 'copy') copyFileSync(join(dataDir, name), join(dir, name));
      else renameSync(join(dataDir, name), join(dir, name));
    }
    return dir;
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

function isMissingDatabase(err: AppError): boolean {
  return err.code === 'storage.missing' || err.code === 'storage.empty';
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
