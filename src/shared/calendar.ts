/**
 * Calendar arithmetic on dates as 'YYYY-MM-DD' strings (due dates, days overdue, reminder terms),
 * in UTC so that no time zone or daylight-saving change shifts a day.
 */

const dayMs = 86_400_000;

const utc = (iso: string) => Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);

/** `iso` moved by `days` (negative: back). */
export function addDays(iso: string, days: number): string {
  return new Date(utc(iso) + days * dayMs).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((utc(to) - utc(from)) / dayMs);
}
