/**
 * Owns "Alle Daten exportieren": one ZIP with every domain's tables as CSV and every archived PDF,
 * the therapist's way out and their proof for the tax office. What goes in is what the domains
 * contribute (platform/dataExport.ts), read from a snapshot of the database taken for the export,
 * so the ZIP is consistent and the app's own connection is never held while it is written.
 *
 * CSV as Excel in a Swiss or German locale opens it: UTF-8 with a byte-order mark, semicolons,
 * CRLF line ends, fields quoted where needed. A text cell that begins with = + - or @ gets a leading
 * apostrophe, so that a spreadsheet shows it instead of running it as a formula (CSV injection).
 */
import Database from 'better-sqlite3';
import { rm } from 'node:fs/promises';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import type { CsvTable, CsvValue, DataExport, ExportContext } from '../platform/dataExport.js';
import type { Db } from '../platform/db/open.js';
import type { FileStore } from '../platform/files.js';
import type { JobContext } from '../platform/jobs.js';
import { takeSnapshot } from './snapshot.js';

const bom = '\uFEFF';

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(';')}\r\n`;
}

/** Hundredths (amounts in minor units, quantities, VAT rates) as the spreadsheet of the practice's country reads them. */
export function hundredthsFormatter(decimalSeparator: '.' | ','): ExportContext['hundredths'] {
  return (minor) => {
    if (minor === null) return '';
    const sign = minor < 0 ? '-' : '';
    const abs = Math.abs(minor);
    return `${sign}${Math.floor(abs / 100)}${decimalSeparator}${String(abs % 100).padStart(2, '0')}`;
  };
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface ExportAllDeps {
  db: Db;
  files: FileStore;
  exports: readonly DataExport[];
  /** ',' for a practice that bills in EUR (Germany, Austria), '.' otherwise (Switzerland). */
  decimalSeparator(): '.' | ',';
}

/** A writable that may ask us to wait. */
type Out = NodeJS.WritableStream & { end: (chunk?: unknown) => void };

export async function exportAll(job: JobContext, deps: ExportAllDeps, zipName: string) {
  const snapshotPath = deps.files.scratchPath('export.sqlite');
  job.progress(0, { step: { key: 'backup.step.snapshot' } });
  await takeSnapshot(deps.db, snapshotPath);
  const snap = new Database(snapshotPath, { readonly: true });
  const ctx: ExportContext = { hundredths: hundredthsFormatter(deps.decimalSeparator()) };
  const tables: CsvTable[] = deps.exports.flatMap((e) => e.tables);
  let documents = 0;
  try {
    const download = await deps.files.writeDownload(zipName, 'application/zip', async (out: Out) => {
      const ended = new Promise<void>((resolve, reject) => {
        out.on('finish', resolve);
        out.on('error', reject);
      });
      let waiting: Promise<void> | null = null;
      const zip = new Zip((err, chunk, final) => {
        if (err) {
          out.emit('error', err);
          return;
        }
        if (!out.write(chunk) && !waiting) waiting = new Promise((resolve) => out.once('drain', () => ((waiting = null), resolve())));
        if (final) out.end();
      });
      // Wait for the disk when it is slower than we read: a large archive is never held in memory.
      const backpressure = async () => {
        if (waiting) await waiting;
      };

      for (const [i, table] of tables.entries()) {
        job.progress(i, { total: tables.length, step: { key: 'backup.step.exportTable', params: { table: table.name } } });
        const entry = new ZipDeflate(`${table.name}.csv`, { level: 6 });
        zip.add(entry);
        let buffer = bom + csvLine(table.columns);
        let rows = 0;
        for (const row of table.rows(snap, ctx)) {
          buffer += csvLine(row);
          if (buffer.length > 256 * 1024) {
            entry.push(Buffer.from(buffer, 'utf8'));
            buffer = '';
            await backpressure();
          }
          if (++rows % 2000 === 0) {
            job.throwIfCancelled();
            await yieldToEventLoop();
          }
        }
        entry.push(Buffer.from(buffer, 'utf8'), true);
        await backpressure();
      }

      job.progress(0, { total: 0, step: { key: 'backup.step.exportFiles' } });
      for (const contribution of deps.exports) {
        if (!contribution.files) continue;
        for (const file of contribution.files(snap)) {
          const entry = new ZipPassThrough(file.name);
          zip.add(entry);
          entry.push(file.content, true);
          documents++;
          job.progress(documents, { step: { key: 'backup.step.exportFiles' } });
          job.throwIfCancelled();
          await backpressure();
          if (documents % 20 === 0) await yieldToEventLoop();
        }
      }
      zip.end();
      await ended;
    });
    return { download, tables: tables.length, documents };
  } finally {
    snap.close();
    await rm(snapshotPath, { force: true });
  }
}
