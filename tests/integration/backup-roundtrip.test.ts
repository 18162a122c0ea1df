/**
 * A backup travels: a data folder with patients, issued and cancelled invoices, their archived
 * documents and a mail profile with a stored password is backed up ("Jetzt sichern"), and restored
 * into a fresh data folder with another key file (another computer). Every row and every document
 * is the same (compared by hash); the mail password, sealed under the backup's key on the way, is
 * sealed again with the new key file and still logs in at the test SMTP server.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { issuedInvoice, setupPractice } from '../helpers/invoicing.js';
import { addProfile, account } from '../helpers/outboxApp.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtpServer.js';
import { allRows, backupToFile, databaseOf, makeBackupApp, restore, setUpBackups } from '../helpers/backups.js';

const servers: TestSmtpServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

test('restored on another computer: every row and document identical, and the mail password still works', async () => {
  const server = await startSmtpServer({ mode: 'tls', users: { [account.user]: account.pass } });
  servers.push(server);
  const main = await makeBackupApp();
  const setup = await setupPractice(main);
  const profile = await addProfile(main, setup.practice.id, server);
  await issuedInvoice(main, setup, { lastName: 'Keller' });
  const cancelled = await issuedInvoice(main, setup, { lastName: 'Rossi' });
  await main.call('invoices.cancel', { id: cancelled.invoice.id, reason: 'Doppelt erfasst' });
  await setUpBackups(main);
  const { bytes } = await backupToFile(main);
  main.closeOnly();

  const other = await makeBackupApp();
  expect((await other.call('app.info', {})).needsSetup).toBe(true);
  const result = await restore(other, bytes);
  expect(result.numberRange).toBeNull();

  // Another computer: its own key file.
  expect(readFileSync(join(other.dataDir, 'secret.key')).equals(readFileSync(join(main.dataDir, 'secret.key')))).toBe(false);

  // Every row, every document (blobs compared by hash). Only what belongs to a computer differs:
  // its backup settings, and the sealed password (sealed with its own key file).
  const comparable = (table: string, row: Record<string, unknown>) => {
    if (table === 'settings' && String(row.key).startsWith('backup.')) return null;
    if (table === 'mail_profiles') return { ...row, password_sealed: row.password_sealed === null ? null : 'sealed' };
    return row;
  };
  const before = allRows(databaseOf(main), comparable);
  const after = allRows(databaseOf(other), comparable);
  expect(after).toEqual(before);
  expect(after.documents).toHaveLength(3);
  expect((await other.call('app.info', {})).needsSetup).toBe(false);

  // The password opens on the new computer and logs in.
  const connection = await other.call('mail.testConnection', { profileId: profile.id });
  expect(connection).toMatchObject({ ok: true });
  const sealed = (await import('better-sqlite3')).default;
  const db = new sealed(databaseOf(other), { readonly: true });
  const row = db.prepare('SELECT password_sealed FROM mail_profiles').get() as { password_sealed: Buffer };
  db.close();
  expect(row.password_sealed[0]).toBe(1); // sealed with the key file of this computer
  other.cleanup();
  main.cleanup();
});
