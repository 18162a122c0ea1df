/**
 * "Stattdessen drucken": the archived invoice documents of several issued invoices as one PDF to
 * print, in the order the user chose (each as it was issued, the address in the envelope window),
 * written as a job and handed to the host to save; when the file is complete every invoice in it is
 * recorded as sent by post. The documents are copied page by page with pdf-lib (made for joining
 * PDFs; pdfkit only writes new ones), so nothing is rendered again.
 */
import { PDFDocument } from 'pdf-lib';
import type { DownloadRef } from '../../shared/contract/jobs.js';
import type { FileStore } from '../platform/files.js';
import type { JobContext } from '../platform/jobs.js';

export interface PrintSource {
  document(invoiceId: string): Promise<{ content: Buffer; sha256: string }>;
  /** Records the invoices as printed, in one transaction, each with the hash of the document printed. */
  recordPrinted(printed: { invoiceId: string; sha256: string }[]): void;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function printPdfs(
  job: JobContext,
  deps: { source: PrintSource; files: FileStore },
  request: { invoiceIds: string[]; fileName: string },
): Promise<{ download: DownloadRef; count: number }> {
  const ids = [...new Set(request.invoiceIds)];
  job.progress(0, { total: ids.length, step: { key: 'print.step' } });
  // No metadata from the clock: the same documents give the same file.
  const out = await PDFDocument.create({ updateMetadata: false });
  const printed: { invoiceId: string; sha256: string }[] = [];
  for (const [i, invoiceId] of ids.entries()) {
    job.throwIfCancelled();
    const doc = await deps.source.document(invoiceId);
    const source = await PDFDocument.load(doc.content, { updateMetadata: false });
    for (const page of await out.copyPages(source, source.getPageIndices())) out.addPage(page);
    printed.push({ invoiceId, sha256: doc.sha256 });
    job.progress(i + 1);
    await yieldToEventLoop();
  }
  job.throwIfCancelled();
  const bytes = await out.save();
  const download = await deps.files.putDownload(request.fileName, 'application/pdf', bytes);
  deps.source.recordPrinted(printed);
  return { download, count: printed.length };
}
