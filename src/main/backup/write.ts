/**
 * Owns writing one backup and proving it: snapshot (snapshot.ts) → encrypted under a temporary
 * name at the target, flushed → read back: decrypted into tmp/, the plaintext's hash compared with
 * what went in, opened and checked (integrity, rows, documents) → only then the final name, taken
 * without ever replacing a file (takeFreeName), and the folder flushed. So a file under the final name was always verified, whatever
 * happens meanwhile (a full disk, the drive pulled out, the process killed): at worst a
 * `.…partial` file is left, which the next backup into that folder removes.
 *
 * A fault at the target (disk full, folder gone) is told apart from one of this computer's disk
 * (where tmp/ is): the first is backup.target_full / backup.target_unavailable, the second a
 * storage fault. Older backups in the folder are never touched on the way.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { access, constants, link, open, rm, stat, unlink } from 'node:fs/promises';
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
import { decryptFile, encryptFile } from './crypt.js';
import type { BackupPorts } from './ports.js';
import { checkBackupDatabase, prepareSnapshot, takeSnapshot } from './snapshot.js';

export const backupExtension = '.arnika';
const partialSuffix = '.partial';

export type BackupTarget = { kind: 'folder'; folder: string } | { kind: 'download' };

export interface WriteDeps {
  db: Db;
  files: FileStore;
  secrets: SecretBox;
  clock: Clock;
  ports: Pick<BackupPorts, 'secrets' | 'documents' | 'practiceName'>;
  workFactor: number;
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
  const check = files.scratchPath('check.sqlite');
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
    const info = await prepareSnapshot(snapshot, {
      localSecrets: deps.secrets, passphrase, workFactor: deps.workFactor, createdAt: startedAt.toISOString(), practiceName, ports: deps.ports,
    }).catch((err: unknown) => {
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

    // Encrypted at the target, under the temporary name, and flushed.
    step('backup.step.encrypt', 0, size);
    let written;
    try {
      const out = await open(partial, 'wx', 0o600);
      try {
        written = await encryptFile(snapshot, out, passphrase, { workFactor: deps.workFactor, onProgress: (done) => step('backup.step.encrypt', done, size) });
        await out.sync();
      } finally {
        await out.close();
      }
    } catch (err) {
      throw target.kind === 'folder' ? targetFault(err, target.folder) : localFault(err);
    }
    job?.throwIfCancelled();

    // Read back from where it was written and checked, before it gets its name.
    step('backup.step.verify', 0, size);
    try {
      const plain = await decryptFile(partial, check, passphrase, { onProgress: (done) => step('backup.step.verify', done, size) });
      if (plain.sha256 !== written.sha256 || plain.size !== written.size) throw new Error('the backup read back differs from what was written');
      const checked = await checkBackupDatabase(check, deps.ports.documents);
      if (checked.documents.sha256 !== info.documents.sha256 || JSON.stringify(checked.counts) !== JSON.stringify(info.counts)) {
        throw new Error('the backup read back holds other rows than were written');
      }
    } catch (err) {
      if (err instanceof AppError && err.code === 'backup.target_unavailable') throw err;
      const fault = (err as NodeJS.ErrnoException).code;
      if (fault && target.kind === 'folder') throw targetFault(err, target.folder);
      throw new AppError('backup.verification_failed', `The backup did not pass its check: ${String((err as Error).message ?? err)}`);
    }

    const fileSize = statSync(partial).size;
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
    await Promise.all([snapshot, `${snapshot}-journal`, check, ...(partial ? [partial] : [])].map((p) => rm(p, { force: true }).catch(() => {})));
  }
}
