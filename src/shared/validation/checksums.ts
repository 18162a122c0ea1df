/**
 * Check-digit algorithms for identifiers therapists type in: IBAN (ISO 13616, mod 97),
 * AHV/AVS number (EAN-13), GLN (GS1, also EAN-13), Swiss UID/VAT (mod 11).
 * Pure functions, used by the zod schemas on both sides.
 */

export function compact(value: string): string {
  return value.replace(/[\s.-]/g, '').toUpperCase();
}

/** ISO 7064 mod 97-10 over a string of digits and letters (A=10 ... Z=35). */
export function mod97(value: string): number {
  let rest = 0;
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    const digits = code >= 65 && code <= 90 ? String(code - 55) : ch;
    for (const d of digits) rest = (rest * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return rest;
}

const ibanLengths: Record<string, number> = {
  CH: 21, LI: 21, DE: 22, AT: 20, FR: 27, IT: 27, LU: 20, NL: 18, BE: 16, ES: 24, GB: 22, PT: 25, DK: 18,
  SE: 24, NO: 15, FI: 18, PL: 28, CZ: 24, SK: 24, SI: 19, HR: 21, HU: 28, IE: 22, MC: 27,
};

export function isValidIban(value: string): boolean {
  const iban = compact(value);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(iban)) return false;
  const expected = ibanLengths[iban.slice(0, 2)];
  if (expected !== undefined && iban.length !== expected) return false;
  return mod97(iban.slice(4) + iban.slice(0, 4)) === 1;
}

/** A QR-IBAN is a CH/LI IBAN whose bank id (IID, positions 5-9) lies in 30000-31999. */
export function isQrIban(value: string): boolean {
  const iban = compact(value);
  if (!/^(CH|LI)/.test(iban) || !isValidIban(iban)) return false;
  const iid = Number(iban.slice(4, 9));
  return iid >= 30000 && iid <= 31999;
}

export function formatIban(value: string): string {
  return compact(value).replace(/(.{4})(?=.)/g, '$1 ');
}

/** GS1 check digit (EAN-13, GLN): weights 1,3 from the left over the first 12 digits. */
export function gs1CheckDigit(first12: string): number {
  let sum = 0;
  for (let i = 0; i < first12.length; i++) sum += (first12.charCodeAt(i) - 48) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

/** AHV/AVS number: 756.XXXX.XXXX.XC, 13 digits, EAN-13 check digit. */
export function isValidAhv(value: string): boolean {
  const digits = value.replace(/[\s.]/g, '');
  if (!/^756\d{10}$/.test(digits)) return false;
  return gs1CheckDigit(digits.slice(0, 12)) === Number(digits[12]);
}

export function formatAhv(value: string): string {
  const d = value.replace(/[\s.]/g, '');
  return `${d.slice(0, 3)}.${d.slice(3, 7)}.${d.slice(7, 11)}.${d.slice(11)}`;
}

export function isValidGln(value: string): boolean {
  const digits = value.replace(/\s/g, '');
  if (!/^\d{13}$/.test(digits)) return false;
  return gs1CheckDigit(digits.slice(0, 12)) === Number(digits[12]);
}

/** Swiss UID (CHE-123.456.789, optionally followed by MWST/TVA/IVA/VAT): mod 11 with weights 5,4,3,2,7,6,5,4. */
export function isValidSwissUid(value: string): boolean {
  const m = /^CHE-?(\d{3})\.?(\d{3})\.?(\d{3})(\s*(MWST|TVA|IVA|VAT))?$/i.exec(value.trim());
  if (!m) return false;
  const digits = `${m[1]}${m[2]}${m[3]}`;
  const weights = [5, 4, 3, 2, 7, 6, 5, 4];
  const sum = weights.reduce((s, w, i) => s + w * (digits.charCodeAt(i) - 48), 0);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[8]);
}

/** VAT number: a Swiss UID, or an EU VAT id (DE123456789, ATU12345678, ...) checked for shape only. */
export function isValidVatNumber(value: string): boolean {
  const v = value.trim();
  if (/^CHE/i.test(v)) return isValidSwissUid(v);
  return /^(DE\d{9}|ATU\d{8}|FR[A-Z0-9]{2}\d{9}|IT\d{11}|LI\d{5})$/i.test(compact(v));
}

/** ZSR/RCC number (santésuisse): one letter and six digits, e.g. A123456 or A 1234.56. */
export function isValidZsr(value: string): boolean {
  return /^[A-Z]\d{6}$/.test(compact(value));
}
