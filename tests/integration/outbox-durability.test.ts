/**
 * The outbox's commit of 'sending' is synced to disk while the message goes out, and the end of the
 * data (the dot on which a server accepts a message) waits for that sync. Tested with real parts: a real
 * SQLite file (the WAL file really synced, really missing), and a real smtp-server with TLS that
 * really receives the body before the dot.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/main/app/clock.js';
import { databaseFileName } from '../../src/main/app/createApp.js';
import { WalSync, withDeferredSync } from '../../src/main/db/durability.js';
import { openDatabase, type Db } from '../../src/main/db/open.js';
import { Invoices } from '../../src/main/invoices/invoices.js';
import { NumberRanges } from '../../src/main/invoices/numbering.js';
import { createMailDomain } from '../../src/main/mail/handlers.js';
import { SmtpSendError, SmtpSession } from '../../src/main/mail/smtpSession.js';
import { Patients } from '../../src/main/patients/patients.js';
import { Practices } from '../../src/main/practices/practices.js';
import { keyFileSecretBox } from '../../src/main/secrets/secrets.js';
import { tempDir } from '../helpers/app.js';
import { issuedInvoice, setupPractice } from '../helpers/invoicing.js';
import { account, addProfile, makeMailApp, outboxStatesOnDisk, testSmtpTimeouts, waitFor, type MailTestApp } from '../helpers/outboxApp.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtpServer.js';

let server: TestSmtpServer;

beforeAll(async () => {
  server = await startSmtpServer({ mode: 'tls', users: { [account.user]: account.pass } });
});

afterAll(async () => {
  await server?.close();
});

function message(subject: string) {
  const text = `From: ${account.user}\r\nTo: anna@example.ch\r\nSubject: ${subject}\r\nMessage-ID: <${subject}@praxis-arnika.ch>\r\n\r\nHallo\r\n`;
  return Buffer.from(text);
}

/** What this process has open (Linux); empty where /proc is not there. */
function openFiles(): string[] {
  if (!existsSync('/proc/self/fd')) return [];
  return readdirSync('/proc/self/fd').map((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      return '';
    }
  });
}

function deferred() {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('the end of the data waits for the disk (SmtpSession)', () => {
  let open: SmtpSession | null = null;
  afterEach(() => open?.close());

  /** A session logged in at the test server (closed after the test). */
  async function connected(): Promise<SmtpSession> {
    open = new SmtpSession({ host: 'localhost', port: server.port, security: 'tls' }, account, testSmtpTimeouts);
    await open.ready();
    return open;
  }

  it('sends envelope and body at once, and the server accepts only after the promise resolved', async () => {
    const session = await connected();
    const before = { received: server.received.length, bodies: server.bodyStarts };
    const gate = deferred();
    const sent = session.send({ from: account.user, to: ['anna@example.ch'] }, message('held-end'), { isOpen: () => false, opened: gate.promise });

    await waitFor(() => server.bodyStarts > before.bodies, 5_000, 'the body to start arriving');
    await new Promise((r) => setTimeout(r, 200));
    expect(server.received.length).toBe(before.received); // body there, no dot yet: nothing accepted

    gate.resolve();
    const accepted = await sent;
    expect(accepted.response).toMatch(/^250/);
    expect(server.received.length).toBe(before.received + 1);
    expect(server.received.at(-1)!.raw.toString()).toContain('Subject: held-end');
  });

  it('when the promise rejects, the dot never goes out: the server delivers nothing, and the failure says so', async () => {
    const session = await connected();
    const before = { received: server.received.length, bodies: server.bodyStarts };
    const gate = deferred();
    const sent = session.send({ from: account.user, to: ['anna@example.ch'] }, message('never-ended'), { isOpen: () => false, opened: gate.promise });
    await waitFor(() => server.bodyStarts > before.bodies, 5_000, 'the body to start arriving');

    gate.reject(new Error('EIO: the disk refused'));
    const failure = await sent.then(() => null, (err: unknown) => err);
    expect(failure).toBeInstanceOf(SmtpSendError);
    expect((failure as SmtpSendError).message).toMatch(/EIO/);
    await new Promise((r) => setTimeout(r, 300));
    expect(server.received.length).toBe(before.received);

    // The session is not stuck: the next message goes through on a new connection.
    const again = await session.send({ from: account.user, to: ['anna@example.ch'] }, message('after-refusal'));
    expect(again.response).toMatch(/^250/);
    expect(server.received.at(-1)!.raw.toString()).toContain('Subject: after-refusal');
  });

  it('a gate that is open when the end is due lets the message go without waiting for its promise', async () => {
    const session = await connected();
    const never = new Promise<void>(() => {});
    let asked = 0;
    const accepted = await session.send({ from: account.user, to: ['anna@example.ch'] }, message('gate-open'), {
      isOpen: () => {
        asked++;
        return true;
      },
      opened: never,
    });
    expect(accepted.response).toMatch(/^250/);
    expect(asked).toBe(1);
    expect(server.received.at(-1)!.raw.toString()).toContain('Subject: gate-open');
  });
});

describe('WalSync and withDeferredSync (real SQLite file)', () => {
  let dir: string;
  let db: Db;
  afterEach(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open() {
    dir = tempDir('arnika-durability-');
    db = (await openDatabase(join(dir, 'test.sqlite'), { migrations: [{ version: 1, name: 'test', sql: 'CREATE TABLE t (v TEXT NOT NULL) STRICT;' }] })).db;
  }

  it('commits at once (another connection sees it before the sync), resolves once synced, and leaves the connection at FULL', async () => {
    await open();
    const sync = new WalSync(db);
    const { result, durable } = sync.commit(() => db.prepare('INSERT INTO t (v) VALUES (?)').run('sending').changes);
    expect(result).toBe(1);
    expect(durable.isOnDisk()).toBe(false); // its sync thread is only starting
    const reader = new Database(db.name, { readonly: true });
    try {
      expect(reader.prepare('SELECT v FROM t').pluck().all()).toEqual(['sending']);
    } finally {
      reader.close();
    }
    await expect(durable.onDisk).resolves.toBeUndefined();
    expect(durable.isOnDisk()).toBe(true);
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    sync.close();
    expect(() => sync.commit(() => 1)).toThrow(/closed/);
  });

  it('rejects `durable` when the WAL file cannot be synced (here: removed under the app), while the commit itself stands', async () => {
    await open();
    rmSync(`${db.name}-wal`, { force: true });
    const sync = new WalSync(db);
    const { durable } = sync.commit(() => db.prepare('INSERT INTO t (v) VALUES (?)').run('x'));
    await expect(durable.onDisk).rejects.toMatchObject({ code: 'ENOENT' });
    expect(durable.isOnDisk()).toBe(false);
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(1);
    sync.close();
  });

  it('withDeferredSync puts FULL back when the write throws, and refuses to run inside a transaction', async () => {
    await open();
    expect(() => withDeferredSync(db, () => db.prepare('INSERT INTO t (v) VALUES (NULL)').run())).toThrow(/NOT NULL/);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(() => db.transaction(() => withDeferredSync(db, () => 1))()).toThrow(/not inside a transaction/);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('says a commit is on disk from the sync thread directly: no turn of the event loop needed', async () => {
    await open();
    const sync = new WalSync(db);
    sync.commit(() => db.prepare('INSERT INTO t (v) VALUES (?)').run('warm-up')).durable.onDisk.catch(() => {});
    const { durable } = sync.commit(() => db.prepare('INSERT INTO t (v) VALUES (?)').run('sending'));
    let settled = false;
    void durable.onDisk.then(() => (settled = true));
    // Synchronous: nothing else runs on this thread meanwhile, so no callback or promise can say so.
    const deadline = Date.now() + 10_000;
    while (!durable.isOnDisk() && Date.now() < deadline) {
      // spin
    }
    expect(durable.isOnDisk()).toBe(true);
    expect(settled).toBe(false);
    await durable.onDisk;
    sync.close();
  });

  it('one sync thread serves a run of commits, and close() lets their syncs finish and lets go of the WAL file', async () => {
    await open();
    const sync = new WalSync(db);
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const commits = Array.from({ length: 50 }, (_, i) => sync.commit(() => insert.run(`m${i}`)).durable);
    const walHandles = () => openFiles().filter((f) => f === `${db.name}-wal`).length; // SQLite's own, and ours
    const before = walHandles();
    sync.close();
    await Promise.all(commits.map((d) => d.onDisk));
    expect(commits.every((d) => d.isOnDisk())).toBe(true);
    if (process.platform === 'linux') {
      expect(before).toBe(2);
      expect(walHandles()).toBe(1);
    }
  });

  it('a process whose WalSync was never closed still ends by itself, after the sync it asked for', async () => {
    dir = tempDir('arnika-durability-');
    // Inside the project, so that the bundle finds better-sqlite3 in node_modules.
    const child = join(__dirname, '../../.tmp/durability-child/walSyncChild.mjs');
    await build({ entryPoints: [join(__dirname, '../helpers/walSyncChild.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: child, logLevel: 'silent' });
    const run = (mode: string) =>
      new Promise<{ code: number | null; out: string }>((resolve, reject) => {
        const p = spawn(process.execPath, [child, join(dir, `${mode}.sqlite`), mode], { cwd: join(__dirname, '../..'), stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        p.stdout.on('data', (c: Buffer) => (out += c));
        const timer = setTimeout(() => {
          p.kill('SIGKILL');
          reject(new Error(`the child (${mode}) did not end by itself: ${out}`));
        }, 15_000);
        p.on('exit', (code) => {
          clearTimeout(timer);
          resolve({ code, out });
        });
      });
    const [leave, wait] = await Promise.all([run('leave'), run('await')]);
    expect(leave).toEqual({ code: 0, out: 'script ended\n' });
    expect(wait).toEqual({ code: 0, out: 'on disk\nscript ended\n' });
    db = new Database(join(dir, 'await.sqlite'));
    expect(db.prepare('SELECT v FROM t').pluck().all()).toEqual(['sending']);
  });

  it('an in-memory database is durable at once (there is no WAL file to sync)', async () => {
    dir = tempDir('arnika-durability-');
    db = new Database(':memory:');
    db.exec('CREATE TABLE t (v TEXT) STRICT');
    const sync = new WalSync(db);
    const { durable } = sync.commit(() => db.prepare('INSERT INTO t (v) VALUES (1)').run());
    expect(durable.isOnDisk()).toBe(true);
    await expect(durable.onDisk).resolves.toBeUndefined();
    sync.close();
  });
});

describe('the outbox when the commit of "sending" cannot reach the disk', () => {
  let app: MailTestApp | null = null;
  afterEach(() => app?.cleanup());

  it('fails the row (the user can send again), and the server delivers nothing', async () => {
    app = await makeMailApp();
    const setup = await setupPractice(app);
    await addProfile(app, setup.practice.id, server);
    const { invoice } = await issuedInvoice(app, setup);
    const queued = await app.call('mail.sendInvoice', { invoiceId: invoice.id });
    // The WAL file disappears under the app (a real fault, not a mock): its sync cannot happen.
    rmSync(join(app.dataDir, `${databaseFileName}-wal`), { force: true });
    const before = { received: server.received.length };

    const [result] = await app.outbox.drain();
    expect(result).toMatchObject({ outboxId: queued.outboxId, state: 'failed', code: 'mail.unknown' });
    // Whether the body had started by the time the sync failed depends on timing (the SmtpSession
    // tests above hold the body out on purpose); what counts is that the dot never went out.
    await new Promise((r) => setTimeout(r, 300));
    expect(server.received.length).toBe(before.received);
    const [entry] = await app.call('mail.invoiceHistory', { invoiceId: invoice.id });
    expect(entry).toMatchObject({ state: 'failed', error: { code: 'mail.unknown' } });
    expect(entry!.error!.details).toMatch(/could not be written to disk, so the message was not sent/);
  });
});

describe("a 'sent' that waits for the next message's 'sending' (one commit per message in a bulk send)", () => {
  let app: MailTestApp | null = null;
  let own: TestSmtpServer | null = null;
  afterEach(async () => {
    app?.cleanup();
    await own?.close();
    own = null;
  });

  it('is committed before processNext() returns (one message at a time, as a caller stepping through the queue sees it)', async () => {
    app = await makeMailApp();
    const setup = await setupPractice(app);
    await addProfile(app, setup.practice.id, server);
    const ids = [(await issuedInvoice(app, setup)).invoice.id, (await issuedInvoice(app, setup)).invoice.id];
    await app.call('mail.bulkSend', { invoiceIds: ids });
    expect(await app.outbox.processNext()).toMatchObject({ state: 'sent' });
    expect(outboxStatesOnDisk(app.dataDir)).toEqual(['sent', 'queued']);
    expect(await app.outbox.processNext()).toMatchObject({ state: 'sent' });
    expect(outboxStatesOnDisk(app.dataDir)).toEqual(['sent', 'sent']);
    expect(await app.outbox.processNext()).toBeNull();
  });

  it('is committed before the worker connects and logs in for the next message (another send profile)', async () => {
    const atLogin: string[][] = [];
    own = await startSmtpServer({ mode: 'tls', users: { [account.user]: account.pass }, onLogin: () => atLogin.push(outboxStatesOnDisk(app!.dataDir)) });
    app = await makeMailApp();
    const setup = await setupPractice(app);
    const first = await addProfile(app, setup.practice.id, own);
    const second = await addProfile(app, setup.practice.id, own, { name: 'Zweites Konto' });
    const a = await issuedInvoice(app, setup);
    const b = await issuedInvoice(app, setup);
    await app.call('mail.sendInvoice', { invoiceId: a.invoice.id, profileId: first.id });
    await app.call('mail.sendInvoice', { invoiceId: b.invoice.id, profileId: second.id });

    expect((await app.outbox.drain()).map((r) => r.state)).toEqual(['sent', 'sent']);
    // The second login is a wait of several round trips: the first message is on record as sent by then.
    expect(atLogin).toEqual([['queued', 'queued'], ['sent', 'queued']]);
    expect(outboxStatesOnDisk(app.dataDir)).toEqual(['sent', 'sent']);
    expect(own.received).toHaveLength(2);
  });

  it('is committed before the next message\'s PDF is rendered (after a restart, no PDF is at hand)', async () => {
    app = await makeMailApp();
    const setup = await setupPractice(app);
    await addProfile(app, setup.practice.id, server);
    const ids = [(await issuedInvoice(app, setup)).invoice.id, (await issuedInvoice(app, setup)).invoice.id];
    await app.call('mail.bulkSend', { invoiceIds: ids });
    app.closeOnly();

    // The app's parts on the same folder, with the real Invoices observed (OBSERVER, not a fake: it
    // renders with the real code) to see what is on disk when each render starts.
    const { db } = await openDatabase(join(app.dataDir, databaseFileName), { now: () => new Date() });
    const atRender: string[][] = [];
    const dataDir = app.dataDir;
    class ObservedInvoices extends Invoices {
      override pdf(id: string) {
        atRender.push(outboxStatesOnDisk(dataDir));
        return super.pdf(id);
      }
    }
    const practices = new Practices(db, systemClock);
    const patients = new Patients(db, systemClock);
    const invoices = new ObservedInvoices(db, systemClock, practices, patients, new NumberRanges(db, systemClock));
    const mail = createMailDomain({ db, secrets: keyFileSecretBox(dataDir), clock: systemClock, invoices, patients, smtpTimeouts: testSmtpTimeouts });
    try {
      expect((await mail.outbox.drain()).map((r) => r.state)).toEqual(['sent', 'sent']);
      expect(atRender).toEqual([['queued', 'queued'], ['sent', 'queued']]);
    } finally {
      await mail.outbox.stop();
      db.close();
    }
  });
});
