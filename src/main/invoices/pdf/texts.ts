/**
 * The words on an invoice PDF, from the one set of catalogs (src/shared/i18n/document): German
 * differs between a Swiss (CHF) and a German (EUR) practice (MWST vs USt., ss vs ß), which the
 * `doc.eur.*` keys carry. The free texts a therapist may change (intro, closing, VAT note) are frozen
 * in the snapshot instead.
 *
 * Dates are printed dd.mm.yyyy in all four languages (src/shared/dates.ts).
 */
import type { professions } from '../../../shared/contract/practices.js';
import { catalogs } from '../../../shared/i18n/index.js';
import type { documentDe } from '../../../shared/i18n/document/de.js';
import type { Currency, Language } from '../../../shared/validation/fields.js';

type DocumentKey = keyof typeof documentDe;
type Stripped<K> = K extends `doc.eur.${string}` ? never : K extends `doc.profession.${string}` ? never : K extends `doc.${infer N}` ? N : never;
export type InvoiceTextKey = Stripped<DocumentKey>;
type InvoiceTexts = Record<InvoiceTextKey, string>;

/** The document's words in its language; an EUR practice's own where it has them. Read afresh each time. */
export function invoiceTexts(lang: Language, currency: Currency): InvoiceTexts {
  const catalog = catalogs[lang] as Record<string, string>;
  const texts: Record<string, string> = {};
  for (const [key, value] of Object.entries(catalog)) {
    if (!key.startsWith('doc.') || key.startsWith('doc.eur.') || key.startsWith('doc.profession.')) continue;
    const name = key.slice(4);
    texts[name] = (currency === 'EUR' ? catalog[`doc.eur.${name}`] : undefined) ?? value;
  }
  return texts as InvoiceTexts;
}

/** Fills {name} placeholders. */
export function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** A country's name for the last address line of a foreign address, in the invoice language (the catalogs' country.XX). */
export function countryName(lang: Language, code: string): string {
  return (catalogs[lang] as Record<string, string>)[`country.${code}`] ?? code;
}

type Profession = (typeof professions)[number];

/**
 * Printed profession for the letterhead, for the snapshot builder: the snapshot stores the words (so
 * a re-print stays identical), this only proposes them.
 */
export function professionLabel(profession: Profession, lang: Language): string {
  return (catalogs[lang] as Record<string, string>)[`doc.profession.${profession}`] ?? '';
}

export { formatDate } from '../../../shared/dates.js';

/** Quantity from hundredths: 150 -> "1.5" (CHF) / "1,5" (EUR), 1200 -> "12". */
export function formatQuantity(hundredths: number, currency: Currency): string {
  const abs = Math.abs(hundredths);
  const whole = Math.floor(abs / 100);
  const fraction = String(abs % 100).padStart(2, '0').replace(/0+$/, '');
  const sep = currency === 'EUR' ? ',' : '.';
  return `${hundredths < 0 ? '-' : ''}${whole}${fraction === '' ? '' : `${sep}${fraction}`}`;
}
