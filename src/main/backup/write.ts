/**
 * Owns writing one backup and proving it: snapshot (snapshot.ts) → encrypted under a temporary
 * name at the target, flushed → read back from there, every chunk authenticated (so the file holds
 * exactly the snapshot's bytes), and the snapshot checked (integrity, rows, documents) → only then the final name, taken
 * without ever replacing a file (takeFreeName), and the folder flushed. So a file under the final name was always verified, whatever
 * happens meanwhile (a full disk, the drive pulled out, the process killed): at worst a
 * `.…partial` file is left, which the next backup into that folder removes.
 *
 * Only the snapshot and its sealing (mail passwords, with this computer's secret box) run in the
 * main process; describing, encrypting, reading back and checking run in the backup worker
 * (worker.ts), a child process: the app answers meanwhile, and a worker that dies leaves a failed
 * backup (backup.interrupted) and nothing under the final name.
 *
 * A fault at the target (disk full, folder gone) is told apart from one of this computer's disk
 * (where tmp/ is): the first is backup.target_full / backup.target_unavailable, the second a
 * storage fault. Older backups in the folder are never touched on the way.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { access, constants, link, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { DownloadRef } from '../../shared/contract/jobs.js';
import type { VerifiedBackup } from '../../shared/contract/backupResults.js';
import { AppError } from '../../shared/errors.js';
import type { Clock } from '../platform/clock.js';
import { storageFault } from '../platform/db/errors.js';
import type { Db } from '../platform/db/open.js';
import { renameDurably, syncFolder } from '../platform/durable.js';
import type { FileStore } from '../platform/files.js';
import { newId } from '../platform/ids.js';
import type { JobContext } from '../platform/jobs.js';
import type { SecretBox } from '../platform/secrets.js';
import { WorkerExited, type ForkWorker } from '../platform/worker.js';
import type { BackupPorts } from './ports.js';
import { sealSnapshot, takeSnapshot } from './snapshot.js';
import { failedStep, proveInWorker } from './worker.js';

export const backupExtension = '.arnika';
const partialSuffix = '.partial';

export type BackupTarget = { kind: 'folder'; folder: string } | { kind: 'download' };

export interface WriteDeps {
  db: Db;
  files: FileStore;
  secrets: SecretBox;
  clock: Clock;
  ports: Pick<BackupPorts, 'secrets' | 'practiceName'>;
  workFactor: number;
  /** How the backup worker is started (platform/worker.ts). */
  forkWorker: ForkWorker;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "Arnika-Sicherung-Praxis-Bergblick-2026-11-23-1203.arnika", in this computer's local time. */
export function backupFileName(practiceName: string, at: Date): string {
  const practice = practiceName.normalize('NFC').replace(/\s+/g, '-').replace(/[^\p{L}\p{N}._-]/gu, '').replace(/^[.-]+/, '').slice(0, 60) || 'Praxis';
  const stamp = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}`;
  return `Arnika-Sicherung-${practice}-${stamp}${backupExtension}`;
}

/** Link errors of a file system that has no hard links (FAT and exFAT disks, some network shares). */
const noHardLinks = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

/**
 * Gives the verified `partial` file its final name in `folder` without ever replacing a file there:
 * the name, or with -2, -3 … when a backup of the same minute is there already (another computer
 * backing up into the same NAS folder in the same minute). The name is taken with link(), which
 * fails when it exists, so two writers can never overwrite each other; then the temporary name
 * goes. Where the file system has no hard links, a rename after a look at the name is the best
 * there is (a race of two computers within that moment could then replace one backup by the other,
 * both verified). Returns the name taken.
 */
export async function takeFreeName(folder: string, partial: string, name: string): Promise<string> {
  const base = name.slice(0, -backupExtension.length);
  for (let i = 1; ; i++) {
    const candidate = i === 1 ? name : `${base}-${i}${backupExtension}`;
    const path = join(folder, candidate);
    try {
      await link(partial, path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      if (code === 'EEXIST') continue;
      if (!noHardLinks.has(code)) throw err;
      if (existsSync(path)) continue;
      await renameDurably(partial, path);
      return candidate;
    }
    await unlink(partial);
    syncFolder(folder);
    return candidate;
  }
}

/** A network folder that hangs is as good as absent: its check gives up after this long. */
const folderCheckMs = 5_000;

/** Whether backups can be written into `folder` now. */
export async function folderAvailable(folder: string): Promise<boolean> {
  const check = (async () => {
    const s = await stat(folder);
    if (!s.isDirectory()) return false;
    await access(folder, constants.W_OK);
    return true;
  })().catch(() => false);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), folderCheckMs);
    timer.unref();
  });
  try {
    return await Promise.race([check, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const targetFull = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);

/** A fault writing at the target, in the user's terms. */
function targetFault(err: unknown, folder: string): AppError {
  if (err instanceof AppError) return err;
  const code = (err as NodeJS.ErrnoException).code ?? '';
  if (targetFull.has(code)) return new AppError('backup.target_full', `No space left for the backup in ${folder} (${code})`, { folder });
  return new AppError('backup.target_unavailable', `The backup folder ${folder} cannot be written (${code || String(err)})`, { folder });
}

/** A fault of this computer's own disk (the snapshot and the check run in the data folder's tmp/). */
function localFault(err: unknown): unknown {
  if (err instanceof AppError) return err;
  const fault = storageFault(err);
  return fault ? new AppError(fault, String((err as Error).message ?? err)) : err;
}

/**
 * A failure of the backup worker, in the user's terms: where it happened decides as it did when
 * this ran in one process (writing at the target, or reading back and checking); a worker that
 * ended before it answered (crashed, killed) is backup.interrupted.
 */
function workerFault(err: unknown, target: BackupTarget): unknown {
  if (err instanceof WorkerExited) return new AppError('backup.interrupted', err.message);
  const step = failedStep(err);
  if (step === 'describe') return localFault(err);
  if (step === 'encrypt') return target.kind === 'folder' ? targetFault(err, target.folder) : localFault(err);
  if (step === 'verify') {
    if (err instanceof AppError && err.code === 'backup.target_unavailable') return err;
    const fault = (err as NodeJS.ErrnoException).code;
    if (fault && target.kind === 'folder') return targetFault(err, target.folder);
    return new AppError('backup.verification_failed', `The backup did not pass its check: ${String((err as Error).message ?? err)}`);
  }
  return localFault(err);
}

/** Removes what killed or failed backups left in the folder (only our own partial files, and only stale ones). */
function removeStalePartials(folder: string, now: Date): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith('.Arnika-Sicherung-') || !name.endsWith(partialSuffix)) continue;
    const path = join(folder, name);
    try {
      // Another computer may be writing one right now into a shared folder: only old ones go.
      if (now.getTime() - statSync(path).mtimeMs > 60 * 60_000) void unlink(path).catch(() => {});
    } catch {
      // gone meanwhile
    }
  }
}

export interface WrittenResult {
  backup: VerifiedBackup;
  download: DownloadRef | null;
}

/** Writes one backup to `target`, proves it, and gives it its final name (see the module comment). */
export async function writeBackup(job: JobContext | null, deps: WriteDeps, target: BackupTarget, passphrase: string): Promise<WrittenResult> {
  const { files, clock } = deps;
  const startedAt = clock.now();
  const step = (key: string, done: number, total: number | null) => job?.progress(done, { total: total ?? 0, step: { key } });
  const snapshot = files.scratchPath('snapshot.sqlite');
  let partial: string | null = null;
  try {
    if (target.kind === 'folder' && !(await folderAvailable(target.folder))) {
      throw new AppError('backup.folder_unavailable', `The backup folder ${target.folder} is not available`, { folder: target.folder });
    }
    step('backup.step.snapshot', 0, 100);
    try {
      await takeSnapshot(deps.db, snapshot, (done, total) => step('backup.step.snapshot', done, total));
      job?.throwIfCancelled();
    } catch (err) {
      throw localFault(err);
    }
    const practiceName = deps.ports.practiceName() ?? '';
    const sealed = await sealSnapshot(snapshot, { localSecrets: deps.secrets, passphrase, workFactor: deps.workFactor, ports: deps.ports }).catch((err: unknown) => {
      throw localFault(err);
    });
    const size = statSync(snapshot).size;

    const name = backupFileName(practiceName, startedAt);
    if (target.kind === 'folder') {
      removeStalePartials(target.folder, startedAt);
      partial = join(target.folder, `.${name}.${newId().slice(0, 8)}${partialSuffix}`);
    } else {
      partial = files.scratchPath(name);
    }

    // Described, encrypted under the temporary name at the target and flushed, read back and
    // checked: in the backup worker (worker.ts), while this process goes on answering.
    let info;
    let fileSize;
    try {
      ({ info, size: fileSize } = await proveInWorker(deps.forkWorker, {
        snapshot, partial, passphrase, workFactor: deps.workFactor,
        header: { createdAt: startedAt.toISOString(), practiceName, ...sealed },
      }, (s, done) => {
        if (s === 'describe') step('backup.step.snapshot', 100, 100);
        else step(s === 'encrypt' ? 'backup.step.encrypt' : 'backup.step.verify', done, size);
      }, job?.signal));
    } catch (err) {
      job?.throwIfCancelled();
      throw workerFault(err, target);
    }

    let fileName = name;
    let download: DownloadRef | null = null;
    if (target.kind === 'folder') {
      try {
        fileName = await takeFreeName(target.folder, partial, name);
      } catch (err) {
        throw targetFault(err, target.folder);
      }
      partial = null;
    } else {
      download = files.adoptDownload(partial, name, 'application/octet-stream');
      partial = null;
    }
    return {
      backup: {
        at: startedAt.toISOString(), folder: target.kind === 'folder' ? target.folder : null, fileName, size: fileSize,
        mailPasswordsMissing: info.mailPasswordsMissing, damagedDocuments: info.documents.damaged,
      },
      download,
    };
  } finally {
    // What never got its final name goes; older backups are not touched.
    await Promise.all([snapshot, `${snapshot}-journal`, ...(partial ? [partial] : [])].map((p) => rm(p, { force: true }).catch(() => {})));
  }
}
