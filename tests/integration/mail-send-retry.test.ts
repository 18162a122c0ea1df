/**
 * Failures while sending, made real with smtp-server: what is tried again later (451 at RCPT or after
 * the body, a server that is down or hangs up before DATA), what fails for good (550 recipient
 * rejected, a refused login), and what is uncertain (the connection breaks, or the server falls
 * silent, after the body went out). Each case counts deliveries at the server: never more than one.
 * The clock is the test's, the backoff 1 s / 2 s / 4 s, and the worker is driven with drain().
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issuedInvoice, setupPractice } from '../helpers/invoicing.js';
import { account, addProfile, makeMailApp, messageIdOf, profileFields, type MailTestApp } from '../helpers/outboxApp.js';
import { closedPort, startSmtpServer, type SmtpServerOptions, type TestSmtpServer } from '../helpers/smtpServer.js';

const users = { [account.user]: account.pass };
const servers: TestSmtpServer[] = [];
let app: MailTestApp;
let setup: Awaited<ReturnType<typeof setupPractice>>;
let n = 0;

async function server(options: Omit<SmtpServerOptions, 'mode' | 'users'> = {}): Promise<TestSmtpServer> {
  const s = await startSmtpServer({ mode: 'tls', users, ...options });
  servers.push(s);
  return s;
}

/** An issued invoice for a new patient, queued through a profile of its own that points at `target`. */
async function queuedAt(target: { port: number }, email?: string) {
  n++;
  const profile = await addProfile(app, setup.practice.id, target, { name: `Profil ${n}` });
  const { invoice, patient } = await issuedInvoice(app, setup, { firstName: `P${n}`, lastName: 'Retry', email: email ?? `p${n}@example.ch` });
  const entry = await app.call('mail.sendInvoice', { invoiceId: invoice.id, profileId: profile.id });
  return { invoice, patient, profile, entry };
}

const historyOf = async (invoiceId: string) => (await app.call('mail.invoiceHistory', { invoiceId }))[0]!;
const inMs = (ms: number) => new Date(app.clock.now().getTime() + ms).toISOString();

beforeAll(async () => {
  app = await makeMailApp();
  setup = await setupPractice(app);
});

afterAll(async () => {
  app?.cleanup();
  await Promise.all(servers.map((s) => s.close()));
});

describe('temporary failures are retried later and delivered once', () => {
  it('451 at RCPT: queued again with the backoff, then delivered', async () => {
    let refusals = 1;
    const s = await server({ rcptReply: () => (refusals-- > 0 ? { code: 451, lines: ['4.3.0 Mailbox temporarily unavailable, try again later'] } : null) });
    const { invoice, entry } = await queuedAt(s);

    expect(await app.outbox.drain()).toEqual([{ outboxId: entry.outboxId, state: 'queued', code: 'mail.server_busy' }]);
    const waiting = await historyOf(invoice.id);
    expect(waiting).toMatchObject({ state: 'queued', attempts: 1, nextAttemptAt: inMs(1_000), error: { code: 'mail.server_busy' } });
    expect(waiting.error!.details).toContain('451 4.3.0 Mailbox temporarily unavailable');
    // Not due yet: nothing happens.
    expect(await app.outbox.drain()).toEqual([]);
    app.clock.advance(1_000);
    expect(await app.outbox.drain()).toEqual([{ outboxId: entry.outboxId, state: 'sent' }]);
    expect(s.received.map((m) => messageIdOf(m.raw))).toEqual([entry.messageId]);
    expect(await historyOf(invoice.id)).toMatchObject({ state: 'sent', attempts: 2, nextAttemptAt: null });
    expect((await historyOf(invoice.id)).error).toBeUndefined();
  });

  it('451 after the body (the answer to the final dot): retried, delivered once', async () => {
    let refusals = 1;
    const s = await server({ messageReply: () => (refusals-- > 0 ? { code: 451, lines: ['4.7.1 Greylisted, please try again in a moment'] } : null) });
    const { entry } = await queuedAt(s);
    expect((await app.outbox.drain())[0]).toMatchObject({ state: 'queued', code: 'mail.server_busy' });
    expect(s.refused).toHaveLength(1);
    app.clock.advance(1_000);
    expect((await app.outbox.drain())[0]).toMatchObject({ state: 'sent' });
    expect(s.received.map((m) => messageIdOf(m.raw))).toEqual([entry.messageId]);
  });

  it('the server is down (connection refused), then comes back on its port', async () => {
    const port = await closedPort();
    const { invoice, entry } = await queuedAt({ port });
    expect(await app.outbox.drain()).toEqual([{ outboxId: entry.outboxId, state: 'queued', code: 'mail.connection_refused' }]);
    expect(await historyOf(invoice.id)).toMatchObject({ state: 'queued', attempts: 1, nextAttemptAt: inMs(1_000) });
    const s = await server({ port });
    app.clock.advance(1_000);
    expect((await app.outbox.drain())[0]).toMatchObject({ state: 'sent' });
    expect(s.received).toHaveLength(1);
    expect(messageIdOf(s.received[0]!.raw)).toBe(entry.messageId);
  });

  it('the connection is lost before DATA (the server hangs up at RCPT): retried, not uncertain', async () => {
    let drops = 1;
    const s = await server({ rcptReply: () => (drops-- > 0 ? 'drop' : null) });
    const { entry } = await queuedAt(s);
    expect((await app.outbox.drain())[0]).toMatchObject({ state: 'queued' });
    expect(s.bodyStarts).toBe(0);
    app.clock.advance(1_000);
    expect((await app.outbox.drain())[0]).toMatchObject({ state: 'sent' });
    expect(s.received.map((m) => messageIdOf(m.raw))).toEqual([entry.messageId]);
  });

  it('gives up after the last attempt (4 with three backoffs) and says so', async () => {
    const s = await server({ rcptReply: () => ({ code: 452, lines: ['4.2.2 Mailbox full'] }) });
    const { invoice, entry } = await queuedAt(s);
    const seen: string[] = [];
    for (const wait of [1_000, 2_000, 4_000, 0]) {
      const [r] = await app.outbox.drain();
      seen.push(r!.state);
      app.clock.advance(wait);
    }
    expect(seen).toEqual(['queued', 'queued', 'queued', 'failed']);
    const failed = await historyOf(invoice.id);
    expect(failed).toMatchObject({ outboxId: entry.outboxId, state: 'failed', attempts: 4, nextAttemptAt: null, error: { code: 'mail.server_busy' } });
    expect(failed.error!.details).toMatch(/4\.2\.2 Mailbox full.*gave up after 4 attempts/);
    app.clock.advance(60_000);
    expect(await app.outbox.drain()).toEqual([]);
    expect(s.received).toHaveLength(0);
  });
});

describe('permanent failures fail at once, with the reason', () => {
  it('550 recipient rejected: failed, not retried', async () => {
    const s = await server({ rcptReply: (to) => (to.startsWith('tippfehler') ? { code: 550, lines: ['5.1.1 <tippfehler@example.ch>: Recipient address rejected: User unknown'] } : null) });
    const { invoice, entry } = await queuedAt(s, 'tippfehler@example.ch');
    expect(await app.outbox.drain()).toEqual([{ outboxId: entry.outboxId, state: 'failed', code: 'mail.recipient_rejected' }]);
    const failed = await historyOf(invoice.id);
    expect(failed).toMatchObject({ state: 'failed', attempts: 1, error: { code: 'mail.recipient_rejected' } });
    expect(failed.error!.details).toContain('550 5.1.1');
    app.clock.advance(3_600_000);
    expect(await app.outbox.drain()).toEqual([]);
    expect(s.received).toHaveLength(0);
    expect((await app.call('mail.invoiceSendStatus', { invoiceIds: [invoice.id] }))[0]).toMatchObject({ sent: false, state: 'failed' });
  });

  it('550 for the recipient while the blind copy to the sender goes through: failed, not "sent"', async () => {
    const s = await server({ rcptReply: (to) => (to === 'weg@example.ch' ? { code: 550, lines: ['5.1.1 <weg@example.ch>: User unknown'] } : null) });
    const profile = await addProfile(app, setup.practice.id, s, { name: 'Mit Blindkopie', bccSelf: true });
    const { invoice } = await issuedInvoice(app, setup, { firstName: 'Wanda', lastName: 'Weg', email: 'weg@example.ch' });
    const entry = await app.call('mail.sendInvoice', { invoiceId: invoice.id, profileId: profile.id });
    expect(await app.outbox.drain()).toEqual([{ outboxId: entry.outboxId, state: 'failed', code: 'mail.recipient_rejected' }]);
    expect(s.received.map((m) => m.rcptTo)).toEqual([[account.user]]); // only the copy to the practice arrived
    expect((await app.call('mail.invoiceSendStatus', { invoiceIds: [invoice.id] }))[0]).toMatchObject({ sent: false, state: 'failed' });
  });

  it('a refused login: failed with mail.auth_failed; the password never appears in the details', async () => {
    const s = await server();
    const profile = await addProfile(app, setup.practice.id, s, { name: 'Falsches Passwort' }, 'Falsches-Passwort-999');
    const { invoice } = await issuedInvoice(app, setup, { firstName: 'Lara', lastName: 'Login' });
    const entry = await app.call('mail.sendInvoice', { invoiceId: invoice.id, profileId: profile.id });
    expect(await app.outbox.drain()).toEqual([{ outboxId: entry.outboxId, state: 'failed', code: 'mail.auth_failed' }]);
    const failed = await historyOf(invoice.id);
    expect(failed.attempts).toBe(0); // nothing was handed over
    expect(JSON.stringify(failed)).not.toContain('Falsches-Passwort-999');
    expect(JSON.stringify(app.db!.prepare('SELECT * FROM outbox').all())).not.toContain('Falsches-Passwort-999');
  });
});

describe('uncertain: the body went out, the answer did not come', () => {
  it('the connection breaks during DATA: uncertain, not resent; the user decides', async () => {
    const dropping = await server({ dataBehaviour: 'drop' });
    const { invoice, entry, profile } = await queuedAt(dropping);
    expect(await app.outbox.drain()).toEqual([{ outboxId: entry.outboxId, state: 'uncertain', code: 'mail.delivery_uncertain' }]);
    expect(dropping.bodyStarts).toBe(1);
    app.clock.advance(3_600_000);
    expect(await app.outbox.drain()).toEqual([]);
    expect(dropping.bodyStarts).toBe(1);
    expect((await app.call('mail.listOutbox', { states: ['uncertain'] })).map((e) => e.outboxId)).toContain(entry.outboxId);
    // A second send of the invoice waits for the decision.
    expect((await app.fail('mail.sendInvoice', { invoiceId: invoice.id })).code).toBe('mail.send_in_progress');

    // The user chooses "send again": same row, same Message-ID, through the (now working) server.
    const good = await server();
    await app.call('mail.saveProfile', { id: profile.id, practiceId: setup.practice.id, profile: profileFields(good, { name: profile.name }) });
    expect(await app.call('mail.resolveUncertain', { outboxId: entry.outboxId, action: 'resend' })).toMatchObject({ state: 'queued', resolution: 'resend' });
    expect((await app.outbox.drain())[0]).toMatchObject({ state: 'sent' });
    expect(good.received.map((m) => messageIdOf(m.raw))).toEqual([entry.messageId]);
    expect((await app.fail('mail.resolveUncertain', { outboxId: entry.outboxId, action: 'resend' })).code).toBe('mail.outbox_not_uncertain');
  });

  it('the server falls silent after the body (socket timeout): uncertain; "mark as sent" and "discard" settle it', async () => {
    const silent = await server({ dataBehaviour: 'stall' });
    const a = await queuedAt(silent);
    expect((await app.outbox.drain())[0]).toMatchObject({ state: 'uncertain', code: 'mail.delivery_uncertain' });
    expect(await app.call('mail.resolveUncertain', { outboxId: a.entry.outboxId, action: 'mark_sent' })).toMatchObject({ state: 'sent', resolution: 'mark_sent' });
    expect((await app.call('mail.invoiceSendStatus', { invoiceIds: [a.invoice.id] }))[0]).toMatchObject({ sent: true, state: 'sent' });

    const dropping = await server({ dataBehaviour: 'drop' });
    const b = await queuedAt(dropping);
    expect((await app.outbox.drain())[0]).toMatchObject({ state: 'uncertain' });
    expect(await app.call('mail.resolveUncertain', { outboxId: b.entry.outboxId, action: 'discard' })).toMatchObject({ state: 'cancelled', resolution: 'discard' });
    expect((await app.call('mail.invoiceSendStatus', { invoiceIds: [b.invoice.id] }))[0]).toMatchObject({ sent: false, state: 'cancelled' });
    // After the decision the invoice can be sent again.
    expect((await app.call('mail.sendInvoice', { invoiceId: b.invoice.id, profileId: a.profile.id })).state).toBe('queued');
    await app.call('mail.cancelOutbox', { outboxId: (await app.call('mail.invoiceHistory', { invoiceId: b.invoice.id }))[1]!.outboxId });
  });
});
