/**
 * Migration 0009 (billing: treatment cases, minutes per position, the invoices table rebuilt for
 * yearly number sequences, free lines and discounts, post dispatches, titles) on a database that
 * version 8 wrote: patients (one with a billing recipient saved before titles), a template and
 * consultations with per-5-minutes services, an issued invoice numbered 2026-00001, a draft.
 * Afterwards every old row is as it was in its old columns; each patient with consultations has one
 * case holding them all; positions carry the minutes they billed; the issued invoice is in counting
 * period 0 and still frozen; the next invoice of 2026 continues after it, and 2027 starts again at 1.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { loadMigrations } from '../../src/main/platform/db/migrations.js';
import { openDatabase } from '../../src/main/platform/db/open.js';
import { Practices } from '../../src/main/practices/practices.js';
import { PatientFields } from '../../src/shared/contract/patients.js';
import { PracticeFields } from '../../src/shared/contract/practices.js';
import { makeApp, tempDir } from '../helpers/app.js';
import { patientInput, practiceInput } from '../helpers/fixtures.js';
import { consultationTheOldWay, draftTheOldWay, issueTheOldWay, patientTheOldWay, serviceTheOldWay, templateTheOldWay } from '../helpers/legacy.js';
import { chfSnapshot } from '../helpers/pdf.js';

const all = loadMigrations();
const v8 = all.findIndex((m) => m.name.startsWith('0008_')) + 1;
const clock = { now: () => new Date('2026-10-01T08:00:00Z') };
const oldTables = ['patients', 'consultation_templates', 'consultation_template_items', 'consultations', 'consultation_items', 'invoices', 'invoice_consultations', 'number_ranges'];

let oldColumns: Record<string, string[]> = {};
/** Every row of the tables 0009 touches, in the columns they had at version 8 (0009 adds columns and rebuilds invoices). */
function rowsOf(db: Database.Database): string {
  if (db.pragma('user_version', { simple: true }) === v8) {
    oldColumns = Object.fromEntries(oldTables.map((t) => [t, (db.pragma(`table_info(${t})`) as { name: string }[]).map((c) => c.name)]));
  }
  // Ordered by every old column: a rebuilt table may hand out new rowids.
  return JSON.stringify(oldTables.map((t) => db.prepare(`SELECT ${oldColumns[t]!.join(', ')} FROM ${t} ORDER BY ${oldColumns[t]!.join(', ')}`).all()));
}

async function v8Database(dataDir: string) {
  const { db } = await openDatabase(join(dataDir, 'arnika.sqlite'), { migrations: all.slice(0, v8) });
  const now = clock.now().toISOString();
  const practice = new Practices(db, clock).create(PracticeFields.parse(practiceInput()));
  const anna = patientTheOldWay(db, PatientFields.parse(patientInput({ insuranceName: 'Helsana', insuredNumber: '80756000' })), now);
  const family = patientTheOldWay(db, PatientFields.parse(patientInput({
    firstName: 'Lou', lastName: 'Kind', insuranceName: 'CSS', insuredNumber: '111',
    billingRecipient: { salutation: 'mr', firstName: 'Marc', lastName: 'Kind', address: { street: 'Weg', houseNumber: '3', postalCode: '3000', town: 'Bern', country: 'CH' }, email: '' },
  })), now);
  const noConsultations = patientTheOldWay(db, PatientFields.parse(patientInput({ firstName: 'Ohne', lastName: 'Termin' })), now);
  const per5 = serviceTheOldWay(db, practice.id, { code: '7301', name: 'Manuelle Therapie', unit: 'min5', priceMinor: 1_000 }, now);
  const session = serviceTheOldWay(db, practice.id, { code: 'S', name: 'Sitzung', unit: 'session', priceMinor: 9_000 }, now);
  templateTheOldWay(db, { practiceId: practice.id, name: 'Lang', durationMinutes: 50, items: [{ serviceId: session.id, quantityHundredths: 100 }, { serviceId: per5.id, quantityHundredths: 100 }] }, now);
  const c = (patientId: string, date: string, serviceId: string, quantity: number, price: number) =>
    consultationTheOldWay(db, { patientId, practiceId: practice.id, date, durationMinutes: 45, serviceId, quantityHundredths: quantity, unitPriceMinor: price }, now);
  const issuedC = c(anna.id, '2026-09-03', per5.id, 900, 1_000);
  const openC = c(anna.id, '2026-09-24', session.id, 100, 9_000);
  const draftC = c(family.id, '2026-09-10', session.id, 100, 9_000);
  const issued = draftTheOldWay(db, { id: '00000000-0000-4000-8000-0000000009a1', practiceId: practice.id, patientId: anna.id, consultationId: issuedC.id, currency: 'CHF', patientName: 'Anna Müller', createdAt: now });
  issueTheOldWay(db, issued, chfSnapshot({ invoiceNumber: '2026-00001', invoiceDate: '2026-09-10', dueDate: '2026-10-10' }), now);
  const draft = draftTheOldWay(db, { id: '00000000-0000-4000-8000-0000000009a2', practiceId: practice.id, patientId: family.id, consultationId: draftC.id, currency: 'CHF', patientName: 'Lou Kind', createdAt: now });
  const before = rowsOf(db);
  db.close();
  return { before, anna, family, noConsultations, issuedC, openC, draftC, issued, draft, per5, session, practiceId: practice.id };
}

test('0009 migrates a version-8 database: old rows as they were, a case per patient, minutes, numbers per year', async () => {
  const dataDir = tempDir('arnika-billing-mig-');
  const old = await v8Database(dataDir);
  const app = await makeApp({ dataDir, now: '2026-11-23T10:00:00Z' });
  const db = app.db!;
  try {
    expect(db.pragma('user_version', { simple: true })).toBe(all.length);
    expect(rowsOf(db)).toBe(old.before);
    expect(db.pragma('foreign_key_check')).toEqual([]);

    // One case per patient with consultations, holding all of them, from the first one on, with the patient's insurer.
    const annaCases = await app.call('cases.list', { patientId: old.anna.id });
    expect(annaCases).toHaveLength(1);
    expect(annaCases[0]).toMatchObject({ title: '', reason: null, law: null, startDate: '2026-09-03', endDate: null, insuranceName: 'Helsana', insuredNumber: '80756000', consultationCount: 2, open: true });
    expect(await app.call('cases.list', { patientId: old.family.id })).toEqual([expect.objectContaining({ consultationCount: 1, insuranceName: 'CSS' })]);
    expect(await app.call('cases.list', { patientId: old.noConsultations.id })).toEqual([]);
    const consultations = await app.call('consultations.list', { patientId: old.anna.id });
    expect(consultations.map((c) => c.caseId)).toEqual([annaCases[0]!.id, annaCases[0]!.id]);
    expect(db.prepare('SELECT count(*) FROM consultations WHERE case_id IS NULL').pluck().get()).toBe(0);

    // Recorded per-5-minutes positions billed the whole duration: that is their minutes. Templates likewise.
    const onInvoice = consultations.find((c) => c.id === old.issuedC.id)!;
    expect(onInvoice.items).toEqual([expect.objectContaining({ unit: 'min5', quantityHundredths: 900, minutes: 45 })]);
    expect(consultations.find((c) => c.id === old.openC.id)!.items[0]!.minutes).toBeNull();
    const [template] = await app.call('consultationTemplates.list', { practiceId: old.practiceId });
    expect(template!.items).toEqual([{ serviceId: old.session.id, quantityHundredths: 100, minutes: null }, { serviceId: old.per5.id, quantityHundredths: 100, minutes: 50 }]);

    // The issued invoice: counting period 0 (the one sequence it was numbered from), its case, still frozen.
    const issuedRow = db.prepare('SELECT number_period, case_id, note FROM invoices WHERE id = ?').get(old.issued) as { number_period: number; case_id: string; note: string };
    expect(issuedRow).toEqual({ number_period: 0, case_id: annaCases[0]!.id, note: '' });
    expect(() => db.prepare('UPDATE invoices SET number_period = 2026 WHERE id = ?').run(old.issued)).toThrow(/immutable/);
    expect(() => db.prepare('UPDATE invoices SET note = ? WHERE id = ?').run('x', old.issued)).toThrow(/immutable/);
    expect(() => db.prepare("UPDATE consultations SET notes = 'x' WHERE id = ?").run(old.issuedC.id)).toThrow(/issued invoice/);
    expect(db.prepare('SELECT number_period, case_id IS NOT NULL AS has_case FROM invoices WHERE id = ?').get(old.draft)).toEqual({ number_period: null, has_case: 1 });

    // A billing recipient saved before titles reads with an empty one.
    expect((await app.call('patients.get', { id: old.family.id })).billingRecipient).toMatchObject({ salutation: 'mr', title: '', lastName: 'Kind' });

    // The draft issues as 2026-00002: 2026's sequence starts after what that year already used.
    expect((await app.call('invoices.issue', { id: old.draft })).number).toBe('2026-00002');
    // A consultation of 2027 on an invoice of 2027 starts the new year's sequence at the range's start.
    const next = await app.call('consultations.create', { consultation: { patientId: old.anna.id, date: '2027-01-04', startTime: '09:00', durationMinutes: 30, items: [{ serviceId: old.session.id }], notes: '' } });
    expect(next.caseId).toBe(annaCases[0]!.id);
    const draft2027 = await app.call('invoices.createDraft', { patientId: old.anna.id, draft: { consultationIds: [next.id], invoiceDate: '2027-01-05' } });
    expect((await app.call('invoices.issue', { id: draft2027.id })).number).toBe('2027-00001');
  } finally {
    app.cleanup();
  }
});
