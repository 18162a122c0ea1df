/**
 * Sending one invoice by email, end to end: prepare (recipient, template text in the invoice's
 * language), send through the outbox, and what a real SMTP server (TLS, AUTH) receives, parsed with
 * mailparser: subject, body, From, Reply-To, the PDF attachment byte for byte, the Message-ID of the
 * outbox row, the blind copy to the sender. Then the history and the "sent" flag, refusals, and the
 * checks the worker repeats at send time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderInvoicePdf } from '../../src/main/invoices/pdf/render.js';
import { catalogs } from '../../src/shared/i18n/index.js';
import { InvoiceSnapshot } from '../../src/main/invoices/snapshot.js';
import { formatMoneyWithCurrency } from '../../src/shared/money.js';
import { translate } from '../../src/shared/i18n/index.js';
import { addPatient, issuedInvoice, setupPractice } from '../helpers/invoicing.js';
import { account, addProfile, firstAddress, makeMailApp, parse, profileFields, replyTo, type MailTestApp } from '../helpers/outboxApp.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtpServer.js';

let server: TestSmtpServer;
let app: MailTestApp;
let setup: Awaited<ReturnType<typeof setupPractice>>;
let profileId: string;

beforeAll(async () => {
  server = await startSmtpServer({ mode: 'tls', users: { [account.user]: account.pass } });
  app = await makeMailApp();
  setup = await setupPractice(app);
  profileId = (await addProfile(app, setup.practice.id, server, { bccSelf: true })).id;
});

afterAll(async () => {
  app?.cleanup();
  await server?.close();
});

async function snapshotOf(invoiceId: string): Promise<InvoiceSnapshot> {
  return InvoiceSnapshot.parse(JSON.parse(app.db!.prepare('SELECT snapshot FROM invoices WHERE id = ?').pluck().get(invoiceId) as string));
}

async function pdfOf(invoiceId: string): Promise<Buffer> {
  return Buffer.from((await app.call('invoices.pdf', { id: invoiceId })).contentBase64, 'base64');
}

describe('one invoice by email', () => {
  it('arrives with the template text in German, the PDF byte for byte, the account as sender and the outbox Message-ID', async () => {
    const { invoice } = await issuedInvoice(app, setup);
    const amount = formatMoneyWithCurrency(invoice.totalMinor, 'CHF', 'de');
    const dueDate = invoice.dueDate.split('-').reverse().join('.');
    expect(dueDate).toBe('23.12.2026');

    const prepared = await app.call('mail.prepareInvoiceEmail', { invoiceId: invoice.id });
    expect(prepared).toMatchObject({
      to: 'anna.mueller@example.ch',
      profileId,
      from: { name: 'Praxis Arnika', address: account.user },
      replyTo,
      bcc: account.user,
      subject: `Rechnung ${invoice.number} von Praxis Arnika`,
      attachmentName: `Rechnung-${invoice.number}.pdf`,
      language: 'de',
      wantsPost: false,
    });
    expect(prepared.body).toBe(
      [
        'Sehr geehrte Frau Müller',
        '',
        `Im Anhang erhalten Sie die Rechnung ${invoice.number} über ${amount}, zahlbar bis ${dueDate}.`,
        'Die Zahlungsangaben finden Sie auf der Rechnung.',
        '',
        'Bei Fragen stehe ich Ihnen gerne zur Verfügung.',
        '',
        'Freundliche Grüsse',
        'Anna Beispiel',
        'Praxis Arnika',
      ].join('\n'),
    );

    const queued = await app.call('mail.sendInvoice', { invoiceId: invoice.id });
    expect(queued).toMatchObject({ state: 'queued', to: 'anna.mueller@example.ch', attempts: 0, invoiceNumber: invoice.number });
    expect(queued.messageId).toMatch(/^<[0-9a-f-]{36}@praxis-arnika\.ch>$/);
    expect(server.received).toHaveLength(0); // nothing leaves before the worker runs

    expect(await app.outbox.drain()).toEqual([{ outboxId: queued.outboxId, state: 'sent' }]);
    expect(server.received).toHaveLength(1);
    const got = server.received[0]!;
    // Envelope: from the account, to the patient and (blind copy) the account itself, logged in.
    expect(got.mailFrom).toBe(account.user);
    expect(got.rcptTo).toEqual(['anna.mueller@example.ch', account.user]);
    expect(got.user).toBe(account.user);

    const mail = await parse(got.raw);
    expect(mail.subject).toBe(prepared.subject);
    expect(mail.text?.replace(/\n$/, '')).toBe(prepared.body);
    expect(firstAddress(mail.from)).toEqual({ address: account.user, name: 'Praxis Arnika' });
    expect(firstAddress(mail.replyTo)?.address).toBe(replyTo);
    expect(firstAddress(mail.to)?.address).toBe('anna.mueller@example.ch');
    expect(mail.headers.has('bcc')).toBe(false);
    expect(mail.messageId).toBe(queued.messageId);
    expect(mail.attachments).toHaveLength(1);
    const attachment = mail.attachments[0]!;
    expect(attachment.filename).toBe(`Rechnung-${invoice.number}.pdf`);
    expect(attachment.contentType).toBe('application/pdf');
    expect(attachment.content.equals(await pdfOf(invoice.id))).toBe(true);

    const history = await app.call('mail.invoiceHistory', { invoiceId: invoice.id });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ outboxId: queued.outboxId, state: 'sent', to: 'anna.mueller@example.ch', attempts: 1, at: '2026-11-23T10:00:00.000Z' });
    expect(history[0]!.serverResponse).toMatch(/^250/);
    expect(history[0]!.error).toBeUndefined();
    expect(await app.call('mail.invoiceSendStatus', { invoiceIds: [invoice.id] })).toEqual([
      { invoiceId: invoice.id, sent: true, lastSentAt: '2026-11-23T10:00:00.000Z', lastTo: 'anna.mueller@example.ch', state: 'sent', sendCount: 1 },
    ]);
  });

  it('speaks the invoice language: French text and Facture-<number>.pdf', async () => {
    const { invoice } = await issuedInvoice(app, setup, { language: 'fr', salutation: 'mr', firstName: 'Luc', lastName: 'Favre', email: 'luc.favre@example.ch' });
    const entry = await app.call('mail.sendInvoice', { invoiceId: invoice.id });
    await app.outbox.drain();
    const mail = await parse(server.received.at(-1)!.raw);
    expect(mail.messageId).toBe(entry.messageId);
    expect(mail.subject).toBe(`Facture ${invoice.number} de Praxis Arnika`);
    // As a Swiss practice writes in French: the title alone, then "Veuillez trouver ci-joint".
    expect(mail.text).toMatch(/^Monsieur,\n\nVeuillez trouver ci-joint /);
    expect(mail.text).toContain(`la facture ${invoice.number} d’un montant de ${formatMoneyWithCurrency(invoice.totalMinor, 'CHF', 'fr')}, payable d’ici au 23.12.2026.`);
    expect(mail.attachments[0]!.filename).toBe(`Facture-${invoice.number}.pdf`);
    expect(mail.attachments[0]!.content.equals(await pdfOf(invoice.id))).toBe(true);
  });

  it('goes to the billing recipient when the invoice does, greeting that person', async () => {
    const { invoice } = await issuedInvoice(app, setup, {
      firstName: 'Mia', lastName: 'Kind', email: 'mia@example.ch',
      billingRecipient: { salutation: 'mr', firstName: 'Peter', lastName: 'Vater', address: { street: 'Weg', houseNumber: '1', postalCode: '3000', town: 'Bern', country: 'CH' }, email: 'peter.vater@example.ch' },
    });
    expect(invoice.recipientName).toBe('Peter Vater');
    const prepared = await app.call('mail.prepareInvoiceEmail', { invoiceId: invoice.id });
    expect(prepared.to).toBe('peter.vater@example.ch');
    expect(prepared.body.split('\n')[0]).toBe('Sehr geehrter Herr Vater');
  });

  it('sends what the caller edited: address, subject and text', async () => {
    const { invoice } = await issuedInvoice(app, setup, { firstName: 'Eva', lastName: 'Edit', email: 'eva@example.ch' });
    const entry = await app.call('mail.sendInvoice', {
      invoiceId: invoice.id, to: 'eva.privat@example.ch', subject: 'Ihre Rechnung', body: 'Liebe Eva\n\nAnbei die Rechnung.\n\nHerzlich\nAnna',
    });
    await app.outbox.drain();
    const got = server.received.at(-1)!;
    expect(got.rcptTo[0]).toBe('eva.privat@example.ch');
    const mail = await parse(got.raw);
    expect(mail.messageId).toBe(entry.messageId);
    expect(mail.subject).toBe('Ihre Rechnung');
    expect(mail.text?.replace(/\n$/, '')).toBe('Liebe Eva\n\nAnbei die Rechnung.\n\nHerzlich\nAnna');
    expect(mail.attachments[0]!.filename).toBe(`Rechnung-${invoice.number}.pdf`);
  });

  it('keeps every re-send in the history and moves the "sent" flag to the latest', async () => {
    const { invoice } = await issuedInvoice(app, setup, { firstName: 'Rolf', lastName: 'Nochmal', email: 'rolf@example.ch' });
    await app.call('mail.sendInvoice', { invoiceId: invoice.id });
    await app.outbox.drain();
    app.clock.set('2026-11-30T08:15:00Z');
    await app.call('mail.sendInvoice', { invoiceId: invoice.id, to: 'rolf.neu@example.ch' });
    await app.outbox.drain();
    const history = await app.call('mail.invoiceHistory', { invoiceId: invoice.id });
    expect(history.map((h) => [h.state, h.to, h.at])).toEqual([
      ['sent', 'rolf@example.ch', '2026-11-23T10:00:00.000Z'],
      ['sent', 'rolf.neu@example.ch', '2026-11-30T08:15:00.000Z'],
    ]);
    expect(new Set(history.map((h) => h.messageId)).size).toBe(2);
    const [status] = await app.call('mail.invoiceSendStatus', { invoiceIds: [invoice.id] });
    expect(status).toEqual({ invoiceId: invoice.id, sent: true, lastSentAt: '2026-11-30T08:15:00.000Z', lastTo: 'rolf.neu@example.ch', state: 'sent', sendCount: 2 });
    app.clock.set('2026-11-23T10:00:00Z');
  });

  it('a re-send after the invoice texts changed attaches the very bytes sent the first time (the archived document)', async () => {
    const { invoice } = await issuedInvoice(app, setup, { firstName: 'Alt', lastName: 'Rechnung', email: 'alt@example.ch' });
    await app.call('mail.sendInvoice', { invoiceId: invoice.id });
    await app.outbox.drain();
    const first = (await parse(server.received.at(-1)!.raw)).attachments[0]!.content;
    // A later Arnika words the invoice differently; the old invoice does not change with it.
    const label = catalogs.de['doc.paymentTerms'];
    catalogs.de['doc.paymentTerms'] = 'Zahlbar bis {date}, danke.';
    try {
      expect((await renderInvoicePdf(await snapshotOf(invoice.id), { check: false })).equals(first)).toBe(false);
      await app.call('mail.sendInvoice', { invoiceId: invoice.id });
      expect((await app.outbox.drain()).map((r) => r.state)).toEqual(['sent']);
      const again = (await parse(server.received.at(-1)!.raw)).attachments[0]!.content;
      expect(again.equals(first)).toBe(true);
      expect((await pdfOf(invoice.id)).equals(first)).toBe(true);
    } finally {
      catalogs.de['doc.paymentTerms'] = label;
    }
  });

  it('reports "never sent" for an invoice without history', async () => {
    const { invoice } = await issuedInvoice(app, setup, { firstName: 'Nie', lastName: 'Gesendet' });
    expect(await app.call('mail.invoiceSendStatus', { invoiceIds: [invoice.id] })).toEqual([
      { invoiceId: invoice.id, sent: false, lastSentAt: null, lastTo: null, state: null, sendCount: 0 },
    ]);
    expect(await app.call('mail.invoiceHistory', { invoiceId: invoice.id })).toEqual([]);
  });
});

describe('a send profile that was never tested, or whose test failed, is warned about once', () => {
  it('the first email through an untested profile carries the warning; after sending with it anyway, no more; a sent message proves the profile', async () => {
    const untested = await addProfile(app, setup.practice.id, server, { name: 'Ungetestet' });
    expect(untested.check.state).toBe('unchecked');
    const first = await issuedInvoice(app, setup, { firstName: 'Warn', lastName: 'Eins', email: 'warn1@example.ch' });
    const prepared = await app.call('mail.prepareInvoiceEmail', { invoiceId: first.invoice.id, profileId: untested.id });
    expect(prepared.profileWarning).toEqual({ profileName: 'Ungetestet', check: { state: 'unchecked', at: null, code: null, warned: false } });
    const bulk = await app.call('mail.bulkPreflight', { invoiceIds: [first.invoice.id] });
    // The bulk preview goes through the practice's default profile, which sent invoices above: it works.
    expect(bulk.preview?.profileWarning ?? null).toBeNull();
    await app.call('mail.sendInvoice', { invoiceId: first.invoice.id, profileId: untested.id });
    expect((await app.call('mail.prepareInvoiceEmail', { invoiceId: first.invoice.id, profileId: untested.id })).profileWarning).toBeNull();
    // Handed over for real: the profile counts as working now.
    await app.outbox.drain();
    expect((await app.call('mail.listProfiles', { practiceId: setup.practice.id })).find((p) => p.id === untested.id)!.check.state).toBe('ok');

    // A failed test warns again, once.
    const wrong = await addProfile(app, setup.practice.id, server, { name: 'Falsches Passwort' }, 'falsch');
    expect((await app.call('mail.testConnection', { profileId: wrong.id })).ok).toBe(false);
    const again = await app.call('mail.prepareInvoiceEmail', { invoiceId: first.invoice.id, profileId: wrong.id });
    expect(again.profileWarning).toMatchObject({ profileName: 'Falsches Passwort', check: { state: 'failed', code: 'mail.auth_failed' } });
  });
});

describe('what is refused, with a code the UI can translate', () => {
  it('drafts, cancelled invoices, no address, no profile, a second send while one is queued', async () => {
    const patient = await addPatient(app, { firstName: 'Dora', lastName: 'Draft' });
    const c = await app.call('consultations.create', { consultation: { patientId: patient.id, date: '2026-11-10', startTime: '09:00', durationMinutes: 30, items: [{ serviceId: setup.session.id, quantityHundredths: 100 }], notes: '' } });
    const draft = await app.call('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: [c.id] } });
    expect((await app.fail('mail.sendInvoice', { invoiceId: draft.id })).code).toBe('mail.invoice_not_issued');
    expect((await app.fail('mail.prepareInvoiceEmail', { invoiceId: draft.id })).code).toBe('mail.invoice_not_issued');

    const { invoice: cancelled } = await issuedInvoice(app, setup, { firstName: 'Stella', lastName: 'Storno' });
    await app.call('invoices.cancel', { id: cancelled.id, reason: 'Doppelt erfasst' });
    expect((await app.fail('mail.sendInvoice', { invoiceId: cancelled.id })).code).toBe('mail.invoice_cancelled');

    const { invoice: noEmail } = await issuedInvoice(app, setup, { firstName: 'Otto', lastName: 'Ohnemail', email: '' });
    expect((await app.call('mail.prepareInvoiceEmail', { invoiceId: noEmail.id })).to).toBe('');
    expect((await app.fail('mail.sendInvoice', { invoiceId: noEmail.id })).code).toBe('mail.no_recipient_email');

    const other = await setupPractice(app, { name: 'Zweitpraxis', email: 'zweit@example.ch' });
    const { invoice: noProfile } = await issuedInvoice(app, other, { firstName: 'Paul', lastName: 'Profil' });
    expect((await app.call('mail.prepareInvoiceEmail', { invoiceId: noProfile.id })).profileId).toBeNull();
    expect((await app.fail('mail.sendInvoice', { invoiceId: noProfile.id })).code).toBe('mail.no_profile');
    // A profile of another practice is not offered for this invoice.
    expect((await app.fail('mail.sendInvoice', { invoiceId: noProfile.id, profileId })).code).toBe('not_found');

    const { invoice: twice } = await issuedInvoice(app, setup, { firstName: 'Zora', lastName: 'Zweimal' });
    const first = await app.call('mail.sendInvoice', { invoiceId: twice.id });
    expect((await app.fail('mail.sendInvoice', { invoiceId: twice.id })).code).toBe('mail.send_in_progress');
    expect((await app.call('mail.cancelOutbox', { outboxId: first.outboxId })).state).toBe('cancelled');
    expect((await app.fail('mail.cancelOutbox', { outboxId: first.outboxId })).code).toBe('mail.outbox_not_queued');
    expect(await app.outbox.drain()).toEqual([]);

    expect((await app.fail('mail.invoiceHistory', { invoiceId: '00000000-0000-4000-8000-000000000000' })).code).toBe('not_found');
    for (const code of ['mail.invoice_not_issued', 'mail.no_recipient_email', 'mail.no_profile', 'mail.send_in_progress']) {
      expect(translate('de', `error.${code}`)).toMatch(/: Bitte /);
    }
  });
});

describe('checked again when the worker sends', () => {
  it('an invoice cancelled after it was queued is not sent', async () => {
    const { invoice } = await issuedInvoice(app, setup, { firstName: 'Spät', lastName: 'Storniert' });
    const entry = await app.call('mail.sendInvoice', { invoiceId: invoice.id });
    await app.call('invoices.cancel', { id: invoice.id, reason: 'Fehler' });
    const before = server.received.length;
    expect(await app.outbox.drain()).toEqual([{ outboxId: entry.outboxId, state: 'failed', code: 'mail.invoice_cancelled' }]);
    expect(server.received.length).toBe(before);
  });

  it('a PDF that no longer matches the hash pinned at enqueue is a failure, never a different attachment', async () => {
    const { invoice } = await issuedInvoice(app, setup, { firstName: 'Hanna', lastName: 'Hash' });
    const entry = await app.call('mail.sendInvoice', { invoiceId: invoice.id });
    app.db!.prepare('UPDATE outbox SET attachment_sha256 = ? WHERE id = ?').run('0'.repeat(64), entry.outboxId);
    const before = server.received.length;
    expect(await app.outbox.drain()).toEqual([{ outboxId: entry.outboxId, state: 'failed', code: 'mail.attachment_changed' }]);
    expect(server.received.length).toBe(before);
    const [failed] = await app.call('mail.invoiceHistory', { invoiceId: invoice.id });
    expect(failed).toMatchObject({ state: 'failed', attempts: 0, error: { code: 'mail.attachment_changed' } });
    // Not stuck: the invoice can be sent again, with the current PDF.
    await app.call('mail.sendInvoice', { invoiceId: invoice.id });
    expect((await app.outbox.drain())[0]!.state).toBe('sent');
  });

  it('a profile whose stored password is gone fails with mail.no_password before anything is handed over', async () => {
    const { invoice } = await issuedInvoice(app, setup, { firstName: 'Paula', lastName: 'Passwort' });
    const entry = await app.call('mail.sendInvoice', { invoiceId: invoice.id });
    app.db!.prepare('UPDATE mail_profiles SET password_sealed = ? WHERE id = ?').run(Buffer.from([9, 9, 9]), profileId);
    expect(await app.outbox.drain()).toEqual([{ outboxId: entry.outboxId, state: 'failed', code: 'mail.no_password' }]);
    await app.call('mail.saveProfile', { id: profileId, practiceId: setup.practice.id, profile: profileFields(server, { bccSelf: true }), password: account.pass });
  });
});
