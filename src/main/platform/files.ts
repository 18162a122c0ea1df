/**
 * Owns files crossing the host boundary, so that the renderer never names a filesystem path.
 *
 * - Downloads: main writes a file it prepared (an export, a backup, the log) into the store and hands
 *   the renderer a DownloadRef. Browser mode then fetches it (GET /api/downloads/<id>); the desktop
 *   asks where to save it with the system's dialog (files.save) and copies it there.
 * - Uploads: a file the user hands in (a bank file, a backup) arrives as content (browser mode:
 *   POST /api/uploads; the desktop: the system's open dialog, files.open) and is kept here under an
 *   id that the method using it takes.
 *
 * Everything lives in `<data folder>/tmp/`, private like the rest of the folder, and is removed at
 * start, when it expires, and when the app closes. Files are streamed, never held whole in memory.
 */
import { createWriteStream, mkdirSync, rmSync, statSync, type ReadStream } from 'node:fs';
import { copyFile, open, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { DownloadRef, UploadRef } from '../../shared/contract/jobs.js';
import { AppError } from '../../shared/errors.js';
import type { Clock } from './clock.js';
import { renameDurably, syncFile } from './durable.js';
import { newId } from './ids.js';

interface Stored {
  kind: 'download' | 'upload';
  path: string;
  fileName: string;
  mime: string;
  size: number;
  /** Our own copy in tmp/ (removed with the entry), or a file of the user's we only read. */
  owned: boolean;
  expiresAt: number;
}

/** Names as the user's system would accept them: no path separators or control characters. */
export function safeFileName(name: string, fallback = 'Datei'): string {
  const cleaned = [...name]
    .filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f)
    .join('')
    .replace(/[\\/:*?"<>|]/g, '_')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 180);
  return cleaned === '' ? fallback : cleaned;
}

export class FileStore {
  private readonly entries = new Map<string, Stored>();
  private readonly dir: string;

  constructor(
    dataDir: string,
    private readonly clock: Clock,
    private readonly ttlMs = 60 * 60_000,
  ) {
    this.dir = join(dataDir, 'tmp');
    // What a previous run left behind is of no use now.
    rmSync(this.dir, { recursive: true, force: true });
  }

  private newPath(): { id: string; path: string } {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const id = newId();
    return { id, path: join(this.dir, id) };
  }

  private expiry(): number {
    return this.clock.now().getTime() + this.ttlMs;
  }

  /**
   * A private path in tmp/ for work in progress that is not a download yet (a database snapshot, a
   * backup being checked); the caller removes it, and what is left goes with tmp/.
   */
  scratchPath(label: string): string {
    const { path } = this.newPath();
    return `${path}-${safeFileName(label, 'scratch')}`;
  }

  /** A file of ours in tmp/ (a scratchPath) becomes a download, without copying it. */
  adoptDownload(path: string, fileName: string, mime: string): DownloadRef {
    if (dirname(path) !== this.dir) throw new Error('only a file in tmp/ can become a download');
    const id = basename(path).slice(0, 36);
    const size = statSync(path).size;
    const name = safeFileName(fileName);
    this.entries.set(id, { kind: 'download', path, fileName: name, mime, size, owned: true, expiresAt: this.expiry() });
    return { downloadId: id, fileName: name, mime, size };
  }

  /** A download from bytes at hand. */
  putDownload(fileName: string, mime: string, bytes: Buffer | Uint8Array): Promise<DownloadRef> {
    return this.writeDownload(fileName, mime, async (out) => {
      out.end(bytes);
      await new Promise<void>((resolve, reject) => {
        out.on('finish', resolve);
        out.on('error', reject);
      });
    });
  }

  /** A download written by `write` to the stream it is given (a ZIP, a backup). */
  async writeDownload(fileName: string, mime: string, write: (out: NodeJS.WritableStream & { end: (chunk?: unknown) => void }) => Promise<void>): Promise<DownloadRef> {
    const { id, path } = this.newPath();
    const out = createWriteStream(path, { mode: 0o600 });
    try {
      await write(out);
    } catch (err) {
      out.destroy();
      await rm(path, { force: true });
      throw err;
    }
    const size = statSync(path).size;
    const name = safeFileName(fileName);
    this.entries.set(id, { kind: 'download', path, fileName: name, mime, size, owned: true, expiresAt: this.expiry() });
    return { downloadId: id, fileName: name, mime, size };
  }

  /** An upload streamed in (browser mode's POST body). `limit` bytes at most. */
  async receiveUpload(fileName: string, body: Readable, limit: number): Promise<UploadRef> {
    const { id, path } = this.newPath();
    let size = 0;
    try {
      await pipeline(
        body,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            size += chunk.length;
            if (size > limit) throw new AppError('files.too_large', `The file is larger than ${limit} bytes`, { limit });
            yield chunk;
          }
        },
        createWriteStream(path, { mode: 0o600 }),
      );
    } catch (err) {
      await rm(path, { force: true });
      throw err;
    }
    const name = safeFileName(fileName);
    this.entries.set(id, { kind: 'upload', path, fileName: name, mime: 'application/octet-stream', size, owned: true, expiresAt: this.expiry() });
    return { uploadId: id, fileName: name, size };
  }

  /** An upload from bytes at hand (a file the desktop window handed over). */
  async putUpload(fileName: string, bytes: Uint8Array): Promise<UploadRef> {
    const { id, path } = this.newPath();
    await writeFile(path, bytes, { mode: 0o600 });
    const name = safeFileName(fileName);
    this.entries.set(id, { kind: 'upload', path, fileName: name, mime: 'application/octet-stream', size: bytes.byteLength, owned: true, expiresAt: this.expiry() });
    return { uploadId: id, fileName: name, size: bytes.byteLength };
  }

  /** A file the user picked in the desktop's open dialog: read where it is, never copied or changed. */
  adoptUpload(path: string, fileName: string): UploadRef {
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      throw new AppError('files.unreadable', 'The chosen file cannot be read');
    }
    const id = newId();
    const name = safeFileName(fileName);
    this.entries.set(id, { kind: 'upload', path, fileName: name, mime: 'application/octet-stream', size, owned: false, expiresAt: this.expiry() });
    return { uploadId: id, fileName: name, size };
  }

  private get(id: string, kind: Stored['kind']): Stored {
    this.expire();
    const entry = this.entries.get(id);
    if (!entry || entry.kind !== kind) throw new AppError(kind === 'upload' ? 'files.upload_missing' : 'files.download_missing', `No ${kind} ${id}`);
    return entry;
  }

  /**
   * The upload's content as a stream (bank files, backups are read this way). Opened before it is
   * handed out, so a file that went away fails here, not later inside the reader.
   */
  async openUpload(id: string): Promise<{ stream: ReadStream; fileName: string; size: number }> {
    const e = this.get(id, 'upload');
    return { stream: await openStream(e.path, 'files.upload_missing'), fileName: e.fileName, size: e.size };
  }

  /** The upload's path, for a reader that needs random access (an SQLite file, a ZIP). Main only. */
  uploadPath(id: string): string {
    return this.get(id, 'upload').path;
  }

  async download(id: string): Promise<{ stream: ReadStream; fileName: string; mime: string; size: number }> {
    const e = this.get(id, 'download');
    return { stream: await openStream(e.path, 'files.download_missing'), fileName: e.fileName, mime: e.mime, size: e.size };
  }

  downloadInfo(id: string): DownloadRef {
    const e = this.get(id, 'download');
    return { downloadId: id, fileName: e.fileName, mime: e.mime, size: e.size };
  }

  /**
   * Copies a download to where the user chose to save it (desktop): under a temporary name beside
   * the target first, so that a full disk or a drive pulled out leaves no half file under that name.
   */
  async saveDownloadTo(id: string, target: string): Promise<void> {
    const partial = join(dirname(target), `.${basename(target)}.${newId().slice(0, 8)}.partial`);
    try {
      await copyFile(this.get(id, 'download').path, partial);
      await syncFile(partial);
      await renameDurably(partial, target);
    } catch (err) {
      await rm(partial, { force: true });
      throw err;
    }
  }

  /** Forgets an entry and removes our copy. */
  async discard(id: string): Promise<void> {
    const e = this.entries.get(id);
    if (!e) return;
    this.entries.delete(id);
    if (e.owned) await rm(e.path, { force: true });
  }

  private expire(): void {
    const now = this.clock.now().getTime();
    for (const [id, e] of this.entries) {
      if (e.expiresAt < now) {
        this.entries.delete(id);
        if (e.owned) rmSync(e.path, { force: true });
      }
    }
  }

  /** At close: nothing of ours stays behind. */
  close(): void {
    this.entries.clear();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

async function openStream(path: string, missing: 'files.upload_missing' | 'files.download_missing'): Promise<ReadStream> {
  try {
    return (await open(path, 'r')).createReadStream();
  } catch {
    throw new AppError(missing, `${path} is gone`);
  }
}
