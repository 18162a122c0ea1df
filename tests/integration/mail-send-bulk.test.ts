/**
 * Bulk sending with the worker running in the background, as in the product: the preflight names
 * exactly the invoices that cannot go by email and why, bulkSend delivers exactly the others (counted
 * at the SMTP server), batchStatus adds up for a progress bar, and cancelBatch stops after the
 * message being handed over: the rest becomes 'cancelled', nothing is half-sent. An invoice cancelled
 * during a bulk send is not sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogs } from '../../src/shared/i18n/index.js';
import type { JobStatus } from '../../src/shared/contract/jobs.js';
import type { BatchStatus } from '../../src/shared/contract/mail.js';
import { issuedInvoice, setupPractice } from '../helpers/invoicing.js';
import { account, addProfile, makeMailApp, messageIdOf, parse, profileFields, waitFor, type MailTestApp } from '../helpers/outboxApp.js';
import { startSmtpServer, type ReceivedMessage, type TestSmtpServer } from '../helpers/smtpServer.js';

let server: TestSmtpServer;
let app: MailTestApp;
let setup: Awaited<ReturnType<typeof setupPractice>>;
let practiceId = '';
let profileId = '';
/** Called with each message before the server answers it (the cancel test steps in here). */
let onMessage: ((m: ReceivedMessage) => Promise<void>) | null = null;

const noEmail = new Set([2, 7, 12]);
const wantsPost = new Set([4, 9]);
const invoiceIds: string[] = [];

beforeAll(async () => {
  server = await startSmtpServer({
    mode: 'tls',
    users: { [account.user]: account.pass },
    messageReply: async (m) => {
      await onMessage?.(m);
      return null;
    },
  });
  app = await makeMailApp({ autoStart: true });
  setup = await setupPractice(app);
  practiceId = setup.practice.id;
  profileId = (await addProfile(app, setup.practice.id, server)).id;
  for (let i = 0; i < 20; i++) {
    const { invoice } = await issuedInvoice(app, setup, {
      firstName: `Patient${i}`, lastName: 'Bulk', email: noEmail.has(i) ? '' : `p${i}@example.ch`, invoicesByPost: wantsPost.has(i),
      language: (['de', 'fr', 'it', 'en'] as const)[i % 4],
    });
    invoiceIds.push(invoice.id);
  }
});

afterAll(async () => {
  app?.cleanup();
  await server?.close();
});

function sumOf(s: BatchStatus): number {
  return s.sent + s.failed + s.queued + s.sending + s.uncertain + s.cancelled;
}

async function untilDone(batchId: string): Promise<BatchStatus> {
  let status: BatchStatus | null = null;
  await waitFor(async () => {
    status = await app.call('mail.batchStatus', { batchId });
    expect(sumOf(status)).toBe(status.total); // the counts add up at every moment
    return status.done;
  }, 60_000, 'the batch to finish');
  return status!;
}

describe('bulk sending', () => {
  it('preflight: exactly the 3 invoices without email and the 2 wanting post are left out, with their reasons', async () => {
    const pre = await app.call('mail.bulkPreflight', { invoiceIds });
    expect(pre.items).toHaveLength(20);
    expect(pre.okCount).toBe(15);
    const refused = pre.items.filter((i) => !i.ok).map((i) => [invoiceIds.indexOf(i.invoiceId), i.reason]);
    expect(refused).toEqual([[2, 'no_email'], [4, 'wants_post'], [7, 'no_email'], [9, 'wants_post'], [12, 'no_email']]);
    for (const item of pre.items.filter((i) => i.ok)) {
      expect(item.reason).toBeUndefined();
      expect(item.to).toBe(`p${invoiceIds.indexOf(item.invoiceId)}@example.ch`);
      expect(item.number).toMatch(/\d/);
      expect(item.recipientName).toMatch(/^Patient\d+ Bulk$/);
    }
    // The preview is the first sendable invoice's message, in its language (index 0: German).
    expect(pre.preview).toMatchObject({ invoiceId: invoiceIds[0], to: 'p0@example.ch', language: 'de', attachmentName: `Rechnung-${pre.items[0]!.number}.pdf` });
    expect(pre.preview!.subject).toBe(`Rechnung ${pre.items[0]!.number} von Praxis Arnika`);
    expect(pre.preview!.body.startsWith('Sehr geehrte Frau Bulk\n')).toBe(true);
  });

  it('bulkSend of all 20 delivers exactly the 15 sendable ones, once each; batchStatus adds up', async () => {
    const pushed: JobStatus[] = [];
    const changed: string[][] = [];
    const unsubscribe = app.events.subscribe((e) => (e.type === 'job' ? pushed.push(e.job) : changed.push(e.methods)));
    const started = await app.call('mail.bulkSend', { invoiceIds });
    expect(started.queued).toBe(15);
    expect(started.job).toMatchObject({ kind: 'mail.bulkSend', ref: started.batchId, state: 'running', total: 15 });
    expect(started.skipped.map((s) => [invoiceIds.indexOf(s.invoiceId), s.reason])).toEqual([[2, 'no_email'], [4, 'wants_post'], [7, 'no_email'], [9, 'wants_post'], [12, 'no_email']]);

    const status = await untilDone(started.batchId);
    expect(status).toMatchObject({ total: 15, sent: 15, failed: 0, queued: 0, sending: 0, uncertain: 0, cancelled: 0, done: true, cancelledAt: null });
    // The job followed the batch and pushed its progress: never backwards, ending with the counts.
    expect(await app.jobs.settled(started.job.id)).toMatchObject({ state: 'done', done: 15, result: { sent: 15, failed: 0, uncertain: 0, cancelled: 0 } });
    unsubscribe();
    const mine = pushed.filter((j) => j.id === started.job.id).map((j) => j.done);
    expect(mine.length).toBeGreaterThan(2);
    expect(mine).toEqual([...mine].sort((a, b) => a - b));
    // Screens were told the outbox changed (no polling).
    expect(changed.some((m) => m.includes('mail.'))).toBe(true);
    expect(server.received).toHaveLength(15);
    const ids = server.received.map((m) => messageIdOf(m.raw));
    expect(new Set(ids).size).toBe(15);
    expect(new Set(status.items.map((i) => i.state))).toEqual(new Set(['sent']));
    expect(ids.sort()).toEqual(status.items.map((i) => app.db!.prepare('SELECT message_id FROM outbox WHERE id = ?').pluck().get(i.outboxId)).sort());
    const delivered = server.received.map((m) => m.rcptTo[0]).sort();
    expect(delivered).toEqual(invoiceIds.map((_, i) => i).filter((i) => !noEmail.has(i) && !wantsPost.has(i)).map((i) => `p${i}@example.ch`).sort());

    // The list can now show "per E-Mail an … am …" for each of them.
    const flags = await app.call('mail.invoiceSendStatus', { invoiceIds });
    expect(flags.filter((f) => f.sent)).toHaveLength(15);
    expect(flags.filter((f) => !f.sent).map((f) => invoiceIds.indexOf(f.invoiceId))).toEqual([2, 4, 7, 9, 12]);
    expect((await app.call('mail.bulkPreflight', { invoiceIds: [invoiceIds[0]!] })).items[0]!.lastSentAt).toBe('2026-11-23T10:00:00.000Z');
  });

  it('cancelBatch mid-way stops after the message being handed over; the rest is cancelled, nothing half-sent', async () => {
    const again = invoiceIds.filter((_, i) => !noEmail.has(i) && !wantsPost.has(i)).slice(0, 6);
    const before = server.received.length;
    let batchId = '';
    let arrived = 0;
    let statusDuringHandOver: BatchStatus | null = null;
    onMessage = async () => {
      arrived++;
      if (arrived !== 2) return;
      // The second message is with the server, its answer not yet given: cancel now.
      statusDuringHandOver = await app.call('mail.cancelBatch', { batchId });
    };
    const started = await app.call('mail.bulkSend', { invoiceIds: again, resend: again });
    batchId = started.batchId;
    expect(started).toMatchObject({ queued: 6, skipped: [] });

    const status = await untilDone(batchId);
    onMessage = null;
    // The job that followed the batch ended with it, counting what was cancelled.
    expect((await app.jobs.settled(started.job.id)).result).toEqual({ sent: 2, failed: 0, uncertain: 0, cancelled: 4 });
    expect(statusDuringHandOver).toMatchObject({ sent: 1, sending: 1, queued: 0, cancelled: 4 });
    expect(status).toMatchObject({ total: 6, sent: 2, cancelled: 4, queued: 0, sending: 0, failed: 0, uncertain: 0, done: true });
    expect(status.cancelledAt).toBe('2026-11-23T10:00:00.000Z');
    expect(status.items.map((i) => i.state)).toEqual(['sent', 'sent', 'cancelled', 'cancelled', 'cancelled', 'cancelled']);
    // Nothing is left queued or sending that could still go out.
    expect(app.db!.prepare("SELECT count(*) FROM outbox WHERE state IN ('queued', 'sending')").pluck().get()).toBe(0);
    expect(server.received.length - before).toBe(2);
    expect(server.bodyStarts).toBe(server.received.length);
  });

  it('an invoice cancelled while the message before it is with the server is not sent, although it was already checked', async () => {
    // The worker checks the next message while the current one is on its way; the claim checks again.
    const three = invoiceIds.filter((_, i) => !noEmail.has(i) && !wantsPost.has(i)).slice(6, 9);
    const before = server.received.length;
    let arrived = 0;
    onMessage = async () => {
      if (++arrived === 1) await app.call('invoices.cancel', { id: three[1]!, reason: 'Doppelt erfasst' });
    };
    const started = await app.call('mail.bulkSend', { invoiceIds: three, resend: three });
    const status = await untilDone(started.batchId);
    onMessage = null;
    expect(status).toMatchObject({ total: 3, sent: 2, failed: 1, done: true });
    expect(status.items.map((i) => [i.invoiceId, i.state, i.error?.code])).toEqual([
      [three[0], 'sent', undefined], [three[1], 'failed', 'mail.invoice_cancelled'], [three[2], 'sent', undefined],
    ]);
    expect(server.received.slice(before).map((m) => m.rcptTo[0])).toEqual(
      [three[0], three[2]].map((id) => `p${invoiceIds.indexOf(id!)}@example.ch`),
    );
    expect(server.bodyStarts).toBe(server.received.length);
  });

  it('cancelling the bulk-send job stops its batch after the message being handed over', async () => {
    const four = invoiceIds.filter((_, i) => !noEmail.has(i) && !wantsPost.has(i)).slice(10, 14);
    const before = server.received.length;
    let jobId = '';
    let arrived = 0;
    onMessage = async () => {
      arrived++;
      if (arrived === 1) await app.call('jobs.cancel', { id: jobId });
    };
    const started = await app.call('mail.bulkSend', { invoiceIds: four, resend: four });
    jobId = started.job.id;
    const end = await app.jobs.settled(jobId);
    onMessage = null;
    expect(end).toMatchObject({ state: 'done', result: { sent: 1, cancelled: 3, failed: 0, uncertain: 0 } });
    expect((await app.call('mail.batchStatus', { batchId: started.batchId })).cancelledAt).not.toBeNull();
    expect(server.received.length - before).toBe(1);
  });

  it('refuses a bulk send with nothing sendable, and an unknown batch', async () => {
    const none = invoiceIds.filter((_, i) => noEmail.has(i) || wantsPost.has(i));
    expect((await app.fail('mail.bulkSend', { invoiceIds: none })).code).toBe('mail.bulk_nothing_to_send');
    expect((await app.fail('mail.batchStatus', { batchId: '00000000-0000-4000-8000-000000000000' })).code).toBe('not_found');
    const unknown = await app.call('mail.bulkPreflight', { invoiceIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(unknown).toMatchObject({ okCount: 0, preview: null, items: [{ ok: false, reason: 'not_found' }] });
  });

  it('a send profile changed while the message before is with the server: the next message goes with the new settings', async () => {
    // The worker checked the next message (and read its profile) while the first was on its way.
    const other = await startSmtpServer({ mode: 'tls', users: { [account.user]: account.pass } });
    try {
      const two = invoiceIds.filter((_, i) => !noEmail.has(i) && !wantsPost.has(i)).slice(9, 11);
      const before = server.received.length;
      let arrived = 0;
      onMessage = async () => {
        if (++arrived !== 1) return;
        app.clock.advance(1_000);
        await app.call('mail.saveProfile', { id: profileId, practiceId, profile: profileFields(other) });
      };
      const started = await app.call('mail.bulkSend', { invoiceIds: two, resend: two });
      expect(await untilDone(started.batchId)).toMatchObject({ total: 2, sent: 2, done: true });
      onMessage = null;
      expect(server.received.slice(before).map((m) => m.rcptTo[0])).toEqual([`p${invoiceIds.indexOf(two[0]!)}@example.ch`]);
      expect(other.received.map((m) => m.rcptTo[0])).toEqual([`p${invoiceIds.indexOf(two[1]!)}@example.ch`]);
    } finally {
      onMessage = null;
      app.clock.advance(1_000);
      await app.call('mail.saveProfile', { id: profileId, practiceId, profile: profileFields(server) });
      await other.close();
    }
  });

  it('a send profile deleted while the message before is with the server: the next message fails with "no send profile", nothing else goes out', async () => {
    const two = invoiceIds.filter((_, i) => !noEmail.has(i) && !wantsPost.has(i)).slice(11, 13);
    const before = server.received.length;
    let arrived = 0;
    onMessage = async () => {
      if (++arrived === 1) await app.call('mail.deleteProfile', { id: profileId });
    };
    const started = await app.call('mail.bulkSend', { invoiceIds: two, resend: two });
    const status = await untilDone(started.batchId);
    onMessage = null;
    expect(status.items.map((i) => [i.state, i.error?.code])).toEqual([['sent', undefined], ['failed', 'mail.no_profile']]);
    expect(server.received.length - before).toBe(1);
    expect(server.bodyStarts).toBe(server.received.length);
  });

  it('sends the archived PDFs: nothing is rendered for the batch, so what arrives is what was issued, even after the invoice texts changed', async () => {
    profileId = (await addProfile(app, practiceId, server)).id; // the test before deleted it
    const fresh: string[] = [];
    for (let i = 0; i < 6; i++) fresh.push((await issuedInvoice(app, setup, { firstName: `Fresh${i}`, lastName: 'Archiv', email: `fresh${i}@example.ch` })).invoice.id);
    const issued = new Map<string, Buffer>();
    for (const id of fresh) issued.set(`fresh${fresh.indexOf(id)}@example.ch`, Buffer.from((await app.call('invoices.pdf', { id })).contentBase64, 'base64'));
    const before = server.received.length;
    const label = catalogs.de['doc.total'];
    catalogs.de['doc.total'] = 'Gesamt';
    try {
      const started = await app.call('mail.bulkSend', { invoiceIds: fresh });
      expect(started.queued).toBe(6);
      expect((await untilDone(started.batchId)).sent).toBe(6);
    } finally {
      catalogs.de['doc.total'] = label;
    }
    const arrived = server.received.slice(before);
    expect(arrived).toHaveLength(6);
    for (const m of arrived) {
      const attachment = (await parse(m.raw)).attachments[0]!.content;
      expect(attachment.equals(issued.get(m.rcptTo[0]!)!)).toBe(true);
    }
  });
});
