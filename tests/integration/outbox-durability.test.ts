/**
 * The outbox's commits around a hand-over, with real parts: a real SQLite file read through a
 * connection of its own (what a restart would find), and a real smtp-server with TLS. 'sending' is
 * on disk before a byte of the message goes out; a 'sending' that cannot be written stops the message;
 * and each 'sent' is on disk before the worker moves on to anything that takes a while.
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/main/platform/clock.js';
import { databaseFileName } from '../../src/main/app/createApp.js';
import { openDatabase } from '../../src/main/platform/db/open.js';
import { Invoices } from '../../src/main/invoices/invoices.js';
import { NumberRanges } from '../../src/main/invoices/numbering.js';
import { registerMail } from '../../src/main/mail/index.js';
import { Cases } from '../../src/main/cases/cases.js';
import { registerTarif590 } from '../../src/main/tarif590/index.js';
import { Patients } from '../../src/main/patients/patients.js';
import { Practices } from '../../src/main/practices/practices.js';
import { keyFileSecretBox } from '../../src/main/platform/secrets.js';
import { issuedInvoice, setupPractice } from '../helpers/invoicing.js';
import { account, addProfile, makeMailApp, outboxStatesOnDisk, testSmtpTimeouts, type MailTestApp } from '../helpers/outboxApp.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtpServer.js';
import { silentLogger } from '../../src/main/platform/log.js';
import { EventBus } from '../../src/main/platform/events.js';
import { JobRunner } from '../../src/main/platform/jobs.js';

let server: TestSmtpServer;

beforeAll(async () => {
  server = await startSmtpServer({ mode: 'tls', users: { [account.user]: account.pass } });
});

afterAll(async () => {
  await server?.close();
});

describe("'sending' is on disk before the message goes out", () => {
  let app: MailTestApp | null = null;
  let own: TestSmtpServer | null = null;
  afterEach(async () => {
    app?.cleanup();
    await own?.close();
    own = null;
  });

  it('when the body reaches the server, a restart would already find the row in "sending" (committed with synchronous=FULL)', async () => {
    const atBody: string[][] = [];
    own = await startSmtpServer({ mode: 'tls', users: { [account.user]: account.pass }, onBodyStart: () => atBody.push(outboxStatesOnDisk(app!.dataDir)) });
    app = await makeMailApp();
    const setup = await setupPractice(app);
    await addProfile(app, setup.practice.id, own);
    const ids = [(await issuedInvoice(app, setup)).invoice.id, (await issuedInvoice(app, setup)).invoice.id];
    await app.call('mail.bulkSend', { invoiceIds: ids });
    // FULL: a commit returns only once the WAL is synced, so "committed" is "on disk".
    expect(app.db!.pragma('synchronous', { simple: true })).toBe(2);

    expect((await app.outbox.drain()).map((r) => r.state)).toEqual(['sent', 'sent']);
    expect(atBody).toEqual([['sending', 'queued'], ['sent', 'sending']]);
    expect(own.received).toHaveLength(2);
  });
});

describe('the outbox when the commit of "sending" cannot be written', () => {
  let app: MailTestApp | null = null;
  afterEach(() => app?.cleanup());

  it('fails the row (the user can send again), and the server gets nothing', async () => {
    app = await makeMailApp();
    const setup = await setupPractice(app);
    await addProfile(app, setup.practice.id, server);
    const { invoice } = await issuedInvoice(app, setup);
    const queued = await app.call('mail.sendInvoice', { invoiceId: invoice.id });
    // An injected failing write: the database refuses exactly the change to 'sending', as a full disk would.
    app.db!.exec(`CREATE TRIGGER test_sending_not_written BEFORE UPDATE OF state ON outbox WHEN NEW.state = 'sending'
                  BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);
    const before = { received: server.received.length, bodies: server.bodyStarts };

    const [result] = await app.outbox.drain();
    expect(result).toMatchObject({ outboxId: queued.outboxId, state: 'failed', code: 'mail.unknown' });
    expect(server.received.length).toBe(before.received);
    expect(server.bodyStarts).toBe(before.bodies);
    const [entry] = await app.call('mail.invoiceHistory', { invoiceId: invoice.id });
    expect(entry).toMatchObject({ state: 'failed', error: { code: 'mail.unknown' } });
    expect(entry!.error!.details).toMatch(/could not be written to disk, so the message was not sent/);

    // Once the database takes writes again, the invoice goes out on the next try.
    app.db!.exec('DROP TRIGGER test_sending_not_written');
    await app.call('mail.sendInvoice', { invoiceId: invoice.id });
    expect((await app.outbox.drain()).map((r) => r.state)).toEqual(['sent']);
    expect(server.received.length).toBe(before.received + 1);
  });
});

describe("each 'sent' is on disk before the worker moves on", () => {
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

  it("is committed before the next message's PDF is fetched from the archive (after a restart)", async () => {
    app = await makeMailApp();
    const setup = await setupPractice(app);
    await addProfile(app, setup.practice.id, server);
    const ids = [(await issuedInvoice(app, setup)).invoice.id, (await issuedInvoice(app, setup)).invoice.id];
    await app.call('mail.bulkSend', { invoiceIds: ids });
    app.closeOnly();

    // The app's parts on the same folder, with the real Invoices observed (OBSERVER, not a fake: it
    // reads the real archive) to see what is on disk when each PDF is fetched.
    const { db } = await openDatabase(join(app.dataDir, databaseFileName), { now: () => new Date() });
    const atFetch: string[][] = [];
    const dataDir = app.dataDir;
    class ObservedInvoices extends Invoices {
      override documentWithHash(id: string, sha256: string) {
        atFetch.push(outboxStatesOnDisk(dataDir));
        return super.documentWithHash(id, sha256);
      }
    }
    const practices = new Practices(db, systemClock);
    const patients = new Patients(db, systemClock);
    const events = new EventBus();
    const cases = new Cases(db, systemClock, patients, { consultationCounts: () => new Map(), invoiceCount: () => 0 });
    const invoices = new ObservedInvoices(db, systemClock, { practices, patients, cases, tarif590: registerTarif590({ db: db, clock: systemClock, files: null as never }).api }, new NumberRanges(db, systemClock));
    const mail = registerMail({ db, secrets: keyFileSecretBox(dataDir), clock: systemClock, log: silentLogger, events, jobs: new JobRunner({ events, clock: systemClock, log: silentLogger }) }, { invoices, patients, practices }, { smtpTimeouts: testSmtpTimeouts });
    try {
      expect((await mail.outbox.drain()).map((r) => r.state)).toEqual(['sent', 'sent']);
      expect(atFetch).toEqual([['queued', 'queued'], ['sent', 'queued']]);
    } finally {
      await mail.outbox.stop();
      db.close();
    }
  });
});
