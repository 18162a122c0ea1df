/**
 * Restoring, with the refusals a user can meet: a wrong passphrase, a changed (one byte flipped) or
 * truncated file, a file that is no Arnika backup, and a backup from a newer Arnika are each refused
 * with their own code, and nothing is touched. A restore over data in use sets that data aside as a
 * safety copy, and the app goes on, on the restored data, in the same data folder it keeps locked.
 * The file is standard age: the age-encryption package's own passphrase decrypter opens it, and a
 * file it encrypted is taken by Arnika; where the `age` command is installed, it opens it too.
 */
import Database from 'better-sqlite3';
import { Decrypter, Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApp } from '../../src/main/app/createApp.js';
import { silentLogger } from '../../src/main/platform/log.js';
import { tempDir, type TestApp } from '../helpers/app.js';
import { allRows, backupToFile, databaseOf, inspect, inspected, makeBackupApp, passphrase, restore, setUpBackups, skipWithout, testWorkFactor } from '../helpers/backups.js';
import { issuedInvoice, setupPractice } from '../helpers/invoicing.js';

let main: TestApp;
let backup: { file: string; bytes: Buffer };

beforeAll(async () => {
  main = await makeBackupApp();
  const setup = await setupPractice(main);
  await issuedInvoice(main, setup, { lastName: 'Gesichert' });
  await setUpBackups(main);
  backup = await backupToFile(main);
});
afterAll(() => main.cleanup());

/** age-encryption's own decrypter, with nothing of Arnika's. */
async function decryptWithLibrary(bytes: Buffer, phrase = passphrase): Promise<Buffer> {
  const d = new Decrypter();
  d.addPassphrase(phrase);
  return Buffer.from(await d.decrypt(new Uint8Array(bytes)));
}

async function encryptWithLibrary(plain: Buffer, phrase = passphrase): Promise<Buffer> {
  const e = new Encrypter();
  e.setPassphrase(phrase);
  e.setScryptWorkFactor(testWorkFactor);
  return Buffer.from(await e.encrypt(new Uint8Array(plain)));
}

/** The backup's database, changed by `change`, encrypted again with the library: a file as another Arnika (or age) would make it. */
async function rewritten(change: (db: Database.Database) => void): Promise<Buffer> {
  const file = join(tempDir(), 'plain.sqlite');
  writeFileSync(file, await decryptWithLibrary(backup.bytes));
  const db = new Database(file);
  change(db);
  db.close();
  return encryptWithLibrary(readFileSync(file));
}

describe('the file is standard age', () => {
  test('the age-encryption package decrypts it with the passphrase into an SQLite database holding the data', async () => {
    const plain = await decryptWithLibrary(backup.bytes);
    expect(plain.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    expect(backup.bytes.subarray(0, 22).toString('latin1')).toBe('age-encryption.org/v1\n');
    const file = join(tempDir(), 'plain.sqlite');
    writeFileSync(file, plain);
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT last_name FROM patients').pluck().all()).toEqual(['Gesichert']);
    db.close();
  });

  test('a backup encrypted by the package (not by Arnika) is taken', async () => {
    const other = await makeBackupApp();
    const summary = await inspected(other, await rewritten(() => {}));
    expect(summary).toMatchObject({ practiceName: 'Praxis Arnika', patients: 1, invoices: 1, documents: 1 });
    other.cleanup();
  });

  const hasAge = spawnSync('age', ['--version']).status === 0;
  test.skipIf(skipWithout('age', hasAge))('the age command opens it with the passphrase (README, "Backing up")', () => {
    const out = join(tempDir(), 'arnika.sqlite');
    // age reads a passphrase only from a terminal: `script` gives it one.
    const r = spawnSync('script', ['-qec', `age --decrypt -o '${out}' '${backup.file}'`, '/dev/null'], { input: `${passphrase}\n`, encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(readFileSync(out).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
  });
});

describe('refusals: each with its own code, and nothing touched', () => {
  let target: TestApp;
  let before: Record<string, unknown[]>;
  beforeAll(async () => {
    target = await makeBackupApp();
    await setupPractice(target, { name: 'Bestehende Praxis' });
    before = allRows(databaseOf(target));
  });
  afterAll(() => target.cleanup());

  const flipped = (at: (length: number) => number) => {
    const copy = Buffer.from(backup.bytes);
    const i = at(copy.length);
    copy[i] = copy[i]! ^ 0x01;
    return copy;
  };
  const cases: [string, () => Buffer | Promise<Buffer>, string, string?][] = [
    ['a wrong passphrase', () => backup.bytes, 'backup.wrong_passphrase', 'Bergblick Praxis 2025!'],
    ['one byte flipped in the middle', () => flipped((n) => Math.floor(n / 2)), 'backup.damaged'],
    ['one byte flipped in the last chunk', () => flipped((n) => n - 5), 'backup.damaged'],
    ['one byte flipped in the header', () => flipped(() => backup.bytes.indexOf('\n---') + 10), 'backup.damaged'],
    ['cut off in the middle', () => backup.bytes.subarray(0, Math.floor(backup.bytes.length / 2)), 'backup.damaged'],
    ['its last 16 bytes missing', () => backup.bytes.subarray(0, backup.bytes.length - 16), 'backup.damaged'],
    ['random bytes', () => randomBytes(5000), 'backup.not_a_backup'],
    ['a PDF', () => Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n'), 'backup.not_a_backup'],
    ['an unencrypted SQLite database', () => readFileSync(databaseOf(main)), 'backup.not_a_backup'],
    ['age with the passphrase, but a text inside', () => encryptWithLibrary(Buffer.from('Einkaufsliste: Brot, Milch')), 'backup.not_a_backup'],
    ['age with the passphrase, an SQLite database of something else', () => rewritten((db) => db.exec('DROP TABLE arnika_backup')), 'backup.not_a_backup'],
    ['age for a key, not a passphrase', async () => {
      const e = new Encrypter();
      e.addRecipient(await identityToRecipient(await generateX25519Identity()));
      return Buffer.from(await e.encrypt(new Uint8Array(backup.bytes)));
    }, 'backup.not_a_backup'],
    ['from a newer Arnika (backup format)', () => rewritten((db) => db.prepare("UPDATE arnika_backup SET value = json_set(value, '$.formatVersion', 2, '$.appVersion', '9.0.0')").run()), 'backup.newer_version'],
    ['from a newer Arnika (database schema)', () => rewritten((db) => {
      db.prepare("UPDATE arnika_backup SET value = json_set(value, '$.schemaVersion', 999, '$.appVersion', '9.0.0')").run();
      db.pragma('user_version = 999');
    }), 'backup.newer_version'],
    ['changed inside by someone with the passphrase (rows differ from what it says it holds)', () => rewritten((db) => db.exec("INSERT INTO settings VALUES ('x', 'y')")), 'backup.damaged'],
  ];

  test.each(cases)('%s', async (_what, make, code, phrase) => {
    const end = await inspect(target, await make(), phrase ?? passphrase);
    expect(end.state).toBe('failed');
    expect(end.error?.code).toBe(code);
    expect(allRows(databaseOf(target))).toEqual(before);
    // Nothing of the refused file is left in the data folder.
    expect(readdirSync(join(target.dataDir, 'tmp')).filter((n) => n.endsWith('restore.sqlite'))).toEqual([]);
  });
});

test('a restore over data in use: the data is set aside as a safety copy, the app runs on the restored data, the folder stays locked', async () => {
  const app = await makeBackupApp();
  await setupPractice(app, { name: 'Vorher' });
  const result = await restore(app, backup.bytes);
  expect(result.safetyCopy).toMatch(/backups[\\/]before-restore-.*\.sqlite$/);
  const aside = new Database(result.safetyCopy!, { readonly: true });
  expect(aside.prepare('SELECT name FROM practices').pluck().all()).toEqual(['Vorher']);
  aside.close();
  expect((await app.call('practices.list', {})).map((p) => p.name)).toEqual(['Praxis Arnika']);
  expect((await app.call('patients.list', {})).items.map((p) => p.lastName)).toEqual(['Gesichert']);
  // No -wal of the old database beside the new one; the new one works and writes.
  await app.call('patients.create', { patient: (await import('../helpers/fixtures.js')).patientInput({ lastName: 'Danach' }) });
  expect((await app.call('patients.list', {})).total).toBe(2);
  // Still this Arnika's folder: another one is refused.
  const second = await createApp({ dataDir: app.dataDir, log: silentLogger });
  expect((await second.dispatch('app.info', {})).ok && ((await second.dispatch('app.info', {})) as { data: { startupError: { code: string } } }).data.startupError?.code).toBe('storage.locked');
  second.close();
  app.cleanup();
});

test('a checked backup is restored once; the id is not valid a second time', async () => {
  const app = await makeBackupApp();
  const summary = await inspected(app, backup.bytes);
  const first = await app.call('backup.restore', { restoreId: summary.restoreId, mode: 'replace' });
  expect((await app.jobs.settled(first.id)).state).toBe('done');
  const again = await app.call('backup.restore', { restoreId: summary.restoreId, mode: 'replace' });
  expect((await app.jobs.settled(again.id)).error?.code).toBe('backup.restore_expired');
  app.cleanup();
});

test('where the database is missing from a used folder, a backup is restored in its place', async () => {
  const dir = tempDir();
  const first = await makeBackupApp({ dataDir: dir });
  await setupPractice(first);
  first.closeOnly();
  (await import('node:fs')).rmSync(join(dir, 'arnika.sqlite'));
  const app = await makeBackupApp({ dataDir: dir });
  expect((await app.call('app.info', {})).startupError?.code).toBe('storage.missing');
  await restore(app, backup.bytes);
  expect((await app.call('app.info', {})).startupError).toBeNull();
  expect((await app.call('patients.list', {})).items.map((p) => p.lastName)).toEqual(['Gesichert']);
  expect(existsSync(join(dir, 'arnika.sqlite'))).toBe(true);
  app.cleanup();
});

test('a damaged database is replaced by a backup: the damaged files are set aside as they were, the app works again', async () => {
  const dir = tempDir();
  const first = await makeBackupApp({ dataDir: dir });
  await setupPractice(first, { name: 'Beschädigt' });
  first.closeOnly();
  // A failing disk overwrote the consultations table's root page.
  const file = join(dir, 'arnika.sqlite');
  const probe = new Database(file, { readonly: true });
  const { rootpage } = probe.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'consultations'").get() as { rootpage: number };
  const pageSize = probe.pragma('page_size', { simple: true }) as number;
  probe.close();
  const { openSync, writeSync, closeSync } = await import('node:fs');
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(64, 0xa5), 0, 64, (rootpage - 1) * pageSize);
  closeSync(fd);
  const damagedBytes = readFileSync(file);

  const app = await makeBackupApp({ dataDir: dir });
  expect((await app.call('app.info', {})).databaseDamaged).toBe(true);
  // A damaged database is not backed up.
  expect((await app.fail('backup.run', { target: 'download' })).code).toBe('backup.database_damaged');
  const result = await restore(app, backup.bytes);
  expect(result.safetyCopy).toMatch(/backups[\\/]before-restore-[^\\/]+$/);
  expect(readFileSync(join(result.safetyCopy!, 'arnika.sqlite')).equals(damagedBytes)).toBe(true);
  expect((await app.call('app.info', {})).databaseDamaged).toBe(false);
  expect((await app.call('patients.list', {})).items.map((p) => p.lastName)).toEqual(['Gesichert']);
  await app.call('patients.create', { patient: (await import('../helpers/fixtures.js')).patientInput({ lastName: 'Wieder da' }) });
  app.cleanup();
});

test('a backup from an older Arnika (an older schema) is upgraded on the way in', async () => {
  const { loadMigrations } = await import('../../src/main/platform/db/migrations.js');
  const { openDatabase } = await import('../../src/main/platform/db/open.js');
  const { documentsDigest, tableCounts } = await import('../../src/main/backup/snapshot.js');
  const { documentBatch } = await import('../../src/main/invoices/index.js');
  // Written by an Arnika of schema 7, in its own shape (no search_key, the 0007 indexes).
  const file = join(tempDir(), 'old.sqlite');
  const { db } = await openDatabase(file, { migrations: loadMigrations().slice(0, 7) });
  db.prepare(`INSERT INTO patients (id, salutation, first_name, last_name, birth_date, sex, ahv_number, street, house_number, postal_code, town, country, phone, mobile, email,
    language, insurance_name, insured_number, billing_recipient, invoices_by_post, consent_date, anamnesis, notes, categories, archived_at, created_at, updated_at, search_text, sort_name)
    VALUES ('11111111-1111-4111-8111-111111111111', 'ms', 'Alte', 'Fassung', NULL, 'female', '', '', '', '', '', 'CH', '', '', '', 'de', '', '', NULL, 0, NULL, '', '', '[]', NULL,
    '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', 'alte fassung', 'fassung alte')`).run();
  const info = {
    format: 'arnika-backup', formatVersion: 1, appVersion: '0.0.9', schemaVersion: 7, createdAt: '2025-06-01T10:00:00Z', practiceName: '',
    counts: tableCounts(db), documents: await documentsDigest(db, { batch: documentBatch }).then((d) => ({ count: d.count, sha256: d.sha256 })), secrets: null,
  };
  db.exec('CREATE TABLE arnika_backup (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT');
  db.prepare("INSERT INTO arnika_backup VALUES ('info', ?)").run(JSON.stringify(info));
  db.pragma('journal_mode = DELETE');
  db.close();

  const app = await makeBackupApp();
  const summary = await inspected(app, await encryptWithLibrary(readFileSync(file)));
  expect(summary).toMatchObject({ appVersion: '0.0.9', patients: 1 });
  const started = await app.call('backup.restore', { restoreId: summary.restoreId, mode: 'replace' });
  expect((await app.jobs.settled(started.id)).state).toBe('done');
  expect(app.db!.pragma('user_version', { simple: true })).toBe(loadMigrations().length);
  // The upgraded search finds the patient.
  expect((await app.call('patients.list', { query: 'fassung' })).items.map((p) => p.lastName)).toEqual(['Fassung']);
  app.cleanup();
});
