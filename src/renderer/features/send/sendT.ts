/**
 * The send screens' own texts (i18n/sendUi) through the app's translator, plus the small formats
 * they share. `t.tx` takes any string, so these screens compile whether or not the catalogs merge
 * sendUi yet; the key type comes from the German source, so a typo in a key is a compile error.
 */
import type { SendUiKey } from '../../../shared/i18n/sendUi/de.js';
import { formatDate } from '../../ui/format.js';
import { useT, type Translator } from '../../app/i18n.js';

type Params = Record<string, string | number>;

export interface SendTranslator {
  (key: SendUiKey, params?: Params): string;
  /** The app's translator, for shared keys (action.close) and keys built at run time (error.mail.*). */
  t: Translator;
}

export function useSendT(): SendTranslator {
  const t = useT();
  const s = ((key: SendUiKey, params?: Params) => t.tx(key, params)) as SendTranslator;
  s.t = t;
  return s;
}

/** The sentence for a mail.* failure code, or the generic one for a code without a message. */
export function mailErrorSentence(t: Translator, code: string): string {
  const key = `error.${code}`;
  const text = t.tx(key);
  return text === key ? t.tx('error.mail.unknown') : text;
}

/** Why an invoice is left out of a bulk send (the mail domain's `mail.skip.*`). */
export function skipReason(t: Translator, reason: string): string {
  return t.tx(`mail.skip.${reason}`);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A timestamp as "14:05", in this computer's time zone. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A timestamp as "23.11.2026 14:05"; only the time when it is today. */
export function formatWhen(iso: string | null | undefined, withDate = true): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const today = new Date();
  const sameDay = d.getFullYear() === today.getFullYear() && d.getMonth() === today.getMonth() && d.getDate() === today.getDate();
  return withDate || !sameDay ? `${formatDate(iso)} ${formatTime(iso)}` : formatTime(iso);
}
