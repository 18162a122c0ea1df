/**
 * The mail screens' own texts (i18n/mailUi) through the app's translator. `t.tx` takes any string,
 * so the screens compile whether or not the catalogs already merge mailUi; the key type still comes
 * from the German source, so a typo in a key is a compile error here.
 */
import type { MailUiKey } from '../../../shared/i18n/mailUi/de.js';
import { useT, type Translator } from '../../app/i18n.js';

type Params = Record<string, string | number>;

export interface MailTranslator {
  (key: MailUiKey, params?: Params): string;
  /** The app's translator, for shared keys (action.save, language.de) and keys built at run time. */
  t: Translator;
}

export function useMailT(): MailTranslator {
  const t = useT();
  const m = ((key: MailUiKey, params?: Params) => t.tx(key, params)) as MailTranslator;
  m.t = t;
  return m;
}

/** The sentence for a mail.* failure code, or the generic one for a code without a message. */
export function mailErrorSentence(t: Translator, code: string): string {
  const key = `error.${code}`;
  const text = t.tx(key);
  return text === key ? t.tx('error.mail.unknown') : text;
}

/** "SSL/TLS" or "STARTTLS": technical names, the same in every language. */
export function securityName(security: 'tls' | 'starttls'): string {
  return security === 'tls' ? 'SSL/TLS' : 'STARTTLS';
}
