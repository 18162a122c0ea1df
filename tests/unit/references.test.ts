import fc from 'fast-check';
import { calculateQRReferenceChecksum, isQRReferenceValid, isSCORReferenceValid } from 'swissqrbill/utils';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/shared/errors.js';
import {
  creditorReferenceFromInvoiceNumber, formatCreditorReference, formatQrReference, isValidCreditorReference, isValidQrReference,
  mod10RecursiveCheckDigit, qrReferenceFromInvoiceNumber,
} from '../../src/shared/references.js';

/** Invoice numbers the way a numbering scheme might print them: digits with separators and prefixes. */
const invoiceNumber = fc
  .tuple(fc.constantFrom('', 'R', 'RE-', 'INV '), fc.integer({ min: 2000, max: 2099 }), fc.constantFrom('-', '/', '.', ''), fc.integer({ min: 1, max: 99_999_999 }))
  .map(([prefix, year, sep, n]) => `${prefix}${year}${sep}${String(n).padStart(5, '0')}`);

const digitString = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), minLength: min, maxLength: max });

function fieldKey(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err.details?.fields?.[0]?.key;
    throw err;
  }
  return undefined;
}

describe('QR reference', () => {
  it('accepts the known vector and rejects its neighbours', () => {
    expect(isValidQrReference('210000000003139471430009017')).toBe(true);
    expect(isValidQrReference('21 00000 00003 13947 14300 09017')).toBe(true);
    expect(isValidQrReference('210000000003139471430009016')).toBe(false);
    expect(isValidQrReference('21000000000313947143000901')).toBe(false); // 26 digits
    expect(isValidQrReference('2100000000031394714300090170')).toBe(false); // 28 digits
    expect(isValidQrReference('21000000000313947143000901A')).toBe(false);
    expect(mod10RecursiveCheckDigit('21000000000313947143000901')).toBe(7);
  });

  it('is built from the invoice number digits, zero-padded, with the bank prefix first', () => {
    const ref = qrReferenceFromInvoiceNumber('2026-00042');
    expect(ref).toHaveLength(27);
    expect(ref.slice(0, 26)).toBe('00000000000000000202600042');
    expect(isValidQrReference(ref)).toBe(true);
    const withPrefix = qrReferenceFromInvoiceNumber('2026-00042', '123456');
    expect(withPrefix.slice(0, 26)).toBe('12345600000000000202600042');
    expect(isValidQrReference(withPrefix)).toBe(true);
  });

  it('refuses numbers that would not fit in 26 digits, or carry no digits', () => {
    expect(fieldKey(() => qrReferenceFromInvoiceNumber('1'.repeat(27)))).toBe('inv.reference_too_long');
    expect(fieldKey(() => qrReferenceFromInvoiceNumber('2026-00042', '1'.repeat(18)))).toBe('inv.reference_too_long');
    expect(qrReferenceFromInvoiceNumber('2026-00042', '1'.repeat(17))).toHaveLength(27);
    expect(fieldKey(() => qrReferenceFromInvoiceNumber('ABC'))).toBe('inv.reference_no_digits');
    expect(fieldKey(() => qrReferenceFromInvoiceNumber('2026-1', '12a'))).toBe('inv.reference_prefix_digits');
  });

  it('validates every generated reference, and swissqrbill agrees on the check digit', () => {
    fc.assert(
      fc.property(invoiceNumber, digitString(0, 8), (number, prefix) => {
        const ref = qrReferenceFromInvoiceNumber(number, prefix);
        expect(ref).toMatch(/^\d{27}$/);
        expect(isValidQrReference(ref)).toBe(true);
        expect(isQRReferenceValid(ref)).toBe(true);
        expect(calculateQRReferenceChecksum(ref.slice(0, 26))).toBe(ref[26]);
      }),
    );
  });

  it('catches every single-digit error (mod 10 recursive), checked exhaustively per reference', () => {
    fc.assert(
      fc.property(digitString(26, 26), (body) => {
        const ref = `${body}${mod10RecursiveCheckDigit(body)}`;
        expect(isValidQrReference(ref)).toBe(true);
        for (let pos = 0; pos < 27; pos++) {
          for (let d = 0; d <= 9; d++) {
            if (String(d) === ref[pos]) continue;
            const changed = `${ref.slice(0, pos)}${d}${ref.slice(pos + 1)}`;
            expect(isValidQrReference(changed), changed).toBe(false);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('does not catch every adjacent transposition (a known limit of mod 10 recursive)', () => {
    // After a prefix whose carry is 0, swapping 4 and 7 yields the same carry: 0 -> 8 -> 2 vs 0 -> 1 -> 2.
    const a = `${'0'.repeat(24)}47`;
    const b = `${'0'.repeat(24)}74`;
    expect(mod10RecursiveCheckDigit(a)).toBe(mod10RecursiveCheckDigit(b));
  });

  it('formats in blocks of five from the right', () => {
    expect(formatQrReference('210000000003139471430009017')).toBe('21 00000 00003 13947 14300 09017');
    expect(formatQrReference('21 0000000003139471430009017')).toBe('21 00000 00003 13947 14300 09017');
  });
});

describe('creditor reference (ISO 11649)', () => {
  it('accepts the known vector and rejects broken ones', () => {
    expect(isValidCreditorReference('RF18539007547034')).toBe(true);
    expect(isValidCreditorReference('RF18 5390 0754 7034')).toBe(true);
    expect(isValidCreditorReference('rf18539007547034')).toBe(true);
    expect(isValidCreditorReference('RF19539007547034')).toBe(false);
    expect(isValidCreditorReference('RF18539007547035')).toBe(false);
    expect(isValidCreditorReference('RF18')).toBe(false);
    expect(isValidCreditorReference('XX18539007547034')).toBe(false);
    expect(isValidCreditorReference(`RF18${'1'.repeat(22)}`)).toBe(false);
    expect(isValidCreditorReference('RF18-5390')).toBe(false);
  });

  it('refuses the check digits ISO 7064 never produces even when mod 97 agrees', () => {
    // Find a body whose valid check digits are 97 or 98; then 00 or 01 also satisfy mod 97 = 1.
    for (let n = 1; n < 5000; n++) {
      const ref = creditorReferenceFromInvoiceNumber(String(n));
      const check = ref.slice(2, 4);
      if (check === '97' || check === '98') {
        const alias = `RF${check === '97' ? '00' : '01'}${ref.slice(4)}`;
        expect(isValidCreditorReference(ref)).toBe(true);
        expect(isValidCreditorReference(alias)).toBe(false);
        return;
      }
    }
    throw new Error('no body with check digits 97/98 found');
  });

  it('is built from the alphanumerics of the invoice number', () => {
    const ref = creditorReferenceFromInvoiceNumber('2026-00042');
    expect(ref).toMatch(/^RF\d{2}202600042$/);
    expect(isValidCreditorReference(ref)).toBe(true);
    expect(creditorReferenceFromInvoiceNumber('re-2026/7')).toMatch(/^RF\d{2}RE20267$/);
    expect(fieldKey(() => creditorReferenceFromInvoiceNumber('A'.repeat(22)))).toBe('inv.reference_too_long');
    expect(fieldKey(() => creditorReferenceFromInvoiceNumber('---'))).toBe('inv.reference_no_digits');
  });

  it('validates every generated reference, and swissqrbill agrees', () => {
    const alnum = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-/ '.split('')), minLength: 1, maxLength: 21 });
    fc.assert(
      fc.property(alnum.filter((s) => /[A-Z0-9]/.test(s)), (number) => {
        const ref = creditorReferenceFromInvoiceNumber(number);
        expect(isValidCreditorReference(ref)).toBe(true);
        expect(isSCORReferenceValid(ref)).toBe(true);
      }),
    );
  });

  it('catches every single-digit error in a numeric reference', () => {
    fc.assert(
      fc.property(digitString(1, 21), (body) => {
        const ref = creditorReferenceFromInvoiceNumber(body);
        for (let pos = 2; pos < ref.length; pos++) {
          for (let d = 0; d <= 9; d++) {
            if (String(d) === ref[pos]) continue;
            const changed = `${ref.slice(0, pos)}${d}${ref.slice(pos + 1)}`;
            expect(isValidCreditorReference(changed), changed).toBe(false);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('formats in blocks of four', () => {
    expect(formatCreditorReference('RF18539007547034')).toBe('RF18 5390 0754 7034');
    expect(formatCreditorReference('rf18 5390 0754 7034 1')).toBe('RF18 5390 0754 7034 1');
  });
});
