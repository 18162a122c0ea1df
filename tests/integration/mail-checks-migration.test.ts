/**
 * Migration 0010 (a send profile's last check, and paused queues) on a database that version 9
 * wrote: three send profiles and their outbox rows, written in SQL the way the code of that time
 * wrote them. Afterwards the old rows are as they were; a profile that sent an invoice with its
 * settings as they are counts as working (checked when it last sent), one edited after its last send
 * and one that never sent are "nicht geprüft"; no queue is paused, and a pause can be recorded.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { loadMigrations } from '../../src/main/platform/db/migrations.js';
import { openDatabase } from '../../src/main/platform/db/open.js';
import { Practices } from '../../src/main/practices/practices.js';
import { PatientFields } from '../../src/shared/contract/patients.js';
import { PracticeFields } from '../../src/shared/contract/practices.js';
import { tempDir } from '../helpers/app.js';
import { patientInput, practiceInput } from '../helpers/fixtures.js';
import { consultationTheOldWay, draftTheOldWay, issueTheOldWay, patientTheOldWay, serviceTheOldWay } from '../helpers/legacy.js';
import { chfSnapshot } from '../helpers/pdf.js';
import { makeMailApp, type MailTestApp } from '../helpers/outboxApp.js';

const all = loadMigrations();
// Rows written before 0009 (billing) and 0010: the upgrade runs both, as it does for a user coming from version 8.
const v8 = all.findIndex((m) => m.version === 9);
const clock = { now: () => new Date('2026-10-01T08:00:00Z') };
const apps: MailTestApp[] = [];
afterAll(() => apps.forEach((a) => a.cleanup()));

const ids = {
  sent: '00000000-0000-4000-8000-0000000000e1',
  editedSince: '00000000-0000-4000-8000-0000000000e2',
  never: '00000000-0000-4000-8000-0000000000e3',
};

function oldRows(db: Database.Database, columns: Record<string, string[]>): string {
  return JSON.stringify(Object.entries(columns).map(([t, cols]) => db.prepare(`SELECT ${cols.join(', ')} FROM ${t} ORDER BY id`).all()));
}

async function v8Database(dataDir: string) {
  const { db } = await openDatabase(join(dataDir, 'arnika.sqlite'), { migrations: all.slice(0, v8) });
  expect(db.pragma('user_version', { simple: true })).toBe(8);
  const practice = new Practices(db, clock).create(PracticeFields.parse(practiceInput()));
  // Rows as the code of schema 8 wrote them: written in SQL, as today's domain code writes newer columns.
  const now = clock.now().toISOString();
  const patient = patientTheOldWay(db, PatientFields.parse(patientInput()), now);
  const service = serviceTheOldWay(db, practice.id, { code: 'S', name: 'Sitzung', unit: 'session', priceMinor: 9_000 }, now);
  const consultation = consultationTheOldWay(db, { patientId: patient.id, practiceId: practice.id, date: '2026-09-20', durationMinutes: 30, serviceId: service.id, quantityHundredths: 100, unitPriceMinor: 9_000 }, now);
  const invoiceId = '00000000-0000-4000-8000-0000000000b1';
  draftTheOldWay(db, { id: invoiceId, practiceId: practice.id, patientId: patient.id, consultationId: consultation.id, currency: 'CHF', patientName: 'Anna Müller', createdAt: clock.now().toISOString() });
  issueTheOldWay(db, invoiceId, chfSnapshot({ invoiceNumber: '2026-00001', invoiceDate: '2026-09-20', dueDate: '2026-10-20' }), clock.now().toISOString());

  const profile = db.prepare(`INSERT INTO mail_profiles (id, practice_id, name, sender_name, email, host, port, security, auth_method, username,
      password_sealed, reply_to, bcc_self, is_default, created_at, updated_at)
    VALUES (@id, @practiceId, @name, 'Praxis Arnika', 'praxis@praxis-arnika.ch', 'smtp.praxis-arnika.ch', 465, 'tls', 'password',
      'praxis@praxis-arnika.ch', NULL, '', 0, @isDefault, '2026-09-01T08:00:00.000Z', @updatedAt)`);
  profile.run({ id: ids.sent, practiceId: practice.id, name: 'Versendet', isDefault: 1, updatedAt: '2026-09-01T08:00:00.000Z' });
  profile.run({ id: ids.editedSince, practiceId: practice.id, name: 'Seither geändert', isDefault: 0, updatedAt: '2026-09-25T08:00:00.000Z' });
  profile.run({ id: ids.never, practiceId: practice.id, name: 'Nie gesendet', isDefault: 0, updatedAt: '2026-09-01T08:00:00.000Z' });
  const outbox = db.prepare(`INSERT INTO outbox (id, invoice_id, batch_id, position, profile_id, from_name, from_address, reply_to, bcc, to_address,
      subject, body, attachment_name, attachment_sha256, message_id, state, attempts, next_attempt_at, created_at, updated_at, sending_at, sent_at)
    VALUES (@id, @invoiceId, NULL, 0, @profileId, 'Praxis Arnika', 'praxis@praxis-arnika.ch', '', '', 'anna@example.ch',
      'Rechnung', 'Text', 'Rechnung.pdf', @sha, @messageId, @state, 1, NULL, @at, @at, @at, @sentAt)`);
  const sha = 'a'.repeat(64);
  outbox.run({ id: '00000000-0000-4000-8000-0000000000f1', invoiceId, profileId: ids.sent, sha, messageId: '<1@praxis-arnika.ch>', state: 'sent', at: '2026-09-20T09:00:00.000Z', sentAt: '2026-09-20T09:00:00.000Z' });
  outbox.run({ id: '00000000-0000-4000-8000-0000000000f2', invoiceId, profileId: ids.sent, sha, messageId: '<2@praxis-arnika.ch>', state: 'sent', at: '2026-09-22T09:00:00.000Z', sentAt: '2026-09-22T09:00:00.000Z' });
  outbox.run({ id: '00000000-0000-4000-8000-0000000000f3', invoiceId, profileId: ids.editedSince, sha, messageId: '<3@praxis-arnika.ch>', state: 'sent', at: '2026-09-21T09:00:00.000Z', sentAt: '2026-09-21T09:00:00.000Z' });
  outbox.run({ id: '00000000-0000-4000-8000-0000000000f4', invoiceId, profileId: ids.never, sha, messageId: '<4@praxis-arnika.ch>', state: 'failed', at: '2026-09-21T09:00:00.000Z', sentAt: null });
  const columns = Object.fromEntries(['mail_profiles', 'outbox'].map((t) => [t, (db.pragma(`table_info(${t})`) as { name: string }[]).map((c) => c.name)]));
  const before = oldRows(db, columns);
  db.close();
  return { practiceId: practice.id, columns, before };
}

test('0010 migrates a version-9 database: old rows untouched, profiles that sent with their settings count as checked', async () => {
  const dataDir = tempDir('arnika-mail-checks-mig-');
  const old = await v8Database(dataDir);
  const app = await makeMailApp({ dataDir });
  apps.push(app);
  const db = app.db!;
  expect(db.pragma('user_version', { simple: true })).toBe(all.length);
  expect(oldRows(db, old.columns)).toBe(old.before);

  const checks = Object.fromEntries((await app.call('mail.listProfiles', { practiceId: old.practiceId })).map((p) => [p.id, p.check]));
  expect(checks).toEqual({
    [ids.sent]: { state: 'ok', at: '2026-09-22T09:00:00.000Z', code: null, warned: false },
    [ids.editedSince]: { state: 'unchecked', at: null, code: null, warned: false },
    [ids.never]: { state: 'unchecked', at: null, code: null, warned: false },
  });
  expect(await app.call('mail.listPauses', {})).toEqual([]);
  db.prepare(`INSERT INTO mail_pauses (profile_id, kind, until, error_code, error_details, paused_at) VALUES (?, 'daily', ?, 'mail.limit_daily', '550 5.4.5', ?)`)
    .run(ids.never, '2026-11-24T07:00:00.000Z', '2026-11-23T10:00:00.000Z');
  expect(await app.call('mail.listPauses', {})).toMatchObject([{ profileId: ids.never, profileName: 'Nie gesendet', kind: 'daily', queued: 0 }]);
  expect(() => db.prepare(`INSERT INTO mail_pauses (profile_id, kind, until, error_code, error_details, paused_at) VALUES (?, 'weekly', '', '', '', '')`).run(ids.sent)).toThrow(/CHECK/);
  // A deleted profile takes its pause with it.
  await app.call('mail.deleteProfile', { id: ids.never });
  expect(db.prepare('SELECT count(*) FROM mail_pauses').pluck().get()).toBe(0);
});
