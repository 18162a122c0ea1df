/**
 * Translating with the catalogs that are loaded: German always (the source, and the fallback for a
 * key a language lacks), the others once registered. Main and the tests register all four on import
 * of i18n/index.ts; the renderer registers the language in use when it has loaded its chunk
 * (app/i18n.tsx, loadLanguage), so a German user's page never downloads French, Italian or English.
 */
import type { Language } from '../validation/fields.js';
import { de, type Catalog, type MessageKey } from './languages/de.js';
import { pluralKey, type PluralBase } from './plural.js';

export type { Catalog, MessageKey, PluralBase };

/** The catalogs loaded so far, by language. */
export const loaded: Partial<Record<Language, Catalog>> = { de };

export function registerCatalog(lang: Language, catalog: Catalog): void {
  loaded[lang] = catalog;
}

export function isLoaded(lang: Language): boolean {
  return loaded[lang] !== undefined;
}

export function translate(lang: Language, key: string, params?: Record<string, string | number>): string {
  const template = (loaded[lang] as Record<string, string> | undefined)?.[key] ?? (de as Record<string, string>)[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export function hasKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(de, key);
}

/** The message of a plural family for `count` ('invoices.count' → '3 Rechnungen'), by the language's rules. */
export function translatePlural(lang: Language, base: PluralBase, count: number, params?: Record<string, string | number>): string {
  const catalog = loaded[lang] ?? de;
  return translate(lang, pluralKey(lang, base, count, (key) => Object.prototype.hasOwnProperty.call(catalog, key)), params);
}
