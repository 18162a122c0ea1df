/**
 * The data folder at start: private to this user (0700 folders, 0600 files, also when the process
 * umask is the usual 022 and when an older Arnika left it readable), and a missing or empty database
 * in a folder Arnika has used before is reported, never silently replaced by a new one.
 */
import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { databaseFileName } from '../../src/main/app/createApp.js';
import { loadMigrations } from '../../src/main/platform/db/migrations.js';
import { makeApp, tempDir, type TestApp } from '../helpers/app.js';
import { issuedInvoice, setupPractice } from '../helpers/invoicing.js';
import { patientInput } from '../helpers/fixtures.js';
import { fakeDesktop } from '../helpers/desktop.js';

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

let savedUmask: number;
beforeEach(() => {
  // What a user's shell usually has; the app must not depend on it.
  savedUmask = process.umask(0o022);
});
afterEach(() => {
  process.umask(savedUmask);
});

const running: TestApp[] = [];
afterEach(() => {
  while (running.length) running.pop()!.closeOnly();
});
async function start(dataDir: string, desktop = false): Promise<TestApp> {
  const app = await makeApp({ dataDir, ...(desktop ? { app: { desktop: fakeDesktop() } } : {}) });
  running.push(app);
  return app;
}

describe.skipIf(process.platform === 'win32')('a private data folder', () => {
  test('a new folder is 0700 and the database, WAL, SHM, lock, key file and viewer files are 0600', async () => {
    const dataDir = join(tempDir(), 'Arnika');
    const app = await start(dataDir, true);
    const setup = await setupPractice(app);
    await app.call('mail.saveProfile', {
      practiceId: setup.practice.id,
      profile: { name: 'Praxis', senderName: 'Praxis', email: 'praxis@example.ch', host: 'localhost', port: 465, security: 'tls', authMethod: 'password', username: 'praxis@example.ch', replyTo: '', bccSelf: false },
      password: 'geheim',
    });
    const { invoice } = await issuedInvoice(app, setup);
    expect(await app.call('invoices.openPdf', { id: invoice.id })).toMatchObject({ opened: true });

    expect(mode(dataDir)).toBe('700');
    for (const name of [databaseFileName, `${databaseFileName}-wal`, `${databaseFileName}-shm`, 'arnika.lock', 'secret.key']) {
      expect(mode(join(dataDir, name)), name).toBe('600');
    }
    expect(mode(join(dataDir, 'viewer'))).toBe('700');
    const viewed = readdirSync(join(dataDir, 'viewer'));
    expect(viewed).toHaveLength(1);
    expect(mode(join(dataDir, 'viewer', viewed[0]!))).toBe('600');
  });

  test('the backup taken before a migration is 0600 in a 0700 backups folder', async () => {
    const dataDir = tempDir();
    const db = new Database(join(dataDir, databaseFileName));
    db.exec(loadMigrations()[0]!.sql);
    db.pragma('user_version = 1');
    db.close();
    chmodSync(join(dataDir, databaseFileName), 0o644);
    await start(dataDir);
    const backups = join(dataDir, 'backups');
    expect(mode(backups)).toBe('700');
    const [backup] = readdirSync(backups);
    expect(mode(join(backups, backup!))).toBe('600');
    expect(mode(join(dataDir, databaseFileName))).toBe('600');
  });

  test('an existing folder left readable is tightened at start, with the files in it and in its own subfolders', async () => {
    const dataDir = tempDir();
    (await start(dataDir)).closeOnly();
    running.pop();
    // As an older Arnika left it in browser mode.
    mkdirSync(join(dataDir, 'backups', 'set-aside'), { recursive: true });
    writeFileSync(join(dataDir, 'backups', 'set-aside', 'old.sqlite'), 'x');
    writeFileSync(join(dataDir, 'secret.key'), Buffer.alloc(32));
    for (const [path, m] of [[dataDir, 0o755], [join(dataDir, databaseFileName), 0o644], [join(dataDir, 'secret.key'), 0o644], [join(dataDir, 'backups'), 0o755],
      [join(dataDir, 'backups', 'set-aside'), 0o755], [join(dataDir, 'backups', 'set-aside', 'old.sqlite'), 0o644]] as const) chmodSync(path, m);
    // Not ours: a file elsewhere that a link in the folder points to is left alone.
    const outside = join(tempDir(), 'elsewhere.txt');
    writeFileSync(outside, 'not arnika');
    chmodSync(outside, 0o644);
    symlinkSync(outside, join(dataDir, 'link.txt'));

    await start(dataDir);
    expect(mode(dataDir)).toBe('700');
    expect(mode(join(dataDir, databaseFileName))).toBe('600');
    expect(mode(join(dataDir, 'secret.key'))).toBe('600');
    expect(mode(join(dataDir, 'backups'))).toBe('700');
    expect(mode(join(dataDir, 'backups', 'set-aside'))).toBe('700');
    expect(mode(join(dataDir, 'backups', 'set-aside', 'old.sqlite'))).toBe('600');
    expect(mode(outside)).toBe('644');
  });
});

describe('a missing or empty database in a folder that was used before', () => {
  async function usedFolder(): Promise<string> {
    const dataDir = tempDir();
    const app = await start(dataDir);
    await setupPractice(app);
    await app.call('patients.create', { patient: patientInput({ lastName: 'Vorher' }) });
    app.closeOnly();
    running.pop();
    return dataDir;
  }

  test('a missing database is reported, nothing is created until the user confirms, then a new one starts', async () => {
    const dataDir = await usedFolder();
    unlinkSync(join(dataDir, databaseFileName));

    const app = await start(dataDir);
    const info = await app.call('app.info', {});
    expect(info.startupError?.code).toBe('storage.missing');
    expect((await app.fail('patients.create', { patient: patientInput() })).code).toBe('storage.missing');
    expect((await app.fail('patients.list', {})).code).toBe('storage.missing');
    expect(existsSync(join(dataDir, databaseFileName))).toBe(false);

    // The calm screen's button, after the user confirmed.
    expect(await app.call('storage.createNew', {})).toEqual({ setAsideIn: null });
    expect(await app.call('app.info', {})).toMatchObject({ startupError: null, needsSetup: true });
    await setupPractice(app);
    await app.call('patients.create', { patient: patientInput({ lastName: 'Neu' }) });
    expect((await app.call('patients.list', {})).items.map((p) => p.lastName)).toEqual(['Neu']);
    expect((await app.fail('storage.createNew', {})).code).toBe('storage.database_exists');
  });

  test('an empty (0-byte) database is never overwritten: it is set aside, with its WAL, before a new one is made', async () => {
    const dataDir = await usedFolder();
    truncateSync(join(dataDir, databaseFileName), 0);
    // A WAL left next to it: opening the empty file would delete it (SQLite drops the WAL of a 0-page database).
    writeFileSync(join(dataDir, `${databaseFileName}-wal`), 'frames that might still matter');

    const app = await start(dataDir);
    expect((await app.call('app.info', {})).startupError?.code).toBe('storage.empty');
    expect((await app.fail('patients.create', { patient: patientInput() })).code).toBe('storage.empty');
    expect(statSync(join(dataDir, databaseFileName)).size).toBe(0);
    expect(readFileSync(join(dataDir, `${databaseFileName}-wal`), 'utf8')).toBe('frames that might still matter');

    const { setAsideIn } = await app.call('storage.createNew', {});
    expect(setAsideIn).toMatch(/backups[\\/]set-aside-/);
    expect(statSync(join(setAsideIn!, databaseFileName)).size).toBe(0);
    expect(readFileSync(join(setAsideIn!, `${databaseFileName}-wal`), 'utf8')).toBe('frames that might still matter');
    expect(await app.call('app.info', {})).toMatchObject({ startupError: null, needsSetup: true });
  });

  test('a folder with nothing of Arnika in it is a first start (the desktop data folder also holds Chromium files)', async () => {
    const dataDir = tempDir();
    mkdirSync(join(dataDir, 'Local Storage'));
    writeFileSync(join(dataDir, 'Preferences'), '{}');
    const app = await start(dataDir);
    expect(await app.call('app.info', {})).toMatchObject({ startupError: null, needsSetup: true });
    expect(statSync(join(dataDir, databaseFileName)).size).toBeGreaterThan(0);
  });
});
