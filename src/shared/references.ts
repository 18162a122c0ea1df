/**
 * Owns payment references derived from invoice numbers: the Swiss QR reference (QRR, 27 digits,
 * mod-10 recursive check digit, required with a QR-IBAN) and the ISO 11649 creditor reference
 * (SCOR, "RF" + mod-97 check digits, for normal IBANs). A reference is derived from the invoice
 * number alone, so an incoming payment can be matched back to its invoice without a lookup table.
 */
import { fieldError } from './errors.js';
import { mod97 } from './validation/checksums.js';

/** The carry table of the mod-10 recursive algorithm (Swiss Payment Standards, ESR/QRR). */
const MOD10_TABLE = [0, 9, 4, 6, 8, 2, 7, 1, 3, 5] as const;

/** Check digit over a string of digits with the mod-10 recursive algorithm. */
export function mod10RecursiveCheckDigit(digits: string): number {
  if (!/^\d*$/.test(digits)) throw new RangeError('mod 10 recursive needs digits only');
  let carry = 0;
  for (const ch of digits) carry = MOD10_TABLE[(carry + ch.charCodeAt(0) - 48) % 10] as number;
  return (10 - carry) % 10;
}

function stripSpaces(value: string): string {
  return value.replace(/\s/g, '');
}

/**
 * QR reference for an invoice: the bank's customer id prefix (digits, may be empty) first, then the
 * digits of the invoice number ("2026-00042" -> "202600042") left-padded with zeros to fill 26
 * digits, then the check digit. Throws a validation AppError when the number has no digits or prefix and
 * number together exceed 26 digits (the reference would be truncated and could collide).
 */
export function qrReferenceFromInvoiceNumber(invoiceNumber: string, customerIdPrefix = ''): string {
  const prefix = stripSpaces(customerIdPrefix);
  if (!/^\d*$/.test(prefix)) throw fieldError('practice.qrReferencePrefix', 'inv.reference_prefix_digits');
  const digits = invoiceNumber.replace(/\D/g, '');
  if (digits === '') throw fieldError('invoiceNumber', 'inv.reference_no_digits');
  if (prefix.length + digits.length > 26) throw fieldError('invoiceNumber', 'inv.reference_too_long', { max: 26 - prefix.length });
  // The bank reads its customer id from the first positions, so the zeros go between id and number.
  const body = `${prefix}${digits.padStart(26 - prefix.length, '0')}`;
  return `${body}${mod10RecursiveCheckDigit(body)}`;
}

/** 27 digits (spaces ignored) whose last digit is the mod-10 recursive check digit of the first 26. */
export function isValidQrReference(value: string): boolean {
  const ref = stripSpaces(value);
  if (!/^\d{27}$/.test(ref)) return false;
  return mod10RecursiveCheckDigit(ref.slice(0, 26)) === ref.charCodeAt(26) - 48;
}

/** "210000000003139471430009017" -> "21 00000 00003 13947 14300 09017" (blocks of five from the right). */
export function formatQrReference(value: string): string {
  const ref = stripSpaces(value);
  const head = ref.length % 5;
  const blocks = ref.slice(head).match(/\d{5}/g) ?? [];
  return [...(head > 0 ? [ref.slice(0, head)] : []), ...blocks].join(' ');
}

/** ISO 11649 check digits: 98 - ((body + "RF00") mod 97), two digits. */
function creditorCheckDigits(body: string): string {
  return String(98 - mod97(`${body}RF00`)).padStart(2, '0');
}

/**
 * Creditor reference for an invoice: the letters and digits of the invoice number, upper case,
 * behind "RF" and the two check digits ("2026-00042" -> "RF89202600042"). Throws a validation
 * AppError when the number has no alphanumerics or more than the 21 ISO 11649 allows.
 */
export function creditorReferenceFromInvoiceNumber(invoiceNumber: string): string {
  const body = invoiceNumber.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (body === '') throw fieldError('invoiceNumber', 'inv.reference_no_digits');
  if (body.length > 21) throw fieldError('invoiceNumber', 'inv.reference_too_long', { max: 21 });
  return `RF${creditorCheckDigits(body)}${body}`;
}

/**
 * "RF" + 2 check digits + 1..21 letters/digits (spaces ignored, case-insensitive), mod 97 = 1.
 * Check digits 00, 01 and 99 are never produced by ISO 7064 and are refused even if mod 97 agrees.
 */
export function isValidCreditorReference(value: string): boolean {
  const ref = stripSpaces(value).toUpperCase();
  const m = /^RF(\d{2})([A-Z0-9]{1,21})$/.exec(ref);
  if (!m) return false;
  const check = Number(m[1]);
  if (check < 2 || check > 98) return false;
  return mod97(`${m[2]}RF${m[1]}`) === 1;
}

/** "RF18539007547034" -> "RF18 5390 0754 7034" (blocks of four from the left). */
export function formatCreditorReference(value: string): string {
  return stripSpaces(value).toUpperCase().replace(/(.{4})(?=.)/g, '$1 ');
}
