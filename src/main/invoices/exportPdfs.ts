/**
 * "Als PDF exportieren": the archived documents of a date range (or of the selected invoices in it)
 * as one ZIP, written as a job with progress and handed to the host to save. The PDFs are stored
 * as they are (they are compressed already), streamed into the file one at a time, so a year of
 * invoices never sits in memory.
 */
import { Zip, ZipPassThrough } from 'fflate';
import type { DownloadRef } from '../../shared/contract/jobs.js';
import type { DocumentKind } from '../../shared/contract/invoices.js';
import type { FileStore } from '../platform/files.js';
import type { JobContext } from '../platform/jobs.js';

export interface ExportItem {
  invoiceId: string;
  kind: DocumentKind;
}

export interface ExportSource {
  /** What the range holds, in number order: each invoice as issued, a cancelled one's notice beside it. */
  exportItems(from: string, to: string, only?: string[]): ExportItem[];
  document(invoiceId: string, kind: DocumentKind): Promise<{ fileName: string; content: Buffer }>;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function exportPdfsZip(
  job: JobContext,
  deps: { source: ExportSource; files: FileStore },
  request: { from: string; to: string; invoiceIds?: string[] | undefined; zipName: string },
): Promise<{ download: DownloadRef | null; count: number }> {
  const items = deps.source.exportItems(request.from, request.to, request.invoiceIds);
  job.progress(0, { total: items.length, step: { key: 'export.step' } });
  if (items.length === 0) return { download: null, count: 0 };
  const download = await deps.files.writeDownload(request.zipName, 'application/zip', async (out) => {
    const done = new Promise<void>((resolve, reject) => {
      out.on('finish', () => resolve());
      out.on('error', reject);
    });
    const zip = new Zip((err, chunk, final) => {
      if (err) {
        out.emit('error', err);
        return;
      }
      out.write(chunk);
      if (final) out.end();
    });
    const names = new Set<string>();
    for (const [i, item] of items.entries()) {
      job.throwIfCancelled();
      const doc = await deps.source.document(item.invoiceId, item.kind);
      const entry = new ZipPassThrough(uniqueName(doc.fileName, names));
      // Fixed time: the same documents give the same ZIP.
      entry.mtime = new Date('2000-01-01T00:00:00Z');
      zip.add(entry);
      entry.push(doc.content, true);
      job.progress(i + 1);
      await yieldToEventLoop();
    }
    zip.end();
    await done;
  });
  return { download, count: items.length };
}

/** Two invoices never share a number, but a file name is cut to what file systems take: keep them apart anyway. */
function uniqueName(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) candidate = name.replace(/(\.pdf)?$/, `-${n}$1`);
  taken.add(candidate);
  return candidate;
}
