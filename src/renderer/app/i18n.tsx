/**
 * The UI language as React context: `useT()` gives t(key, params) bound to the current language,
 * over the one set of shared catalogs, with typed keys. Plurals go through `t.plural` (the
 * language's own rules); keys that arrive at run time from main (field errors, problems, provider
 * guidance) through `t.message`, which falls back to German, then to the key itself.
 * German is built in; another language's catalog is loaded (a chunk of its own) when it is first
 * used, and until it is in, the page shows what it showed before (at start: the loading screen).
 */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { I18nProvider as AriaLocale } from 'react-aria-components';
import { loadLanguage } from '../../shared/i18n/load.js';
import { isLoaded, translate, translatePlural, type MessageKey, type PluralBase } from '../../shared/i18n/translate.js';
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

export function I18nProvider({ lang: wanted, children }: { lang: Language; children: ReactNode }) {
  const [lang, setLang] = useState<Language | null>(isLoaded(wanted) ? wanted : null);
  useEffect(() => {
    let live = true;
    if (isLoaded(wanted)) setLang(wanted);
    // A chunk that cannot be fetched leaves the page in German rather than blank.
    else void loadLanguage(wanted).then(() => live && setLang(wanted), () => live && setLang((l) => l ?? 'de'));
    return () => {
      live = false;
    };
  }, [wanted]);
  const t = useMemo(() => makeTranslator(lang ?? 'de'), [lang]);
  useEffect(() => {
    if (lang) document.documentElement.lang = lang;
  }, [lang]);
  if (!lang) return <div className="loading-screen" aria-busy="true" />;
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
