/**
 * Files that must be whole or absent, even when the power goes or the process is killed: written
 * under a temporary name, flushed to the disk, then renamed (a rename within one folder is atomic),
 * and the folder flushed so that the rename itself survives. What is found under the final name is
 * therefore always complete.
 */
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Flushes a file's content to the disk. */
export async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Flushes a folder's entries (a rename, a new file) to the disk. Windows cannot open a folder for that; NTFS journals renames. */
export function syncFolder(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Gives a complete, flushed file its final name (replacing what is there) and makes the rename durable. */
export async function renameDurably(from: string, to: string): Promise<void> {
  await rename(from, to);
  syncFolder(dirname(to));
}
