/**
 * Reads the tariff list as published in CSV: separator ';', ',' or tab (whichever the header line
 * uses), quoted fields, UTF-8 (with or without BOM) or Windows-1252 (what Excel writes). Columns are
 * found by their headings (the code, and the texts in German, French and Italian), so an extra
 * column or another order does not matter (table.ts). Anything it cannot read is refused with the row to fix.
 */
import { AppError } from '../../shared/errors.js';
import type { TariffEntry } from '../../shared/contract/tarif590.js';
import { columnsOf, entriesOf } from './table.js';

export function decodeText(bytes: Buffer): string {
  const utf8 = new TextDecoder('utf-8').decode(bytes);
  const text = utf8.includes('\uFFFD') ? new TextDecoder('windows-1252').decode(bytes) : utf8;
  return text.replace(/^\uFEFF/, '');
}

/** RFC 4180 rows with the given separator; a quoted field may hold separators, quotes ("") and line breaks. */
export function parseCsv(text: string, sep: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === sep) { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

/** The entries of a published tariff file in CSV. */
export function readTariffCsv(bytes: Buffer): TariffEntry[] {
  const text = decodeText(bytes);
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const sep = [';', '\t', ','].sort((a, b) => firstLine.split(b).length - firstLine.split(a).length)[0]!;
  const [header, ...rows] = parseCsv(text, sep);
  if (!header) throw new AppError('tariff.csv_empty', 'The file holds no rows');
  const columns = columnsOf(header);
  return entriesOf(rows.map((cells, i) => {
    const row = i + 2;
    if (cells.length < header.length) throw new AppError('tariff.csv_fields_missing', `Row ${row}: fewer fields than the header`, { row, expected: header.length, found: cells.length });
    return { cells, place: { kind: 'csv', row } };
  }), columns);
}
