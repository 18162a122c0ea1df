/**
 * What a domain contributes to "Alle Daten exportieren" (src/main/backup/exportAll.ts): its tables
 * as CSV and its files (archived PDFs). Each domain's index.ts offers one DataExport; createApp
 * collects them, so a new domain adds its tables with one entry. The rows are read from a snapshot
 * of the database taken for the export (the `db` given), so the export is consistent and the app's
 * own connection is never held while the ZIP is written.
 */
import type { Db } from './db/open.js';

/** undefined and null are both an empty cell. */
export type CsvValue = string | number | null | undefined;

export interface ExportContext {
  /** A number in hundredths (an amount in minor units, a quantity, a VAT rate in basis points) as the practice's spreadsheet reads it: 123.45 (CHF) or 123,45 (EUR). */
  hundredths(value: number | null): string;
}

export interface CsvTable {
  /** The file's name without .csv, e.g. "patients". */
  name: string;
  columns: readonly string[];
  rows(db: Db, ctx: ExportContext): Iterable<readonly CsvValue[]>;
}

export interface ExportFile {
  /** The path inside the ZIP, e.g. "PDF/Rechnung-2026-00001.pdf". */
  name: string;
  content: Buffer;
}

export interface DataExport {
  tables: readonly CsvTable[];
  files?(db: Db): Iterable<ExportFile>;
}
