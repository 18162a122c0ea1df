/**
 * Providers' sending limits, each made real with smtp-server: Gmail's daily limit (550 5.4.5 at
 * MAIL FROM), Microsoft's submission quota (554 5.2.0 SubmissionQuotaExceededException after the
 * message), too many recipients per minute (451 at RCPT) and Gmail's "421 4.7.0 Try again later"
 * (which also closes the connection). A bulk send that meets one fails nothing: the message that met
 * it and the rest of the batch stay queued, the profile's queue pauses until the limit's end (next
 * 08:00 for a daily limit), a message queued meanwhile waits too, and once the clock reaches the end
 * and the provider takes mail again, everything goes out and the pause is over. "Jetzt fortsetzen"
 * and "abbrechen" work on a paused queue. The worker is driven with drain(); the clock is the test's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ForcedReply, SmtpServerOptions, TestSmtpServer } from '../helpers/smtpServer.js';
import { startSmtpServer } from '../helpers/smtpServer.js';
import { issuedInvoice, setupPractice } from '../helpers/invoicing.js';
import { account, addProfile, makeMailApp, type MailTestApp } from '../helpers/outboxApp.js';

const servers: TestSmtpServer[] = [];
let app: MailTestApp;
let setup: Awaited<ReturnType<typeof setupPractice>>;
let n = 0;

/** 16:00 in Zurich (the tests run with TZ unset: the machine's zone; the expectations use local time too). */
const start = new Date(2026, 10, 23, 16, 0).toISOString();

beforeAll(async () => {
  app = await makeMailApp({ now: start });
  setup = await setupPractice(app);
});

afterAll(async () => {
  app?.cleanup();
  await Promise.all(servers.map((s) => s.close()));
});

/** A server that takes `before` messages, then answers with the limit until `lift()` (after which it takes `after` more). */
async function limitedServer(where: 'mailFrom' | 'rcpt' | 'message', reply: ForcedReply, before = 1, after = Infinity) {
  let accepted = 0;
  let limited = false;
  let lifted = false;
  const limit = () => (limited ? reply : null);
  const options: Omit<SmtpServerOptions, 'mode'> = {
    users: { [account.user]: account.pass },
    ...(where === 'mailFrom' ? { mailFromReply: limit } : {}),
    ...(where === 'rcpt' ? { rcptReply: limit } : {}),
    messageReply: () => {
      if (where === 'message' && limited) return reply;
      accepted++;
      if (accepted >= (lifted ? before + after : before)) limited = true;
      return null;
    },
  };
  const server = await startSmtpServer({ mode: 'tls', ...options });
  servers.push(server);
  return {
    server,
    lift: () => {
      limited = false;
      lifted = true;
    },
  };
}

async function invoicesFor(count: number) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    n++;
    ids.push((await issuedInvoice(app, setup, { firstName: `L${n}`, lastName: 'Limit', email: `l${n}@example.ch` })).invoice.id);
  }
  return ids;
}

const pauseRows = () => app.db!.prepare('SELECT profile_id, kind, until FROM mail_pauses').all() as { profile_id: string; kind: string; until: string }[];

describe('a bulk send that meets a sending limit pauses and goes on by itself', () => {
  it.each([
    ['Gmail\'s daily limit at MAIL FROM', 'mailFrom', { code: 550, lines: ['5.4.5 Daily user sending limit exceeded. For more information on Gmail', '5.4.5 sending limits go to', '5.4.5  https://support.google.com/a/answer/166852 - gsmtp'] }, 'daily', 'mail.limit_daily', new Date(2026, 10, 24, 8, 0)],
    ['Microsoft\'s submission quota after the message', 'message', { code: 554, lines: ['5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException; Failed to process message due to a permanent exception with message [BeginDiagnosticData]Message submission quota exceeded.[EndDiagnosticData]'] }, 'daily', 'mail.limit_daily', new Date(2026, 10, 24, 8, 0)],
    ['too many recipients per minute at RCPT', 'rcpt', { code: 451, lines: ['4.7.1 Too many recipients per minute, slow down'] }, 'rate', 'mail.limit_rate', null],
    ['Gmail\'s 421 try again later, closing the connection', 'mailFrom', { code: 421, lines: ['4.7.0 Try again later, closing connection. (MAIL) - gsmtp'] }, 'busy', 'mail.limit_busy', null],
  ] as const)('%s', async (_what, where, reply, kind, code, dailyEnd) => {
    app.clock.set(start);
    const { server, lift } = await limitedServer(where, { code: reply.code, lines: [...reply.lines] });
    const profile = await addProfile(app, setup.practice.id, server, { name: `Gmail ${n}` });
    await app.call('mail.setDefaultProfile', { id: profile.id });
    const ids = await invoicesFor(3);
    const started = await app.call('mail.bulkSend', { invoiceIds: ids });
    expect(started.queued).toBe(3);

    // The first goes out, the second meets the limit, the third is not even tried.
    const results = await app.outbox.drain();
    expect(results.map((r) => [r.state, r.code])).toEqual([['sent', undefined], ['queued', code]]);
    expect(server.received).toHaveLength(1);
    const end = dailyEnd ?? new Date(app.clock.now().getTime() + (kind === 'rate' ? 2 : 15) * 60_000);
    expect(pauseRows()).toEqual([{ profile_id: profile.id, kind, until: end.toISOString() }]);

    // Nothing failed: the batch waits, and says why; the banner has the profile, the end and the count.
    const waiting = await app.call('mail.batchStatus', { batchId: started.batchId });
    expect(waiting).toMatchObject({ sent: 1, queued: 2, failed: 0, done: false });
    expect(waiting.pause).toMatchObject({ profileId: profile.id, kind, until: end.toISOString(), queued: 2, error: { code } });
    expect(waiting.pause!.error.details).toContain(reply.lines[0]!.slice(0, 20));
    expect(await app.call('mail.listPauses', {})).toEqual([waiting.pause]);
    const limitedRow = (await app.call('mail.invoiceHistory', { invoiceId: ids[1]! }))[0]!;
    expect(limitedRow).toMatchObject({ state: 'queued', attempts: 0, nextAttemptAt: end.toISOString(), error: { code } });

    // A message queued for the profile meanwhile waits as well.
    const [later] = await invoicesFor(1);
    const single = await app.call('mail.sendInvoice', { invoiceId: later! });
    expect(single.nextAttemptAt).toBe(end.toISOString());

    // Before the end nothing is tried, however often the worker looks.
    app.clock.set(new Date(end.getTime() - 1_000).toISOString());
    expect(await app.outbox.drain()).toEqual([]);
    expect(server.received).toHaveLength(1);

    // The provider takes mail again, the end has come: the rest goes out, the pause is over.
    lift();
    app.clock.set(end.toISOString());
    const after = await app.outbox.drain();
    expect(after.map((r) => r.state)).toEqual(['sent', 'sent', 'sent']);
    expect(server.received.map((m) => m.rcptTo[0]).sort()).toEqual(['l', 'l', 'l', 'l'].map((_, i) => `l${n - 3 + i}@example.ch`).sort());
    expect(await app.call('mail.batchStatus', { batchId: started.batchId })).toMatchObject({ sent: 3, queued: 0, failed: 0, done: true, pause: null });
    expect(await app.call('mail.listPauses', {})).toEqual([]);
    expect(pauseRows()).toEqual([]);
    expect(await app.jobs.settled(started.job.id)).toMatchObject({ state: 'done', result: { sent: 3, failed: 0 } });
  });

  it('a limit still in force at the end pauses again, until the next morning', async () => {
    app.clock.set(start);
    const { server } = await limitedServer('mailFrom', { code: 550, lines: ['5.4.5 Daily user sending quota exceeded.'] }, 1);
    const profile = await addProfile(app, setup.practice.id, server, { name: `Gmail ${n}` });
    const ids = await invoicesFor(2);
    for (const id of ids) await app.call('mail.sendInvoice', { invoiceId: id, profileId: profile.id });
    await app.outbox.drain();
    app.clock.set(new Date(2026, 10, 24, 8, 0).toISOString());
    expect((await app.outbox.drain()).map((r) => [r.state, r.code])).toEqual([['queued', 'mail.limit_daily']]);
    expect(pauseRows().find((p) => p.profile_id === profile.id)?.until).toBe(new Date(2026, 10, 25, 8, 0).toISOString());
    await app.call('mail.cancelQueue', { profileId: profile.id });
  });

  it('"Jetzt fortsetzen" ends the pause at once; "abbrechen" cancels what waits for the profile', async () => {
    app.clock.set(start);
    const { server, lift } = await limitedServer('mailFrom', { code: 550, lines: ['5.4.5 Daily user sending limit exceeded.'] }, 1, 1);
    const profile = await addProfile(app, setup.practice.id, server, { name: `Gmail ${n}` });
    const ids = await invoicesFor(4);
    for (const id of ids) await app.call('mail.sendInvoice', { invoiceId: id, profileId: profile.id });
    await app.outbox.drain();
    expect(server.received).toHaveLength(1);
    expect((await app.call('mail.listPauses', {})).map((p) => [p.profileId, p.queued])).toEqual([[profile.id, 3]]);

    lift();
    expect(await app.call('mail.resumeQueue', { profileId: profile.id })).toEqual({ resumed: 3 });
    expect(await app.call('mail.listPauses', {})).toEqual([]);
    // Due now (the worker was kicked; drain() stands for it here): message 2 goes out, after which
    // this server limits again, so message 3 pauses the queue once more.
    expect((await app.outbox.drain()).map((r) => r.state)).toEqual(['sent', 'queued']);
    expect(server.received).toHaveLength(2);
    const more = await invoicesFor(1);
    await app.call('mail.sendInvoice', { invoiceId: more[0]!, profileId: profile.id });
    expect(await app.outbox.drain()).toEqual([]);
    expect((await app.call('mail.listPauses', {}))[0]).toMatchObject({ profileId: profile.id, queued: 3 });
    expect(await app.call('mail.cancelQueue', { profileId: profile.id })).toEqual({ cancelled: 3 });
    expect(await app.call('mail.listPauses', {})).toEqual([]);
    const states = await Promise.all([...ids, more[0]!].map(async (id) => (await app.call('mail.invoiceHistory', { invoiceId: id })).at(-1)!.state));
    expect(states.sort()).toEqual(['cancelled', 'cancelled', 'cancelled', 'sent', 'sent'].sort());
    expect((await app.fail('mail.resumeQueue', { profileId: '00000000-0000-4000-8000-000000000000' })).code).toBe('not_found');
  });
});

describe('bulk sending leaves invoices already sent out unless chosen', () => {
  it('a second bulk send skips the ones sent before ("already_sent"), and sends them again only when asked', async () => {
    app.clock.set(start);
    const server = await startSmtpServer({ mode: 'tls', users: { [account.user]: account.pass } });
    servers.push(server);
    const profile = await addProfile(app, setup.practice.id, server, { name: `Frisch ${n}` });
    await app.call('mail.setDefaultProfile', { id: profile.id });
    const [a, b, c] = await invoicesFor(3);
    await app.call('mail.bulkSend', { invoiceIds: [a!, b!] });
    await app.outbox.drain();
    expect(server.received).toHaveLength(2);

    const pre = await app.call('mail.bulkPreflight', { invoiceIds: [a!, b!, c!] });
    expect(pre.items.map((i) => [i.ok, i.lastSentAt !== null])).toEqual([[true, true], [true, true], [true, false]]);

    const second = await app.call('mail.bulkSend', { invoiceIds: [a!, b!, c!] });
    expect(second.queued).toBe(1);
    expect(second.skipped).toEqual([{ invoiceId: a, reason: 'already_sent' }, { invoiceId: b, reason: 'already_sent' }]);
    await app.outbox.drain();
    expect(server.received.map((m) => m.rcptTo[0])).toHaveLength(3);

    const chosen = await app.call('mail.bulkSend', { invoiceIds: [a!, b!, c!], resend: [b!] });
    expect(chosen.queued).toBe(1);
    expect(chosen.skipped.map((s) => [s.invoiceId, s.reason])).toEqual([[a, 'already_sent'], [c, 'already_sent']]);
    await app.outbox.drain();
    expect(server.received).toHaveLength(4);
    expect(server.received[3]!.rcptTo[0]).toBe(server.received[1]!.rcptTo[0]);

    expect((await app.fail('mail.bulkSend', { invoiceIds: [a!, c!] })).code).toBe('mail.bulk_nothing_to_send');
  });
});
