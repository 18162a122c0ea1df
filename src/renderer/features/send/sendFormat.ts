/** The small formats the send screens share: why an invoice is left out, and when something happened. */
import type { Translator } from '../../app/i18n.js';
import { formatDate } from '../../ui/format.js';

/** Why an invoice is left out of a bulk send (the mail domain's `mail.skip.*`). */
export function skipReason(t: Translator, reason: string): string {
  return t.message({ key: `mail.skip.${reason}` });
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
