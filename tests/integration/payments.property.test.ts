/**
 * Properties of the money in, over random histories on a real database:
 * - whatever payments, overpayments, reversals and credit notes an invoice sees, its paid amount is
 *   the sum of its entries and its open amount is owed less paid, in integer Rappen, and its state
 *   is what those figures say;
 * - reversing every payment returns the invoice to open;
 * - re-reading any sequence of bank files (camt.054 and camt.053, both versions, overlapping, in any
 *   order, the same file again) books each credit at most once, and every credit seen exactly once.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { deriveAccount } from '../../src/main/payments/ledger.js';
import { decimalToMinor } from '../../src/main/payments/camt.js';
import { minorToDecimalString } from '../../src/shared/money.js';
import type { Invoice } from '../../src/shared/contract/index.js';
import { makeApp, type TestApp } from '../helpers/app.js';
import { bookGroups, readBankFile } from '../helpers/bankImport.js';
import { buildCamt, paymentOf, type CamtTx } from '../helpers/camt.js';
import { issuedInvoice, setupPractice } from '../helpers/invoicing.js';

let app: TestApp;
let setup: Awaited<ReturnType<typeof setupPractice>>;
let patients = 0;
beforeAll(async () => {
  app = await makeApp();
  setup = await setupPractice(app);
});
afterAll(() => app.cleanup());

async function freshInvoice(): Promise<Invoice> {
  patients += 1;
  return (await issuedInvoice(app, setup, { firstName: `Prop${patients}`, email: `prop${patients}@example.ch` })).invoice;
}

type Op = { kind: 'pay'; amount: number } | { kind: 'reverse'; pick: number } | { kind: 'reduce'; amount: number };
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('pay' as const), amount: fc.integer({ min: 1, max: 30_000 }) }),
  fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat(20) }),
  fc.record({ kind: fc.constant('reduce' as const), amount: fc.integer({ min: 1, max: 5_000 }) }),
);

describe('an invoice’s account', () => {
  test('paid is the sum of its entries, open is owed less paid, and the state follows', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        const invoice = await freshInvoice();
        for (const o of ops) {
          const money = await app.call('payments.forInvoice', { invoiceId: invoice.id });
          if (o.kind === 'pay') {
            await app.call('payments.record', { date: '2026-11-20', method: 'transfer', note: '', allocations: [{ invoiceId: invoice.id, amountMinor: o.amount }] });
          } else if (o.kind === 'reverse') {
            const live = money.entries.filter((e) => e.kind === 'payment' && !e.reversedById);
            if (live.length > 0) await app.call('payments.reverse', { paymentId: live[o.pick % live.length]!.id, reason: 'Test' });
          } else if (o.amount <= money.account.totalMinor - money.account.reductionsMinor) {
            await app.call('payments.createCreditNote', { invoiceId: invoice.id, kind: 'reduction', amountMinor: o.amount, reason: 'Test' });
          }
        }
        const { account, entries, creditNotes } = await app.call('payments.forInvoice', { invoiceId: invoice.id });
        const paid = entries.reduce((s, e) => s + e.amountMinor, 0);
        const reductions = creditNotes.reduce((s, n) => s + n.amountMinor, 0);
        expect(Number.isInteger(paid)).toBe(true);
        expect(account.paidMinor).toBe(paid);
        expect(account.reductionsMinor).toBe(reductions);
        expect(account.openMinor).toBe(invoice.totalMinor - reductions - paid);
        const expectedState = account.openMinor < 0 ? 'overpaid' : account.openMinor === 0 ? 'paid' : paid > 0 ? 'partly_paid' : 'open';
        expect(account.state).toBe(expectedState);
      }),
      { numRuns: 25 },
    );
  });

  test('reversing every payment returns the invoice to open', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 40_000 }), { minLength: 1, maxLength: 6 }), async (amounts) => {
        const invoice = await freshInvoice();
        for (const amountMinor of amounts) await app.call('payments.record', { date: '2026-11-20', method: 'cash', note: '', allocations: [{ invoiceId: invoice.id, amountMinor }] });
        for (const e of (await app.call('payments.forInvoice', { invoiceId: invoice.id })).entries) await app.call('payments.reverse', { paymentId: e.id, reason: 'zurück' });
        const { account, entries } = await app.call('payments.forInvoice', { invoiceId: invoice.id });
        expect(account).toMatchObject({ state: 'open', paidMinor: 0, openMinor: invoice.totalMinor });
        expect(entries).toHaveLength(amounts.length * 2);
      }),
      { numRuns: 15 },
    );
  });

  test('the derivation alone: charges are covered first, the parts add up, and the state says what the figures say', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: -1_000_000, max: 20_000_000 }), fc.nat(100_000), fc.nat(1_000_000), fc.boolean(), (total, paid, charges, reductionsRaw, late) => {
        const reductions = Math.min(reductionsRaw, total);
        const a = deriveAccount({ id: '00000000-0000-4000-8000-000000000001', status: 'issued', currency: 'CHF', totalMinor: total, dueDate: '2026-12-01' }, { paidMinor: paid, chargesMinor: charges, reductionsMinor: reductions }, late ? '2026-12-31' : '2026-11-30');
        expect(a.openMinor).toBe(total - reductions + charges - paid);
        expect(a.openChargesMinor + a.openPrincipalMinor).toBe(a.openMinor);
        expect(a.openChargesMinor).toBe(Math.max(0, charges - Math.max(0, paid)));
        expect(a.openChargesMinor).toBeGreaterThanOrEqual(0);
        if (a.openMinor < 0) expect(a.state).toBe('overpaid');
        else if (a.openMinor === 0) expect(a.state).toBe('paid');
        else if (late) expect(a.state).toBe('overdue');
        else expect(a.state).toBe(paid > 0 ? 'partly_paid' : 'open');
        expect(a.daysOverdue > 0).toBe(late && a.openMinor > 0);
      }),
    );
  });
});

describe('bank amounts', () => {
  test('any amount as the bank writes it (with or without decimals, trailing zeros) is read to the Rappen', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999_999 }), fc.constantFrom('', '0', '000'), (minor, zeros) => {
        const text = minorToDecimalString(minor);
        expect(decimalToMinor(`${text}${zeros}`)).toBe(minor);
        if (minor % 100 === 0) expect(decimalToMinor(String(minor / 100))).toBe(minor);
      }),
    );
  });
});

describe('re-reading bank files', () => {
  test('any sequence of files (054 and 053, both versions, overlapping, repeated) books each credit at most once', async () => {
    const invoices = [await freshInvoice(), await freshInvoice(), await freshInvoice()];
    // A pool of credits, each with its bank reference, as the bank reports them in every file.
    const pool: { invoice: Invoice; tx: CamtTx }[] = [];
    for (const [i, invoice] of invoices.entries()) {
      for (let k = 0; k < 3; k++) pool.push({ invoice, tx: paymentOf(invoice, 1_000 + i * 100 + k, { bankRef: `POOL-${patients}-${i}-${k}` }) });
    }
    const file = fc.record({
      picks: fc.uniqueArray(fc.nat(pool.length - 1), { minLength: 1, maxLength: pool.length }),
      message: fc.constantFrom('camt.054' as const, 'camt.053' as const),
      version: fc.constantFrom('04' as const, '08' as const),
      batch: fc.boolean(),
    });
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(fc.array(file, { minLength: 1, maxLength: 4 }), async (files) => {
        for (const f of files) {
          const txs = f.picks.map((p) => pool[p]!.tx);
          const entries = f.batch ? [{ transactions: txs }] : txs.map((tx) => ({ transactions: [tx] }));
          const summary = await readBankFile(app, buildCamt({ message: f.message, version: f.version, account: 'CH9300762011623852957', entries }));
          for (const p of f.picks) seen.add(p);
          if (summary.groups.some((g) => ['full', 'partial', 'overpaid', 'already_paid'].includes(g.group) && g.count > g.booked)) {
            await bookGroups(app, summary.id, ['full', 'partial', 'overpaid', 'already_paid']);
          }
        }
        // Every credit seen is booked exactly once: the paid sums are those of the distinct credits.
        for (const invoice of invoices) {
          const { entries } = await app.call('payments.forInvoice', { invoiceId: invoice.id });
          const expected = [...seen].map((p) => pool[p]!).filter((c) => c.invoice.id === invoice.id).map((c) => c.tx.amountMinor).sort();
          expect(entries.map((e) => e.amountMinor).sort()).toEqual(expected);
        }
      }),
      { numRuns: 12 },
    );
  });
});
