/**
 * Migration 0004 (the outbox) on a database that version 3 wrote: a practice, a patient, an issued
 * invoice and a send profile made by the code of that time. After the migration the old rows are
 * untouched, the outbox tables exist and take rows that point at the old invoice and profile, and the
 * schema's own guards hold: one live send per invoice, a queued row has a due time, issued invoices
 * stay undeletable with history, a deleted profile leaves the history in place.
 */
import Database from 'better-sqlite3';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { loadMigrations } from '../../src/main/platform/db/migrations.js';
import { openDatabase } from '../../src/main/platform/db/open.js';
import { MailProfiles } from '../../src/main/mail/profiles.js';
import { Practices } from '../../src/main/practices/practices.js';
import { keyFileSecretBox } from '../../src/main/platform/secrets.js';
import { PatientFields } from '../../src/shared/contract/patients.js';
import { PracticeFields } from '../../src/shared/contract/practices.js';
import { MailProfileFields } from '../../src/shared/contract/mail.js';
import { tempDir } from '../helpers/app.js';
import { patientInput, practiceInput } from '../helpers/fixtures.js';
import { consultationTheOldWay, draftTheOldWay, issueTheOldWay, patientTheOldWay, serviceTheOldWay } from '../helpers/legacy.js';
import { chfSnapshot } from '../helpers/pdf.js';
import { makeMailApp, type MailTestApp } from '../helpers/outboxApp.js';

const all = loadMigrations();
const clock = { now: () => new Date('2026-10-01T08:00:00Z') };
const apps: MailTestApp[] = [];
afterAll(() => apps.forEach((a) => a.cleanup()));

const tables = ['practices', 'patients', 'invoices', 'mail_profiles'];
let oldColumns: Record<string, string[]> = {};

/** The rows of the version-3 tables, in the columns version 3 had (later migrations add some). */
function rowsOf(db: Database.Database): string {
  if (db.pragma('user_version', { simple: true }) === 3) {
    oldColumns = Object.fromEntries(tables.map((t) => [t, (db.pragma(`table_info(${t})`) as { name: string }[]).map((c) => c.name)]));
  }
  return JSON.stringify(tables.map((t) => db.prepare(`SELECT ${oldColumns[t]!.join(', ')} FROM ${t} ORDER BY id`).all()));
}

/** A version-3 database with an issued invoice and a send profile, written by the code of that time. */
async function v3Database(dataDir: string) {
  const { db } = await openDatabase(join(dataDir, 'arnika.sqlite'), { migrations: all.slice(0, 3) });
  expect(db.pragma('user_version', { simple: true })).toBe(3);
  const practices = new Practices(db, clock);
  const now = clock.now().toISOString();
  const practice = practices.create(PracticeFields.parse(practiceInput()));
  // As the code of that time wrote them (today's writes columns of later migrations).
  const patient = patientTheOldWay(db, PatientFields.parse(patientInput()), now);
  const service = serviceTheOldWay(db, practice.id, { code: 'S', name: 'Sitzung', unit: 'session', priceMinor: 9_000 }, now);
  const c = consultationTheOldWay(db, { patientId: patient.id, practiceId: practice.id, date: '2026-09-20', durationMinutes: 30, serviceId: service.id, quantityHundredths: 100, unitPriceMinor: 9_000 }, now);
  const invoice = { id: '00000000-0000-4000-8000-0000000000b1', number: '2026-00001' };
  draftTheOldWay(db, { id: invoice.id, practiceId: practice.id, patientId: patient.id, consultationId: c.id, currency: 'CHF', patientName: 'Anna Müller', createdAt: clock.now().toISOString() });
  issueTheOldWay(db, invoice.id, chfSnapshot({ invoiceNumber: invoice.number, invoiceDate: '2026-09-20', dueDate: '2026-10-20' }), clock.now().toISOString());
  const profile = new MailProfiles(db, keyFileSecretBox(dataDir), clock).save({
    practiceId: practice.id,
    profile: MailProfileFields.parse({ name: 'Praxis', senderName: 'Praxis Arnika', email: 'praxis@praxis-arnika.ch', host: 'localhost', port: 465, security: 'tls', authMethod: 'password', username: 'praxis@praxis-arnika.ch', replyTo: '', bccSelf: false }),
    password: 'Alt-Passwort-1',
  });
  const before = rowsOf(db);
  db.close();
  return { invoiceId: invoice.id, invoiceNumber: invoice.number, profileId: profile.id, before };
}

test('0004 migrates a version-3 database: old rows untouched, the outbox works on them, its guards hold', async () => {
  const dataDir = tempDir('arnika-outbox-mig-');
  const old = await v3Database(dataDir);

  const app = await makeMailApp({ dataDir });
  apps.push(app);
  const db = app.db!;
  expect(db.pragma('user_version', { simple: true })).toBe(all.length);
  expect(all.find((m) => m.version === 4)?.name).toBe('0004_outbox.sql');
  expect(readdirSync(join(dataDir, 'backups')).some((f) => f.startsWith('before-migration-v3-to-v'))).toBe(true);
  // Later migrations may add columns (0007: documents, 0008: patients.search_key); every column the old rows had is as it was.
  const before = JSON.parse(old.before) as Record<string, unknown>[][];
  const now = ['practices', 'patients', 'invoices', 'mail_profiles'].map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY id`).all() as Record<string, unknown>[]);
  expect(JSON.stringify(now.map((rows, i) => rows.map((r, j) => Object.fromEntries(Object.keys(before[i]![j] ?? r).map((k) => [k, r[k]])))))).toBe(old.before);
  expect(db.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(0);
  expect(db.pragma('foreign_key_check')).toEqual([]);
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');

  // The old invoice can be sent through the old profile (queued only: no server in this test).
  const entry = await app.call('mail.sendInvoice', { invoiceId: old.invoiceId });
  expect(entry).toMatchObject({ state: 'queued', invoiceNumber: old.invoiceNumber, to: 'anna.mueller@example.ch' });
  expect(db.prepare('SELECT profile_id FROM outbox WHERE id = ?').pluck().get(entry.outboxId)).toBe(old.profileId);

  // Guards in the schema itself, below the code: one live send per invoice...
  const copy = db.prepare('SELECT * FROM outbox WHERE id = ?').get(entry.outboxId) as Record<string, unknown>;
  const insert = (row: Record<string, unknown>) =>
    db.prepare(`INSERT INTO outbox (${Object.keys(row).join(', ')}) VALUES (${Object.keys(row).map((k) => `@${k}`).join(', ')})`).run(row);
  expect(() => insert({ ...copy, id: '33333333-3333-4333-8333-333333333333', message_id: '<x@y>' })).toThrow(/UNIQUE constraint failed: outbox.invoice_id/);
  // ...a queued row always has a due time, and no other row has one; states are a closed set...
  expect(() => db.prepare('UPDATE outbox SET next_attempt_at = NULL WHERE id = ?').run(entry.outboxId)).toThrow(/CHECK constraint failed/);
  expect(() => db.prepare("UPDATE outbox SET state = 'delivered' WHERE id = ?").run(entry.outboxId)).toThrow(/CHECK constraint failed/);
  // ...a sent row keeps the invoice (issued invoices are never deleted anyway)...
  await app.call('mail.cancelOutbox', { outboxId: entry.outboxId });
  expect(() => db.prepare('DELETE FROM invoices WHERE id = ?').run(old.invoiceId)).toThrow();
  // ...and deleting the profile keeps the history, without its profile.
  await app.call('mail.deleteProfile', { id: old.profileId });
  expect(db.prepare('SELECT profile_id, from_address FROM outbox WHERE id = ?').get(entry.outboxId)).toEqual({ profile_id: null, from_address: 'praxis@praxis-arnika.ch' });
  expect((await app.call('mail.invoiceHistory', { invoiceId: old.invoiceId })).map((e) => e.state)).toEqual(['cancelled']);
});

test('0004 on an empty database: the tables are STRICT', async () => {
  const file = join(tempDir('arnika-outbox-mig-'), 'a.sqlite');
  const { db } = await openDatabase(file);
  try {
    for (const table of ['outbox', 'outbox_batches']) {
      const sql = db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').pluck().get(table) as string;
      expect(sql).toMatch(/\) STRICT$/);
    }
  } finally {
    db.close();
  }
  // A file, not a live handle, is what the next open sees.
  const again = new Database(file, { readonly: true });
  expect(again.pragma('user_version', { simple: true })).toBe(all.length);
  again.close();
});
