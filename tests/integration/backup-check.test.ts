/**
 * The check of a backup covers the whole file: damage that lies outside every table (here the
 * free-list's page count in the header, as a torn write leaves it) is refused as a changed backup.
 * `PRAGMA integrity_check(table)` table by table passed such a file (it checks only part of it).
 */
import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { decryptFile } from '../../src/main/backup/crypt.js';
import { checkBackupDatabase } from '../../src/main/backup/snapshot.js';
import { documentBatch } from '../../src/main/invoices/index.js';
import { AppError } from '../../src/shared/errors.js';
import { tempDir } from '../helpers/app.js';
import { backupToFile, makeBackupApp, passphrase, setUpBackups } from '../helpers/backups.js';
import { issuedInvoice, setupPractice } from '../helpers/invoicing.js';

test('damage outside every table (the free-list) is found by the check of a backup', async () => {
  const app = await makeBackupApp();
  const setup = await setupPractice(app);
  await issuedInvoice(app, setup);
  await setUpBackups(app);
  const { file } = await backupToFile(app);
  const plain = join(tempDir('arnika-check-'), 'plain.sqlite');
  await decryptFile(file, plain, passphrase);
  const documents = { batch: documentBatch };
  // As written: it passes.
  await expect(checkBackupDatabase(plain, documents)).resolves.toMatchObject({ format: 'arnika-backup' });

  const bytes = readFileSync(plain);
  bytes.writeUInt32BE(bytes.readUInt32BE(36) + 3, 36);
  writeFileSync(plain, bytes);
  // Every table on its own still looks sound…
  const db = new Database(plain, { readonly: true });
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'").pluck().all() as string[];
  for (const t of tables) expect(db.prepare(`PRAGMA integrity_check("${t}")`).pluck().all(), t).toEqual(['ok']);
  db.close();
  // …but the file is not.
  const refused = await checkBackupDatabase(plain, documents).catch((err: unknown) => err);
  expect(refused).toBeInstanceOf(AppError);
  expect((refused as AppError).code).toBe('backup.damaged');
  app.cleanup();
});
