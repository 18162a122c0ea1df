/**
 * Billing rules main enforces and the renderer previews, written once: the quantity of a
 * per-5-minutes position from its own minutes, how a consultation's minutes are spread over its
 * time-based positions, and an invoice number from the practice's pattern (with the counting period
 * it belongs to: the year when the pattern carries one).
 */

/** Per-5-minute services bill every started 5 minutes: 31 minutes are 7 units (700 hundredths). */
export function quantityForDuration(durationMinutes: number): number {
  return Math.ceil(durationMinutes / 5) * 100;
}

/** The same rule, named for what a position carries now: its own minutes. */
export const quantityForMinutes = quantityForDuration;

export interface MinutesRow {
  /** True for a per-5-minutes position. */
  timeBased: boolean;
  /** The minutes this position bills (NaN or 0 while not filled in). */
  minutes: number;
}

export interface MinutesSplit {
  /** Minutes of the time-based positions, added up (unfilled ones count 0). */
  allocated: number;
  duration: number;
  /** 'exact' when they add up to the consultation, 'under' or 'over' otherwise; 'none' without time-based positions. */
  state: 'none' | 'exact' | 'under' | 'over';
}

/**
 * How the consultation's minutes are spread over its time-based positions ("30 von 50 Minuten
 * verteilt"). A mismatch is a warning, never a refusal: a therapist may bill part of a session as
 * a flat sitting and the rest by time.
 */
export function minutesSplit(durationMinutes: number, rows: readonly MinutesRow[]): MinutesSplit {
  const timed = rows.filter((r) => r.timeBased);
  const allocated = timed.reduce((sum, r) => sum + (Number.isFinite(r.minutes) && r.minutes > 0 ? r.minutes : 0), 0);
  const duration = Number.isFinite(durationMinutes) ? durationMinutes : 0;
  const state = timed.length === 0 ? 'none' : allocated === duration ? 'exact' : allocated < duration ? 'under' : 'over';
  return { allocated, duration, state };
}

/**
 * The minutes a newly chosen time-based position starts with: the consultation's duration for the
 * first one, nothing for the others (they would bill the same minutes twice).
 */
export function prefillMinutes(durationMinutes: number, rows: readonly MinutesRow[], index: number): number | null {
  const firstTimed = rows.findIndex((r) => r.timeBased);
  return firstTimed === index && Number.isFinite(durationMinutes) && durationMinutes > 0 ? durationMinutes : null;
}

/** Whether the pattern carries the year ({YYYY} or {YY}): its sequence then restarts every year. */
export function numberFormatHasYear(pattern: string): boolean {
  return /\{YYYY\}|\{YY\}/.test(pattern);
}

/**
 * The counting period an invoice's number belongs to: the year of the invoice date when the pattern
 * carries the year (numbers stay unique because the year is printed in them), else 0 (one
 * sequence for ever).
 */
export function numberPeriod(pattern: string, invoiceDate: string): number {
  return numberFormatHasYear(pattern) ? Number(invoiceDate.slice(0, 4)) : 0;
}

/** {YYYY}/{YY}: year of the invoice date; {NNNNN}: the running number padded to that many digits; {N}: unpadded. */
export function formatInvoiceNumber(pattern: string, value: number, invoiceDate: string): string {
  return pattern
    .replace(/\{YYYY\}/g, invoiceDate.slice(0, 4))
    .replace(/\{YY\}/g, invoiceDate.slice(2, 4))
    .replace(/\{(N+)\}/g, (_m, ns: string) => String(value).padStart(ns.length, '0'));
}
