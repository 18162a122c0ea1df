/**
 * One Arnika per data folder. A second one (the desktop app and browser mode, or two browser modes,
 * on the same folder) would mark the first one's mail in flight as uncertain and empty its viewer
 * files; it is refused before it touches anything, and told who holds the folder.
 *
 * The lock is an operating-system lock (POSIX fcntl, LockFileEx on Windows), taken through SQLite on
 * a small file of its own, arnika.lock, because better-sqlite3 is already there for both Node and
 * Electron. The kernel lets go of it when the process ends, however it ends, so the folder is free
 * at once after a crash or kill -9: no stale lock to guess about (proper-lockfile's mkdir lock has
 * to wait out its staleness period and can be lost while the event loop is blocked or the laptop sleeps).
 *
 * How: the starting process takes SQLite's EXCLUSIVE lock (only possible while nobody else holds
 * the file), writes who it is, commits, and then keeps a read transaction open for as long as it
 * runs. That SHARED lock keeps every later EXCLUSIVE attempt out, yet lets a refused process read
 * who is there. Two processes starting in the same instant: each rereads the holder row once it holds
 * its read lock, and only the one the row names goes on.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors.js';
import { createPrivateFile } from './privateFolder.js';

export const lockFileName = 'arnika.lock';

/** What kind of Arnika holds the folder. */
export type Host = 'desktop' | 'browser';

export interface LockHolder {
  pid: number;
  host: Host;
  /** ISO time the holder started. */
  since: string;
}

export interface FolderLock {
  readonly holder: LockHolder;
  release(): void;
}

/**
 * The connections that hold a lock. A lock lives until release(), not until the garbage collector
 * finds nobody referring to it (better-sqlite3 closes a collected connection, and the lock with it).
 */
const held = new Set<Database.Database>();

/** How long a start waits for a process that only reads the holder row (a refused start) to let go. */
const waitForReadersMs = 1_000;

export function lockDataFolder(dir: string, host: Host, now: Date): FolderLock {
  const file = join(dir, lockFileName);
  createPrivateFile(file);
  const db = new Database(file, { timeout: waitForReadersMs });
  try {
    // Who holds the lock need not survive a power cut; the lock itself lives in the kernel.
    db.pragma('synchronous = OFF');
    try {
      db.exec('BEGIN EXCLUSIVE');
    } catch (err) {
      if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY')) throw lockedError(readHolder(db));
      throw err;
    }
    const token = randomUUID();
    const holder: LockHolder = { pid: process.pid, host, since: now.toISOString() };
    db.exec('CREATE TABLE IF NOT EXISTS holder (id INTEGER PRIMARY KEY CHECK (id = 1), pid INTEGER NOT NULL, host TEXT NOT NULL, since TEXT NOT NULL, token TEXT NOT NULL)');
    db.prepare('INSERT OR REPLACE INTO holder (id, pid, host, since, token) VALUES (1, ?, ?, ?, ?)').run(holder.pid, holder.host, holder.since, token);
    db.exec('COMMIT');
    // From here on the read transaction's SHARED lock is the lock.
    db.exec('BEGIN');
    const row = db.prepare('SELECT pid, host, since, token FROM holder WHERE id = 1').get() as (LockHolder & { token: string }) | undefined;
    if (row?.token !== token) throw lockedError(row ?? null);
    held.add(db);
    return {
      holder,
      release: () => {
        held.delete(db);
        if (db.open) db.close();
      },
    };
  } catch (err) {
    db.close();
    throw err;
  }
}

function readHolder(db: Database.Database): LockHolder | null {
  try {
    const row = db.prepare('SELECT pid, host, since FROM holder WHERE id = 1').get() as LockHolder | undefined;
    return row ?? null;
  } catch {
    // The holder has not written its row yet (or the file is from something else): say what we can.
    return null;
  }
}

function lockedError(holder: LockHolder | null): AppError {
  const who = holder ? `${holder.host} mode, pid ${holder.pid}, since ${holder.since}` : 'details unknown';
  return new AppError('storage.locked', `The data folder is in use by another Arnika (${who})`, holder ? { pid: holder.pid, host: holder.host, since: holder.since } : {});
}
