/**
 * Opens the practice database: refuses one from a newer Arnika without touching it, backs up an
 * existing one before migrating, applies pending migrations in one transaction, and sets the
 * connection pragmas every time (better-sqlite3 defaults WAL connections to synchronous=NORMAL).
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppError } from '../../shared/errors.js';
import { loadMigrations, type Migration } from './migrations.js';

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

function readVersion(file: string): number {
  const probe = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return probe.pragma('user_version', { simple: true }) as number;
  } finally {
    probe.close();
  }
}

export async function openDatabase(
  file: string,
  options: { migrations?: Migration[]; now?: () => Date } = {},
): Promise<OpenResult> {
  const migrations = options.migrations ?? loadMigrations();
  const latest = migrations.length;
  mkdirSync(dirname(file), { recursive: true });

  const existed = existsSync(file);
  const fromVersion = existed ? readVersion(file) : 0;
  if (fromVersion > latest) {
    throw new AppError(
      'db.newer_version',
      `The database ${file} was written by a newer Arnika (schema ${fromVersion}, this version knows ${latest}).`,
      { databaseVersion: fromVersion, supportedVersion: latest },
    );
  }

  const db = new Database(file);
  try {
    applyPragmas(db);
    let backupPath: string | null = null;
    if (existed && fromVersion > 0 && fromVersion < latest) {
      const stamp = (options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
      backupPath = join(dirname(file), 'backups', `before-migration-v${fromVersion}-to-v${latest}-${stamp}.sqlite`);
      mkdirSync(dirname(backupPath), { recursive: true });
      await db.backup(backupPath);
    }
    const pending = migrations.filter((m) => m.version > fromVersion);
    if (pending.length > 0) {
      db.transaction(() => {
        for (const m of pending) db.exec(m.sql);
        db.pragma(`user_version = ${latest}`);
      })();
    }
    return { db, fromVersion, toVersion: latest, backupPath };
  } catch (err) {
    db.close();
    throw err;
  }
}
