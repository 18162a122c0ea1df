/**
 * Commits whose wait for the disk is moved off the critical path. The connection runs with
 * synchronous=FULL: every commit waits until the WAL file is synced. Two kinds of write can do better:
 *
 * - withDeferredSync: a write whose loss in a power cut is harmless by design is committed with
 *   synchronous=NORMAL. It is committed at once and survives a crash of the app; it reaches the disk
 *   with the next FULL commit (in WAL mode that syncs every frame before its own) or checkpoint.
 * - WalSync.commit: a write that must be durable before something else happens, where that something
 *   can wait but the main thread should not. It is committed with synchronous=NORMAL, then the WAL
 *   file is synced on a thread of its own. Those are the steps of a FULL commit in WAL mode ("the WAL
 *   file is synced after each transaction commit", sqlite.org/pragma.html#pragma_synchronous), with
 *   the sync off the main thread.
 *
 * The sync thread reports through shared memory as well as by message: isOnDisk() reads the answer
 * directly, so a caller that checks at the moment it needs to know (the end of an SMTP message) is not
 * held up until its own busy event loop gets round to the completion (with libuv's thread pool, that
 * took longer than the sync itself).
 */
import { closeSync, openSync } from 'node:fs';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
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

/** A commit on its way to the disk. */
export interface Durability {
  /** Resolves once the commit is on disk; rejects when the sync failed. */
  readonly onDisk: Promise<void>;
  /** Known to be on disk by now. False also after a failure: then onDisk has rejected. */
  isOnDisk(): boolean;
}

function settled(onDisk: Promise<void>, isOnDisk: boolean): Durability {
  onDisk.catch(() => {}); // the caller may never ask
  return { onDisk, isOnDisk: () => isOnDisk };
}

export class WalSync {
  /**
   * The WAL file, opened once. SQLite keeps that file (the same inode) as long as a connection is
   * open, and close() runs before the connection closes. 'r+': on Windows only a handle with write
   * access can flush.
   */
  private fd: number | null = null;
  private thread: SyncThread | null = null;
  private wal: boolean | undefined;
  private closed = false;

  constructor(private readonly db: Db) {}

  /** Commits `write` now; `durable` says when the commit is on disk, or that the sync failed. */
  commit<T>(write: () => T): { result: T; durable: Durability } {
    if (this.closed) throw new Error('WalSync is closed');
    if (!this.walMode()) return { result: write(), durable: settled(Promise.resolve(), true) };
    const result = withDeferredSync(this.db, write);
    return { result, durable: this.sync() };
  }

  /** Asked once: the app never changes the journal mode of an open connection. */
  private walMode(): boolean {
    this.wal ??= !this.db.memory && String(cached(this.db, 'PRAGMA journal_mode').pluck().get()).toLowerCase() === 'wal';
    return this.wal;
  }

  private sync(): Durability {
    try {
      this.fd ??= openSync(`${resolve(this.db.name)}-wal`, 'r+');
      this.thread ??= new SyncThread(this.fd, (lost) => {
        if (this.thread === lost) this.thread = null;
      });
    } catch (err) {
      return settled(Promise.reject(err instanceof Error ? err : new Error(String(err))), false);
    }
    return this.thread.request();
  }

  /**
   * Before the database closes: waits (briefly, on this thread) for a sync in progress, ends the
   * thread and closes the descriptor, so that nothing holds the WAL file once SQLite removes it.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.thread?.close();
    this.thread = null;
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch {
        // already closed
      }
      this.fd = null;
    }
  }
}

/** Slots of the shared Int32Array. */
const REQUESTED = 0; // highest request number
const SYNCED = 1; // highest request number known to be on disk
const FAILED = 2; // highest request number whose sync failed
const CLOSING = 3; // 1: end once every request so far is synced
const ENDED = 4; // 1: the thread left its loop and uses the descriptor no more

/**
 * The thread: syncs once for every request made so far (each was committed before its number was
 * published, so one sync covers all of them), publishes the number it covered, and waits in
 * Atomics.wait for the next number: a futex wake, no turn of its event loop. Asked to close, it
 * first syncs what is still asked for.
 */
const threadSource = `
const { workerData, parentPort } = require('node:worker_threads');
const { fdatasyncSync } = require('node:fs');
const state = new Int32Array(workerData.state);
let done = 0;
try {
  for (;;) {
    const upTo = Atomics.load(state, ${REQUESTED});
    if (upTo !== done) {
      let error = null;
      try {
        fdatasyncSync(workerData.fd);
        Atomics.store(state, ${SYNCED}, upTo);
      } catch (err) {
        Atomics.store(state, ${FAILED}, upTo);
        error = { message: String((err && err.message) || err), code: err && err.code };
      }
      done = upTo;
      parentPort.postMessage({ upTo, error });
      continue;
    }
    if (Atomics.load(state, ${CLOSING}) === 1) break;
    Atomics.wait(state, ${REQUESTED}, done);
  }
} finally {
  Atomics.store(state, ${ENDED}, 1);
  Atomics.notify(state, ${ENDED});
}
`;

/** The longest close() waits for the thread's last syncs. */
const closeWaitMs = 5_000;

type SyncError = { message: string; code?: string };

class SyncThread {
  private readonly state = new Int32Array(new SharedArrayBuffer(5 * Int32Array.BYTES_PER_ELEMENT));
  private readonly worker: Worker;
  private requested = 0;
  /** Waiting for their sync, oldest first. */
  private readonly pending: { n: number; resolve: () => void; reject: (err: Error) => void }[] = [];

  constructor(fd: number, onLost: (thread: SyncThread) => void) {
    this.worker = new Worker(threadSource, { eval: true, workerData: { fd, state: this.state.buffer } });
    this.worker.on('message', (m: { upTo: number; error: SyncError | null }) => this.settle(m.upTo, m.error));
    // The thread itself failed (it could not start, say): what waits on it fails, the next commit starts another.
    const lost = (err: Error) => {
      onLost(this);
      this.settle(this.requested, { message: err.message });
    };
    this.worker.on('error', lost);
    this.worker.on('exit', (code) => {
      if (Atomics.load(this.state, CLOSING) !== 1) lost(new Error(`the disk sync thread ended (${code})`));
    });
    // Only a sync asked for keeps the app running, as a pending fs call would (settle() lets go
    // again). After the listeners: adding a 'message' listener refs the thread again.
    this.worker.unref();
  }

  request(): Durability {
    const n = ++this.requested;
    const onDisk = new Promise<void>((resolve, reject) => this.pending.push({ n, resolve, reject }));
    if (this.pending.length === 1) this.worker.ref();
    Atomics.store(this.state, REQUESTED, n);
    Atomics.notify(this.state, REQUESTED);
    onDisk.catch(() => {}); // the caller may never ask
    // A later successful sync covers a request too, but one that failed stays failed.
    return { onDisk, isOnDisk: () => Atomics.load(this.state, SYNCED) >= n && Atomics.load(this.state, FAILED) < n };
  }

  private settle(upTo: number, error: SyncError | null): void {
    while (this.pending.length > 0 && this.pending[0]!.n <= upTo) {
      const p = this.pending.shift()!;
      if (error) p.reject(Object.assign(new Error(error.message), error.code ? { code: error.code } : {}));
      else p.resolve();
    }
    if (this.pending.length === 0) this.worker.unref();
  }

  /**
   * Lets the thread sync what is still asked for and end; returns once it no longer uses the
   * descriptor. Those syncs settle their promises as usual (isOnDisk() knows at once).
   */
  close(): void {
    Atomics.store(this.state, CLOSING, 1);
    // A new number as well as the flag: the thread may be just about to wait for the old one (the
    // one sync more that this costs is nothing at close).
    Atomics.store(this.state, REQUESTED, ++this.requested);
    Atomics.notify(this.state, REQUESTED);
    const deadline = Date.now() + closeWaitMs;
    while (Atomics.load(this.state, ENDED) !== 1 && Date.now() < deadline) Atomics.wait(this.state, ENDED, 0, 50);
  }
}
