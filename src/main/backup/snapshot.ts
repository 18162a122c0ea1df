/**
 * Owns what is inside a backup file: a plain SQLite database, copied from the running one with
 * SQLite's online backup API (consistent, while the app goes on; never a file copy of a live WAL
 * database), then made ready to travel: this computer's backup settings taken out, mail passwords
 * sealed again under the backup's own key, and a table `arnika_backup` added that says what the
 * file is (format, Arnika and schema version, when, which practice) and what it holds (rows of
 * every table, the digest of the archived documents). The same table lets a restore check a file
 * before anything is touched (checkBackupDatabase).
 */
import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { z } from 'zod';
import { DamagedDocument } from '../../shared/contract/backupResults.js';
import { AppError } from '../../shared/errors.js';
import { storageFault } from '../platform/db/errors.js';
import { loadMigrations } from '../platform/db/migrations.js';
import type { Db } from '../platform/db/open.js';
import { createPrivateFile } from '../platform/db/privateFolder.js';
import { backupKeySecretBox, type SecretBox } from '../platform/secrets.js';
import { appVersion } from '../platform/version.js';
import { damaged, notABackup, secretsKey } from './crypt.js';
import type { BackupPorts, DocumentArchivePort } from './ports.js';

export const infoTable = 'arnika_backup';
export const backupFormat = 'arnika-backup';
/** Bumped when what is inside changes in a way an older Arnika cannot read. */
export const backupFormatVersion = 1;

export const BackupInfo = z.object({
  format: z.literal(backupFormat),
  formatVersion: z.number().int().positive(),
  appVersion: z.string(),
  schemaVersion: z.number().int().nonnegative(),
  createdAt: z.string(),
  practiceName: z.string(),
  /** Rows of every table (SQLite's own and virtual ones aside). */
  counts: z.record(z.string(), z.number().int().nonnegative()),
  /** `damaged`: documents whose bytes had lost their hash already in the source; carried as they are, and named. */
  documents: z.object({ count: z.number().int().nonnegative(), sha256: z.string(), damaged: z.array(DamagedDocument).default([]) }),
  /** Mail passwords that did not open on the computer that wrote the backup: not in it. */
  mailPasswordsMissing: z.number().int().nonnegative().default(0),
  /** How the key that seals the secrets inside is derived from the passphrase; null: there are none. */
  secrets: z.object({ salt: z.string(), workFactor: z.number().int().positive() }).nullable(),
});
export type BackupInfo = z.infer<typeof BackupInfo>;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Every archived document read once, in batches (the app answers between them): how many, which no
 * longer have their hash, and the SHA-256 over their ids and hashes. Two databases with the same
 * digest archive the same documents.
 */
export async function documentsDigest(
  db: Db, documents: DocumentArchivePort, onProgress: (done: number) => void = () => {}, options: { contents: boolean } = { contents: true },
): Promise<{ count: number; damaged: DamagedDocument[]; sha256: string }> {
  const hash = createHash('sha256');
  let count = 0;
  const damagedDocs: DamagedDocument[] = [];
  for (let after = 0; ;) {
    const batch = documents.batch(db, after, options.contents ? 100 : 5_000, options.contents);
    for (const row of batch.rows) {
      hash.update(`${row.id}:${row.sha256}\n`);
      if (!row.intact) damagedDocs.push({ id: row.id, kind: row.kind, number: row.number });
    }
    count += batch.rows.length;
    onProgress(count);
    if (batch.next === null) break;
    after = batch.next;
    await yieldToEventLoop();
  }
  return { count, damaged: damagedDocs, sha256: hash.digest('hex') };
}

/** Pages copied per step of the online backup (a megabyte at 4 KiB pages); the app answers between steps. */
const pagesPerStep = 256;
/** Every this many steps, what the snapshot has written so far is flushed to disk in the background. */
const stepsPerFlush = 16;

/**
 * A consistent copy of the running database at `target` (made private first), taken in short steps
 * on the app's own connection. SQLite flushes the copy once, when its last step commits: with the
 * whole file still in the system's write cache that one flush held the app for most of a second on
 * a large practice. So the pages already written are flushed as the copy goes, in Node's thread
 * pool (the app answers meanwhile), and the last step finds little left to write.
 */
export async function takeSnapshot(db: Db, target: string, onProgress: (done: number, total: number) => void = () => {}): Promise<void> {
  createPrivateFile(target);
  const file = await open(target, 'r+');
  let flushing: Promise<void> | null = null;
  let steps = 0;
  try {
    await db.backup(target, {
      progress({ totalPages, remainingPages }) {
        onProgress(totalPages - remainingPages, totalPages);
        if (++steps % stepsPerFlush === 0 && !flushing) {
          // A flush that fails here fails again, and is reported, in SQLite's own flush at the end.
          flushing = file.datasync().catch(() => {}).finally(() => {
            flushing = null;
          });
        }
        return pagesPerStep;
      },
    });
  } finally {
    await (flushing as Promise<void> | null);
    await file.close();
  }
}

/** Rows of every ordinary table, by name. */
export function tableCounts(db: Db): Record<string, number> {
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> ? AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name`)
    .pluck()
    .all(infoTable) as string[];
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT count(*) FROM "${t.replace(/"/g, '""')}"`).pluck().get() as number]));
}

export interface SealOptions {
  /** This computer's box, which opens the mail passwords in the copy. */
  localSecrets: SecretBox;
  passphrase: string;
  workFactor: number;
  ports: Pick<BackupPorts, 'secrets'>;
}

/** What sealSnapshot leaves for the info table. */
export type SealedSecrets = Pick<BackupInfo, 'secrets' | 'mailPasswordsMissing'>;

/**
 * The first half of making the snapshot at `path` ready to travel, in the main process because it
 * needs this computer's secret box (on the desktop the keychain, which only the main process
 * reaches): this computer's backup settings taken out, mail passwords sealed again under the
 * backup's key. The file is left in rollback-journal mode: one self-contained file.
 */
export async function sealSnapshot(path: string, o: SealOptions): Promise<SealedSecrets> {
  const snap = new Database(path, { fileMustExist: true });
  try {
    snap.pragma('journal_mode = DELETE');
    snap.prepare(`DELETE FROM settings WHERE key LIKE 'backup.%'`).run();
    let secrets: BackupInfo['secrets'] = null;
    let mailPasswordsMissing = 0;
    if (o.ports.secrets.count(snap) > 0) {
      const salt = randomBytes(16);
      const key = await secretsKey(o.passphrase, salt, o.workFactor);
      // One that does not open here (its keychain entry is gone) cannot travel: counted and said.
      mailPasswordsMissing = o.ports.secrets.reseal(snap, o.localSecrets, backupKeySecretBox(key)).removed;
      secrets = { salt: salt.toString('base64'), workFactor: o.workFactor };
    }
    return { secrets, mailPasswordsMissing };
  } finally {
    snap.close();
  }
}

/** What a backup says about itself before its rows and documents are counted. */
export type SnapshotHeader = Pick<BackupInfo, 'createdAt' | 'practiceName'> & SealedSecrets;

/**
 * The second half (in the backup worker; it reads every archived document): the table
 * `arnika_backup` written into the sealed snapshot at `path`, with what it holds. Returns the info.
 */
export async function describeSnapshot(path: string, header: SnapshotHeader, documents: DocumentArchivePort, onProgress: (done: number) => void = () => {}): Promise<BackupInfo> {
  const snap = new Database(path, { fileMustExist: true });
  try {
    // A document damaged here is backed up as it is, rather than no backup at all from now on: the
    // rest of the practice's data is still worth keeping, and the damaged one is named.
    const digest = await documentsDigest(snap, documents, onProgress);
    const info: BackupInfo = {
      format: backupFormat,
      formatVersion: backupFormatVersion,
      appVersion,
      schemaVersion: snap.pragma('user_version', { simple: true }) as number,
      createdAt: header.createdAt,
      practiceName: header.practiceName,
      counts: tableCounts(snap),
      documents: { count: digest.count, sha256: digest.sha256, damaged: digest.damaged },
      mailPasswordsMissing: header.mailPasswordsMissing,
      secrets: header.secrets,
    };
    snap.exec(`CREATE TABLE ${infoTable} (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT`);
    snap.prepare(`INSERT INTO ${infoTable} (key, value) VALUES ('info', ?)`).run(JSON.stringify(info));
    return info;
  } finally {
    snap.close();
  }
}

/** Reads the info table of a decrypted file: what it is, or why it is no Arnika backup. */
function readInfo(db: Db): BackupInfo {
  let raw: string | undefined;
  try {
    raw = db.prepare(`SELECT value FROM ${infoTable} WHERE key = 'info'`).pluck().get() as string | undefined;
  } catch (err) {
    if (storageFault(err) === 'storage.corrupt') throw damaged((err as Error).message);
    throw notABackup('no arnika_backup table');
  }
  if (raw === undefined) throw notABackup('no backup info');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw notABackup('unreadable backup info');
  }
  const head = z.object({ format: z.literal(backupFormat), formatVersion: z.number(), appVersion: z.string() }).safeParse(json);
  if (!head.success) throw notABackup('not the Arnika backup format');
  if (head.data.formatVersion > backupFormatVersion) throw newer(head.data.appVersion);
  const info = BackupInfo.safeParse(json);
  if (!info.success) throw notABackup('backup info of an unknown shape');
  return info.data;
}

function newer(version: string): AppError {
  return new AppError('backup.newer_version', `The backup was written by a newer Arnika (${version})`, { version });
}

export interface CheckProgress {
  (step: 'integrity' | 'documents', done: number, total: number): void;
}

/**
 * Checks a decrypted backup before anyone relies on it: it is an Arnika backup, not from a newer
 * Arnika, `PRAGMA quick_check` of the whole file passes, every table has the rows the info says, and every archived document still
 * has the hash it was archived with and the digest over them is the one recorded. Returns its info.
 */
export async function checkBackupDatabase(path: string, documents: DocumentArchivePort, onProgress: CheckProgress = () => {}): Promise<BackupInfo> {
  let db: Db;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    db.pragma('schema_version');
  } catch (err) {
    if (storageFault(err) === 'storage.corrupt') throw notABackup('not an SQLite database');
    throw err;
  }
  try {
    const info = readInfo(db);
    if (info.schemaVersion > loadMigrations().length) throw newer(info.appVersion);
    if ((db.pragma('user_version', { simple: true }) as number) !== info.schemaVersion) throw damaged('schema version differs from the info');

    // One check of the whole file, on this copy (never the live database, which the app keeps
    // writing). Not integrity_check(table) table by table: with a table argument SQLite checks
    // only part of the file (no free-list, no pages outside those tables: see its documentation).
    // quick_check rather than integrity_check: it reads every page, b-tree, record and constraint
    // of the file in O(N); integrity_check adds only the comparison of each index with its table,
    // O(N log N), and the bytes here are already proven equal to the snapshot by the file's authentication. One
    // synchronous call: after writing a backup it runs in the backup worker (worker.ts), not in
    // the main process.
    onProgress('integrity', 0, 1);
    const problems = db.prepare('PRAGMA quick_check').pluck().all() as string[];
    if (problems.length !== 1 || problems[0] !== 'ok') throw damaged(`quick_check: ${problems.slice(0, 3).join('; ')}`);
    onProgress('integrity', 1, 1);
    await yieldToEventLoop();

    const counts = tableCounts(db);
    if (JSON.stringify(counts) !== JSON.stringify(info.counts)) throw damaged('row counts differ from the info');

    // The documents' bytes are not hashed again here: the file decrypted chunk by chunk under its own
    // authenticated key, so they are the bytes the snapshot held when it was described, where each
    // was hashed and the damaged ones named (info.documents.damaged). Which documents, with which
    // hashes, is checked against the info.
    const digest = await documentsDigest(db, documents, (done) => onProgress('documents', done, info.documents.count), { contents: false });
    if (digest.count !== info.documents.count || digest.sha256 !== info.documents.sha256) throw damaged('documents differ from the info');
    return info;
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (storageFault(err) === 'storage.corrupt') throw damaged((err as Error).message);
    throw err;
  } finally {
    db.close();
  }
}
