/**
 * Owns this installation's backups as the user meets them: setting them up, "Jetzt sichern", the
 * automatic backups into the chosen folder (when the app closes, and at least once a day while it
 * runs), retention in that folder, and the status the settings and home screens show.
 *
 * One backup at a time. Automatic backups run as jobs like "Jetzt sichern" (the app answers while
 * they run); one that cannot reach its folder is remembered, so the home screen says so instead of
 * failing silently, and it is tried again at the next check.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackupRetention, BackupStatus, VerifiedBackup } from '../../shared/contract/backup.js';
import type { JobStatus } from '../../shared/contract/jobs.js';
import { AppError, fieldError } from '../../shared/errors.js';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db/open.js';
import type { DesktopPort } from '../platform/desktop.js';
import type { EventBus } from '../platform/events.js';
import type { Background } from '../platform/domain.js';
import type { FileStore } from '../platform/files.js';
import type { JobContext, JobRunner } from '../platform/jobs.js';
import type { Logger } from '../platform/log.js';
import type { SecretBox } from '../platform/secrets.js';
import type { ForkWorker } from '../platform/worker.js';
import type { BackupPorts } from './ports.js';
import { backupsToKeep } from './retention.js';
import { BackupSettings } from './settings.js';
import { folderAvailable, writeBackup, type BackupTarget, type WrittenResult } from './write.js';

/** Without a verified backup for this long, the home screen says so. */
export const staleAfterMs = 7 * 24 * 60 * 60_000;
/** Automatic backups: at least this often while the app runs. */
export const dailyMs = 24 * 60 * 60_000;

export interface BackupOptions {
  /** How often the app looks whether an automatic backup is due (default 15 minutes). */
  checkEveryMs?: number;
  /** scrypt work factor of new backups (default 18, age's; tests lower it to save time, never the product). */
  workFactor?: number;
}

export interface BackupsDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  secrets: SecretBox;
  files: FileStore;
  jobs: JobRunner;
  events: EventBus;
  desktop?: DesktopPort | undefined;
  /** Starts the backup worker (platform/worker.ts; the desktop's utility process). */
  forkWorker: ForkWorker;
}

export class Backups implements Background {
  readonly settings: BackupSettings;
  private running: JobStatus | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** The connection's total_changes() when the last backup reached the folder: the app closes without one when nothing changed. */
  private changesAtLastBackup: number;
  /**
   * "Jetzt sichern" backups that were verified in tmp/ and handed over as a download, by download
   * id: they count as verified only once the user's save completed (downloadSaved), because a
   * cancelled save dialog leaves no backup anywhere.
   */
  private readonly handedOver = new Map<string, VerifiedBackup>();

  constructor(
    private readonly deps: BackupsDeps,
    private readonly ports: BackupPorts,
    private readonly options: BackupOptions = {},
  ) {
    this.settings = new BackupSettings(deps.db, deps.secrets);
    this.changesAtLastBackup = this.totalChanges();
  }

  private totalChanges(): number {
    return this.deps.db.prepare('SELECT total_changes()').pluck().get() as number;
  }

  async status(): Promise<BackupStatus> {
    const s = this.settings;
    const folder = s.folder();
    const lastVerified = s.lastVerified();
    const lastFailure = s.lastFailure();
    const available = folder === null ? null : await folderAvailable(folder);
    return {
      configured: s.hasPassphrase(),
      folder,
      retention: s.retention(),
      lastVerified,
      lastFailure,
      folderAvailable: available,
      warning: this.warning(folder, available, lastVerified, lastFailure),
      folderDialog: this.deps.desktop !== undefined,
    };
  }

  private warning(folder: string | null, available: boolean | null, last: VerifiedBackup | null, failure: { code: string } | null): BackupStatus['warning'] {
    if (folder !== null && available === false) return 'folder_unavailable';
    // Backed up all the same, but the practice must know (lastVerified names them).
    if (last && last.damagedDocuments.length > 0) return 'documents_damaged';
    const now = this.deps.clock.now().getTime();
    if (last && now - Date.parse(last.at) <= staleAfterMs) return failure ? 'failed' : 'none';
    // Never backed up: counted from when the practice began to keep data here.
    const since = last ? Date.parse(last.at) : this.ports.dataSince();
    if (since === null || now - since <= staleAfterMs) return 'none';
    if (!this.settings.hasPassphrase()) return 'not_set_up';
    return failure ? 'failed' : 'stale';
  }

  async configure(input: { folder: string | null; passphrase?: string | undefined; retention: BackupRetention }): Promise<BackupStatus> {
    if (input.passphrase === undefined && !this.settings.hasPassphrase()) throw fieldError('passphrase', 'v.required');
    if (input.folder !== null && input.folder !== '' && !(await folderAvailable(input.folder))) {
      throw fieldError('folder', 'v.backup_folder');
    }
    this.deps.db.transaction(() => {
      if (input.passphrase !== undefined) this.settings.setPassphrase(input.passphrase);
      this.settings.setFolder(input.folder === '' ? null : input.folder);
      this.settings.setRetention(input.retention);
    })();
    return this.status();
  }

  async chooseFolder(): Promise<{ folder: string | null }> {
    if (!this.deps.desktop) throw new AppError('files.desktop_only', 'Only the desktop app has a folder dialog; browser mode types the path');
    return { folder: await this.deps.desktop.chooseFolder(this.settings.folder()) };
  }

  /** Starts a backup job ("Jetzt sichern", or into the folder now). */
  startBackup(target: 'download' | 'folder'): JobStatus {
    const passphrase = this.passphrase();
    let where: BackupTarget;
    if (target === 'folder') {
      const folder = this.settings.folder();
      if (folder === null) throw new AppError('backup.not_set_up', 'No backup folder is set up');
      where = { kind: 'folder', folder };
    } else {
      where = { kind: 'download' };
    }
    return this.startJob(where, passphrase);
  }

  private passphrase(): string {
    if (this.ports.databaseDamaged()) throw new AppError('backup.database_damaged', 'A damaged database is not backed up');
    const passphrase = this.settings.passphrase();
    if (passphrase === null) throw new AppError('backup.not_set_up', 'Backups are not set up (or the passphrase does not open on this computer)');
    return passphrase;
  }

  private startJob(target: BackupTarget, passphrase: string): JobStatus {
    if (this.running?.state === 'running') throw new AppError('backup.busy', 'A backup is running already');
    const job = this.deps.jobs.start('backup.run', (ctx) => this.run(ctx, target, passphrase));
    this.running = job;
    void this.deps.jobs.settled(job.id).then((end) => {
      this.running = end;
    });
    return job;
  }

  /** The backup itself: written, verified, recorded; for the folder, retention after it. */
  private async run(job: JobContext | null, target: BackupTarget, passphrase: string): Promise<WrittenResult> {
    const at = this.deps.clock.now().toISOString();
    try {
      const result = await writeBackup(job, {
        db: this.deps.db, files: this.deps.files, secrets: this.deps.secrets, clock: this.deps.clock, ports: this.ports,
        workFactor: this.options.workFactor ?? 18, forkWorker: this.deps.forkWorker,
      }, target, passphrase);
      this.deps.log.info('backup.verified', { target: target.kind, size: result.backup.size });
      if (target.kind === 'folder') {
        this.settings.recordVerified(result.backup);
        this.changesAtLastBackup = this.totalChanges();
        await this.applyRetention(target.folder);
        this.deps.events.emit({ type: 'changed', methods: ['backup.status'] });
      } else if (result.download) {
        this.handedOver.set(result.download.downloadId, result.backup);
      }
      return result;
    } catch (err) {
      const code = err instanceof AppError ? err.code : 'internal';
      if (target.kind === 'folder') {
        try {
          this.settings.recordFailure(at, code);
          this.deps.events.emit({ type: 'changed', methods: ['backup.status'] });
        } catch (again) {
          this.deps.log.error('backup.failure_not_recorded', again);
        }
      }
      this.deps.log.error('backup.failed', err, { code });
      throw err;
    }
  }

  /**
   * The user's save of a "Jetzt sichern" download completed (the desktop's save dialog wrote it, or
   * the browser took the download): only now it counts as the last verified backup.
   */
  downloadSaved(downloadId: string): Promise<BackupStatus> {
    const backup = this.handedOver.get(downloadId);
    if (!backup) throw new AppError('not_found', 'No verified backup was handed over with this download');
    this.handedOver.delete(downloadId);
    this.settings.recordVerified(backup);
    this.deps.events.emit({ type: 'changed', methods: ['backup.status'] });
    return this.status();
  }

  /** Deletes what retention does not keep, among the verified backups this installation wrote into `folder`. */
  private async applyRetention(folder: string): Promise<void> {
    const all = this.settings.written();
    const here = all.filter((w) => w.folder === folder);
    const keep = new Set(backupsToKeep(here, this.settings.retention()));
    const gone: typeof here = [];
    for (const w of here) {
      if (keep.has(w)) continue;
      try {
        await rm(join(folder, w.fileName), { force: true });
        gone.push(w);
      } catch (err) {
        this.deps.log.error('backup.retention_delete_failed', err);
      }
    }
    if (gone.length > 0) this.settings.setWritten(all.filter((w) => !gone.includes(w)));
  }

  /** Due: a folder is set up and no backup reached it in the last day. */
  private due(): boolean {
    const folder = this.settings.folder();
    if (folder === null || !this.settings.hasPassphrase() || this.ports.databaseDamaged()) return false;
    const last = this.settings.written().filter((w) => w.folder === folder).at(-1);
    return !last || this.deps.clock.now().getTime() - Date.parse(last.at) >= dailyMs;
  }

  /** Runs an automatic backup if one is due and none is running; the job, or null. */
  backupIfDue(): JobStatus | null {
    if (this.running?.state === 'running' || !this.due()) return null;
    try {
      return this.startBackup('folder');
    } catch (err) {
      this.deps.log.error('backup.auto_not_started', err);
      return null;
    }
  }

  /** Checks now and then whether an automatic backup is due (and once shortly after the start). */
  start(): void {
    if (this.timer) return;
    const every = this.options.checkEveryMs ?? 15 * 60_000;
    this.timer = setInterval(() => this.backupIfDue(), every);
    this.timer.unref();
    const first = setTimeout(() => this.backupIfDue(), Math.min(every, 60_000));
    first.unref();
    this.firstCheck = first;
  }

  private firstCheck: NodeJS.Timeout | null = null;

  /** No new automatic backups; one running is the job runner's to stop. */
  stopNow(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.firstCheck) clearTimeout(this.firstCheck);
    this.timer = null;
    this.firstCheck = null;
  }

  async stop(): Promise<void> {
    this.stopNow();
    if (this.running?.state === 'running') await this.deps.jobs.settled(this.running.id);
  }

  /**
   * When the app closes: a backup into the folder if anything changed since the last one (run here,
   * not as a job, so that closing does not cancel it). A folder that is not there is remembered.
   */
  async atClose(): Promise<void> {
    await this.stop();
    const folder = this.settings.folder();
    if (folder === null || this.ports.databaseDamaged() || this.totalChanges() === this.changesAtLastBackup) return;
    const passphrase = this.settings.passphrase();
    if (passphrase === null) return;
    await this.run(null, { kind: 'folder', folder }, passphrase).catch(() => {
      // Recorded and logged by run(); the app closes all the same.
    });
  }
}
