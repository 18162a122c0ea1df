/**
 * The UI language as React context: `useT()` gives t(key, params) bound to the current language,
 * over the one set of shared catalogs, with typed keys. Plurals go through `t.plural` (the
 * language's own rules); keys that arrive at run time from main (field errors, problems, provider
 * guidance) through `t.message`, which falls back to German, then to the key itself.
 */
import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { I18nProvider as AriaLocale } from 'react-aria-components';
import { translate, translatePlural, type MessageKey, type PluralBase } from '../../shared/i18n/index.js';
import type { Language } from '../../shared/validation/fields.js';

type Params = Record<string, string | number>;

export interface Translator {
  (key: MessageKey, params?: Params): string;
  /** 'invoices.count' with 3 → the '.one' or '.other' (or '.few', ...) message, as the language counts. */
  plural(base: PluralBase, count: number, params?: Params): string;
  /** A message named by main at run time: a field error's or a problem's key and params. */
  message(m: { key: string; params?: Params | undefined }): string;
  lang: Language;
}

function makeTranslator(lang: Language): Translator {
  const t = ((key: MessageKey, params?: Params) => translate(lang, key, params)) as Translator;
  t.plural = (base, count, params) => translatePlural(lang, base, count, params);
  t.message = (m) => translate(lang, m.key, m.params);
  t.lang = lang;
  return t;
}

const I18nContext = createContext<Translator>(makeTranslator('de'));

export function I18nProvider({ lang, children }: { lang: Language; children: ReactNode }) {
  const t = useMemo(() => makeTranslator(lang), [lang]);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  // React Aria (dates, times) in the app's language, with the Swiss formats the app prints in
  // (dd.mm.yyyy, 24 h; also in English): never the browser's or the system's locale.
  return (
    <I18nContext.Provider value={t}>
      <AriaLocale locale={`${lang}-CH`}>{children}</AriaLocale>
    </I18nContext.Provider>
  );
}

export function useT(): Translator {
  return useContext(I18nContext);
}
