/**
 * Owns restoring a backup, in two steps the user sees:
 * 1. inspect: the file is decrypted into tmp/ and checked as thoroughly as after writing it
 *    (snapshot.ts checkBackupDatabase), in the backup worker (worker.ts); the user sees what it holds. A wrong passphrase, a changed
 *    or truncated file, a file that is no Arnika backup and one from a newer Arnika are refused
 *    here, each with its own code, and nothing is touched.
 * 2. restore: the checked copy is made ready for this computer (upgraded to this Arnika's schema,
 *    mail passwords sealed again with this computer's keychain or key file, this computer's backup
 *    settings kept, mail that was queued held for the user, a second workstation's number range),
 *    left as one flushed file, and handed to createApp, which sets the current data aside and puts
 *    the new file in place with one rename (RestorePorts.replaceDatabase). A kill at any moment
 *    leaves the old data or the new, never a mix.
 *
 * Restores live outside any one database: they work on a first start, and on a damaged database.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { BackupSummary, RestoreResult } from '../../shared/contract/backupResults.js';
import { AppError } from '../../shared/errors.js';
import type { Clock } from '../platform/clock.js';
import Database from 'better-sqlite3';
import { loadMigrations } from '../platform/db/migrations.js';
import { applyPragmas, openDatabase } from '../platform/db/open.js';
import { syncFile } from '../platform/durable.js';
import type { FileStore } from '../platform/files.js';
import { newId } from '../platform/ids.js';
import type { JobContext } from '../platform/jobs.js';
import { backupKeySecretBox, type SecretBox } from '../platform/secrets.js';
import type { ForkWorker } from '../platform/worker.js';
import { secretsKey } from './crypt.js';
import type { RestorePorts } from './ports.js';
import { infoTable, type BackupInfo } from './snapshot.js';
import { inspectInWorker } from './worker.js';

/** A checked backup is kept this long for the user to confirm. */
const keepCheckedMs = 60 * 60_000;

interface Checked {
  path: string;
  info: BackupInfo;
  /** Opens the secrets inside; derived while the passphrase was at hand, never kept itself. */
  backupSecrets: SecretBox | null;
  expiresAt: number;
}

export interface RestoreDeps {
  files: FileStore;
  secrets: SecretBox;
  clock: Clock;
  ports: RestorePorts;
  /** Starts the backup worker, which decrypts and checks the file. */
  forkWorker: ForkWorker;
}

export class Restores {
  private readonly checked = new Map<string, Checked>();

  constructor(private readonly deps: RestoreDeps) {}

  /** Decrypts and checks the file at `source`; its summary, with the id that restores it. */
  async inspect(job: JobContext, source: string, passphrase: string): Promise<BackupSummary> {
    this.forgetExpired();
    const path = this.deps.files.scratchPath('restore.sqlite');
    try {
      job.progress(0, { step: { key: 'backup.step.decrypt' } });
      // Decrypted and checked in the backup worker (worker.ts): the app answers meanwhile.
      const stepKey = { decrypt: 'backup.step.decrypt', integrity: 'backup.step.integrity', documents: 'backup.step.documents' } as const;
      const info = await inspectInWorker(this.deps.forkWorker, { source, target: path, passphrase }, (step, done, total) =>
        job.progress(done, { ...(step === 'decrypt' ? {} : { total }), step: { key: stepKey[step] } }), job.signal,
      ).catch((err: unknown) => {
        job.throwIfCancelled();
        throw err;
      });
      const backupSecrets = info.secrets ? backupKeySecretBox(await secretsKey(passphrase, Buffer.from(info.secrets.salt, 'base64'), info.secrets.workFactor)) : null;
      job.throwIfCancelled();
      const restoreId = newId();
      this.checked.set(restoreId, { path, info, backupSecrets, expiresAt: this.deps.clock.now().getTime() + keepCheckedMs });
      return {
        restoreId,
        practiceName: info.practiceName,
        createdAt: info.createdAt,
        appVersion: info.appVersion,
        patients: info.counts.patients ?? 0,
        invoices: info.counts.invoices ?? 0,
        documents: info.documents.count,
        damagedDocuments: info.documents.damaged,
      };
    } catch (err) {
      await rm(path, { force: true });
      throw err;
    }
  }

  /** Puts the checked backup in place of the current data (see the module comment). */
  async restore(job: JobContext, restoreId: string, options: { secondWorkstation: string | null }): Promise<RestoreResult> {
    this.forgetExpired();
    const entry = this.checked.get(restoreId);
    if (!entry) throw new AppError('backup.restore_expired', 'The checked backup is no longer there; choose the file again');
    this.checked.delete(restoreId);
    try {
      job.progress(0, { step: { key: 'backup.step.prepare' } });
      const { numberRange, mailPasswordsMissing } = await this.prepare(entry, options);
      // No cancelling from here on: the swap is quick, and half of it is not a state to leave.
      const { safetyCopy } = await this.deps.ports.replaceDatabase(entry.path, (step) =>
        job.progress(0, { step: { key: step === 'safety_copy' ? 'backup.step.safetyCopy' : 'backup.step.swap' } }),
      );
      return { safetyCopy, numberRange, mailPasswordsMissing };
    } finally {
      await rm(entry.path, { force: true });
    }
  }

  /** Makes the checked copy ready for this computer and leaves it as one flushed file. */
  private async prepare(entry: Checked, options: { secondWorkstation: string | null }): Promise<Pick<RestoreResult, 'numberRange' | 'mailPasswordsMissing'>> {
    // Checked already (integrity, rows, documents): only an older schema goes through the start-up
    // path, which checks it again and upgrades it.
    const db = entry.info.schemaVersion === loadMigrations().length
      ? new Database(entry.path, { fileMustExist: true })
      : (await openDatabase(entry.path, { now: () => this.deps.clock.now() })).db;
    applyPragmas(db);
    let numberRange: RestoreResult['numberRange'] = null;
    // Missing already in the backup (they did not open where it was written), and any that does not open with its key.
    let mailPasswordsMissing = entry.info.mailPasswordsMissing;
    try {
      db.transaction(() => {
        db.exec(`DROP TABLE ${infoTable}`);
        // This computer's backup settings stay; the backup's (left out when it was written) are none of its business.
        db.prepare(`DELETE FROM settings WHERE key LIKE 'backup.%'`).run();
        const insert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
        for (const row of this.deps.ports.currentBackupSettings()) insert.run(row.key, row.value);
        if (entry.backupSecrets) mailPasswordsMissing += this.deps.ports.secrets.reseal(db, entry.backupSecrets, this.deps.secrets).removed;
        numberRange = this.deps.ports.adopt(db, { secondWorkstation: options.secondWorkstation }).numberRange;
      })();
      // Everything into the file itself: closing the last connection then removes the -wal, and
      // the file stays in WAL mode, so that its first start writes nothing before it is opened.
      db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      db.close();
    }
    if (existsSync(`${entry.path}-wal`)) throw new Error('the prepared database kept a -wal beside it');
    await syncFile(entry.path);
    return { numberRange, mailPasswordsMissing };
  }

  private forgetExpired(): void {
    const now = this.deps.clock.now().getTime();
    for (const [id, entry] of this.checked) {
      if (entry.expiresAt < now) {
        this.checked.delete(id);
        void rm(entry.path, { force: true });
      }
    }
  }
}
