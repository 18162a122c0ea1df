/**
 * The outbox survives a hard kill: a child process (tests/helpers/outboxChild.ts, bundled with
 * esbuild) queues an invoice's email and is killed with SIGKILL (a) after the enqueue commit, before
 * anything is sent; (b) while the message body is with the server, which stalls in DATA; (c) after the
 * server's 250 OK, before 'sent' is committed (the server holds its answer until the test has stopped
 * the child with SIGSTOP, then answers; the child is killed before it ever reads that). Then the app
 * starts again on the same data folder and its worker runs. Every row is still there; (a) is delivered
 * exactly once; (b) and (c) are 'uncertain' and not resent (the server holds 0 and 1 messages); and
 * no row is ever delivered twice. (d) kills a bulk send while the server holds its 3rd message: the
 * two before are 'sent' (each 'sent' is committed when the server accepts), the 3rd is 'uncertain',
 * the 4th is delivered after the restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { issuedInvoice, setupPractice } from '../helpers/invoicing.js';
import { account, addProfile, makeMailApp, messageIdOf, outboxOnDisk, type MailTestApp } from '../helpers/outboxApp.js';
import { startSmtpServer, type SmtpServerOptions, type TestSmtpServer } from '../helpers/smtpServer.js';

const childFile = join(__dirname, '../../.tmp/outbox-crash/outboxChild.mjs');
const servers: TestSmtpServer[] = [];
const apps: MailTestApp[] = [];

beforeAll(async () => {
  mkdirSync(join(childFile, '..'), { recursive: true });
  await build({ entryPoints: [join(__dirname, '../helpers/outboxChild.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: childFile, logLevel: 'silent' });
});

afterAll(async () => {
  for (const app of apps) app.cleanup();
  await Promise.all(servers.map((s) => s.close()));
});

/** A data folder with a practice, a send profile pointing at a fresh server, and `count` issued invoices (one patient each). */
async function prepare(serverOptions: Omit<SmtpServerOptions, 'mode' | 'users'> = {}, count = 1) {
  const server = await startSmtpServer({ mode: 'tls', users: { [account.user]: account.pass }, ...serverOptions });
  servers.push(server);
  const app = await makeMailApp();
  const setup = await setupPractice(app);
  await addProfile(app, setup.practice.id, server);
  const invoiceIds: string[] = [];
  for (let i = 0; i < count; i++) invoiceIds.push((await issuedInvoice(app, setup, { email: `patient${i}@example.ch` })).invoice.id);
  app.closeOnly();
  return { server, dataDir: app.dataDir, invoiceId: invoiceIds[0]!, invoiceIds };
}

/** The running child, for a test that stops it from the SMTP server's side. */
let running: ChildProcess | null = null;

/** Runs the child until `killWhen` holds (it sees the child's output; checked as output comes and every 10 ms), then SIGKILLs it. */
function runAndKill(dataDir: string, mode: string, invoiceId: string, killWhen: (out: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childFile, dataDir, mode, invoiceId], { stdio: ['ignore', 'pipe', 'pipe'] });
    running = child;
    let out = '';
    let err = '';
    let killing = false;
    const check = () => {
      if (killing || !killWhen(out)) return;
      killing = true;
      child.kill('SIGKILL');
    };
    const poll = setInterval(check, 10);
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.on('data', (c) => {
      out += c;
      check();
    });
    child.stderr.on('data', (c) => (err += c));
    child.on('exit', (code, signal) => {
      running = null;
      clearInterval(poll);
      clearTimeout(timer);
      if (signal === 'SIGKILL' && killing) resolve(out);
      else reject(new Error(`child ended without our kill (${signal ?? code}): ${out} ${err}`));
    });
  });
}

async function restart(dataDir: string): Promise<MailTestApp> {
  // As the product starts: the worker runs by itself; drain() waits until it has nothing left to do.
  // The child ran on the real clock, so the restarted app does too (from now on, moved by hand).
  const app = await makeMailApp({ dataDir, autoStart: true, now: new Date().toISOString() });
  apps.push(app);
  await app.outbox.drain();
  return app;
}

/** No Message-ID arrived twice at any server. */
function expectAtMostOneDeliveryPerRow(): void {
  for (const s of servers) {
    const ids = s.received.map((m) => messageIdOf(m.raw));
    expect(new Set(ids).size).toBe(ids.length);
  }
}

test('(a) killed after the enqueue commit, before sending: delivered exactly once after the restart', async () => {
  const { server, dataDir, invoiceId } = await prepare();
  const out = await runAndKill(dataDir, 'enqueue-only', invoiceId, (o) => /queued \S+\n/.test(o));
  const outboxId = /queued (\S+)/.exec(out)![1];
  expect(outboxOnDisk(dataDir)).toMatchObject([{ id: outboxId, state: 'queued', attempts: 0 }]);
  expect(server.received).toHaveLength(0);

  const app = await restart(dataDir);
  const rows = outboxOnDisk(dataDir);
  expect(rows).toMatchObject([{ id: outboxId, state: 'sent', attempts: 1 }]);
  expect(server.received.map((m) => messageIdOf(m.raw))).toEqual([rows[0]!.message_id]);
  await app.outbox.drain();
  expect(server.received).toHaveLength(1);
  expectAtMostOneDeliveryPerRow();
}, 60_000);

test('(b) killed during DATA (the server stalls in the body): uncertain after the restart, not resent, nothing delivered', async () => {
  let bodyStarted = false;
  const { server, dataDir, invoiceId } = await prepare({ dataBehaviour: 'stall', onBodyStart: () => (bodyStarted = true) });
  const out = await runAndKill(dataDir, 'send', invoiceId, (o) => /queued \S+\n/.test(o) && bodyStarted);
  const outboxId = /queued (\S+)/.exec(out)![1];
  // The kill landed while the row was 'sending'.
  expect(outboxOnDisk(dataDir)).toMatchObject([{ id: outboxId, state: 'sending', attempts: 1 }]);
  expect(server.bodyStarts).toBe(1);

  const app = await restart(dataDir);
  expect(outboxOnDisk(dataDir)).toMatchObject([{ id: outboxId, state: 'uncertain' }]);
  const [entry] = await app.call('mail.invoiceHistory', { invoiceId });
  expect(entry).toMatchObject({ state: 'uncertain', error: { code: 'mail.delivery_uncertain' } });
  app.clock.advance(24 * 3_600_000);
  await app.outbox.drain();
  expect(outboxOnDisk(dataDir)).toMatchObject([{ id: outboxId, state: 'uncertain' }]);
  expect(server.received).toHaveLength(0);
  expect(server.bodyStarts).toBe(1);
  expectAtMostOneDeliveryPerRow();
}, 60_000);

test('(c) killed after the server\'s OK, before the "sent" commit: uncertain, not resent, exactly one delivery', async () => {
  // The whole message is at the server: the child is stopped before the server says OK, so it can
  // never read that answer; then the server accepts (the message is delivered) and the child is killed.
  const { server, dataDir, invoiceId } = await prepare({
    messageReply: () => {
      running!.kill('SIGSTOP');
      return null;
    },
  });
  const out = await runAndKill(dataDir, 'send', invoiceId, () => server.received.length === 1);
  const outboxId = /queued (\S+)/.exec(out)![1];
  expect(outboxOnDisk(dataDir)).toMatchObject([{ id: outboxId, state: 'sending', attempts: 1 }]);
  expect(server.received).toHaveLength(1);

  const app = await restart(dataDir);
  const rows = outboxOnDisk(dataDir);
  expect(rows).toMatchObject([{ id: outboxId, state: 'uncertain' }]);
  expect(messageIdOf(server.received[0]!.raw)).toBe(rows[0]!.message_id);
  app.clock.advance(24 * 3_600_000);
  await app.outbox.drain();
  expect(server.received).toHaveLength(1);
  // The user looks in the Sent folder and settles it.
  expect(await app.call('mail.resolveUncertain', { outboxId: outboxId!, action: 'mark_sent' })).toMatchObject({ state: 'sent', resolution: 'mark_sent' });
  await app.outbox.drain();
  expect(server.received).toHaveLength(1);
  expectAtMostOneDeliveryPerRow();
}, 60_000);

test('(d) a bulk send killed while the server holds the 3rd message: the two before are sent, the 3rd uncertain, the 4th goes after the restart', async () => {
  // Once the 3rd message is with the server, the 2nd must be on record as sent, not left to look uncertain.
  let arrived = 0;
  const { server, dataDir, invoiceIds } = await prepare({
    messageReply: () => (++arrived === 3 ? new Promise<null>(() => {}) : null),
  }, 4);
  await runAndKill(dataDir, 'bulk', invoiceIds.join(','), () => arrived === 3);
  expect(outboxOnDisk(dataDir).map((r) => r.state)).toEqual(['sent', 'sent', 'sending', 'queued']);
  expect(server.received).toHaveLength(2);

  const app = await restart(dataDir);
  const rows = outboxOnDisk(dataDir);
  expect(rows.map((r) => r.state)).toEqual(['sent', 'sent', 'uncertain', 'sent']);
  // The 3rd arrived in full but was never answered: not counted as received, and not sent again.
  expect(server.received.map((m) => messageIdOf(m.raw))).toEqual([rows[0]!.message_id, rows[1]!.message_id, rows[3]!.message_id]);
  expect(arrived).toBe(4);
  // A day later the uncertain one is still waiting for the user.
  app.clock.advance(24 * 3_600_000);
  await app.outbox.drain();
  expect(outboxOnDisk(dataDir).map((r) => r.state)).toEqual(['sent', 'sent', 'uncertain', 'sent']);
  expect(arrived).toBe(4);
  expectAtMostOneDeliveryPerRow();
}, 60_000);
