/**
 * Owns the part of writing a backup that needs no live connection, run in a child process (the
 * backup worker, src/main/app/backupWorker.ts, bundled to dist/main/backupWorker.mjs; platform/worker.ts
 * starts it): the sealed snapshot described (its documents read and hashed, its rows counted),
 * encrypted under the temporary name at the target and flushed, then read back from there with
 * every chunk authenticated, which proves the file holds exactly the snapshot's bytes, and the
 * snapshot checked as a restore checks its copy (PRAGMA quick_check, rows, documents): the same
 * proof as decrypting a copy and checking that, without writing the copy out. The main process keeps answering the app
 * meanwhile; it only takes the snapshot, seals it, and names the file once this says it is proven.
 *
 * A restore's check of a backup file (decrypted into tmp/, checked as above) runs there too
 * (inspectInWorker).
 *
 * The worker gets paths and the passphrase over its IPC channel, reports progress, and answers
 * once: done, or failed with where (so that write.ts tells a fault of the target from one of this
 * computer's disk, as before). It removes nothing: what never got its final name is the main
 * process's to remove, also when the worker dies.
 */
import { open } from 'node:fs/promises';
import { AppError } from '../../shared/errors.js';
import { parentChannel, runInWorker, WorkerExited, type ForkWorker } from '../platform/worker.js';
import { decryptFile, encryptFile } from './crypt.js';
import type { DocumentArchivePort } from './ports.js';
import { checkBackupDatabase, describeSnapshot, type BackupInfo, type SnapshotHeader } from './snapshot.js';

export const backupWorkerName = 'backupWorker';

export interface ProveRequest {
  type: 'prove';
  /** The sealed snapshot (tmp/). */
  snapshot: string;
  /** The temporary name at the target, created here (it must not exist). */
  partial: string;
  passphrase: string;
  workFactor: number;
  header: SnapshotHeader;
}

/** A restore's first step: the file at `source` decrypted into `target` (tmp/) and checked. */
export interface InspectRequest {
  type: 'inspect';
  source: string;
  target: string;
  passphrase: string;
}

export type ProveStep = 'describe' | 'encrypt' | 'verify';
export type InspectStep = 'decrypt' | 'integrity' | 'documents';

interface ProgressMessage {
  type: 'progress';
  step: ProveStep | InspectStep;
  done: number;
  total: number;
}

interface DoneMessage {
  type: 'done';
  info: BackupInfo;
  /** The encrypted file's size. */
  size: number;
}

/** A failure as it crosses the process boundary: the step it happened in, and what is needed to tell it apart. */
export interface FailedMessage {
  type: 'failed';
  step: ProveStep | InspectStep;
  message: string;
  /** An AppError's code. */
  appCode?: string | undefined;
  appDetails?: AppError['details'];
  /** A file system error's code (ENOSPC, EIO, …). */
  errno?: string | undefined;
}

/** The error a failed message stands for, as it was thrown in the worker. */
export function failureError(failed: FailedMessage): Error {
  if (failed.appCode) return new AppError(failed.appCode as AppError['code'], failed.message, failed.appDetails);
  const err = new Error(failed.message) as NodeJS.ErrnoException;
  if (failed.errno) err.code = failed.errno;
  return err;
}

/** The main process's side: runs `request` in a fresh backup worker. */
export function proveInWorker(
  forkWorker: ForkWorker,
  request: Omit<ProveRequest, 'type'>,
  onProgress: (step: ProveStep, done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<{ info: BackupInfo; size: number }> {
  return runInWorker<DoneMessage, ProgressMessage, FailedMessage>(forkWorker, backupWorkerName, { type: 'prove', ...request }, {
    onProgress: (m) => onProgress(m.step as ProveStep, m.done, m.total),
    // Rebuilt with its step, so that write.ts can tell where it went wrong.
    toError: (m) => Object.assign(failureError(m), { step: m.step }),
    signal,
  });
}

/** The step a worker failure happened in (proveInWorker), or null for any other error. */
export function failedStep(err: unknown): ProveStep | null {
  return (err as { step?: ProveStep }).step ?? null;
}

/**
 * The main process's side of a restore's check: the backup at `source` decrypted into `target` and
 * checked in a fresh backup worker; its info. Refusals (wrong passphrase, changed, not a backup,
 * newer) come back as the AppErrors they were; a worker that died is backup.interrupted.
 */
export async function inspectInWorker(
  forkWorker: ForkWorker,
  request: Omit<InspectRequest, 'type'>,
  onProgress: (step: InspectStep, done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<BackupInfo> {
  try {
    const done = await runInWorker<DoneMessage, ProgressMessage, FailedMessage>(forkWorker, backupWorkerName, { type: 'inspect', ...request }, {
      onProgress: (m) => onProgress(m.step as InspectStep, m.done, m.total),
      toError: failureError,
      signal,
    });
    return done.info;
  } catch (err) {
    if (err instanceof WorkerExited) throw new AppError('backup.interrupted', err.message);
    throw err;
  }
}

/** The worker's side: answers one request (src/main/app/backupWorker.ts calls this). */
export function serveBackupWorker(ports: { documents: DocumentArchivePort }): void {
  const channel = parentChannel();
  channel.onMessage((raw) => {
    const request = raw as ProveRequest | InspectRequest;
    const send = (m: ProgressMessage) => channel.send(m);
    if (request.type === 'prove') void prove(request, ports.documents, send).then((m) => channel.send(m));
    else if (request.type === 'inspect') void inspect(request, ports.documents, send).then((m) => channel.send(m));
  });
}

async function prove(r: ProveRequest, documents: DocumentArchivePort, send: (m: ProgressMessage) => void): Promise<DoneMessage | FailedMessage> {
  let step: ProveStep = 'describe';
  const progress = (done: number, total: number) => send({ type: 'progress', step, done, total });
  try {
    const info = await describeSnapshot(r.snapshot, r.header, documents, (done) => progress(done, 0));

    step = 'encrypt';
    progress(0, 0);
    const out = await open(r.partial, 'wx', 0o600);
    let written;
    let size;
    try {
      written = await encryptFile(r.snapshot, out, r.passphrase, { workFactor: r.workFactor, onProgress: (done) => progress(done, 0) });
      await out.sync();
      size = (await out.stat()).size;
    } finally {
      await out.close();
    }

    // Read back from where it was written, and checked as a restore would.
    step = 'verify';
    progress(0, 0);
    const plain = await decryptFile(r.partial, null, r.passphrase, { onProgress: (done) => progress(done, 0) });
    if (plain.size !== written.size) throw new Error('the backup read back differs from what was written');
    const checked = await checkBackupDatabase(r.snapshot, documents);
    if (checked.documents.sha256 !== info.documents.sha256 || JSON.stringify(checked.counts) !== JSON.stringify(info.counts)) {
      throw new Error('the backup read back holds other rows than were written');
    }
    return { type: 'done', info, size };
  } catch (err) {
    return failed(step, err);
  }
}

async function inspect(r: InspectRequest, documents: DocumentArchivePort, send: (m: ProgressMessage) => void): Promise<DoneMessage | FailedMessage> {
  let step: InspectStep = 'decrypt';
  try {
    send({ type: 'progress', step, done: 0, total: 0 });
    await decryptFile(r.source, r.target, r.passphrase, { onProgress: (done) => send({ type: 'progress', step: 'decrypt', done, total: 0 }) });
    const info = await checkBackupDatabase(r.target, documents, (s, done, total) => {
      step = s;
      send({ type: 'progress', step: s, done, total });
    });
    return { type: 'done', info, size: 0 };
  } catch (err) {
    return failed(step, err);
  }
}

function failed(step: ProveStep | InspectStep, err: unknown): FailedMessage {
  const e = err as NodeJS.ErrnoException;
  return {
    type: 'failed', step, message: String(e?.message ?? err),
    ...(err instanceof AppError ? { appCode: err.code, appDetails: err.details } : {}),
    ...(typeof e?.code === 'string' && !(err instanceof AppError) ? { errno: e.code } : {}),
  };
}
