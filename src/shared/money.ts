/**
 * Owns money arithmetic and money text: amounts are integer minor units (Rappen, cents) everywhere,
 * and this module is the one place that rounds, formats and parses them. Shared with the renderer,
 * so no Node imports. No floating point ever touches an amount: products go through BigInt and
 * parsing is string arithmetic, because 0.1 + 0.2 style errors on an invoice are a legal problem.
 *
 * Rounding rule, everywhere: half away from zero (commercial rounding; 2.5 -> 3, -2.5 -> -3).
 * - CHF totals round to 0.05 (Rappenrundung). Rappen are integers, so the remainder mod 5 is 0..4 and
 *   a true half never occurs: 1, 2 round down, 3, 4 round up, symmetrically for negative amounts.
 * - Line amounts (quantity x unit price) and VAT round to a whole minor unit, half away from zero.
 * - Prices are net; VAT is added on top, computed once per rate on the sum of that rate's lines
 *   (not per line), which is what the VAT summary shows and avoids per-line rounding drift.
 *
 * Formatting (see formatMoney): CHF uses the Swiss style with a point as decimal separator and the
 * typographic apostrophe (U+2019) as thousands separator in de/it/en, a narrow no-break space
 * (U+202F) in fr; EUR uses the German style `1.234,50` in every language, since EUR invoices come
 * from German practices.
 */
import type { Currency, Language } from './validation/fields.js';

/** Largest amount a QR-bill accepts: 999'999'999.99. We refuse anything bigger everywhere. */
export const MAX_AMOUNT_MINOR = 99_999_999_999;

function assertSafeInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be a safe integer, got ${value}`);
}

function toSafeNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`${what} is out of the safe integer range`);
  }
  return Number(value);
}

/** a / b (b > 0) rounded half away from zero, exact for any size. */
function divRound(a: bigint, b: bigint): bigint {
  const negative = a < 0n;
  const abs = negative ? -a : a;
  const q = (abs * 2n + b) / (2n * b);
  return negative ? -q : q;
}

/** Rounds Rappen to the nearest 5 Rappen, half away from zero (remainder 3 and 4 go up). */
export function roundChf5(rappen: number): number {
  assertSafeInteger(rappen, 'rappen');
  const result = toSafeNumber(divRound(BigInt(rappen), 5n) * 5n, 'rounded amount');
  return result === 0 ? 0 : result; // never -0: it would print as "-0.00"
}

/** The visible rounding line: what must be added to the total to reach the payable amount. */
export function roundingLine(totalMinor: number, currency: Currency): number {
  assertSafeInteger(totalMinor, 'total');
  if (currency !== 'CHF') return 0;
  const diff = roundChf5(totalMinor) - totalMinor;
  return diff === 0 ? 0 : diff;
}

/** quantity (integer hundredths: 150 = 1.5 units) x unit price, rounded to a whole minor unit. */
export function lineAmount(quantityHundredths: number, unitPriceMinor: number): number {
  assertSafeInteger(quantityHundredths, 'quantity');
  assertSafeInteger(unitPriceMinor, 'unit price');
  const result = toSafeNumber(divRound(BigInt(quantityHundredths) * BigInt(unitPriceMinor), 100n), 'line amount');
  return result === 0 ? 0 : result;
}

/** VAT on a net amount; the rate in basis points (810 = 8.1 %), rounded to a whole minor unit. */
export function vatAmount(netMinor: number, rateBasisPoints: number): number {
  assertSafeInteger(netMinor, 'net amount');
  if (!Number.isSafeInteger(rateBasisPoints) || rateBasisPoints < 0 || rateBasisPoints > 10_000) {
    throw new RangeError(`VAT rate must be 0..10000 basis points, got ${rateBasisPoints}`);
  }
  const result = toSafeNumber(divRound(BigInt(netMinor) * BigInt(rateBasisPoints), 10_000n), 'VAT amount');
  return result === 0 ? 0 : result;
}

export interface TotalsLine {
  amountMinor: number;
  vatRateBasisPoints: number;
}

export interface VatGroup {
  rateBasisPoints: number;
  /** Sum of the net line amounts at this rate. */
  netMinor: number;
  vatMinor: number;
}

export interface Totals {
  /** Sum of all line amounts (net). */
  subtotalMinor: number;
  /** One entry per rate, highest rate first; empty when the practice is not VAT registered. */
  vat: VatGroup[];
  vatTotalMinor: number;
  /** CHF: difference to the 0.05-rounded total; EUR: always 0. */
  roundingMinor: number;
  /** subtotal + VAT + rounding: the payable amount. */
  totalMinor: number;
}

/**
 * Totals of an invoice. A practice without VAT registration charges no VAT whatever rate a line
 * carries (Swiss and German therapy is mostly VAT exempt), so `vat` is then empty.
 */
export function totals(lines: readonly TotalsLine[], currency: Currency, vatRegistered: boolean): Totals {
  let subtotal = 0n;
  const byRate = new Map<number, bigint>();
  for (const line of lines) {
    assertSafeInteger(line.amountMinor, 'line amount');
    subtotal += BigInt(line.amountMinor);
    if (vatRegistered) byRate.set(line.vatRateBasisPoints, (byRate.get(line.vatRateBasisPoints) ?? 0n) + BigInt(line.amountMinor));
  }
  const vat = [...byRate.entries()]
    .sort(([a], [b]) => b - a)
    .map(([rateBasisPoints, net]) => {
      const netMinor = toSafeNumber(net, 'net amount');
      return { rateBasisPoints, netMinor, vatMinor: vatAmount(netMinor, rateBasisPoints) };
    });
  const subtotalMinor = toSafeNumber(subtotal, 'subtotal');
  const vatTotalMinor = vat.reduce((sum, g) => sum + g.vatMinor, 0);
  const beforeRounding = subtotalMinor + vatTotalMinor;
  const roundingMinor = roundingLine(beforeRounding, currency);
  return { subtotalMinor, vat, vatTotalMinor, roundingMinor, totalMinor: beforeRounding + roundingMinor };
}

/** amount x rate in basis points (1000 = 10 %), rounded half away from zero to a whole minor unit. */
export function percentOf(amountMinor: number, basisPoints: number): number {
  assertSafeInteger(amountMinor, 'amount');
  if (!Number.isSafeInteger(basisPoints) || basisPoints < 0 || basisPoints > 10_000) {
    throw new RangeError(`percentage must be 0..10000 basis points, got ${basisPoints}`);
  }
  const result = toSafeNumber(divRound(BigInt(amountMinor) * BigInt(basisPoints), 10_000n), 'percentage');
  return result === 0 ? 0 : result;
}

/**
 * Splits `total` into parts proportional to `weights` (each >= 0, at least one > 0) that add up to
 * exactly `total`: every part is its exact share rounded down (towards zero), and the minor units
 * left over go to the largest remainders, the earlier weight first on a tie (Hamilton's method).
 */
export function splitProportionally(total: number, weights: readonly number[]): number[] {
  assertSafeInteger(total, 'total');
  for (const w of weights) {
    if (!Number.isSafeInteger(w) || w < 0) throw new RangeError(`weights must be non-negative safe integers, got ${w}`);
  }
  const sum = weights.reduce((s, w) => s + BigInt(w), 0n);
  if (sum === 0n) throw new RangeError('at least one weight must be positive');
  const negative = total < 0;
  const abs = BigInt(Math.abs(total));
  const shares = weights.map((w, index) => {
    const product = abs * BigInt(w);
    return { index, floor: product / sum, remainder: product % sum };
  });
  let left = abs - shares.reduce((s, x) => s + x.floor, 0n);
  const order = [...shares].sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const share of order) {
    if (left === 0n) break;
    share.floor += 1n;
    left -= 1n;
  }
  return shares.map((x) => {
    const part = toSafeNumber(x.floor, 'part');
    return negative && part !== 0 ? -part : part;
  });
}

export interface Discount {
  /** A percentage of the positions (basis points, 1000 = 10 %), or null for a fixed amount. */
  percentBasisPoints: number | null;
  /** The fixed amount (positive minor units), or null for a percentage. */
  amountMinor: number | null;
}

/**
 * A discount on an invoice's positions: its amount (negative) and how that amount divides over the
 * VAT rates of the positions, in proportion to each rate's net amount, so the VAT of every rate is
 * computed on what is really charged at that rate. A percentage is taken of the positions' total
 * (rounded once); several discounts each apply to the positions, never to one another.
 */
export function discountAmount(positions: readonly TotalsLine[], discount: Discount): { amountMinor: number; parts: TotalsLine[] } {
  const byRate = new Map<number, number>();
  for (const p of positions) {
    assertSafeInteger(p.amountMinor, 'line amount');
    byRate.set(p.vatRateBasisPoints, (byRate.get(p.vatRateBasisPoints) ?? 0) + p.amountMinor);
  }
  const rates = [...byRate.entries()].filter(([, net]) => net > 0).sort(([a], [b]) => b - a);
  const base = rates.reduce((s, [, net]) => s + net, 0);
  const wanted = discount.percentBasisPoints !== null ? percentOf(base, discount.percentBasisPoints) : (discount.amountMinor ?? 0);
  assertSafeInteger(wanted, 'discount');
  if (wanted === 0 || rates.length === 0) return { amountMinor: 0, parts: [] };
  const split = splitProportionally(wanted, rates.map(([, net]) => net));
  const parts = rates.map(([rate], i) => ({ vatRateBasisPoints: rate, amountMinor: -(split[i] as number) || 0 })).filter((p) => p.amountMinor !== 0);
  return { amountMinor: -wanted, parts };
}

/** "123.45" from 12345: the plain decimal form used at machine edges (QR payloads, exports). */
export function minorToDecimalString(minor: number): string {
  assertSafeInteger(minor, 'amount');
  const abs = Math.abs(minor);
  const units = Math.floor(abs / 100);
  const cents = abs % 100;
  return `${minor < 0 ? '-' : ''}${units}.${String(cents).padStart(2, '0')}`;
}

const APOSTROPHE = '\u2019';
const NARROW_NBSP = '\u202F';

function groupDigits(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/**
 * Formats minor units without currency code: CHF `1’234.50` (de/it/en), `1 234.50` (fr, narrow
 * no-break space), EUR `1.234,50`. Negative amounts get a leading hyphen-minus so that
 * parseMoney reads them back.
 */
export function formatMoney(minor: number, currency: Currency, lang: Language): string {
  assertSafeInteger(minor, 'amount');
  const abs = Math.abs(minor);
  const units = String(Math.floor(abs / 100));
  const cents = String(abs % 100).padStart(2, '0');
  const sign = minor < 0 ? '-' : '';
  if (currency === 'EUR') return `${sign}${groupDigits(units, '.')},${cents}`;
  return `${sign}${groupDigits(units, lang === 'fr' ? NARROW_NBSP : APOSTROPHE)}.${cents}`;
}

/** Amount with currency as printed in running text: "CHF 1’234.50", "1.234,50 EUR". */
export function formatMoneyWithCurrency(minor: number, currency: Currency, lang: Language): string {
  const amount = formatMoney(minor, currency, lang);
  return currency === 'EUR' ? `${amount} EUR` : `CHF ${amount}`;
}

/** A VAT rate as a short decimal string with a point: 810 -> "8.1", 1900 -> "19", 250 -> "2.5". */
export function formatRate(rateBasisPoints: number): string {
  assertSafeInteger(rateBasisPoints, 'rate');
  const whole = Math.floor(rateBasisPoints / 100);
  const fraction = String(rateBasisPoints % 100).padStart(2, '0').replace(/0+$/, '');
  return fraction === '' ? String(whole) : `${whole}.${fraction}`;
}

/** Thousands separators people type or paste: apostrophes, spaces, no-break spaces. */
const GROUP_CHARS = new Set(["'", APOSTROPHE, ' ', '\u00A0', NARROW_NBSP, '\u2009']);
const MAX_INTEGER_DIGITS = 13; // keeps the result far inside Number.MAX_SAFE_INTEGER

/**
 * Reads an amount a person typed into minor units, or null when it is not an amount.
 * Accepted: "12", "12.5", "12.50", "12,50", "1'234.50", "1’234.50", "1 234,50", "1.234,50",
 * "-3.20", ".50", with an optional "CHF", "EUR", "Fr." or "€" before or after.
 * Refused (null): more than two decimals, "1.234" and "1,234" (three digits after the only
 * separator: a thousands group or three decimals, we cannot tell), misplaced group separators,
 * anything else.
 */
export function parseMoney(text: string): number | null {
  let s = text.trim().replace(/^(CHF|EUR|Fr\.|€)\s*/i, '').replace(/\s*(CHF|EUR|Fr\.|€)$/i, '').trim();
  let negative = false;
  if (s.startsWith('-') || s.startsWith('\u2212')) {
    negative = true;
    s = s.slice(1).trimStart();
  }
  if (s === '') return null;

  // The decimal separator is the last '.' or ',' if one or two digits follow it to the end.
  let integerPart = s;
  let fraction = '';
  let decimalSep = '';
  const lastSep = Math.max(s.lastIndexOf('.'), s.lastIndexOf(','));
  if (lastSep >= 0) {
    const after = s.slice(lastSep + 1);
    if (!/^\d{1,2}$/.test(after)) return null;
    decimalSep = s[lastSep] as string;
    fraction = after;
    integerPart = s.slice(0, lastSep);
  }
  if (integerPart === '') {
    if (fraction === '') return null;
    integerPart = '0';
  }

  // Group separators: apostrophes/spaces, or the other of '.'/',' when a decimal separator was seen.
  const groupSeps = new Set<string>();
  for (const ch of integerPart) {
    if (ch >= '0' && ch <= '9') continue;
    const isGroup = GROUP_CHARS.has(ch) || (decimalSep !== '' && (ch === '.' || ch === ',') && ch !== decimalSep);
    if (!isGroup) return null;
    groupSeps.add(ch);
  }
  if (groupSeps.size > 1) return null;
  let digits = integerPart;
  if (groupSeps.size === 1) {
    const [sep] = [...groupSeps] as [string];
    const groups = integerPart.split(sep);
    const [first, ...rest] = groups as [string, ...string[]];
    if (!/^\d{1,3}$/.test(first) || rest.some((g) => !/^\d{3}$/.test(g))) return null;
    digits = groups.join('');
  }
  digits = digits.replace(/^0+(?=\d)/, '');
  if (digits.length > MAX_INTEGER_DIGITS) return null;

  // Integer digit strings convert to numbers exactly; no fractional value is ever formed.
  const minor = Number(digits) * 100 + Number(fraction.padEnd(2, '0'));
  if (minor === 0) return 0;
  return negative ? -minor : minor;
}
