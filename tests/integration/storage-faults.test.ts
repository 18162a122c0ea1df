/**
 * Faults of the disk and the database file, said in plain words and with nothing half-written:
 * a damaged database (found at start by quick_check, or later by any call) is only read from and
 * left byte for byte as it is; a full disk, an I/O error and a database locked by another program
 * each answer their own code, and the app works again once the cause is gone.
 */
import Database from 'better-sqlite3';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, mkdirSync, openSync, readFileSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { databaseFileName } from '../../src/main/app/createApp.js';
import { storageFault } from '../../src/main/platform/db/errors.js';
import { makeApp, tempDir, type TestApp } from '../helpers/app.js';
import { patientInput, practiceInput } from '../helpers/fixtures.js';
import { issuedInvoice, setupPractice } from '../helpers/invoicing.js';
import { fakeDesktop } from '../helpers/desktop.js';

/** A data folder with a practice, patients and an issued invoice; the app closed again. */
async function usedFolder(): Promise<string> {
  const app = await makeApp();
  const setup = await setupPractice(app);
  await issuedInvoice(app, setup, { lastName: 'Rechnung' });
  for (const lastName of ['Alder', 'Bürgi', 'Caflisch']) await app.call('patients.create', { patient: patientInput({ lastName }) });
  app.closeOnly();
  return app.dataDir;
}

/** Overwrites the header of the patients table's root page, from another process (SQLite's locks are per process). */
function damagePatientsTable(file: string): void {
  const db = new Database(file, { readonly: true });
  const { rootpage } = db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'patients'").get() as { rootpage: number };
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  const offset = (rootpage - 1) * pageSize;
  const r = spawnSync(process.execPath, ['-e', `const fs=require('fs');const fd=fs.openSync(${JSON.stringify(file)},'r+');fs.writeSync(fd,Buffer.alloc(64,0xa5),0,64,${offset});fs.fsyncSync(fd);fs.closeSync(fd);`]);
  expect(r.status, String(r.stderr)).toBe(0);
}

describe('a damaged database', () => {
  test('found at start: opened read-only, what is intact can be read, every change is refused with storage.corrupt, the file stays as it is', async () => {
    const source = await usedFolder();
    const dataDir = tempDir();
    const file = join(dataDir, databaseFileName);
    copyFileSync(join(source, databaseFileName), file);
    damagePatientsTable(file);
    const damaged = readFileSync(file);

    const app = await makeApp({ dataDir });
    expect(await app.call('app.info', {})).toMatchObject({ startupError: null, databaseDamaged: true, needsSetup: false });
    // Intact tables can still be read (and invoices exported from them).
    expect((await app.call('practices.list', {})).map((p) => p.name)).toEqual(['Praxis Arnika']);
    expect((await app.call('invoices.list', {})).items).toHaveLength(1);
    // The damaged one answers in words, not "internal".
    expect((await app.fail('patients.list', {})).code).toBe('storage.corrupt');
    // Nothing is written: not a patient, not a practice, not a setting.
    expect((await app.fail('patients.create', { patient: patientInput() })).code).toBe('storage.corrupt');
    expect((await app.fail('settings.update', { uiLanguage: 'fr' })).code).toBe('storage.corrupt');
    const practice = (await app.call('practices.list', {}))[0]!;
    expect((await app.fail('practices.update', { id: practice.id, practice: practiceInput({ name: 'Neu' }) })).code).toBe('storage.corrupt');
    app.closeOnly();
    expect(readFileSync(file).equals(damaged)).toBe(true);
    expect(statSync(join(dataDir, 'backups'), { throwIfNoEntry: false })).toBeUndefined();
  });

  test('found later by a call: the app switches to read-only at once and refuses every change from then on', async () => {
    const dataDir = await usedFolder();
    const file = join(dataDir, databaseFileName);
    const app = await makeApp({ dataDir });
    expect((await app.call('app.info', {})).databaseDamaged).toBe(false);
    // Damaged while Arnika runs (a failing disk, a sync tool writing into the file).
    damagePatientsTable(file);
    const damaged = readFileSync(file);

    expect((await app.fail('patients.list', {})).code).toBe('storage.corrupt');
    expect((await app.call('app.info', {})).databaseDamaged).toBe(true);
    expect((await app.fail('practices.create', { practice: practiceInput({ name: 'Zweite Praxis' }) })).code).toBe('storage.corrupt');
    expect((await app.fail('settings.update', { uiLanguage: 'it' })).code).toBe('storage.corrupt');
    expect(app.db!.pragma('query_only', { simple: true })).toBe(1);
    app.closeOnly();
    expect(readFileSync(file).equals(damaged)).toBe(true);
  });
});

describe('a database locked by another program', () => {
  test('answers storage.busy, nothing is written, and works again once the other program lets go', async () => {
    const dataDir = await usedFolder();
    const app = await makeApp({ dataDir });
    // The product waits 5 s for a lock; a test need not.
    app.db!.pragma('busy_timeout = 50');
    const other = new Database(join(dataDir, databaseFileName));
    other.exec('BEGIN IMMEDIATE');
    try {
      expect((await app.fail('patients.create', { patient: patientInput({ lastName: 'Gesperrt' }) })).code).toBe('storage.busy');
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    await app.call('patients.create', { patient: patientInput({ lastName: 'Gesperrt' }) });
    expect((await app.call('patients.list', { query: 'gesperrt' })).total).toBe(1);
    app.closeOnly();
  });
});

/** A small tmpfs, where the disk really fills up. Only root can mount; elsewhere the test says why it is skipped. */
const tmpfs = (() => {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return { dir: null, reason: 'mounting a tmpfs needs root on Linux' };
  const dir = tempDir('arnika-tmpfs-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m,mode=0700', 'tmpfs', dir], { stdio: 'pipe' });
    return { dir, reason: '' };
  } catch (err) {
    return { dir: null, reason: `mount -t tmpfs failed: ${String((err as { stderr?: Buffer }).stderr ?? err).trim()}` };
  }
})();
afterAll(() => {
  if (tmpfs.dir) execFileSync('umount', ['-l', tmpfs.dir]);
});

describe('a full disk', () => {
  if (!tmpfs.dir) test.skip(`on a 2 MB tmpfs: skipped, ${tmpfs.reason}`, () => {});
  else test('answers storage.disk_full for the database and for files, saves nothing half, and works again once space is freed', async () => {
    const dataDir = join(tmpfs.dir!, 'Arnika');
    const app: TestApp = await makeApp({ dataDir, app: { desktop: fakeDesktop(), mail: { autoStart: false } } });
    const setup = await setupPractice(app);
    const { invoice } = await issuedInvoice(app, setup, { lastName: 'Rechnung' });
    const before = (await app.call('patients.list', { status: 'all' })).total;

    const filler = join(tmpfs.dir!, 'filler.bin');
    const fd = openSync(filler, 'w');
    try {
      for (;;) writeSync(fd, Buffer.alloc(16 * 1024, 1));
    } catch (err) {
      expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
    } finally {
      closeSync(fd);
    }

    const big = patientInput({ lastName: 'Vollständig', anamnesis: 'Rückenschmerzen seit Jahren. '.repeat(600) });
    expect((await app.fail('patients.create', { patient: big })).code).toBe('storage.disk_full');
    // A file, not the database: the PDF handed to the viewer.
    expect((await app.fail('invoices.openPdf', { id: invoice.id })).code).toBe('storage.disk_full');
    // Nothing half-written: no row, no search-index entry.
    expect((await app.call('patients.list', { status: 'all' })).total).toBe(before);
    expect((await app.call('patients.list', { query: 'vollstandig' })).total).toBe(0);

    unlinkSync(filler);
    await app.call('patients.create', { patient: big });
    expect((await app.call('patients.list', { query: 'vollstandig' })).total).toBe(1);
    expect(await app.call('invoices.openPdf', { id: invoice.id })).toMatchObject({ opened: true });
    app.closeOnly();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);
});

describe('an I/O error', () => {
  const prlimit = spawnSync('prlimit', ['--version']).status === 0;
  const childFile = join(__dirname, '../../.tmp/storage-faults/fileSizeLimitChild.mjs');
  beforeAll(async () => {
    mkdirSync(join(childFile, '..'), { recursive: true });
    await build({ entryPoints: [join(__dirname, '../helpers/fileSizeLimitChild.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: childFile, logLevel: 'silent' });
  });

  test.skipIf(!prlimit)('a write the system refuses (EFBIG under a file-size limit) answers storage.io_error; what was confirmed is there, nothing half', async () => {
    const dataDir = await usedFolder();
    const before = new Database(join(dataDir, databaseFileName), { readonly: true });
    const patientsBefore = (before.prepare('SELECT count(*) AS n FROM patients').get() as { n: number }).n;
    before.close();
    // The limit falls exactly on a WAL frame boundary (32-byte header, then 24 + 4096 bytes a
    // frame), so the write that crosses it gets EFBIG rather than a short write.
    const limit = 32 + 40 * (24 + 4096);
    const child = spawn('prlimit', [`--fsize=${limit}`, process.execPath, childFile, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    const code = await new Promise((r) => child.once('exit', r));
    expect(code, err).toBe(0);
    const result = JSON.parse(out) as { failure: { code: string } | null; created: number; listed: number };
    expect(result.failure?.code).toBe('storage.io_error');
    expect(result.created).toBeGreaterThan(0);
    expect(result.listed).toBe(patientsBefore + result.created);
    const after = new Database(join(dataDir, databaseFileName), { readonly: true });
    expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((after.prepare('SELECT count(*) AS n FROM patients').get() as { n: number }).n).toBe(patientsBefore + result.created);
    after.close();
  }, 60_000);
});

describe('reading the fault from an error', () => {
  test.each([
    ['SQLITE_CORRUPT', 'storage.corrupt'], ['SQLITE_CORRUPT_INDEX', 'storage.corrupt'], ['SQLITE_NOTADB', 'storage.corrupt'],
    ['SQLITE_FULL', 'storage.disk_full'], ['ENOSPC', 'storage.disk_full'], ['EDQUOT', 'storage.disk_full'],
    ['SQLITE_IOERR_WRITE', 'storage.io_error'], ['SQLITE_IOERR_FSYNC', 'storage.io_error'], ['EIO', 'storage.io_error'],
    ['SQLITE_BUSY', 'storage.busy'], ['SQLITE_BUSY_SNAPSHOT', 'storage.busy'], ['SQLITE_LOCKED', 'storage.busy'],
    ['SQLITE_READONLY', 'storage.read_only'], ['EACCES', 'storage.read_only'], ['EROFS', 'storage.read_only'], ['EPERM', 'storage.read_only'],
    ['SQLITE_CONSTRAINT_UNIQUE', null], ['ENOENT', null],
  ])('%s -> %s', (code, fault) => {
    expect(storageFault(Object.assign(new Error('x'), { code }))).toBe(fault);
    expect(storageFault(new Error('wrapped', { cause: Object.assign(new Error('x'), { code }) }))).toBe(fault);
  });
});
