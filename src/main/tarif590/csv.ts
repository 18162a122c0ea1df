/**
 * Reads the tariff list as published in CSV: separator ';', ',' or tab (whichever the header line
 * uses), quoted fields, UTF-8 (with or without BOM) or Windows-1252 (what Excel writes). Columns are
 * found by their headings (the code, and the texts in German, French and Italian), so an extra
 * column or another order does not matter. Anything it cannot read is refused with the row to fix.
 */
import { AppError } from '../../shared/errors.js';
import { isTariffCode } from '../../shared/tarif590/rules.js';
import type { TariffEntry } from '../../shared/contract/tarif590.js';

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

const norm = (h: string) => h.trim().toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
const matches = (h: string, words: string[]) => words.some((w) => new RegExp(`(^|[^a-z])${w}([^a-z]|$)`).test(norm(h)));

function columnOf(header: string[], words: string[]): number {
  return header.findIndex((h) => matches(h, words));
}

type Lang = 'de' | 'fr' | 'it';
const LANGS: Lang[] = ['de', 'fr', 'it'];
// A language word in a heading decides its language ("Bezeichnung FR" is French); the bare word for
// "text" in one language is only a fallback when no heading names that language.
const LANGUAGE_WORDS: Record<Lang, string[]> = {
  de: ['de', 'deutsch', 'german', 'allemand', 'tedesco', 'text_de'],
  fr: ['fr', 'francais', 'franzosisch', 'french', 'franzoesisch', 'francese', 'text_fr'],
  it: ['it', 'italiano', 'italienisch', 'italien', 'italian', 'text_it'],
};
const TEXT_WORDS: Record<Lang, string[]> = { de: ['bezeichnung', 'text'], fr: ['designation', 'texte', 'libelle'], it: ['denominazione', 'testo', 'descrizione'] };

const unclear = (heading: string) =>
  new AppError('tariff.csv_column_unclear', `Column "${heading}": which language it holds is unclear`, { heading: heading.trim() });

/** The column of each language's text; a heading naming two languages, or two headings naming one, refuse the file. */
function textColumns(header: string[], code: number): Record<Lang, number> {
  const found: Record<Lang, number> = { de: -1, fr: -1, it: -1 };
  const tagged = new Set<number>();
  header.forEach((h, i) => {
    if (i === code) return;
    const langs = LANGS.filter((l) => matches(h, LANGUAGE_WORDS[l]));
    if (langs.length === 0) return;
    if (langs.length > 1) throw unclear(h);
    const l = langs[0]!;
    if (found[l] >= 0) throw unclear(h);
    found[l] = i;
    tagged.add(i);
  });
  for (const l of LANGS) {
    if (found[l] >= 0) continue;
    const candidates = header.flatMap((h, i) => (i !== code && !tagged.has(i) && matches(h, TEXT_WORDS[l]) ? [i] : []));
    if (candidates.length > 1) throw unclear(header[candidates[1]!]!);
    if (candidates.length === 1) {
      const i = candidates[0]!;
      if (LANGS.some((o) => found[o] === i)) throw unclear(header[i]!);
      found[l] = i;
    }
  }
  return found;
}

/** The entries of a published tariff file. */
export function readTariffCsv(bytes: Buffer): TariffEntry[] {
  const text = decodeText(bytes);
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const sep = [';', '\t', ','].sort((a, b) => firstLine.split(b).length - firstLine.split(a).length)[0]!;
  const [header, ...rows] = parseCsv(text, sep);
  if (!header) throw new AppError('tariff.csv_empty', 'The file holds no rows');
  const code = columnOf(header, ['code', 'tarifziffer', 'ziffer', 'tarifposition', 'position', 'codice', 'nr']);
  if (code < 0) throw new AppError('tariff.csv_columns', 'Columns for code and the German, French and Italian texts are needed');
  const { de, fr, it } = textColumns(header, code);
  if (de < 0 || fr < 0 || it < 0) throw new AppError('tariff.csv_columns', 'Columns for code and the German, French and Italian texts are needed');
  const seen = new Set<string>();
  return rows.map((r, i) => {
    const row = i + 2;
    if (r.length < header.length) throw new AppError('tariff.csv_fields_missing', `Row ${row}: fewer fields than the header`, { row, expected: header.length, found: r.length });
    const c = (r[code] ?? '').trim();
    if (!isTariffCode(c)) throw new AppError('tariff.csv_bad_code', `Row ${row}: not a tariff code`, { row, code: c });
    if (seen.has(c)) throw new AppError('tariff.csv_duplicate', `Row ${row}: code ${c} twice`, { row, code: c });
    seen.add(c);
    // The texts are kept exactly as published (they are printed verbatim); only the field's outer spaces go.
    const texts = { de: (r[de] ?? '').trim(), fr: (r[fr] ?? '').trim(), it: (r[it] ?? '').trim() };
    // Every text is printed on the form in the invoice's language, so none of the three may be empty.
    if (texts.de === '') throw new AppError('tariff.csv_text_missing', `Row ${row}: no German text`, { row, code: c });
    if (texts.fr === '') throw new AppError('tariff.csv_text_missing_fr', `Row ${row}: no French text`, { row, code: c });
    if (texts.it === '') throw new AppError('tariff.csv_text_missing_it', `Row ${row}: no Italian text`, { row, code: c });
    return { code: c, texts };
  });
}
