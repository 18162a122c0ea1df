/**
 * Small conversions for the services, consultation and invoice screens: quantities in hundredths,
 * prices and VAT rates typed as decimals, the derived quantity of per-5-minute services and the
 * invoice number example. Main stays the authority; these only prepare input and preview it.
 */
import type { ServiceUnit } from '../../../shared/contract/index.js';
import { formatMoneyWithCurrency, parseMoney } from '../../../shared/money.js';
import type { Currency, Language } from '../../../shared/validation/fields.js';

export { quantityForDuration } from '../../../shared/billing/rules.js';

/** "1.5" → 150, "2" → 200; NaN for anything that is not a decimal with at most two places. */
export function parseHundredths(text: string): number {
  const value = parseMoney(text);
  return value === null ? Number.NaN : value;
}

/** 150 → "1.5", 200 → "2", 1250 → "12.5". */
export function formatHundredths(hundredths: number): string {
  const whole = Math.trunc(hundredths / 100);
  const rest = Math.abs(hundredths % 100);
  if (rest === 0) return String(whole);
  return `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}`;
}

/** "12.50" → 1250; NaN when it is not an amount (main then answers with its own message). */
export function parsePrice(text: string): number {
  const value = parseMoney(text);
  return value === null ? Number.NaN : value;
}

/** "8.1" → 810 basis points; "" → 0. */
export function parseRate(text: string): number {
  if (text.trim() === '') return 0;
  const value = parseMoney(text.replace('%', ''));
  return value === null ? Number.NaN : value;
}

/** Whole minutes as typed; NaN for anything else. */
export function parseMinutes(text: string): number {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
}

/** The invoice number pattern applied to an example: the rule main formats the real numbers with. */
export { formatInvoiceNumber as formatNumberExample } from '../../../shared/billing/rules.js';

export function money(minor: number, currency: Currency, lang: Language): string {
  return formatMoneyWithCurrency(minor, currency, lang);
}

export const unitKey = (unit: ServiceUnit) => `unit.${unit}` as const;
