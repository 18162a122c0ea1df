/**
 * The UI language as React context: `useT()` gives t(key, params) bound to the current language,
 * built on the shared catalogs. Keys from the server (error codes, field message keys) go through
 * `tx`, which accepts any string and falls back to German, then to the key itself.
 */
import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { translate, type MessageKey } from '../../shared/i18n/index.js';
import type { Language } from '../../shared/validation/fields.js';

type Params = Record<string, string | number>;

export interface Translator {
  (key: MessageKey, params?: Params): string;
  /** For keys that arrive at run time (error codes, field message keys). */
  tx(key: string, params?: Params): string;
  lang: Language;
}

function makeTranslator(lang: Language): Translator {
  const t = ((key: MessageKey, params?: Params) => translate(lang, key, params)) as Translator;
  t.tx = (key, params) => translate(lang, key, params);
  t.lang = lang;
  return t;
}

const I18nContext = createContext<Translator>(makeTranslator('de'));

export function I18nProvider({ lang, children }: { lang: Language; children: ReactNode }) {
  const t = useMemo(() => makeTranslator(lang), [lang]);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  return <I18nContext.Provider value={t}>{children}</I18nContext.Provider>;
}

export function useT(): Translator {
  return useContext(I18nContext);
}
