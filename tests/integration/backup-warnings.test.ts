/**
 * What a backup cannot carry whole is backed up all the same and said, never passed over in
 * silence: a stored mail password that no longer opens on this computer (its keychain entry is gone)
 * is counted in the backup's result, its status and the restore's summary ("1 Mail-Passwort muss neu
 * eingegeben werden"); an archived PDF whose bytes no longer have their hash does not stop every
 * later backup: the backup is written and verified, and the status names the invoice's number.
 */
import Database from 'better-sqlite3';
import { expect, test } from 'vitest';
import { keyFileSecretBox } from '../../src/main/platform/secrets.js';
import { tempDir } from '../helpers/app.js';
import { databaseOf, inspected, makeBackupApp, restore, setUpBackups } from '../helpers/backups.js';
import { issuedInvoice, setupPractice } from '../helpers/invoicing.js';
import { jobResult } from '../helpers/jobs.js';
import { addProfile } from '../helpers/outboxApp.js';
import { backupToFile } from '../helpers/backups.js';

test('a mail password that does not open here: the backup, its status and the restore say how many must be entered again', async () => {
  const folder = tempDir('arnika-nas-');
  const main = await makeBackupApp();
  const setup = await setupPractice(main);
  const profile = await addProfile(main, setup.practice.id, { port: 2525 });
  // Sealed by a keychain this computer no longer has.
  const elsewhere = keyFileSecretBox(tempDir('arnika-other-key-'));
  main.db!.prepare('UPDATE mail_profiles SET password_sealed = ? WHERE id = ?').run(elsewhere.seal('altes Passwort'), profile.id);
  await setUpBackups(main, folder);

  const written = await jobResult(main, await main.call('backup.run', { target: 'folder' }), 'backup.run');
  expect(written.backup.mailPasswordsMissing).toBe(1);
  expect((await main.call('backup.status', {})).lastVerified?.mailPasswordsMissing).toBe(1);

  const { bytes } = await backupToFile(main);
  const other = await makeBackupApp();
  const result = await restore(other, bytes);
  expect(result.mailPasswordsMissing).toBe(1);
  const row = other.db!.prepare('SELECT password_sealed FROM mail_profiles WHERE id = ?').get(profile.id) as { password_sealed: Buffer | null };
  expect(row.password_sealed).toBeNull();
  main.cleanup();
  other.cleanup();
});

test('a mail password that opens travels, and nothing is said', async () => {
  const main = await makeBackupApp();
  const setup = await setupPractice(main);
  await addProfile(main, setup.practice.id, { port: 2525 });
  await setUpBackups(main);
  const { bytes } = await backupToFile(main);
  const other = await makeBackupApp();
  expect((await restore(other, bytes)).mailPasswordsMissing).toBe(0);
  main.cleanup();
  other.cleanup();
});

/** Bit rot in one archived PDF, as a failing disk leaves it (the immutability trigger is stepped around here, as a disk would). */
function damageDocumentOf(file: string, invoiceId: string): void {
  const db = new Database(file);
  try {
    const trigger = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'documents_immutable'").pluck().get() as string;
    db.exec('DROP TRIGGER documents_immutable');
    db.prepare("UPDATE documents SET content = CAST(content || x'00' AS BLOB) WHERE invoice_id = ? AND kind = 'invoice'").run(invoiceId);
    db.exec(trigger);
  } finally {
    db.close();
  }
}

test('a damaged archived PDF: every backup is still written and verified, and the status names the invoice', async () => {
  const folder = tempDir('arnika-nas-');
  const main = await makeBackupApp();
  const setup = await setupPractice(main);
  await issuedInvoice(main, setup, { lastName: 'Keller' });
  const broken = await issuedInvoice(main, setup, { lastName: 'Rossi' });
  await setUpBackups(main, folder);
  damageDocumentOf(databaseOf(main), broken.invoice.id);

  const first = await jobResult(main, await main.call('backup.run', { target: 'folder' }), 'backup.run');
  expect(first.backup.damagedDocuments).toEqual([{ id: expect.any(String), kind: 'invoice', number: broken.invoice.number }]);
  const status = await main.call('backup.status', {});
  expect(status.warning).toBe('documents_damaged');
  expect(status.lastVerified?.damagedDocuments.map((d) => d.number)).toEqual([broken.invoice.number]);

  // The next day's backup is not blocked by it either.
  main.clock.advance(24 * 60 * 60_000);
  const second = await jobResult(main, await main.call('backup.run', { target: 'folder' }), 'backup.run');
  expect(second.backup.damagedDocuments.map((d) => d.number)).toEqual([broken.invoice.number]);

  // A restore shows it before anything is replaced, and the intact documents come back.
  const { bytes } = await backupToFile(main);
  const other = await makeBackupApp();
  const summary = await inspected(other, bytes);
  expect(summary.damagedDocuments.map((d) => d.number)).toEqual([broken.invoice.number]);
  expect(summary.documents).toBe(2);
  await restore(other, bytes);
  expect((other.db!.prepare('SELECT count(*) FROM documents').pluck().get() as number)).toBe(2);
  main.cleanup();
  other.cleanup();
});
