/**
 * Files handed to the system's viewer (an invoice PDF to look at or print). They hold patient data,
 * so they live in a folder of the data folder, which belongs to this user alone: a fixed folder in a
 * shared temp directory (/tmp on Linux) could be created first by another account and read from.
 * The folder is emptied when the app starts and when it closes; the viewer needs the file only while
 * it shows it, and one still open at close goes at the next start.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export class ViewerFiles {
  constructor(readonly dir: string) {}

  /** Writes the file (readable by this user only) and returns its path. */
  write(fileName: string, content: Buffer): string {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const file = join(this.dir, basename(fileName));
    writeFileSync(file, content, { mode: 0o600 });
    return file;
  }

  /** Removes the folder and what is in it; a file the viewer still holds open (Windows) stays until the next time. */
  clear(): void {
    try {
      rmSync(this.dir, { recursive: true, force: true });
    } catch {
      // in use: the next start tries again
    }
  }
}
