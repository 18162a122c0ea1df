/**
 * Migration 0012 (Tarif 590) on a database an older Arnika wrote: rows written in SQL the version-8
 * way (a practice, patients, services, consultations, an issued invoice and a draft), brought to
 * version 11 by the real migrations, then opened by today's app. Afterwards each practice has one
 * therapist made from its own name, ZSR and GLN, every consultation (also the frozen one of the
 * issued invoice) has that therapist, services have no tariff code, the issued invoice is still
 * frozen and prints as it did, and the draft is issued on the standard form.
 */
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { loadMigrations } from '../../src/main/platform/db/migrations.js';
import { openDatabase } from '../../src/main/platform/db/open.js';
import { Practices } from '../../src/main/practices/practices.js';
import { PatientFields } from '../../src/shared/contract/patients.js';
import { PracticeFields } from '../../src/shared/contract/practices.js';
import { makeApp, tempDir } from '../helpers/app.js';
import { patientInput, practiceInput } from '../helpers/fixtures.js';
import { consultationTheOldWay, draftTheOldWay, issueTheOldWay, patientTheOldWay, serviceTheOldWay } from '../helpers/legacy.js';
import { chfSnapshot } from '../helpers/pdf.js';

const all = loadMigrations();
const v8 = all.findIndex((m) => m.name.startsWith('0008_')) + 1;
const v11 = all.findIndex((m) => m.name.startsWith('0012_'));
const clock = { now: () => new Date('2026-10-01T08:00:00Z') };

test('0012: one therapist per practice from its own data, on every consultation; services without codes; issued invoices untouched', async () => {
  const dataDir = tempDir('arnika-t590-mig-');
  const file = join(dataDir, 'arnika.sqlite');
  const { db } = await openDatabase(file, { migrations: all.slice(0, v8) });
  const now = clock.now().toISOString();
  const practice = new Practices(db, clock).create(PracticeFields.parse(practiceInput({ therapistName: 'Clara Alt', zsrNumber: 'C112233', glnNumber: '7601000000002' })));
  const anna = patientTheOldWay(db, PatientFields.parse(patientInput()), now);
  const service = serviceTheOldWay(db, practice.id, { code: 'S', name: 'Sitzung', unit: 'session', priceMinor: 9_000 }, now);
  const issuedC = consultationTheOldWay(db, { patientId: anna.id, practiceId: practice.id, date: '2026-09-03', durationMinutes: 45, serviceId: service.id, quantityHundredths: 100, unitPriceMinor: 9_000 }, now);
  const draftC = consultationTheOldWay(db, { patientId: anna.id, practiceId: practice.id, date: '2026-09-10', durationMinutes: 45, serviceId: service.id, quantityHundredths: 100, unitPriceMinor: 9_000 }, now);
  const issued = draftTheOldWay(db, { id: '00000000-0000-4000-8000-0000000012a1', practiceId: practice.id, patientId: anna.id, consultationId: issuedC.id, currency: 'CHF', patientName: 'Anna Müller', createdAt: now });
  const snapshot = chfSnapshot({ invoiceNumber: '2026-00001', invoiceDate: '2026-09-10', dueDate: '2026-10-10' });
  issueTheOldWay(db, issued, snapshot, now);
  const draft = draftTheOldWay(db, { id: '00000000-0000-4000-8000-0000000012a2', practiceId: practice.id, patientId: anna.id, consultationId: draftC.id, currency: 'CHF', patientName: 'Anna Müller', createdAt: now });
  db.close();
  const { db: at11 } = await openDatabase(file, { migrations: all.slice(0, v11) });
  expect(at11.pragma('user_version', { simple: true })).toBe(11);
  const before = at11.prepare('SELECT * FROM invoices ORDER BY id').all();
  at11.close();

  const app = await makeApp({ dataDir, now: '2026-11-23T10:00:00Z' });
  try {
    const m = app.db!;
    expect(m.pragma('user_version', { simple: true })).toBe(all.length);
    expect(m.pragma('foreign_key_check')).toEqual([]);
    const therapists = await app.call('therapists.list', { practiceId: practice.id });
    expect(therapists).toEqual([expect.objectContaining({ name: 'Clara Alt', zsr: 'C112233', gln: '7601000000002', profession: '', methods: [], active: true })]);
    expect(m.prepare('SELECT DISTINCT therapist_id FROM consultations').pluck().all()).toEqual([therapists[0]!.id]);
    expect((await app.call('services.list', { practiceId: practice.id }))[0]).toMatchObject({ tariffCode: '', tariffTexts: { de: '', fr: '', it: '' }, absence: false });
    // The issued invoice as it was, still frozen (also its new column), its consultation too.
    expect(m.prepare('SELECT id, status, number, snapshot, total_minor, case_id, note FROM invoices ORDER BY id').all())
      .toEqual((before as Record<string, unknown>[]).map((r) => ({ id: r.id, status: r.status, number: r.number, snapshot: r.snapshot, total_minor: r.total_minor, case_id: r.case_id, note: r.note })));
    expect(() => m.prepare("UPDATE invoices SET form = 'tarif590' WHERE id = ?").run(issued)).toThrow(/immutable/);
    expect(() => m.prepare('UPDATE consultations SET therapist_id = NULL WHERE id = ?').run(issuedC.id)).toThrow(/issued invoice/);
    expect((await app.call('invoices.get', { id: issued })).form).toBe('standard');
    // The draft (its case has no law: by cover, the standard invoice) issues as before.
    const d = await app.call('invoices.get', { id: draft });
    expect(d.form).toBe('standard');
    expect((await app.call('invoices.issue', { id: draft })).status).toBe('issued');
  } finally {
    app.cleanup();
  }
});
