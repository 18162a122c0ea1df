/** Turns an error envelope into the sentence the user reads; codes are translated, never parsed. */
import type { ErrorBody } from '../../shared/errors.js';
import { hasKey } from '../../shared/i18n/translate.js';
import type { Translator } from '../app/i18n.js';

export function errorText(t: Translator, error: ErrorBody): string {
  if (error.details?.network) return t('error.network');
  const key = `error.${error.code}`;
  return hasKey(key) ? t(key) : t('error.internal');
}

/** The sentence for a mail.* failure code, or the generic one for a code without a message. */
export function mailErrorSentence(t: Translator, code: string): string {
  const key = `error.${code}`;
  return hasKey(key) ? t(key) : t('error.mail.unknown');
}
