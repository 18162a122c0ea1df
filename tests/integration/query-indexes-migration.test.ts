/**
 * Migration 0008 (query indexes; the patient search index keyed by an integer) on a database that
 * version 6 wrote: patients (one archived, one without a birth date), services, a template,
 * consultations, a draft and an issued invoice, made by the code on that schema. Afterwards every
 * old row is as it was, every patient has its own search key and is found through the rebuilt
 * index, the index follows edits, deletes and new patients by that key, and the list's queries are
 * read in the order of the new indexes.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { loadMigrations } from '../../src/main/platform/db/migrations.js';
import { openDatabase } from '../../src/main/platform/db/open.js';
import { listOrder } from '../../src/main/patients/patients.js';
import { Practices } from '../../src/main/practices/practices.js';
import { patientSorts } from '../../src/shared/contract/patients.js';
import { PatientFields } from '../../src/shared/contract/patients.js';
import { PracticeFields } from '../../src/shared/contract/practices.js';
import { makeApp, tempDir } from '../helpers/app.js';
import { fieldsOf, patientInput, practiceInput } from '../helpers/fixtures.js';
import { consultationTheOldWay, draftTheOldWay, issueTheOldWay, patientTheOldWay, serviceTheOldWay, templateTheOldWay } from '../helpers/legacy.js';
import { chfSnapshot } from '../helpers/pdf.js';

const all = loadMigrations();
const clock = { now: () => new Date('2026-10-01T08:00:00Z') };
const v6 = all.findIndex((m) => m.name.startsWith('0006_')) + 1;
const oldTables = ['practices', 'patients', 'services', 'consultation_templates', 'consultation_template_items', 'consultations', 'consultation_items', 'invoices', 'invoice_consultations', 'number_ranges'];

/** The rows in the columns of version 6 (later migrations add columns; 0009 rebuilds invoices). */
function rowsOf(db: Database.Database): Record<string, unknown[]> {
  const later = new Set(['search_key', 'payment_reference', 'creditor_iban', 'title', 'case_id', 'minutes', 'number_period', 'note',
    'therapist_id', 'tariff_code', 'tariff_text_de', 'tariff_text_fr', 'tariff_text_it', 'absence', 'invoice_form', 'card_number', 'form']);
  return Object.fromEntries(
    oldTables.map((t) => [t, (db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all() as Record<string, unknown>[]).map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !later.has(k))))]),
  );
}

async function v6Database(dataDir: string) {
  const { db } = await openDatabase(join(dataDir, 'arnika.sqlite'), { migrations: all.slice(0, v6) });
  expect(db.pragma('user_version', { simple: true })).toBe(v6);
  const practices = new Practices(db, clock);
  const now = clock.now().toISOString();
  const practice = practices.create(PracticeFields.parse(practiceInput()));
  // Patients, services, templates, consultations, drafts and the issue as the code of that time wrote them (today's writes later columns).
  const mueller = patientTheOldWay(db, PatientFields.parse(patientInput()), now);
  const keller = patientTheOldWay(db, PatientFields.parse(patientInput({ firstName: 'Jo', lastName: 'Meier-Keller', birthDate: null, email: 'jo@example.ch', phone: '', mobile: '' })), now);
  const archived = patientTheOldWay(db, PatientFields.parse(patientInput({ firstName: 'Zoé', lastName: 'Dvořák', email: 'zd@example.ch', phone: '', mobile: '' })), now, true);
  const service = serviceTheOldWay(db, practice.id, { code: 'S', name: 'Sitzung', unit: 'session', priceMinor: 9_000 }, now);
  templateTheOldWay(db, { practiceId: practice.id, name: 'Standard', durationMinutes: 30, items: [{ serviceId: service.id, quantityHundredths: 100 }] }, now);
  const consultation = (patientId: string, date: string) =>
    consultationTheOldWay(db, { patientId, practiceId: practice.id, date, durationMinutes: 30, serviceId: service.id, quantityHundredths: 100, unitPriceMinor: 9_000 }, now);
  const issued = draftTheOldWay(db, { id: '00000000-0000-4000-8000-0000000000c1', practiceId: practice.id, patientId: mueller.id, consultationId: consultation(mueller.id, '2026-09-20').id, currency: 'CHF', patientName: 'Anna Müller', createdAt: now });
  issueTheOldWay(db, issued, chfSnapshot({ invoiceNumber: '2026-00001', invoiceDate: '2026-09-10', dueDate: '2026-10-10' }), now);
  draftTheOldWay(db, { id: '00000000-0000-4000-8000-0000000000c2', practiceId: practice.id, patientId: keller.id, consultationId: consultation(keller.id, '2026-09-21').id, currency: 'CHF', patientName: 'Jo Meier-Keller', createdAt: now });
  const before = rowsOf(db);
  db.close();
  return { before, mueller, keller, archived, practiceId: practice.id };
}

test('0008 migrates a version-6 database: old rows untouched, search keyed by an integer, list read in index order', async () => {
  const dataDir = tempDir('arnika-query-mig-');
  const old = await v6Database(dataDir);

  const app = await makeApp({ dataDir });
  const db = app.db!;
  expect(db.pragma('user_version', { simple: true })).toBe(all.length);
  expect(rowsOf(db)).toEqual(old.before);

  // Every patient has a key of its own, and the index holds exactly one entry per patient.
  const keys = db.prepare('SELECT search_key FROM patients').pluck().all() as number[];
  expect(keys.every((k) => Number.isInteger(k))).toBe(true);
  expect(new Set(keys).size).toBe(3);
  expect(db.prepare('SELECT count(*) FROM patients_fts').pluck().get()).toBe(3);

  const names = async (query: string, status: 'active' | 'all' = 'all') => (await app.call('patients.list', { query, status })).items.map((p) => p.lastName);
  expect(await names('mueller')).toEqual(['Müller']);
  expect(await names('muller')).toEqual(['Müller']);
  expect(await names('dvorak')).toEqual(['Dvořák']);
  expect(await names('dvorak', 'active')).toEqual([]);
  // Two characters find the start of a word, also after a hyphen; not the inside of one.
  expect(await names('ke')).toEqual(['Meier-Keller']);
  expect(await names('ll')).toEqual([]);
  expect(await names('jo me')).toEqual(['Meier-Keller']);

  // The index follows an edit, a delete and a new patient by the key.
  const keller = await app.call('patients.get', { id: old.keller.id });
  await app.call('patients.update', { id: keller.id, patient: fieldsOf(PatientFields, keller, { lastName: 'Brunner' }) });
  expect(await names('keller')).toEqual([]);
  expect(await names('brunner')).toEqual(['Brunner']);
  const added = await app.call('patients.create', { patient: patientInput({ firstName: 'Lena', lastName: 'Keller', email: 'lk@example.ch' }) });
  const addedKey = db.prepare('SELECT search_key FROM patients WHERE id = ?').pluck().get(added.id) as number;
  expect(keys).not.toContain(addedKey);
  expect(await names('keller')).toEqual(['Keller']);
  await app.call('patients.unarchive', { id: old.archived.id });
  await app.call('patients.delete', { id: old.archived.id });
  expect(await names('dvorak')).toEqual([]);
  expect(db.prepare('SELECT count(*) FROM patients_fts').pluck().get()).toBe(3);

  // Old invoices and services answer as before: the draft's total, the service in use.
  const list = await app.call('invoices.list', {});
  // The issued one keeps the total of its frozen snapshot; the draft's is computed from its consultation.
  const issuedTotal = chfSnapshot().totals.totalMinor;
  expect(list.items.map((i) => [i.status, i.totalMinor])).toEqual([['draft', 9_000], ['issued', issuedTotal]]);
  expect(list.totalMinor).toBe(issuedTotal);
  expect((await app.call('services.list', { practiceId: old.practiceId })).map((s) => s.inUse)).toEqual([true]);

  // The list's pages come from the sort order's index alone, never from sorting the patients.
  const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
  for (const sort of patientSorts) {
    for (const direction of ['asc', 'desc'] as const) {
      for (const where of ['WHERE archived_at IS NULL', 'WHERE archived_at IS NOT NULL', '']) {
        const p = plan(`SELECT p.id FROM patients p ${where} ORDER BY ${listOrder(sort, direction)} LIMIT 50 OFFSET 100`);
        expect(p, `${sort} ${direction} ${where}`).toMatch(/USING COVERING INDEX patients_list_/);
        expect(p, `${sort} ${direction} ${where}`).not.toMatch(/TEMP B-TREE/);
      }
    }
  }
  expect(plan('SELECT count(*) FROM patients WHERE archived_at IS NOT NULL')).toMatch(/INDEX patients_archived/);
  // The triggers delete an index entry by rowid, which FTS5 looks up ("0:=") instead of reading every entry.
  expect(db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%DELETE FROM patients_fts%'").pluck().all()).toEqual([
    expect.stringContaining('DELETE FROM patients_fts WHERE rowid = OLD.search_key'),
    expect.stringContaining('DELETE FROM patients_fts WHERE rowid = OLD.search_key'),
  ]);
  expect(plan('DELETE FROM patients_fts WHERE rowid = 7')).toMatch(/VIRTUAL TABLE INDEX 0:=/);
  expect(plan("SELECT 1 FROM consultation_items WHERE service_id = 'x'")).toMatch(/INDEX consultation_items_service/);
  expect(plan("SELECT 1 FROM consultation_template_items WHERE service_id = 'x'")).toMatch(/INDEX consultation_template_items_service/);
  expect(plan("SELECT 1 FROM consultations WHERE practice_id = 'x'")).toMatch(/INDEX consultations_practice/);
  expect(plan("SELECT 1 FROM invoices WHERE number_range_id = 'x'")).toMatch(/INDEX invoices_number_range/);
  expect(plan("SELECT count(*), sum(CASE WHEN status = 'issued' THEN total_minor END) FROM invoices")).toMatch(/COVERING INDEX/);
  expect(plan("SELECT count(*), sum(CASE WHEN status = 'issued' THEN total_minor END) FROM invoices WHERE search_name LIKE '%x%' OR number LIKE '%X%'")).toMatch(/COVERING INDEX/);
  app.cleanup();
});
