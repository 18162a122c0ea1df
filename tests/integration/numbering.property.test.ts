import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { makeApp, type TestApp } from '../helpers/app.js';
import { addConsultation, addPatient, setupPractice } from '../helpers/invoicing.js';

/**
 * Two workstations (two installations, each with its own database) issue from disjoint ranges.
 * Random sequences of create, issue, discard and cancel never produce a duplicate, a reuse, a
 * gap or a number outside the workstation's range.
 */
type Op = { ws: 0 | 1; kind: 'create' | 'issue' | 'discard' | 'cancel'; pick: number };

const ops = fc.array(
  fc.record({ ws: fc.constantFrom(0 as const, 1 as const), kind: fc.constantFrom('create' as const, 'issue' as const, 'issue' as const, 'discard' as const, 'cancel' as const), pick: fc.nat(50) }),
  { minLength: 5, maxLength: 24 },
);

const ranges = [{ from: 1, to: 6 }, { from: 7, to: 12 }];

async function workstation(index: number) {
  const app = await makeApp();
  const setup = await setupPractice(app, { invoiceNumberFormat: '{N}' });
  await app.call('numberRanges.create', { range: { label: `WS${index + 1}`, ...ranges[index]!, thisWorkstation: true } });
  await app.call('numberRanges.create', { range: { label: `WS${2 - index}`, ...ranges[1 - index]!, thisWorkstation: false } });
  const patient = await addPatient(app);
  return { app, setup, patient, drafts: [] as string[], issued: [] as string[] };
}

describe('invoice numbering over random sequences on two workstations', () => {
  test('no duplicate, no reuse, no gap, never outside the range', async () => {
    await fc.assert(
      fc.asyncProperty(ops, async (sequence: Op[]) => {
        const ws = [await workstation(0), await workstation(1)];
        try {
          for (const op of sequence) {
            const w = ws[op.ws]!;
            const app: TestApp = w.app;
            if (op.kind === 'create') {
              const c = await addConsultation(app, w.patient.id, w.setup.session.id);
              w.drafts.push((await app.call('invoices.createDraft', { patientId: w.patient.id, draft: { consultationIds: [c.id] } })).id);
            } else if (op.kind === 'discard' && w.drafts.length) {
              await app.call('invoices.deleteDraft', { id: w.drafts.splice(op.pick % w.drafts.length, 1)[0]! });
            } else if (op.kind === 'issue' && w.drafts.length) {
              const id = w.drafts[op.pick % w.drafts.length]!;
              const r = await app.dispatch('invoices.issue', { id });
              if (r.ok) {
                w.drafts.splice(w.drafts.indexOf(id), 1);
                w.issued.push(id);
              } else {
                expect(r.error.code).toBe('invoice.number_range_exhausted');
              }
            } else if (op.kind === 'cancel' && w.issued.length) {
              await app.dispatch('invoices.cancel', { id: w.issued[op.pick % w.issued.length]!, reason: 'Test' });
            }
          }
          const all: number[] = [];
          ws.forEach((w, i) => {
            const values = (w.app.db!.prepare("SELECT number_value FROM invoices WHERE status <> 'draft' ORDER BY issued_at, number_value").all() as { number_value: number }[]).map((r) => r.number_value);
            // Contiguous from the start of the range: nothing skipped, nothing reused.
            expect(values).toEqual(values.map((_, k) => ranges[i]!.from + k));
            for (const v of values) expect(v).toBeLessThanOrEqual(ranges[i]!.to);
            all.push(...values);
          });
          expect(new Set(all).size).toBe(all.length);
        } finally {
          ws.forEach((w) => w.app.cleanup());
        }
      }),
      { numRuns: 20 },
    );
  }, 120_000);
});

/**
 * With the year in the number format (the default), each workstation's sequence restarts every year
 * inside its own range. Random sequences of drafts dated in different years, issues, discards and
 * cancellations on two workstations (one practice, one bank account): no number twice, no payment
 * reference twice (payments are matched by it), never a value outside the workstation's range, and
 * each year's values contiguous from the start of the range.
 */
type YearOp = { ws: 0 | 1; kind: 'create' | 'issue' | 'discard' | 'cancel' | 'newYear'; pick: number };

const yearOps = fc.array(
  fc.record({
    ws: fc.constantFrom(0 as const, 1 as const),
    kind: fc.constantFrom('create' as const, 'create' as const, 'issue' as const, 'issue' as const, 'discard' as const, 'cancel' as const, 'newYear' as const),
    pick: fc.nat(50),
  }),
  { minLength: 8, maxLength: 30 },
);

const yearRanges = [{ from: 1, to: 3 }, { from: 4, to: 6 }];

async function yearWorkstation(index: number) {
  const app = await makeApp({ now: '2026-06-01T10:00:00Z' });
  const setup = await setupPractice(app);
  await app.call('numberRanges.create', { range: { label: `WS${index + 1}`, ...yearRanges[index]!, thisWorkstation: true } });
  await app.call('numberRanges.create', { range: { label: `WS${2 - index}`, ...yearRanges[1 - index]!, thisWorkstation: false } });
  const patient = await addPatient(app);
  return { app, setup, patient, drafts: [] as string[], issued: [] as string[] };
}

describe('invoice numbering over year changes on two workstations', () => {
  test('no duplicate number or payment reference, no reuse, never outside the range, each year from the start of the range', async () => {
    await fc.assert(
      fc.asyncProperty(yearOps, async (sequence: YearOp[]) => {
        const ws = [await yearWorkstation(0), await yearWorkstation(1)];
        let year = 2026;
        try {
          for (const op of sequence) {
            const w = ws[op.ws]!;
            const app: TestApp = w.app;
            // A second per step, so the issue order is the order of issued_at.
            for (const each of ws) each.app.clock.advance(1000);
            if (op.kind === 'newYear') {
              // Time passes on both workstations; drafts of the old year keep their date (and its sequence).
              year += 1;
              for (const each of ws) each.app.clock.set(`${year}-06-01T10:00:00Z`);
            } else if (op.kind === 'create') {
              const c = await addConsultation(app, w.patient.id, w.setup.session.id, { date: `${year}-05-${String(10 + (op.pick % 19)).padStart(2, '0')}` });
              w.drafts.push((await app.call('invoices.createDraft', { patientId: w.patient.id, draft: { consultationIds: [c.id] } })).id);
            } else if (op.kind === 'discard' && w.drafts.length) {
              await app.call('invoices.deleteDraft', { id: w.drafts.splice(op.pick % w.drafts.length, 1)[0]! });
            } else if (op.kind === 'issue' && w.drafts.length) {
              const id = w.drafts[op.pick % w.drafts.length]!;
              const r = await app.dispatch('invoices.issue', { id });
              if (r.ok) {
                w.drafts.splice(w.drafts.indexOf(id), 1);
                w.issued.push(id);
              } else {
                expect(r.error.code).toBe('invoice.number_range_exhausted');
              }
            } else if (op.kind === 'cancel' && w.issued.length) {
              await app.dispatch('invoices.cancel', { id: w.issued[op.pick % w.issued.length]!, reason: 'Test' });
            }
          }
          const numbers: string[] = [];
          const references: string[] = [];
          ws.forEach((w, i) => {
            const rows = w.app.db!.prepare("SELECT number, number_value, number_period, invoice_date, payment_reference, creditor_iban FROM invoices WHERE status <> 'draft' ORDER BY issued_at, rowid")
              .all() as { number: string; number_value: number; number_period: number; invoice_date: string; payment_reference: string; creditor_iban: string }[];
            for (const y of new Set(rows.map((r) => r.number_period))) {
              const values = rows.filter((r) => r.number_period === y).map((r) => r.number_value);
              // Contiguous from the start of the range in each year: nothing skipped, nothing reused.
              expect(values).toEqual(values.map((_, k) => yearRanges[i]!.from + k));
            }
            for (const r of rows) {
              expect(r.number_value).toBeGreaterThanOrEqual(yearRanges[i]!.from);
              expect(r.number_value).toBeLessThanOrEqual(yearRanges[i]!.to);
              expect(r.number_period).toBe(Number(r.invoice_date.slice(0, 4)));
              expect(r.number.startsWith(`${r.number_period}-`)).toBe(true);
              references.push(`${r.creditor_iban} ${r.payment_reference}`);
            }
            numbers.push(...rows.map((r) => r.number));
          });
          expect(new Set(numbers).size).toBe(numbers.length);
          expect(new Set(references).size).toBe(references.length);
        } finally {
          ws.forEach((w) => w.app.cleanup());
        }
      }),
      { numRuns: 15 },
    );
  }, 180_000);
});
