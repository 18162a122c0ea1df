/**
 * Billing rules main enforces and the renderer previews, written once: the quantity of a
 * per-5-minutes service, and an invoice number from the practice's pattern.
 */

/** Per-5-minute services bill every started 5 minutes: 31 minutes are 7 units (700 hundredths). */
export function quantityForDuration(durationMinutes: number): number {
  return Math.ceil(durationMinutes / 5) * 100;
}

/** {YYYY}/{YY}: year of the invoice date; {NNNNN}: the running number padded to that many digits; {N}: unpadded. */
export function formatInvoiceNumber(pattern: string, value: number, invoiceDate: string): string {
  return pattern
    .replace(/\{YYYY\}/g, invoiceDate.slice(0, 4))
    .replace(/\{YY\}/g, invoiceDate.slice(2, 4))
    .replace(/\{(N+)\}/g, (_m, ns: string) => String(value).padStart(ns.length, '0'));
}
