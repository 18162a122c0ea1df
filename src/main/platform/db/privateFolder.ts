/**
 * The data folder belongs to this user alone: it holds every anamnesis. Folders are 0700, files
 * 0600, whatever the process umask was when they were made (browser mode used to leave 0755 and
 * 0644). The hosts also set the umask to 077 (browser/cli.ts, electron/main.ts), so that what is
 * written later (WAL, SHM, logs) is private from its first byte; this module tightens what exists.
 * On Windows the modes mean little; the folder is in the user's profile there.
 */
import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const privateFolderMode = 0o700;
export const privateFileMode = 0o600;
/** The umask the hosts run with. */
export const privateUmask = 0o077;

/**
 * Arnika's own subfolders, tightened with everything in them. Other folders are left as they are:
 * on the desktop the data folder is Electron's userData, which also holds Chromium's caches.
 */
export const ownSubfolders = ['backups', 'viewer', 'logs', 'tmp'];

/** Creates the folder (0700) if needed and tightens it, its files and Arnika's subfolders. Returns what could not be changed. */
export function makeFolderPrivate(dir: string): string[] {
  mkdirSync(dir, { recursive: true, mode: privateFolderMode });
  const failed: string[] = [];
  tighten(dir, 'folder', failed);
  for (const name of readdirSync(dir)) tightenEntry(join(dir, name), ownSubfolders.includes(name), failed);
  return failed;
}

/** Makes an empty file readable by this user only, unless it exists. SQLite then gives its -wal and -shm the same mode. */
export function createPrivateFile(file: string): void {
  try {
    // Only a new file is opened here: opening and closing a file SQLite holds would drop its POSIX locks.
    closeSync(openSync(file, 'wx', privateFileMode));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

function tightenEntry(path: string, recurse: boolean, failed: string[]): void {
  let kind: 'folder' | 'file' | null;
  try {
    const stat = lstatSync(path);
    // A symbolic link is left alone: chmod would follow it out of the folder.
    kind = stat.isDirectory() ? 'folder' : stat.isFile() ? 'file' : null;
  } catch {
    return;
  }
  if (kind === null) return;
  if (kind === 'file') return tighten(path, 'file', failed);
  if (!recurse) return;
  tighten(path, 'folder', failed);
  for (const name of readdirSync(path)) tightenEntry(join(path, name), true, failed);
}

function tighten(path: string, kind: 'folder' | 'file', failed: string[]): void {
  try {
    // chmod, not open: see createPrivateFile.
    chmodSync(path, kind === 'folder' ? privateFolderMode : privateFileMode);
  } catch {
    failed.push(path);
  }
}
