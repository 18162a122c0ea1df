/**
 * Owns an invoice's account and how its state is derived. The account is the sum of immutable rows:
 * owed is the invoice total less credit notes that reduce it, plus reminder fees and default interest
 * charged; paid is payments less their reversals and refunds. Nothing about it is stored as a flag.
 *
 * Allocation rule: fees and interest first (OR 85 Abs. 1 in Switzerland, BGB 367 in Germany). A
 * payment covers what was charged on top of the invoice before the invoice's own amount, so a
 * partial payment leaves the invoice amount open, and interest keeps running on it.
 */
import type { InvoiceAccount, InvoiceState } from '../../shared/contract/payments.js';
import { daysBetween } from '../../shared/calendar.js';
import type { Db } from '../platform/db/open.js';
import { cached } from '../platform/db/statements.js';
import type { Receivable } from '../invoices/index.js';

/** The sums an account is derived from. */
export interface AccountFigures {
  /** Payments less reversals and refunds. */
  paidMinor: number;
  /** Reminder fees and interest charged. */
  chargesMinor: number;
  /** Credit notes that reduce what the invoice asks for. */
  reductionsMinor: number;
}

export const noFigures: AccountFigures = { paidMinor: 0, chargesMinor: 0, reductionsMinor: 0 };

/** The account of one invoice on `today` (YYYY-MM-DD). */
export function deriveAccount(r: Pick<Receivable, 'id' | 'status' | 'currency' | 'totalMinor' | 'dueDate'>, f: AccountFigures, today: string): InvoiceAccount {
  const owed = r.totalMinor - f.reductionsMinor + f.chargesMinor;
  const openMinor = owed - f.paidMinor;
  const coveredCharges = Math.min(Math.max(f.paidMinor, 0), f.chargesMinor);
  const openChargesMinor = f.chargesMinor - coveredCharges;
  const late = today > r.dueDate;
  let state: InvoiceState;
  if (r.status === 'cancelled') state = 'cancelled';
  else if (openMinor < 0) state = 'overpaid';
  else if (openMinor === 0) state = 'paid';
  else if (late) state = 'overdue';
  else if (f.paidMinor > 0) state = 'partly_paid';
  else state = 'open';
  return {
    invoiceId: r.id,
    state,
    currency: r.currency,
    totalMinor: r.totalMinor,
    reductionsMinor: f.reductionsMinor,
    chargesMinor: f.chargesMinor,
    paidMinor: f.paidMinor,
    openMinor,
    openPrincipalMinor: openMinor - openChargesMinor,
    openChargesMinor,
    dueDate: r.dueDate,
    daysOverdue: state !== 'cancelled' && openMinor > 0 && late ? daysBetween(r.dueDate, today) : 0,
  };
}

/** Reads the sums of the account rows (payments, charges, credit notes). */
export class Ledger {
  constructor(private readonly db: Db) {}

  /** One invoice's sums, in one statement of three indexed lookups. */
  figures(invoiceId: string): AccountFigures {
    const r = cached(this.db, `SELECT (SELECT coalesce(sum(amount_minor), 0) FROM payments WHERE invoice_id = @id) AS paid,
                                      (SELECT coalesce(sum(amount_minor), 0) FROM invoice_charges WHERE invoice_id = @id) AS charges,
                                      (SELECT coalesce(sum(amount_minor), 0) FROM credit_notes WHERE invoice_id = @id AND kind = 'reduction') AS reductions`)
      .get({ id: invoiceId }) as { paid: number; charges: number; reductions: number };
    return { paidMinor: r.paid, chargesMinor: r.charges, reductionsMinor: r.reductions };
  }

  /** Every invoice's sums that has any row, grouped in three passes (for lists over all invoices). */
  allFigures(): Map<string, AccountFigures> {
    const out = new Map<string, AccountFigures>();
    const at = (id: string) => {
      let f = out.get(id);
      if (!f) out.set(id, (f = { ...noFigures }));
      return f;
    };
    for (const r of cached(this.db, 'SELECT invoice_id, sum(amount_minor) AS s FROM payments GROUP BY invoice_id').all() as { invoice_id: string; s: number }[]) at(r.invoice_id).paidMinor = r.s;
    for (const r of cached(this.db, 'SELECT invoice_id, sum(amount_minor) AS s FROM invoice_charges GROUP BY invoice_id').all() as { invoice_id: string; s: number }[]) at(r.invoice_id).chargesMinor = r.s;
    for (const r of cached(this.db, "SELECT invoice_id, sum(amount_minor) AS s FROM credit_notes WHERE kind = 'reduction' GROUP BY invoice_id").all() as { invoice_id: string; s: number }[]) at(r.invoice_id).reductionsMinor = r.s;
    return out;
  }

  /** Sums for a set of invoices (a patient's, a bank file's), in three grouped statements. */
  figuresFor(invoiceIds: readonly string[]): Map<string, AccountFigures> {
    const ids = JSON.stringify(invoiceIds);
    const out = new Map<string, AccountFigures>(invoiceIds.map((id) => [id, { ...noFigures }]));
    const sums = (sql: string) => cached(this.db, sql).all(ids) as { invoice_id: string; s: number }[];
    for (const r of sums('SELECT invoice_id, sum(amount_minor) AS s FROM payments WHERE invoice_id IN (SELECT value FROM json_each(?)) GROUP BY invoice_id')) out.get(r.invoice_id)!.paidMinor = r.s;
    for (const r of sums('SELECT invoice_id, sum(amount_minor) AS s FROM invoice_charges WHERE invoice_id IN (SELECT value FROM json_each(?)) GROUP BY invoice_id')) out.get(r.invoice_id)!.chargesMinor = r.s;
    for (const r of sums("SELECT invoice_id, sum(amount_minor) AS s FROM credit_notes WHERE kind = 'reduction' AND invoice_id IN (SELECT value FROM json_each(?)) GROUP BY invoice_id")) out.get(r.invoice_id)!.reductionsMinor = r.s;
    return out;
  }
}
