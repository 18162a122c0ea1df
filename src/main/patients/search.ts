/**
 * Patient search without ICU: one folded `search_text` column per patient, and query terms folded
 * the same way. Every term must occur (AND); phone numbers match on digits, dates in Swiss or ISO form.
 * A trigram index (migration 0008) answers terms of two characters or more; see ftsQuery.
 */
import type { PatientFields } from '../../shared/contract/index.js';
import { fold, foldGerman } from '../../shared/text/fold.js';

const digits = (s: string) => s.replace(/\D/g, '');

function swissDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

export function buildSearchText(p: PatientFields): string {
  const names = [p.firstName, p.lastName, p.billingRecipient?.firstName ?? '', p.billingRecipient?.lastName ?? ''].join(' ');
  const parts = [
    fold(names),
    foldGerman(names),
    p.email.toLowerCase(),
    p.billingRecipient?.email.toLowerCase() ?? '',
    digits(p.phone),
    digits(p.mobile),
    digits(p.ahvNumber),
    p.birthDate ?? '',
    p.birthDate ? swissDate(p.birthDate) : '',
    fold(p.categories.join(' ')),
  ];
  return ` ${parts.filter(Boolean).join(' ')} `;
}

export function buildSortName(p: Pick<PatientFields, 'firstName' | 'lastName'>): string {
  return fold(`${p.lastName} ${p.firstName}`);
}

/** Turns what the user typed into the LIKE terms that must all match. */
export function searchTerms(query: string): string[] {
  const whole = query.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(whole)) return [whole];
  // "079 555 12 34" is one phone number, not four words.
  if (/^\+?[\d\s()/-]+$/.test(whole) && digits(whole).length >= 6) return [digits(whole)];
  return whole
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 8)
    .map((term) => {
      const date = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(term);
      if (date) return `${date[1]!.padStart(2, '0')}.${date[2]!.padStart(2, '0')}.${date[3]}`;
      if (/^\+?[\d\s()/-]{4,}$/.test(term) && /\d{3}/.test(digits(term))) return digits(term);
      return fold(term);
    })
    .filter((t) => t.length > 0);
}

/**
 * Terms the trigram index can answer, as an FTS5 query; null if none. Three characters or more
 * match anywhere; one of two characters matches the start of a word (after a space or a hyphen):
 * "st" finds Steiner and Meier-Stucki, not every name with an "st" inside, and the index answers it.
 * A one-character term is left to wordStartLike.
 */
export function ftsQuery(terms: string[]): string | null {
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const parts = terms.flatMap((t) => {
    const n = [...t].length;
    if (n >= 3) return [quote(t)];
    if (n === 2) return [`(${quote(` ${t}`)} OR ${quote(`-${t}`)})`];
    return [];
  });
  return parts.length > 0 ? parts.join(' AND ') : null;
}

/** The one-character terms, which the index cannot answer: each must start a word (see ftsQuery). */
export function wordStartTerms(terms: string[]): string[] {
  return terms.filter((t) => [...t].length === 1);
}

/** LIKE patterns for a term at the start of a word: after a space, or after a hyphen. */
export function wordStartLike(term: string): [string, string] {
  const escaped = term.replace(/[\\%_]/g, (c) => `\\${c}`);
  return [`% ${escaped}%`, `%-${escaped}%`];
}
