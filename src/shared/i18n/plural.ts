/**
 * Plurals by the language's own rules (Intl.PluralRules), not by `count === 1`: French says
 * "0 facture", German "0 Rechnungen". A plural message is a family of keys `base.one`,
 * `base.other` (and `base.few`, `base.many`, ... where a language needs them); `.other` always
 * exists and is the fallback.
 */
import type { Language } from '../validation/fields.js';
import type { MessageKey } from './catalogs.js';

/** The bases that have a plural family: 'invoices.count' for 'invoices.count.one' / '.other'. */
export type PluralBase = BaseOf<MessageKey>;
type BaseOf<K> = K extends `${infer B}.other` ? (`${B}.one` extends MessageKey ? B : never) : never;

const rules = new Map<Language, Intl.PluralRules>();

/** The key of the family member for `count` in `lang`, falling back to `.other`. */
export function pluralKey(lang: Language, base: PluralBase, count: number, has: (key: string) => boolean): MessageKey {
  let r = rules.get(lang);
  if (!r) rules.set(lang, (r = new Intl.PluralRules(lang)));
  const key = `${base}.${r.select(count)}`;
  return (has(key) ? key : `${base}.other`) as MessageKey;
}
