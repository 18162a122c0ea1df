/**
 * Closing the app while the worker hands a message over. shutdown() (the clean stop) waits for the
 * outcome and commits it; close() (immediate) cuts the connection and leaves the row 'sending', which
 * the next start turns into 'uncertain'. Either way nothing is sent twice, and a queued row waits for
 * the next start.
 */
import { afterAll, expect, test } from 'vitest';
import { issuedInvoice, setupPractice } from '../helpers/invoicing.js';
import { account, addProfile, makeMailApp, outboxStatesOnDisk, waitFor, type MailTestApp } from '../helpers/outboxApp.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtpServer.js';

const servers: TestSmtpServer[] = [];
const apps: MailTestApp[] = [];
afterAll(async () => {
  for (const a of apps) a.cleanup();
  await Promise.all(servers.map((s) => s.close()));
});

/** An app with its worker running, two invoices queued, the first one's body stalled at the server. */
async function twoQueuedOneStalled() {
  const server = await startSmtpServer({ mode: 'tls', users: { [account.user]: account.pass }, dataBehaviour: 'stall' });
  servers.push(server);
  const app = await makeMailApp({ autoStart: true });
  const setup = await setupPractice(app);
  await addProfile(app, setup.practice.id, server);
  const a = await issuedInvoice(app, setup, { firstName: 'Erste', lastName: 'Stopp' });
  const b = await issuedInvoice(app, setup, { firstName: 'Zweite', lastName: 'Stopp' });
  await app.call('mail.bulkSend', { invoiceIds: [a.invoice.id, b.invoice.id] });
  await waitFor(() => server.bodyStarts === 1, 20_000, 'the first body at the server');
  return { server, app };
}

test('shutdown() lets the message in hand-over finish (here: the server falls silent, so uncertain) and takes nothing new', async () => {
  const { server, app } = await twoQueuedOneStalled();
  await app.shutdown(); // returns once the socket timeout (2 s in tests) has decided the first message
  expect(outboxStatesOnDisk(app.dataDir)).toEqual(['uncertain', 'queued']);
  expect(server.bodyStarts).toBe(1);

  const again = await makeMailApp({ dataDir: app.dataDir });
  apps.push(again);
  expect((await again.call('mail.listOutbox', {})).map((e) => e.state).sort()).toEqual(['queued', 'uncertain']);
});

test('shutdown() while the server takes a moment to accept: the message is on record as sent, the next one waits for the next start', async () => {
  const server = await startSmtpServer({
    mode: 'tls', users: { [account.user]: account.pass }, messageReply: () => new Promise((r) => setTimeout(() => r(null), 300)),
  });
  servers.push(server);
  const app = await makeMailApp({ autoStart: true });
  apps.push(app);
  const setup = await setupPractice(app);
  await addProfile(app, setup.practice.id, server);
  const a = await issuedInvoice(app, setup, { firstName: 'Erste', lastName: 'Stopp' });
  const b = await issuedInvoice(app, setup, { firstName: 'Zweite', lastName: 'Stopp' });
  await app.call('mail.bulkSend', { invoiceIds: [a.invoice.id, b.invoice.id] });
  await waitFor(() => server.bodyStarts === 1, 20_000, 'the first body at the server');
  await app.shutdown();
  expect(server.received).toHaveLength(1);
  expect(outboxStatesOnDisk(app.dataDir)).toEqual(['sent', 'queued']);
});

test('close() cuts the hand-over: the row stays "sending" and is "uncertain" at the next start; the queued one is sent then', async () => {
  const { server, app } = await twoQueuedOneStalled();
  app.closeOnly();
  expect(outboxStatesOnDisk(app.dataDir)).toEqual(['sending', 'queued']);

  const good = await startSmtpServer({ mode: 'tls', users: { [account.user]: account.pass } });
  servers.push(good);
  // Restart, point the profile at a server that answers, then start the worker as createApp does.
  const again = await makeMailApp({ dataDir: app.dataDir });
  apps.push(again);
  const [profile] = await again.call('mail.listProfiles', { practiceId: (await again.call('practices.list', {}))[0]!.id });
  await again.call('mail.saveProfile', { id: profile!.id, practiceId: profile!.practiceId, profile: { name: profile!.name, senderName: profile!.senderName, email: profile!.email, host: 'localhost', port: good.port, security: 'tls', authMethod: 'password', username: profile!.username, replyTo: profile!.replyTo, bccSelf: false } });
  again.outbox.start();
  await again.outbox.drain();
  expect(outboxStatesOnDisk(app.dataDir)).toEqual(['uncertain', 'sent']);
  expect(server.received).toHaveLength(0);
  expect(good.received).toHaveLength(1);
});
