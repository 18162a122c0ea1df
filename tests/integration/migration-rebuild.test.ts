/**
 * Migrations that rebuild a table (the only way to change a CHECK in SQLite) on a database full of
 * real rows: issued, cancelled and draft invoices, consultations, outbox rows, the patient search
 * index. The runner must follow SQLite's procedure (foreign keys off before BEGIN, foreign_key_check
 * before COMMIT), so that `DROP TABLE invoices` cascades nowhere, and a migration that would leave a
 * dangling reference is aborted with the database exactly as it was.
 *
 * The test migrations are written from the live schema (the table's own SQL with one CHECK
 * widened, then its indexes and triggers), so they keep working when later migrations add columns.
 */
import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { databaseFileName } from '../../src/main/app/createApp.js';
import { loadMigrations, type Migration } from '../../src/main/platform/db/migrations.js';
import { openDatabase } from '../../src/main/platform/db/open.js';
import { tempDir } from '../helpers/app.js';
import { addConsultation, addPatient, issuedInvoice, setupPractice } from '../helpers/invoicing.js';
import { makeMailApp } from '../helpers/outboxApp.js';

const all = loadMigrations();
const opened: Database.Database[] = [];
afterEach(() => {
  while (opened.length) opened.pop()!.close();
});

/** A data folder with a bit of everything, written through the real API; closed again. */
async function fullDatabase(): Promise<string> {
  const app = await makeMailApp({ dataDir: tempDir('arnika-rebuild-') });
  const setup = await setupPractice(app);
  const profile = await app.call('mail.saveProfile', {
    practiceId: setup.practice.id,
    profile: { name: 'Praxis', senderName: 'Praxis', email: 'praxis@example.ch', host: 'localhost', port: 465, security: 'tls', authMethod: 'password', username: 'praxis@example.ch', replyTo: '', bccSelf: false },
    password: 'geheim',
  });
  const sent = await issuedInvoice(app, setup, { lastName: 'Bäcker', email: 'jorg@example.ch' });
  await app.call('mail.sendInvoice', { invoiceId: sent.invoice.id, profileId: profile.id });
  const cancelled = await issuedInvoice(app, setup, { lastName: 'Storno' });
  await app.call('invoices.cancel', { id: cancelled.invoice.id, reason: 'Doppelt erfasst' });
  await issuedInvoice(app, setup, { lastName: 'Zweite' });
  const withDraft = await addPatient(app, { lastName: 'Entwurf' });
  const c = await addConsultation(app, withDraft.id, setup.session.id, { practiceId: setup.practice.id });
  await app.call('invoices.createDraft', { patientId: withDraft.id, draft: { consultationIds: [c.id] } });
  const unbilled = await addPatient(app, { lastName: 'Offen' });
  await addConsultation(app, unbilled.id, setup.item.id, { practiceId: setup.practice.id });
  app.closeOnly();
  return join(app.dataDir, databaseFileName);
}

type Row = Record<string, unknown>;

/** Everything a user could lose: every row of every table (FTS index included), and every index and trigger. */
function contents(db: Database.Database) {
  const objects = db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all() as { type: string; name: string; tbl_name: string; sql: string | null }[];
  const rows: Record<string, string[]> = {};
  for (const o of objects.filter((x) => x.type === 'table')) {
    // Rows compared as sorted JSON: a rebuilt table may give its rows new rowids.
    rows[o.name] = (db.prepare(`SELECT * FROM "${o.name}"`).all() as Row[]).map((r) => JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v))).sort();
  }
  return { objects, rows };
}

/**
 * The rebuild as lang_altertable.html describes it, from the table's current schema: new table,
 * copy, drop, rename, then its indexes and triggers again. Triggers of other tables whose body names
 * the table are dropped first and made again at the end (ALTER TABLE RENAME checks every trigger
 * and fails on one that names a table that is gone at that moment).
 */
function rebuild(db: Database.Database, table: string, change: (createSql: string) => string): string {
  const createSql = (db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) as { sql: string }).sql;
  const changed = change(createSql);
  expect(changed, 'the test migration changes the table').not.toBe(createSql);
  const own = db.prepare("SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name").all(table) as { sql: string }[];
  const naming = (db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name <> ? ORDER BY name").all(table) as { name: string; sql: string }[])
    .filter((t) => new RegExp(`\\b${table}\\b`).test(t.sql));
  return [
    ...naming.map((t) => `DROP TRIGGER ${t.name};`),
    `${changed.replace(new RegExp(`^CREATE TABLE "?${table}"?`), `CREATE TABLE ${table}_new`)};`,
    `INSERT INTO ${table}_new SELECT * FROM ${table};`,
    `DROP TABLE ${table};`,
    `ALTER TABLE ${table}_new RENAME TO ${table};`,
    ...own.map((d) => `${d.sql};`),
    ...naming.map((t) => `${t.sql};`),
  ].join('\n');
}

function nextMigration(name: string, sql: string): Migration[] {
  return [...all, { version: all.length + 1, name, sql }];
}

let template: string;
beforeAll(async () => {
  template = readFileSync(await fullDatabase()).toString('base64');
}, 60_000);

/** A fresh copy of the full database (the app closed it, so the WAL is folded in). */
function copyOfFullDatabase(): string {
  const file = join(tempDir('arnika-rebuild-copy-'), databaseFileName);
  writeFileSync(file, Buffer.from(template, 'base64'));
  return file;
}

function readOnly(file: string): Database.Database {
  const db = new Database(file, { readonly: true });
  opened.push(db);
  return db;
}

describe('a migration that rebuilds a table keeps every row that refers to it', () => {
  test('rebuilding invoices (a widened CHECK) keeps consultations on their invoices, invoice_consultations, outbox rows, indexes and triggers', async () => {
    const file = copyOfFullDatabase();
    const before = contents(readOnly(file));
    opened.pop()!.close();
    expect(before.rows.outbox).toHaveLength(1);
    expect(before.rows.invoice_consultations!.length).toBeGreaterThanOrEqual(6);
    const onInvoice = (rows: string[]) => rows.filter((r) => (JSON.parse(r) as Row).invoice_id !== null).length;
    // Two issued invoices with two consultations each, one draft with one (cancelling freed the others).
    expect(onInvoice(before.rows.consultations!)).toBe(5);

    const probe = readOnly(file);
    const sql = rebuild(probe, 'invoices', (s) => s.replace("recipient IN ('patient', 'billing')", "recipient IN ('patient', 'billing', 'insurer')"));
    opened.pop()!.close();
    const { db } = await openDatabase(file, { migrations: nextMigration('rebuild_invoices.sql', sql) });
    opened.push(db);

    const after = contents(db);
    expect(after.rows).toEqual(before.rows);
    expect(after.objects.map((o) => `${o.type} ${o.name}`)).toEqual(before.objects.map((o) => `${o.type} ${o.name}`));
    expect(after.objects.find((o) => o.name === 'invoices')!.sql).toContain("'insurer'");
    expect(db.pragma('user_version', { simple: true })).toBe(all.length + 1);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // The triggers work on the rebuilt table: an issued invoice can be neither changed nor deleted,
    // a consultation on it stays frozen.
    const issued = db.prepare("SELECT id FROM invoices WHERE status = 'issued' LIMIT 1").get() as { id: string };
    expect(() => db.prepare('UPDATE invoices SET total_minor = 1 WHERE id = ?').run(issued.id)).toThrow(/immutable/);
    expect(() => db.prepare('DELETE FROM invoices WHERE id = ?').run(issued.id)).toThrow(/cannot be deleted/);
    expect(() => db.prepare("UPDATE consultations SET notes = 'x' WHERE invoice_id = ?").run(issued.id)).toThrow(/issued invoice/);
    // And the foreign keys point at the rebuilt table: a patient with invoices cannot be deleted.
    const patientId = (db.prepare('SELECT patient_id FROM invoices LIMIT 1').get() as { patient_id: string }).patient_id;
    expect(() => db.prepare('DELETE FROM patients WHERE id = ?').run(patientId)).toThrow(/FOREIGN KEY/);
  });

  test('rebuilding patients keeps invoices, consultations, the search index and its triggers', async () => {
    const file = copyOfFullDatabase();
    const before = contents(readOnly(file));
    opened.pop()!.close();
    const probe = readOnly(file);
    const sql = rebuild(probe, 'patients', (s) => s.replace("language           TEXT NOT NULL CHECK (language IN ('de', 'fr', 'it', 'en'))", "language           TEXT NOT NULL CHECK (language IN ('de', 'fr', 'it', 'en', 'rm'))"));
    opened.pop()!.close();
    const { db } = await openDatabase(file, { migrations: nextMigration('rebuild_patients.sql', sql) });
    opened.push(db);

    const after = contents(db);
    expect(after.rows).toEqual(before.rows);
    expect(after.objects.map((o) => `${o.type} ${o.name}`)).toEqual(before.objects.map((o) => `${o.type} ${o.name}`));
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // The search index still finds the old patient, and its triggers follow a change.
    const find = (q: string) =>
      (db.prepare('SELECT p.id FROM patients_fts f JOIN patients p ON p.search_key = f.rowid WHERE patients_fts MATCH ?').all(q) as { id: string }[]).map((r) => r.id);
    const baecker = (db.prepare("SELECT id FROM patients WHERE last_name = 'Bäcker'").get() as { id: string }).id;
    expect(find('"baecker"')).toEqual([baecker]);
    db.prepare("UPDATE patients SET search_text = ' anders ' WHERE id = ?").run(baecker);
    expect(find('"baecker"')).toEqual([]);
    expect(find('"anders"')).toEqual([baecker]);
  });
});

describe('a migration that would leave a dangling reference', () => {
  test('is aborted by foreign_key_check before COMMIT: the file is byte for byte as it was, version included', async () => {
    const file = copyOfFullDatabase();
    const bytes = readFileSync(file);
    const probe = readOnly(file);
    // Rebuilds patients but drops one who has an invoice: invoices and consultations would point nowhere.
    const lost = (probe.prepare('SELECT patient_id FROM invoices LIMIT 1').get() as { patient_id: string }).patient_id;
    const sql = rebuild(probe, 'patients', (s) => s.replace('sort_name          TEXT NOT NULL', 'sort_name          TEXT NOT NULL DEFAULT \'\''))
      .replace('INSERT INTO patients_new SELECT * FROM patients;', `INSERT INTO patients_new SELECT * FROM patients WHERE id <> '${lost}';`);
    opened.pop()!.close();

    await expect(openDatabase(file, { migrations: nextMigration('drops_a_patient.sql', sql) })).rejects.toMatchObject({ code: 'db.migration_failed' });
    expect(readFileSync(file).equals(bytes)).toBe(true);
    const db = readOnly(file);
    expect(db.pragma('user_version', { simple: true })).toBe(all.length);
    expect(db.prepare('SELECT count(*) AS n FROM patients WHERE id = ?').get(lost)).toEqual({ n: 1 });
  });
});
