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
