/**
 * Display formats the Swiss way, independent of the browser's locale: dates as dd.mm.yyyy and
 * whole numbers grouped with the typographic apostrophe (1’234).
 */

export { formatDate, todayIso } from '../../shared/dates.js';

export function formatNumber(n: number): string {
  const sign = n < 0 ? '-' : '';
  return sign + String(Math.trunc(Math.abs(n))).replace(/\B(?=(\d{3})+(?!\d))/g, '\u2019');
}
