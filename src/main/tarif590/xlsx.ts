/**
 * Reads the tariff list as published in Excel (.xlsx), with read-excel-file, into the same table
 * reading as CSV (table.ts): the sheet is the one whose rows hold the table's heading (a title
 * above it is fine); cells typed as numbers become the tariff's text code; a date next to a
 * "gültig ab" label is the version's first day. Guards against a file made to eat memory: the
 * upload's size, the unzipped size (measured while inflating, not as the archive claims) and the
 * row count are capped before and after the library reads it.
 */
import readXlsxFile from 'read-excel-file/node';
import { Unzip, UnzipInflate } from 'fflate';
import { AppError } from '../../shared/errors.js';
import type { TariffEntry } from '../../shared/contract/tarif590.js';
import { columnsOf, entriesOf, looksLikeHeader, missingColumns } from './table.js';

/** The official list has a few hundred rows; these leave room while keeping memory small. */
export const XLSX_LIMITS = { unzippedBytes: 20 * 1024 * 1024, rows: 20_000 };
/** How far down a sheet its heading may stand (below a title, a date, a remark). */
const HEADER_SEARCH_ROWS = 30;

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

export type TariffFileKind = 'csv' | 'xlsx';

/**
 * Which reader a file needs, by its content first (a renamed file is caught), then by its name. An
 * old .xls (or a password-protected workbook: both are OLE files) and a file named .xlsx that is
 * not a ZIP get their own message saying to save it as .xlsx or CSV.
 */
export function tariffFileKind(fileName: string, bytes: Uint8Array): TariffFileKind {
  if (startsWith(bytes, OLE)) throw new AppError('tariff.xls_old', 'An old Excel file (.xls) or a protected workbook');
  if (startsWith(bytes, ZIP)) return 'xlsx';
  if (/\.xlsx?$/i.test(fileName)) {
    throw new AppError(/\.xls$/i.test(fileName) ? 'tariff.xls_old' : 'tariff.xlsx_unreadable', 'Not an Excel workbook');
  }
  return 'csv';
}

const unreadable = () => new AppError('tariff.xlsx_unreadable', 'Not a readable Excel workbook');
const tooBig = () => new AppError('tariff.xlsx_too_big', 'The workbook is too large for a tariff list');

/**
 * Inflates every entry once, counting the bytes it really gives (in small input slices, so no single
 * step can give more than about 16 MB), and refuses the file past the limit or when the ZIP is broken.
 */
export function checkUnzippedSize(bytes: Uint8Array, limit = XLSX_LIMITS.unzippedBytes): void {
  let total = 0;
  let over = false;
  let broken = false;
  const unzip = new Unzip((file) => {
    file.ondata = (err, chunk) => {
      if (err) broken = true;
      else if ((total += chunk.length) > limit) over = true;
      if (over || broken) file.terminate();
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  const slice = 16 * 1024;
  try {
    for (let i = 0; i < bytes.length && !over && !broken; i += slice) unzip.push(bytes.subarray(i, i + slice), i + slice >= bytes.length);
  } catch {
    broken = true;
  }
  if (over) throw tooBig();
  if (broken) throw unreadable();
}

type Cell = string | number | boolean | Date | null | unknown;

/** A code as typed: text as it stands; a number (Excel drops a leading zero) as its four digits, 999 staying the free code. */
function codeText(cell: Cell): string {
  if (typeof cell === 'number') {
    if (!Number.isInteger(cell) || cell < 0 || cell > 9999) return String(cell);
    return cell === 999 ? '999' : String(cell).padStart(4, '0');
  }
  return cellText(cell);
}

function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell);
}

const VALID_FROM_WORDS = /^(gultig ab|gueltig ab|valable des|valable a partir du|valido dal|valido da|valid from)\b/;
const norm = (s: string) => s.trim().toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[:.]$/, '');

/** A date cell right of a "gültig ab" label above the heading: the first day the file says it is valid. */
function validFromAbove(rows: Cell[][], headerIndex: number): string | null {
  for (const row of rows.slice(0, headerIndex)) {
    const label = row.findIndex((c) => typeof c === 'string' && VALID_FROM_WORDS.test(norm(c)));
    if (label < 0) continue;
    const date = row.slice(label + 1).find((c) => c !== null);
    if (date instanceof Date) return date.toISOString().slice(0, 10);
  }
  return null;
}

export interface XlsxTariff { entries: TariffEntry[]; sheet: string; validFrom: string | null }

/** The entries of a published tariff workbook. */
export async function readTariffXlsx(bytes: Buffer): Promise<XlsxTariff> {
  checkUnzippedSize(bytes);
  let sheets: Array<{ sheet: string; data: Cell[][] }>;
  try {
    sheets = (await readXlsxFile(bytes)) as Array<{ sheet: string; data: Cell[][] }>;
  } catch {
    throw unreadable();
  }
  if (sheets.some((s) => s.data.length > XLSX_LIMITS.rows)) throw tooBig();
  // Excel shows row numbers from 1; the library's rows start at row 1 too (empty rows above are kept).
  const withHeader = sheets.flatMap((s) => {
    const index = s.data.slice(0, HEADER_SEARCH_ROWS).findIndex((r) => looksLikeHeader(r.map(cellText)));
    return index < 0 ? [] : [{ ...s, index }];
  });
  if (withHeader.length === 0) {
    if (sheets.every((s) => s.data.every((r) => r.every((c) => cellText(c).trim() === '')))) throw new AppError('tariff.csv_empty', 'The workbook holds no rows');
    throw missingColumns();
  }
  if (withHeader.length > 1) {
    throw new AppError('tariff.xlsx_sheets', 'Several sheets hold a tariff table', { sheets: withHeader.map((s) => s.sheet).join(', ') });
  }
  const { sheet, data, index } = withHeader[0]!;
  const columns = columnsOf(data[index]!.map(cellText));
  const rows = data.slice(index + 1).flatMap((r, i) => {
    const cells = r.map((c, col) => (col === columns.code ? codeText(c) : cellText(c)));
    // An empty row inside the table (a spacer) is skipped, as Excel users leave them.
    return cells.every((c) => c.trim() === '') ? [] : [{ cells, place: { kind: 'xlsx' as const, sheet, row: index + i + 2 } }];
  });
  return { entries: entriesOf(rows, columns), sheet, validFrom: validFromAbove(data, index) };
}
