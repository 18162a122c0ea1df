/**
 * Owns what an invoice's lines are made of, in the order they are printed: its consultations'
 * services (by date), then the free positions a draft adds (text, quantity, unit price, VAT rate),
 * then its discounts. A discount is worked out from the positions (money.discountAmount: a
 * percentage of their total, rounded once, or an amount) and divided over their VAT rates, so the
 * totals, the VAT per rate and the 5-Rappen rounding are computed from what is really charged.
 */
import type { ExtraLine, ExtraLineInput } from '../../shared/contract/invoices.js';
import type { FieldError } from '../../shared/errors.js';
import { discountAmount, lineAmount, type TotalsLine } from '../../shared/money.js';
import type { SnapshotDiscountLine, SnapshotLine, SnapshotPricedLine } from './snapshot.js';

/** A draft's free line or discount as stored (table invoice_extra_lines). */
export interface ExtraLineRow {
  kind: 'free' | 'discount';
  text: string;
  quantity_hundredths: number | null;
  unit_price_minor: number | null;
  vat_rate_bp: number | null;
  percent_bp: number | null;
  amount_minor: number | null;
}

export function extraLineFromRow(r: ExtraLineRow): ExtraLine {
  return {
    kind: r.kind, text: r.text, quantityHundredths: r.quantity_hundredths, unitPriceMinor: r.unit_price_minor,
    vatRateBasisPoints: r.vat_rate_bp, percentBasisPoints: r.percent_bp, amountMinor: r.amount_minor,
  };
}

export function extraLineToRow(l: ExtraLineInput): ExtraLineRow {
  return l.kind === 'free'
    ? { kind: 'free', text: l.text, quantity_hundredths: l.quantityHundredths, unit_price_minor: l.unitPriceMinor, vat_rate_bp: l.vatRateBasisPoints, percent_bp: null, amount_minor: null }
    : { kind: 'discount', text: l.text, quantity_hundredths: null, unit_price_minor: null, vat_rate_bp: null, percent_bp: l.percentBasisPoints, amount_minor: l.amountMinor };
}

const isDiscount = (l: SnapshotLine): l is SnapshotDiscountLine => l.kind === 'discount';
const positionsOf = (lines: readonly SnapshotLine[]): SnapshotPricedLine[] => lines.filter((l): l is SnapshotPricedLine => !isDiscount(l));

/** The printed lines: the services, then free positions, then discounts computed from all positions. */
export function composeLines(services: readonly SnapshotPricedLine[], extras: readonly ExtraLineRow[]): SnapshotLine[] {
  const free: SnapshotPricedLine[] = extras
    .filter((e) => e.kind === 'free')
    .map((e) => ({
      kind: 'free', date: null, code: '', text: e.text, quantityHundredths: e.quantity_hundredths!, unit: 'none',
      unitPriceMinor: e.unit_price_minor!, vatRateBasisPoints: e.vat_rate_bp!, amountMinor: lineAmount(e.quantity_hundredths!, e.unit_price_minor!),
    }));
  const positions = [...services, ...free];
  const discounts: SnapshotDiscountLine[] = extras
    .filter((e) => e.kind === 'discount')
    .map((e) => {
      const d = discountAmount(positions, { percentBasisPoints: e.percent_bp, amountMinor: e.amount_minor });
      return { kind: 'discount', text: e.text, percentBasisPoints: e.percent_bp, amountMinor: d.amountMinor, parts: d.parts };
    });
  return [...positions, ...discounts];
}

/** What money.totals adds up: every position at its rate, every discount as its parts per rate. */
export function totalsInput(lines: readonly SnapshotLine[]): TotalsLine[] {
  return lines.flatMap((l) => (isDiscount(l) ? l.parts : [{ amountMinor: l.amountMinor, vatRateBasisPoints: l.vatRateBasisPoints }]));
}

/**
 * A discount must be what its percentage or amount gives on the positions, and its parts must add
 * up to it: otherwise the printed discount and the VAT (and the QR amount) disagree. A discount larger
 * than the positions it applies to is refused too (nobody pays a negative invoice).
 */
export function discountProblems(lines: readonly SnapshotLine[]): FieldError[] {
  const positions = positionsOf(lines);
  const problems: FieldError[] = [];
  const base = positions.reduce((s, p) => s + p.amountMinor, 0);
  let discounted = 0;
  lines.forEach((l, i) => {
    if (!isDiscount(l)) return;
    const expected = discountAmount(positions, { percentBasisPoints: l.percentBasisPoints, amountMinor: l.percentBasisPoints === null ? -l.amountMinor : null });
    const partsSum = l.parts.reduce((s, p) => s + p.amountMinor, 0);
    if (expected.amountMinor !== l.amountMinor || partsSum !== l.amountMinor) problems.push({ path: `lines.${i}.amountMinor`, key: 'inv.line_amount_mismatch' });
    discounted -= l.amountMinor;
  });
  if (discounted > 0 && discounted >= base) problems.push({ path: 'lines', key: 'inv.discount_too_large' });
  return problems;
}
