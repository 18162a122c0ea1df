import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatInvoiceNumber, minutesSplit, numberFormatHasYear, numberPeriod, prefillMinutes, quantityForMinutes,
} from '../../src/shared/billing/rules.js';

describe('minutes per time-based position', () => {
  it('bills every started 5 minutes of the position\'s own minutes', () => {
    expect([1, 5, 6, 20, 30, 31].map(quantityForMinutes)).toEqual([100, 100, 200, 400, 600, 700]);
  });

  it('says how the consultation\'s minutes are spread ("30 von 50 Minuten verteilt")', () => {
    const sitting = { timeBased: false, minutes: Number.NaN };
    expect(minutesSplit(50, [sitting, { timeBased: true, minutes: 20 }, { timeBased: true, minutes: 30 }])).toEqual({ allocated: 50, duration: 50, state: 'exact' });
    expect(minutesSplit(50, [{ timeBased: true, minutes: 30 }, { timeBased: true, minutes: Number.NaN }])).toEqual({ allocated: 30, duration: 50, state: 'under' });
    expect(minutesSplit(50, [{ timeBased: true, minutes: 50 }, { timeBased: true, minutes: 50 }])).toEqual({ allocated: 100, duration: 50, state: 'over' });
    expect(minutesSplit(50, [sitting]).state).toBe('none');
  });

  it('pre-fills the duration into the first time-based position only', () => {
    const rows = [{ timeBased: false, minutes: 0 }, { timeBased: true, minutes: 0 }, { timeBased: true, minutes: 0 }];
    expect(prefillMinutes(50, rows, 1)).toBe(50);
    expect(prefillMinutes(50, rows, 2)).toBeNull();
    expect(prefillMinutes(Number.NaN, rows, 1)).toBeNull();
  });

  it('never bills the whole duration twice: split minutes bill at most one started period more per position', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 240 }), { minLength: 1, maxLength: 5 }), (minutes) => {
        const total = minutes.reduce((s, m) => s + m, 0);
        const billed = minutes.reduce((s, m) => s + quantityForMinutes(m), 0);
        expect(billed).toBeGreaterThanOrEqual(quantityForMinutes(total));
        expect(billed).toBeLessThan(quantityForMinutes(total) + minutes.length * 100);
        expect(minutesSplit(total, minutes.map((m) => ({ timeBased: true, minutes: m }))).state).toBe('exact');
      }),
    );
  });
});

describe('counting periods of invoice numbers', () => {
  it('counts per year when the format carries the year, once for ever otherwise', () => {
    expect(numberFormatHasYear('{YYYY}-{NNNNN}')).toBe(true);
    expect(numberFormatHasYear('R{YY}/{N}')).toBe(true);
    expect(numberFormatHasYear('{NNNNNN}')).toBe(false);
    expect(numberPeriod('{YYYY}-{NNNNN}', '2027-01-04')).toBe(2027);
    expect(numberPeriod('RE-{NNNNN}', '2027-01-04')).toBe(0);
    expect(formatInvoiceNumber('{YYYY}-{NNNNN}', 1, '2027-01-04')).toBe('2027-00001');
  });
});
