/**
 * The tariff list as a table, whatever file it came from (CSV or Excel): finds the columns by
 * their headings (the code, and the texts in German, French and Italian, by their language word),
 * refuses unclear or doubled columns, and turns each row into an entry or refuses it naming the
 * row as the user sees it (the line in a CSV file, the sheet and row number in Excel).
 */
import { AppError, type ErrorCode } from '../../shared/errors.js';
import { isTariffCode } from '../../shared/tarif590/rules.js';
import type { TariffEntry } from '../../shared/contract/tarif590.js';

const norm = (h: string) => h.trim().toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
const matches = (h: string, words: string[]) => words.some((w) => new RegExp(`(^|[^a-z])${w}([^a-z]|$)`).test(norm(h)));

type Lang = 'de' | 'fr' | 'it';
const LANGS: Lang[] = ['de', 'fr', 'it'];
const CODE_WORDS = ['code', 'tarifziffer', 'ziffer', 'tarifposition', 'position', 'codice', 'nr'];
// A language word in a heading decides its language ("Bezeichnung FR" is French); the bare word for
// "text" in one language is only a fallback when no heading names that language.
const LANGUAGE_WORDS: Record<Lang, string[]> = {
  de: ['de', 'deutsch', 'german', 'allemand', 'tedesco', 'text_de'],
  fr: ['fr', 'francais', 'franzosisch', 'french', 'franzoesisch', 'francese', 'text_fr'],
  it: ['it', 'italiano', 'italienisch', 'italien', 'italian', 'text_it'],
};
const TEXT_WORDS: Record<Lang, string[]> = { de: ['bezeichnung', 'text'], fr: ['designation', 'texte', 'libelle'], it: ['denominazione', 'testo', 'descrizione'] };

export interface Columns { code: number; de: number; fr: number; it: number }

const unclear = (heading: string) =>
  new AppError('tariff.csv_column_unclear', `Column "${heading}": which language it holds is unclear`, { heading: heading.trim() });
export const missingColumns = () => new AppError('tariff.csv_columns', 'Columns for code and the German, French and Italian texts are needed');

/**
 * Whether a row looks like the table's heading: a code column and at least one text column. A
 * title above the table ("Tarif 590, gültig ab …") does not; a heading that does is then read by `columnsOf`.
 */
export function looksLikeHeader(row: string[]): boolean {
  const code = row.findIndex((h) => matches(h, CODE_WORDS));
  return code >= 0 && row.some((h, i) => i !== code && LANGS.some((l) => matches(h, LANGUAGE_WORDS[l]) || matches(h, TEXT_WORDS[l])));
}

/** The columns of a heading row; a heading naming two languages, two headings naming one, or a missing column refuse the file. */
export function columnsOf(header: string[]): Columns {
  const code = header.findIndex((h) => matches(h, CODE_WORDS));
  if (code < 0) throw missingColumns();
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
  if (found.de < 0 || found.fr < 0 || found.it < 0) throw missingColumns();
  return { code, ...found };
}

/**
 * Where a row is, as the user finds it: the CSV line, or the Excel sheet and row number. The error
 * codes differ so that the message can say "Blatt «…», Zeile 5" for Excel and "Zeile 5" for CSV.
 */
export type RowPlace = { kind: 'csv'; row: number } | { kind: 'xlsx'; sheet: string; row: number };

function rowError(place: RowPlace, problem: 'bad_code' | 'duplicate' | 'text_missing' | 'text_missing_fr' | 'text_missing_it', code: string) {
  const details = place.kind === 'csv' ? { row: place.row, code } : { row: place.row, sheet: place.sheet, code };
  return new AppError(`tariff.${place.kind}_${problem}` satisfies ErrorCode, `Row ${place.row}: ${problem}`, details);
}

/** A text from the file: line breaks inside a field (a wrapped cell) become one space, since the form prints the text on one line and a service stores it on one line. */
export const tariffText = (s: string) => s.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ').trim();

/** The entries of the table's rows (below its heading); each row's code must be new, its three texts present. */
export function entriesOf(rows: Array<{ cells: string[]; place: RowPlace }>, columns: Columns): TariffEntry[] {
  const seen = new Set<string>();
  return rows.map(({ cells, place }) => {
    const c = (cells[columns.code] ?? '').trim();
    if (!isTariffCode(c)) throw rowError(place, 'bad_code', c);
    if (seen.has(c)) throw rowError(place, 'duplicate', c);
    seen.add(c);
    // The texts are kept exactly as published (they are printed verbatim); only the field's outer spaces go.
    const texts = { de: tariffText(cells[columns.de] ?? ''), fr: tariffText(cells[columns.fr] ?? ''), it: tariffText(cells[columns.it] ?? '') };
    // Every text is printed on the form in the invoice's language, so none of the three may be empty.
    if (texts.de === '') throw rowError(place, 'text_missing', c);
    if (texts.fr === '') throw rowError(place, 'text_missing_fr', c);
    if (texts.it === '') throw rowError(place, 'text_missing_it', c);
    return { code: c, texts };
  });
}
