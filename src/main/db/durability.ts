/**
 * Commits whose wait for the disk is moved off the critical path. The connection runs with
 * synchronous=FULL: every commit waits until the WAL file is synced. Two kinds of write can do better:
 *
 * - withDeferredSync: a write whose loss in a power cut is harmless by design is committed with
 *   synchronous=NORMAL. It is committed at once and survives a crash of the app; it reaches the disk
 *   with the next FULL commit (in WAL mode that syncs every frame before its own) or checkpoint.
 * - WalSync.commit: a write that must be durable before something else happens, where that something
 *   can wait but the main thread should not. It is committed with synchronous=NORMAL, then the WAL
 *   file is synced on libuv's thread pool; `durable` resolves once that is done. Those are the steps of
 *   a FULL commit in WAL mode ("the WAL file is synced after each transaction commit",
 *   sqlite.org/pragma.html#pragma_synchronous), with the sync off the main thread.
 */
import { closeSync, fdatasync, openSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Db } from './open.js';
import { cached } from './statements.js';

/** Runs `write` committed with synchronous=NORMAL (see above). Never inside a transaction: the setting applies to the commit. */
export function withDeferredSync<T>(db: Db, write: () => T): T {
  if (db.inTransaction) throw new Error('withDeferredSync: not inside a transaction');
  cached(db, 'PRAGMA synchronous = NORMAL').run();
  try {
    return write();
  } finally {
    cached(db, 'PRAGMA synchronous = FULL').run();
  }
}

export class WalSync {
  /**
   * The WAL file, opened once. SQLite keeps that file (the same inode) as long as a connection is
   * open, and close() runs before the connection closes. 'r+': on Windows only a handle with write
   * access can flush.
   */
  private fd: number | null = null;
  private inFlight = 0;
  private wal: boolean | undefined;
  private closed = false;

  constructor(private readonly db: Db) {}

  /** Commits `write` now; `durable` resolves when the commit is on disk, or rejects when the sync failed. */
  commit<T>(write: () => T): { result: T; durable: Promise<void> } {
    if (this.closed) throw new Error('WalSync is closed');
    if (!this.walMode()) return { result: write(), durable: Promise.resolve() };
    const result = withDeferredSync(this.db, write);
    return { result, durable: this.sync() };
  }

  /** Asked once: the app never changes the journal mode of an open connection. */
  private walMode(): boolean {
    this.wal ??= !this.db.memory && String(cached(this.db, 'PRAGMA journal_mode').pluck().get()).toLowerCase() === 'wal';
    return this.wal;
  }

  private sync(): Promise<void> {
    return new Promise((done, fail) => {
      try {
        this.fd ??= openSync(`${resolve(this.db.name)}-wal`, 'r+');
      } catch (err) {
        fail(err);
        return;
      }
      this.inFlight++;
      fdatasync(this.fd, (err) => {
        this.inFlight--;
        this.closeIfIdle();
        if (err) fail(err);
        else done();
      });
    });
  }

  /** Before the database closes. A sync still running keeps the descriptor until it is done (its number must not be reused meanwhile). */
  close(): void {
    this.closed = true;
    this.closeIfIdle();
  }

  private closeIfIdle(): void {
    if (!this.closed || this.inFlight > 0 || this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
  }
}
