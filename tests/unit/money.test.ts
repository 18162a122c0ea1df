import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_AMOUNT_MINOR, discountAmount, formatMoney, formatMoneyWithCurrency, formatRate, lineAmount, minorToDecimalString, parseMoney,
  percentOf, roundChf5, roundingLine, splitProportionally, totals, vatAmount,
} from '../../src/shared/money.js';
import { currencies, languages } from '../../src/shared/validation/fields.js';

const amount = fc.integer({ min: -MAX_AMOUNT_MINOR, max: MAX_AMOUNT_MINOR });
const currency = fc.constantFrom(...currencies);
const language = fc.constantFrom(...languages);

describe('roundChf5', () => {
  it('rounds to the nearest 5 Rappen, half away from zero', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(roundChf5)).toEqual([0, 0, 0, 5, 5, 5, 5, 5, 10, 10, 10]);
    expect([12342, 12343, 12345, 12347, 12348].map(roundChf5)).toEqual([12340, 12345, 12345, 12345, 12350]);
    expect([-1, -2, -3, -4, -7, -8].map(roundChf5)).toEqual([0, 0, -5, -5, -5, -10]);
    expect(Object.is(roundChf5(-2), 0)).toBe(true);
  });

  it('is always a multiple of 5, within 2 Rappen, idempotent and symmetric', () => {
    fc.assert(
      fc.property(amount, (x) => {
        const r = roundChf5(x);
        expect(Number.isSafeInteger(r)).toBe(true);
        expect(Math.abs(r % 5)).toBe(0);
        expect(Math.abs(r - x)).toBeLessThanOrEqual(2);
        expect(roundChf5(r)).toBe(r);
        expect(roundChf5(-x)).toBe(-r === 0 ? 0 : -r);
      }),
    );
  });

  it('refuses non-integers instead of rounding floats', () => {
    expect(() => roundChf5(12.5)).toThrow(RangeError);
    expect(() => roundChf5(Number.NaN)).toThrow(RangeError);
  });
});

describe('roundingLine', () => {
  it('is the difference to the 0.05 total for CHF and 0 for EUR', () => {
    expect(roundingLine(12343, 'CHF')).toBe(2);
    expect(roundingLine(12342, 'CHF')).toBe(-2);
    expect(roundingLine(12345, 'CHF')).toBe(0);
    expect(roundingLine(12343, 'EUR')).toBe(0);
  });

  it('always lands the CHF total on 5 Rappen', () => {
    fc.assert(
      fc.property(amount, (x) => {
        const line = roundingLine(x, 'CHF');
        expect((x + line) % 5 === 0).toBe(true);
        expect(Math.abs(line)).toBeLessThanOrEqual(2);
        expect(roundingLine(x, 'EUR')).toBe(0);
      }),
    );
  });
});

describe('lineAmount', () => {
  it('multiplies quantity in hundredths by the unit price, half away from zero', () => {
    expect(lineAmount(100, 12000)).toBe(12000);
    expect(lineAmount(150, 1033)).toBe(1550); // 15.495 -> 15.50
    expect(lineAmount(600, 1033)).toBe(6198);
    expect(lineAmount(50, 1)).toBe(1); // 0.5 -> 1
    expect(lineAmount(49, 1)).toBe(0);
    expect(lineAmount(-50, 1)).toBe(-1);
    expect(lineAmount(33, 100)).toBe(33);
  });

  it('is the exact product rounded to a whole minor unit', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100_000, max: 100_000 }), fc.integer({ min: -10_000_000, max: 10_000_000 }), (q, p) => {
        const r = lineAmount(q, p);
        expect(Number.isSafeInteger(r)).toBe(true);
        const exact = BigInt(q) * BigInt(p); // hundredths of a minor unit
        const diff = BigInt(r) * 100n - exact;
        expect(diff <= 50n && diff >= -50n).toBe(true);
        // A true half goes away from zero.
        if (diff === 50n || diff === -50n) expect(diff > 0n).toBe(exact > 0n);
      }),
    );
  });
});

describe('vatAmount', () => {
  it('applies rates in basis points, rounding half up', () => {
    expect(vatAmount(10000, 810)).toBe(810);
    expect(vatAmount(117762, 810)).toBe(9539); // 9538.722
    expect(vatAmount(71282, 260)).toBe(1853); // 1853.332
    expect(vatAmount(5000, 1)).toBe(1); // 0.5 -> 1
    expect(vatAmount(1, 810)).toBe(0);
    expect(vatAmount(12345, 0)).toBe(0);
    expect(vatAmount(10000, 1900)).toBe(1900);
  });

  it('stays within half a minor unit of the exact VAT', () => {
    fc.assert(
      fc.property(amount, fc.integer({ min: 0, max: 10_000 }), (net, bp) => {
        const v = vatAmount(net, bp);
        expect(Number.isSafeInteger(v)).toBe(true);
        const diff = BigInt(v) * 10_000n - BigInt(net) * BigInt(bp);
        expect(diff <= 5000n && diff >= -5000n).toBe(true);
      }),
    );
  });

  it('refuses impossible rates', () => {
    expect(() => vatAmount(100, -1)).toThrow(RangeError);
    expect(() => vatAmount(100, 10_001)).toThrow(RangeError);
    expect(() => vatAmount(100, 8.1)).toThrow(RangeError);
  });
});

describe('totals', () => {
  it('sums lines, groups VAT by rate (highest first) and rounds CHF to 0.05', () => {
    const t = totals(
      [
        { amountMinor: 10000, vatRateBasisPoints: 810 },
        { amountMinor: 2033, vatRateBasisPoints: 260 },
        { amountMinor: 5000, vatRateBasisPoints: 810 },
      ],
      'CHF',
      true,
    );
    expect(t.subtotalMinor).toBe(17033);
    expect(t.vat).toEqual([
      { rateBasisPoints: 810, netMinor: 15000, vatMinor: 1215 },
      { rateBasisPoints: 260, netMinor: 2033, vatMinor: 53 },
    ]);
    expect(t.vatTotalMinor).toBe(1268);
    expect(t.roundingMinor).toBe(-1); // 183.01 -> 183.00
    expect(t.totalMinor).toBe(18300);
  });

  it('charges no VAT when the practice is not registered, and EUR is not rounded', () => {
    const lines = [{ amountMinor: 9999, vatRateBasisPoints: 810 }];
    expect(totals(lines, 'CHF', false)).toEqual({ subtotalMinor: 9999, vat: [], vatTotalMinor: 0, roundingMinor: 1, totalMinor: 10000 });
    expect(totals(lines, 'EUR', false)).toEqual({ subtotalMinor: 9999, vat: [], vatTotalMinor: 0, roundingMinor: 0, totalMinor: 9999 });
  });

  it('holds its invariants for any lines', () => {
    const line = fc.record({ amountMinor: fc.integer({ min: -1_000_000, max: 10_000_000 }), vatRateBasisPoints: fc.constantFrom(0, 260, 380, 810, 700, 1900) });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), currency, fc.boolean(), (lines, cur, registered) => {
        const t = totals(lines, cur, registered);
        for (const v of Object.values(t).filter((x) => typeof x === 'number')) expect(Number.isSafeInteger(v)).toBe(true);
        expect(t.totalMinor).toBe(t.subtotalMinor + t.vatTotalMinor + t.roundingMinor);
        expect(t.vat.reduce((s, g) => s + g.netMinor, 0)).toBe(registered ? t.subtotalMinor : 0);
        expect(t.vat.reduce((s, g) => s + g.vatMinor, 0)).toBe(t.vatTotalMinor);
        if (!registered) expect(t.vat).toEqual([]);
        if (cur === 'CHF') expect(t.totalMinor % 5 === 0).toBe(true);
        else expect(t.roundingMinor).toBe(0);
      }),
    );
  });
});

describe('percentOf', () => {
  it('takes a percentage in basis points, rounded half away from zero', () => {
    expect(percentOf(12000, 1000)).toBe(1200);
    expect(percentOf(12345, 750)).toBe(926); // 925.875
    expect(percentOf(5, 1000)).toBe(1); // 0.5 -> 1
    expect(percentOf(4, 1000)).toBe(0);
    expect(percentOf(-5, 1000)).toBe(-1);
    expect(percentOf(12345, 10000)).toBe(12345);
    expect(() => percentOf(100, 10_001)).toThrow(RangeError);
    expect(() => percentOf(100, 2.5)).toThrow(RangeError);
  });

  it('stays within half a minor unit of the exact share', () => {
    fc.assert(
      fc.property(amount, fc.integer({ min: 0, max: 10_000 }), (x, bp) => {
        const r = percentOf(x, bp);
        const diff = BigInt(r) * 10_000n - BigInt(x) * BigInt(bp);
        expect(diff <= 5000n && diff >= -5000n).toBe(true);
      }),
    );
  });
});

describe('splitProportionally', () => {
  it('divides an amount by weights, the leftover Rappen to the largest remainders', () => {
    expect(splitProportionally(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(splitProportionally(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(splitProportionally(1000, [12000, 850])).toEqual([934, 66]); // 933.85, 66.15
    expect(splitProportionally(7, [0, 5])).toEqual([0, 7]);
    expect(() => splitProportionally(7, [0, 0])).toThrow(RangeError);
    expect(() => splitProportionally(7, [-1, 2])).toThrow(RangeError);
  });

  it('always adds up exactly, and every part is within one minor unit of its exact share', () => {
    const weights = fc.array(fc.integer({ min: 0, max: 50_000_000 }), { minLength: 1, maxLength: 8 }).filter((w) => w.some((x) => x > 0));
    fc.assert(
      fc.property(amount, weights, (total, w) => {
        const parts = splitProportionally(total, w);
        expect(parts).toHaveLength(w.length);
        expect(parts.reduce((s, p) => s + p, 0)).toBe(total);
        const sum = w.reduce((s, x) => s + BigInt(x), 0n);
        parts.forEach((p, i) => {
          // |p * sum - total * w| < sum: the part is the exact share rounded one way or the other.
          const diff = BigInt(p) * sum - BigInt(total) * BigInt(w[i]!);
          expect(diff < sum && diff > -sum).toBe(true);
          if (w[i] === 0) expect(p).toBe(0);
          expect(Math.sign(p) === Math.sign(total) || p === 0).toBe(true);
        });
      }),
    );
  });
});

describe('discountAmount', () => {
  it('takes a percentage of the positions once and divides it over their VAT rates', () => {
    const positions = [
      { amountMinor: 12000, vatRateBasisPoints: 0 },
      { amountMinor: 850, vatRateBasisPoints: 810 },
      { amountMinor: 4452, vatRateBasisPoints: 0 },
    ];
    const d = discountAmount(positions, { percentBasisPoints: 1000, amountMinor: null });
    expect(d.amountMinor).toBe(-1730); // 10 % of 173.02
    expect(d.parts).toEqual([{ vatRateBasisPoints: 810, amountMinor: -85 }, { vatRateBasisPoints: 0, amountMinor: -1645 }]);
    expect(discountAmount(positions, { percentBasisPoints: null, amountMinor: 2000 }).amountMinor).toBe(-2000);
    expect(discountAmount([], { percentBasisPoints: 1000, amountMinor: null })).toEqual({ amountMinor: 0, parts: [] });
  });

  it('keeps totals, VAT and the 5-Rappen rounding exact with free lines and discounts', () => {
    const rate = fc.constantFrom(0, 260, 810, 1900);
    const position = fc.record({ quantity: fc.integer({ min: 1, max: 5_000 }), price: fc.integer({ min: 0, max: 500_000 }), vatRateBasisPoints: rate });
    const discount = fc.oneof(
      fc.record({ percentBasisPoints: fc.integer({ min: 1, max: 10_000 }), amountMinor: fc.constant(null) }),
      fc.record({ percentBasisPoints: fc.constant(null), amountMinor: fc.integer({ min: 1, max: 10_000_000 }) }),
    );
    fc.assert(
      fc.property(fc.array(position, { minLength: 1, maxLength: 30 }), fc.array(discount, { maxLength: 3 }), currency, fc.boolean(), (raw, discounts, cur, registered) => {
        const positions = raw.map((p) => ({ amountMinor: lineAmount(p.quantity, p.price), vatRateBasisPoints: p.vatRateBasisPoints }));
        const base = positions.reduce((s, p) => s + p.amountMinor, 0);
        const applied = discounts.map((d) => discountAmount(positions, d));
        const lines = [...positions, ...applied.flatMap((d) => d.parts)];
        const t = totals(lines, cur, registered);
        // Each discount divides exactly into its parts, and is what was asked for.
        applied.forEach((d, i) => {
          expect(d.parts.reduce((s, p) => s + p.amountMinor, 0)).toBe(base > 0 ? d.amountMinor : 0);
          const asked = discounts[i]!;
          // 0 - x, not -x: a discount that rounds to nothing is 0, and -0 is not 0 to toBe.
          if (base > 0) expect(d.amountMinor).toBe(0 - (asked.percentBasisPoints !== null ? percentOf(base, asked.percentBasisPoints) : asked.amountMinor!));
        });
        expect(t.subtotalMinor).toBe(base + applied.reduce((s, d) => s + (base > 0 ? d.amountMinor : 0), 0));
        expect(t.totalMinor).toBe(t.subtotalMinor + t.vatTotalMinor + t.roundingMinor);
        if (registered) {
          for (const g of t.vat) expect(g.vatMinor).toBe(vatAmount(g.netMinor, g.rateBasisPoints));
          expect(t.vat.reduce((s, g) => s + g.netMinor, 0)).toBe(t.subtotalMinor);
        }
        if (cur === 'CHF') {
          expect(Math.abs(t.totalMinor % 5)).toBe(0);
          expect(Math.abs(t.roundingMinor)).toBeLessThanOrEqual(2);
        } else expect(t.roundingMinor).toBe(0);
      }),
    );
  });
});

describe('formatMoney', () => {
  it('prints CHF Swiss style and EUR German style', () => {
    expect(formatMoney(123450, 'CHF', 'de')).toBe('1\u2019234.50');
    expect(formatMoney(123450, 'CHF', 'it')).toBe('1\u2019234.50');
    expect(formatMoney(123450, 'CHF', 'en')).toBe('1\u2019234.50');
    expect(formatMoney(123450, 'CHF', 'fr')).toBe('1\u202F234.50');
    expect(formatMoney(123450, 'EUR', 'de')).toBe('1.234,50');
    expect(formatMoney(123456789012, 'CHF', 'de')).toBe('1\u2019234\u2019567\u2019890.12');
    expect(formatMoney(5, 'CHF', 'de')).toBe('0.05');
    expect(formatMoney(0, 'EUR', 'fr')).toBe('0,00');
    expect(formatMoney(-1, 'CHF', 'de')).toBe('-0.01');
    expect(formatMoney(99900, 'CHF', 'de')).toBe('999.00');
    expect(formatMoneyWithCurrency(12345, 'CHF', 'de')).toBe('CHF 123.45');
    expect(formatMoneyWithCurrency(12345, 'EUR', 'de')).toBe('123,45 EUR');
  });

  it('reads back what it prints, in every currency and language', () => {
    fc.assert(
      fc.property(amount, currency, language, (x, cur, lang) => {
        expect(parseMoney(formatMoney(x, cur, lang))).toBe(x);
        expect(parseMoney(formatMoneyWithCurrency(x, cur, lang))).toBe(x);
      }),
    );
  });

  it('has a plain machine form and short rates', () => {
    expect(minorToDecimalString(12345)).toBe('123.45');
    expect(minorToDecimalString(5)).toBe('0.05');
    expect(minorToDecimalString(-120)).toBe('-1.20');
    expect([810, 260, 380, 0, 1900, 700, 250, 1].map(formatRate)).toEqual(['8.1', '2.6', '3.8', '0', '19', '7', '2.5', '0.01']);
  });
});

describe('parseMoney', () => {
  it('reads what people type', () => {
    const cases: [string, number][] = [
      ['12.50', 1250], ['12,50', 1250], ["1'234.5", 123450], ['12', 1200], ['1’234.50', 123450], ['1 234,50', 123450],
      ['1.234,50', 123450], ['1,234.50', 123450], ['-3.20', -320], ['−3.20', -320], ['.5', 50], ['0.05', 5], ['  7  ', 700],
      ['CHF 12.50', 1250], ['12.50 CHF', 1250], ['Fr. 8.00', 800], ['€ 9,99', 999], ['9,99 EUR', 999],
      ['0', 0], ['-0', 0], ['007.10', 710], ["1'000'000", 100000000], ['9999999999999.99', 999999999999999],
    ];
    for (const [text, expected] of cases) expect(parseMoney(text), text).toBe(expected);
  });

  it('refuses more than two decimals, ambiguous groups and garbage', () => {
    const bad = [
      '', ' ', '-', '12.345', '1.234', '1,234', '1.234.567', '12.', '12,', "1'23.00", '1.234.56', '12.5.0', '1e3', '0x10',
      'abc', '12abc', '--1', '+5', '1/2', "'123", "1''234", '1 2', "1'234,567", '1.234,567', '12..5', 'NaN', 'Infinity',
      '10000000000000', '١٢', '12.5€5', '1’234’56.00', "1'234 567.00",
    ];
    for (const text of bad) expect(parseMoney(text), JSON.stringify(text)).toBeNull();
  });

  it('never produces anything but a safe integer or null', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789.,\' ’-€CHF'.split('')), maxLength: 20 }), (text) => {
        const r = parseMoney(text);
        if (r !== null) expect(Number.isSafeInteger(r)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('is exact for any amount written with up to two decimals', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 999_999_999_999n }), fc.integer({ min: 0, max: 99 }), fc.boolean(), (units, cents, comma) => {
        const text = `${units}${comma ? ',' : '.'}${String(cents).padStart(2, '0')}`;
        expect(parseMoney(text)).toBe(Number(units * 100n) + cents);
      }),
    );
  });
});
