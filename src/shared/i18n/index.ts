import type { Language } from '../validation/fields.js';
import { de, en, fr, it, type Catalog, type MessageKey } from './catalogs.js';
import { pluralKey, type PluralBase } from './plural.js';

export const catalogs: Record<Language, Catalog> = { de, fr, it, en };
export type { Catalog, MessageKey, PluralBase };

export function translate(lang: Language, key: string, params?: Record<string, string | number>): string {
  const template = (catalogs[lang] as Record<string, string>)[key] ?? (de as Record<string, string>)[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export function hasKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(de, key);
}

/** The message of a plural family for `count` ('invoices.count' → '3 Rechnungen'), by the language's rules. */
export function translatePlural(lang: Language, base: PluralBase, count: number, params?: Record<string, string | number>): string {
  return translate(lang, pluralKey(lang, base, count, (key) => Object.prototype.hasOwnProperty.call(catalogs[lang], key)), params);
}
