/**
 * One Arnika per data folder: a second start on a folder that another Arnika holds is refused
 * with who holds it (pid, desktop or browser mode, since when) and touches nothing: no migration,
 * no outbox recovery, no viewer cleanup. A holder killed with kill -9 leaves no stale lock.
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { databaseFileName } from '../../src/main/app/createApp.js';
import { lockDataFolder } from '../../src/main/platform/db/folderLock.js';
import { loadMigrations } from '../../src/main/platform/db/migrations.js';
import { startupMessage } from '../../src/main/browser/cli.js';
import { makeApp, tempDir } from '../helpers/app.js';
import { issuedInvoice, setupPractice } from '../helpers/invoicing.js';

const childFile = join(__dirname, '../../.tmp/folder-lock/holdFolderChild.mjs');
beforeAll(async () => {
  mkdirSync(join(childFile, '..'), { recursive: true });
  await build({ entryPoints: [join(__dirname, '../helpers/holdFolderChild.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: childFile, logLevel: 'silent' });
});

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** Starts Arnika in a child process on `dataDir` and waits for its JSON line. */
function holdInChild(dataDir: string, host: 'desktop' | 'browser'): Promise<{ child: ChildProcess; startupError: unknown }> {
  const child = spawn(process.execPath, [childFile, dataDir, host], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (c) => (err += c));
    child.stdout!.on('data', (c) => {
      out += c;
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve({ child, startupError: (JSON.parse(line!) as { startupError: unknown }).startupError });
    });
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before it was ready: ${err}`)));
  });
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** A folder with an issued invoice whose mail is in flight ('sending') and a PDF in the viewer folder. */
async function folderInUse(): Promise<{ dataDir: string; outboxId: string }> {
  const app = await makeApp({ app: { mail: { autoStart: false } } });
  const setup = await setupPractice(app);
  const profile = await app.call('mail.saveProfile', {
    practiceId: setup.practice.id,
    profile: { name: 'Praxis', senderName: 'Praxis', email: 'praxis@example.ch', host: 'localhost', port: 465, security: 'tls', authMethod: 'password', username: 'praxis@example.ch', replyTo: '', bccSelf: false },
    password: 'geheim',
  });
  const { invoice } = await issuedInvoice(app, setup, { email: 'anna@example.ch' });
  const entry = await app.call('mail.sendInvoice', { invoiceId: invoice.id, profileId: profile.id });
  app.closeOnly();
  return { dataDir: app.dataDir, outboxId: entry.outboxId };
}

/** What the holder is doing right now: a message being handed to the server, a PDF open in the viewer. */
function holderAtWork(dataDir: string, outboxId: string): void {
  const db = new Database(join(dataDir, databaseFileName));
  db.prepare("UPDATE outbox SET state = 'sending', next_attempt_at = NULL, sending_at = updated_at WHERE id = ?").run(outboxId);
  db.close();
  mkdirSync(join(dataDir, 'viewer'), { recursive: true });
  writeFileSync(join(dataDir, 'viewer', 'Rechnung-2026-00001.pdf'), '%PDF open in the viewer');
}

function outboxState(dataDir: string, id: string): string {
  const db = new Database(join(dataDir, databaseFileName), { readonly: true });
  try {
    return (db.prepare('SELECT state FROM outbox WHERE id = ?').get(id) as { state: string }).state;
  } finally {
    db.close();
  }
}

describe('one Arnika per data folder', () => {
  test('a second start is refused, naming the desktop app that holds the folder, and touches nothing; after kill -9 the folder is taken over at once', async () => {
    const { dataDir, outboxId } = await folderInUse();
    const holder = await holdInChild(dataDir, 'desktop');
    expect(holder.startupError).toBeNull();
    holderAtWork(dataDir, outboxId);

    const second = await makeApp({ dataDir });
    const info = await second.call('app.info', {});
    expect(info.startupError).toMatchObject({ code: 'storage.locked', details: { pid: holder.child.pid, host: 'desktop' } });
    const since = Date.parse(String(info.startupError!.details!.since));
    expect(Date.now() - since).toBeLessThan(5 * 60_000);
    expect((await second.fail('patients.list', {})).code).toBe('storage.locked');
    expect((await second.fail('patients.create', { patient: {} })).code).toBe('validation');
    second.closeOnly();
    // Nothing touched: the mail in flight is not declared uncertain, the viewer's PDF is still there.
    expect(outboxState(dataDir, outboxId)).toBe('sending');
    expect(readFileSync(join(dataDir, 'viewer', 'Rechnung-2026-00001.pdf'), 'utf8')).toBe('%PDF open in the viewer');

    // The holder dies without cleaning up; the kernel lets go of its lock.
    await killHard(holder.child);
    const next = await makeApp({ dataDir });
    expect((await next.call('app.info', {})).startupError).toBeNull();
    // Now this one owns the folder and does the start-up work the refused one did not.
    expect(outboxState(dataDir, outboxId)).toBe('uncertain');
    expect(existsSync(join(dataDir, 'viewer'))).toBe(false);
    next.closeOnly();
  }, 60_000);

  test('a browser mode holding the folder refuses a second browser mode, and the lock goes with a clean close too', async () => {
    const dataDir = tempDir();
    const first = await holdInChild(dataDir, 'browser');
    const second = await holdInChild(dataDir, 'browser');
    expect(second.startupError).toMatchObject({ code: 'storage.locked', details: { pid: first.child.pid, host: 'browser' } });
    await killHard(second.child);
    first.child.kill('SIGTERM');
    await new Promise((r) => first.child.once('exit', r));
    const third = await holdInChild(dataDir, 'browser');
    expect(third.startupError).toBeNull();
    await killHard(third.child);
  }, 60_000);

  test('an old database in a held folder is not migrated and not backed up', async () => {
    const dataDir = tempDir();
    const db = new Database(join(dataDir, databaseFileName));
    db.exec(loadMigrations()[0]!.sql);
    db.pragma('user_version = 1');
    db.close();
    const bytes = readFileSync(join(dataDir, databaseFileName));
    const other = lockDataFolder(dataDir, 'desktop', new Date('2026-11-23T08:15:00Z'));
    try {
      const app = await makeApp({ dataDir });
      expect((await app.call('app.info', {})).startupError).toMatchObject({ code: 'storage.locked', details: { since: '2026-11-23T08:15:00.000Z' } });
      app.closeOnly();
    } finally {
      other.release();
    }
    expect(readFileSync(join(dataDir, databaseFileName)).equals(bytes)).toBe(true);
    expect(existsSync(join(dataDir, 'backups'))).toBe(false);
  });
});

describe('the message of a refused browser mode in the terminal', () => {
  test('names the other Arnika in the terminal language', () => {
    const error = { code: 'storage.locked', details: { pid: 4711, host: 'desktop', since: '2026-11-23T08:15:00.000Z' } };
    const de = startupMessage(error, 'de');
    expect(de).toContain('Arnika ist mit diesem Datenordner bereits geöffnet');
    expect(de).toMatch(/Geöffnet im Desktop-Programm, Prozess 4711, seit 23\.11\.(20)?26/);
    expect(startupMessage({ ...error, details: { ...error.details, host: 'browser' } }, 'fr')).toMatch(/mode navigateur, processus 4711/);
  });
});
