/**
 * Opens the practice database: refuses one from a newer Arnika without touching it, backs up an
 * existing one before migrating, applies pending migrations in one transaction that cannot cascade
 * into other tables, and sets the connection pragmas every time (better-sqlite3 defaults WAL
 * connections to synchronous=NORMAL).
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppError } from '../../../shared/errors.js';
import { storageFault } from './errors.js';
import { loadMigrations, type Migration } from './migrations.js';
import { createPrivateFile, privateFolderMode } from './privateFolder.js';

export type Db = Database.Database;

export interface OpenResult {
  db: Db;
  fromVersion: number;
  toVersion: number;
  backupPath: string | null;
}

export function applyPragmas(db: Db): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Up to 64 MiB of pages in memory (default 2 MiB): a search or a list page at 50,000 patients
  // touches index and row pages all over the file, and reads them from here the next time.
  db.pragma('cache_size = -65536');
}

/**
 * Reads the schema version and runs SQLite's quick_check (every page read once, b-trees and
 * records checked, no index-content cross-check) through a read-only connection, so that nothing
 * is written into a damaged file, not even a migration backup. A damaged file is refused with
 * storage.corrupt; createApp then opens it read-only.
 */
function inspect(file: string): number {
  const probe = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const version = probe.pragma('user_version', { simple: true }) as number;
    const problems = (probe.pragma('quick_check(5)') as { quick_check: string }[]).map((r) => r.quick_check);
    if (problems.length !== 1 || problems[0] !== 'ok') throw damaged(file, problems.join('; '));
    return version;
  } catch (err) {
    if (storageFault(err) === 'storage.corrupt') throw damaged(file, (err as Error).message);
    throw err;
  } finally {
    probe.close();
  }
}

function damaged(file: string, what: string): AppError {
  return new AppError('storage.corrupt', `The database ${file} is damaged: ${what}`);
}

/** Opens a damaged database so that what can still be read is shown, and nothing is ever written. */
export function openDamagedDatabase(file: string): Db {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  db.pragma('query_only = ON');
  return db;
}

/**
 * Runs the pending migrations the way SQLite documents for schema changes that rebuild a table
 * (sqlite.org/lang_altertable.html, "Making Other Kinds Of Table Schema Changes"): foreign keys off
 * before BEGIN (inside a transaction the pragma is a no-op, and with keys on, `DROP TABLE invoices`
 * would set every consultation's invoice_id to NULL and cascade-delete invoice_consultations),
 * `PRAGMA foreign_key_check` before COMMIT, and on again afterwards. Any violation aborts the whole
 * upgrade: the database stays as it was, version included.
 */
function migrate(db: Db, pending: Migration[], latest: number): void {
  db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      for (const m of pending) db.exec(m.sql);
      const violations = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
      if (violations.length > 0) {
        const first = violations[0]!;
        throw new AppError('db.migration_failed', `Migration to schema ${latest} would break ${violations.length} reference(s), first ${first.table} row ${first.rowid} -> ${first.parent}`, {
          violations: violations.length,
        });
      }
      db.pragma(`user_version = ${latest}`);
    })();
  } finally {
    db.pragma('foreign_keys = ON');
  }
}

export async function openDatabase(
  file: string,
  options: { migrations?: Migration[]; now?: () => Date } = {},
): Promise<OpenResult> {
  const migrations = options.migrations ?? loadMigrations();
  const latest = migrations.length;
  mkdirSync(dirname(file), { recursive: true, mode: privateFolderMode });

  const existed = existsSync(file);
  const fromVersion = existed ? inspect(file) : 0;
  if (fromVersion > latest) {
    throw new AppError(
      'db.newer_version',
      `The database ${file} was written by a newer Arnika (schema ${fromVersion}, this version knows ${latest}).`,
      { databaseVersion: fromVersion, supportedVersion: latest },
    );
  }

  // Made 0600 before SQLite creates it: SQLite gives the -wal and -shm files the database's mode.
  if (!existed) createPrivateFile(file);
  const db = new Database(file);
  try {
    applyPragmas(db);
    let backupPath: string | null = null;
    if (existed && fromVersion > 0 && fromVersion < latest) {
      const stamp = (options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
      backupPath = join(dirname(file), 'backups', `before-migration-v${fromVersion}-to-v${latest}-${stamp}.sqlite`);
      mkdirSync(dirname(backupPath), { recursive: true, mode: privateFolderMode });
      createPrivateFile(backupPath);
      await db.backup(backupPath);
    }
    const pending = migrations.filter((m) => m.version > fromVersion);
    if (pending.length > 0) migrate(db, pending, latest);
    return { db, fromVersion, toVersion: latest, backupPath };
  } catch (err) {
    db.close();
    throw err;
  }
}
