import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  formatAhv, formatIban, gs1CheckDigit, isQrIban, isValidAhv, isValidGln, isValidIban, isValidSwissUid, isValidVatNumber, isValidZsr,
} from '../../src/shared/validation/checksums.js';

describe('IBAN', () => {
  test.each([
    'CH93 0076 2011 6238 5295 7',
    'CH4431999123000889012', // QR-IBAN from the SIX examples
    'LI21 0881 0000 2324 013A A',
    'DE89 3704 0044 0532 0130 00',
    'AT61 1904 3002 3457 3201',
  ])('accepts %s', (iban) => expect(isValidIban(iban)).toBe(true));

  test.each([
    ['wrong check digits', 'CH94 0076 2011 6238 5295 7'],
    ['too short for CH', 'CH93 0076 2011 6238 5295'],
    ['letters in the wrong place', 'C193 0076 2011 6238 5295 7'],
    ['empty', ''],
  ])('refuses %s', (_why, iban) => expect(isValidIban(iban)).toBe(false));

  test('tells a QR-IBAN (bank id 30000-31999) from a normal one', () => {
    expect(isQrIban('CH44 3199 9123 0008 8901 2')).toBe(true);
    expect(isQrIban('CH93 0076 2011 6238 5295 7')).toBe(false);
  });

  test('formats in groups of four', () => {
    expect(formatIban('ch9300762011623852957')).toBe('CH93 0076 2011 6238 5295 7');
  });

  test('any single changed digit is caught (mod 97)', () => {
    const iban = 'CH9300762011623852957';
    fc.assert(
      fc.property(fc.integer({ min: 4, max: iban.length - 1 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const d = (Number(iban[pos]) + delta) % 10;
        const changed = iban.slice(0, pos) + d + iban.slice(pos + 1);
        expect(isValidIban(changed)).toBe(false);
      }),
    );
  });
});

describe('AHV number', () => {
  test('accepts a valid number in any common notation and formats it', () => {
    expect(isValidAhv('756.1234.5678.97')).toBe(true);
    expect(isValidAhv('7561234567897')).toBe(true);
    expect(formatAhv('7561234567897')).toBe('756.1234.5678.97');
  });

  test('refuses a wrong check digit, a foreign prefix and a wrong length', () => {
    expect(isValidAhv('756.1234.5678.98')).toBe(false);
    expect(isValidAhv('755.1234.5678.97')).toBe(false);
    expect(isValidAhv('756.1234.5678.9')).toBe(false);
  });

  test('every generated number validates, and every single-digit change is caught', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{9}$/), fc.integer({ min: 3, max: 11 }), fc.integer({ min: 1, max: 9 }), (body, pos, delta) => {
        const first12 = `756${body}`;
        const number = first12 + gs1CheckDigit(first12);
        expect(isValidAhv(number)).toBe(true);
        const changed = number.slice(0, pos) + ((Number(number[pos]) + delta) % 10) + number.slice(pos + 1);
        expect(isValidAhv(changed)).toBe(false);
      }),
    );
  });
});

describe('other identifiers', () => {
  test('GLN with GS1 check digit', () => {
    expect(isValidGln('4006381333931')).toBe(true); // a well-known EAN-13
    expect(isValidGln('4006381333932')).toBe(false);
  });

  test('Swiss UID / VAT number with mod-11 check', () => {
    expect(isValidSwissUid('CHE-116.281.710 MWST')).toBe(true);
    expect(isValidSwissUid('CHE-116.281.711')).toBe(false);
    expect(isValidVatNumber('DE123456789')).toBe(true);
    expect(isValidVatNumber('DE12345678')).toBe(false);
  });

  test('ZSR number: a letter and six digits', () => {
    expect(isValidZsr('A123456')).toBe(true);
    expect(isValidZsr('a 1234.56')).toBe(true);
    expect(isValidZsr('1234567')).toBe(false);
  });
});
