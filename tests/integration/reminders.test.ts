/**
 * Reminders (Mahnungen) through the API against a real SMTP server: the reminder run lists exactly
 * the invoices due for their next level (days after the due date, the new payment term of the last
 * reminder, the minimum gap), the reminder is an archived document whose QR-bill asks for the open
 * amount plus fee (and interest) with the invoice's own reference, it goes out through the outbox
 * with the PDF attached or is gathered to print, fees are charged to the invoice's account and paid
 * first, a payment that covers the open amount stops the next level, and after the last level the
 * invoice is handed over to debt collection.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { ReminderSettingsFields } from '../../src/shared/contract/reminders.js';
import { addDays } from '../../src/shared/calendar.js';
import { issuedInvoice, setupPractice } from '../helpers/invoicing.js';
import { jobResult, downloadBytes } from '../helpers/jobs.js';
import { account, addProfile, makeMailApp, parse, type MailTestApp } from '../helpers/outboxApp.js';
import { DE_IBAN, decodeQrOnPage, pageCount, parseEpc, parseSwissQr, pdfText, pdfWorkspace, qrCodesInPdf, SWISS_QR_REGION, type PdfWorkspace } from '../helpers/pdf.js';
import { setupTarif590 } from '../helpers/tarif590.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtpServer.js';

let server: TestSmtpServer;
let app: MailTestApp;
let setup: Awaited<ReturnType<typeof setupPractice>>;
let ws: PdfWorkspace;

beforeAll(async () => {
  server = await startSmtpServer({ mode: 'tls', users: { [account.user]: account.pass } });
  ws = await pdfWorkspace();
});
afterAll(async () => {
  await server.close();
  await ws.cleanup();
});
beforeEach(async () => {
  server.received.length = 0;
  app = await makeMailApp();
  setup = await setupPractice(app);
  await addProfile(app, setup.practice.id, server);
});
afterEach(() => app.cleanup());

/** Moves the clock to a day (10:00 UTC). */
const on = (date: string) => app.clock.set(`${date}T10:00:00Z`);

async function withFees(over: Partial<ReminderSettingsFields> = {}) {
  const current = await app.call('reminders.settings', { practiceId: setup.practice.id });
  const { practiceId: _p, resolvedTexts: _r, ...fields } = current;
  return app.call('reminders.saveSettings', { practiceId: setup.practice.id, settings: { ...fields, feesEnabled: true, ...over } });
}

async function run(invoiceIds: string[]) {
  return jobResult(app, await app.call('reminders.run', { invoiceIds }), 'reminders.run');
}

describe('settings', () => {
  test('defaults: a reminder without fee, then two dunning letters; fees and interest off', async () => {
    const s = await app.call('reminders.settings', { practiceId: setup.practice.id });
    expect(s).toMatchObject({ feesEnabled: false, interestEnabled: false, interestRateBasisPoints: 500, minGapDays: 14 });
    expect(s.levels.map((l) => [l.daysAfter, l.feeMinor, l.termDays])).toEqual([[10, 0, 10], [10, 2_000, 10], [10, 3_000, 10]]);
    expect(s.resolvedTexts.map((t) => t.de!.title)).toEqual(['Zahlungserinnerung', '1. Mahnung', '2. Mahnung']);
  });

  test('with fees on, an invoice states the fee terms (a Swiss reminder fee is owed only if agreed)', async () => {
    const before = (await issuedInvoice(app, setup)).invoice;
    await withFees({ interestEnabled: true });
    const after = (await issuedInvoice(app, setup, { firstName: 'Jo', email: 'jo@example.ch' })).invoice;
    const text = async (id: string) => pdfText(await ws.write(Buffer.from((await app.call('invoices.pdf', { id })).contentBase64, 'base64')));
    expect(await text(after.id)).toContain('Bei Zahlungsverzug werden Mahngebühren erhoben: 1. Mahnung CHF 20.00, 2. Mahnung CHF 30.00.');
    expect(await text(after.id)).toContain('Verzugszins von 5 % pro Jahr');
    // An invoice issued before keeps what it printed.
    expect(await text(before.id)).not.toContain('Mahngebühren');
  });
});

describe('the reminder run', () => {
  test('lists an invoice once it is the level’s days past due, not before; a reminder by email carries the PDF whose QR-bill asks for open amount plus fee with the invoice’s reference', async () => {
    await withFees();
    const { invoice } = await issuedInvoice(app, setup);
    expect(invoice.dueDate).toBe('2026-12-23');
    on('2027-01-01');
    expect((await app.call('reminders.preview', {})).items).toEqual([]);
    on('2027-01-02');
    const [candidate] = (await app.call('reminders.preview', {})).items;
    // Level 1 is the friendly reminder: no fee even with fees on.
    expect(candidate).toMatchObject({ invoiceId: invoice.id, level: 1, title: 'Zahlungserinnerung', feeMinor: 0, totalMinor: invoice.totalMinor, newDueDate: '2027-01-12', channel: 'email', daysOverdue: 10 });

    expect(await run([invoice.id])).toMatchObject({ created: 1, emailed: 1, printed: 0, skipped: [], printDownload: null });
    expect((await app.outbox.drain()).map((r) => r.state)).toEqual(['sent']);
    expect(server.received).toHaveLength(1);
    const mail = await parse(server.received[0]!.raw);
    expect(mail.subject).toBe(`Zahlungserinnerung: Rechnung ${invoice.number} von Praxis Arnika`);
    expect(mail.text).toContain(`über CHF ${(invoice.totalMinor / 100).toFixed(2)}, zahlbar bis 12.01.2027`);
    expect(mail.attachments.map((a) => a.filename)).toEqual([`Mahnung-${invoice.number}-M1.pdf`]);
    const reminders = (await app.call('reminders.forInvoice', { invoiceId: invoice.id })).reminders;
    expect(reminders).toEqual([expect.objectContaining({ level: 1, date: '2027-01-02', dueDate: '2027-01-12', deliveries: [expect.objectContaining({ channel: 'email', to: 'anna.mueller@example.ch', state: 'sent' })] })]);
    expect(Buffer.from((await app.call('reminders.pdf', { reminderId: reminders[0]!.id })).contentBase64, 'base64')).toEqual(mail.attachments[0]!.content);

    // Level 2: ten days after the reminder's new due date, with its fee.
    on('2027-01-21');
    expect((await app.call('reminders.preview', {})).items).toEqual([]);
    on('2027-01-22');
    expect((await app.call('reminders.preview', {})).items[0]).toMatchObject({ level: 2, title: '1. Mahnung', feeMinor: 2_000, totalMinor: invoice.totalMinor + 2_000 });
    await run([invoice.id]);
    await app.outbox.drain();
    const second = await parse(server.received[1]!.raw);
    const pdf = await ws.write(second.attachments[0]!.content);
    const qr = parseSwissQr((await decodeQrOnPage(pdf, 1, SWISS_QR_REGION))!);
    expect(qr).toMatchObject({ amount: ((invoice.totalMinor + 2_000) / 100).toFixed(2), referenceType: 'SCOR', reference: invoice.paymentReference, iban: 'CH9300762011623852957' });
    const text = await pdfText(pdf);
    expect(text).toContain('1. Mahnung');
    expect(text).toContain('Mahngebühr');
    expect(text).toContain('Zahlungen werden zuerst an Mahngebühren und Verzugszinsen, dann an den Rechnungsbetrag angerechnet.');
    // The fee is charged to the invoice's account.
    expect((await app.call('payments.forInvoice', { invoiceId: invoice.id })).account).toMatchObject({ chargesMinor: 2_000, openMinor: invoice.totalMinor + 2_000, state: 'overdue' });
  });

  test('a partial payment lowers the next reminder, and covers the fee first; a payment of the rest stops the next level', async () => {
    await withFees();
    const { invoice } = await issuedInvoice(app, setup);
    on('2027-01-02');
    await run([invoice.id]);
    on('2027-01-22');
    await run([invoice.id]);
    await app.call('payments.record', { date: '2027-01-25', method: 'transfer', note: '', allocations: [{ invoiceId: invoice.id, amountMinor: 5_000 }] });
    const { account: acc } = await app.call('payments.forInvoice', { invoiceId: invoice.id });
    // Fees and interest first: the 20.00 fee is paid, 30.00 went to the invoice amount.
    expect(acc).toMatchObject({ paidMinor: 5_000, openChargesMinor: 0, openPrincipalMinor: invoice.totalMinor - 3_000, openMinor: invoice.totalMinor + 2_000 - 5_000 });
    on('2027-02-11');
    const [next] = (await app.call('reminders.preview', {})).items;
    expect(next).toMatchObject({ level: 3, openMinor: invoice.totalMinor - 3_000, feeMinor: 3_000, totalMinor: invoice.totalMinor - 3_000 + 3_000 });
    await app.call('payments.record', { date: '2027-02-11', method: 'transfer', note: '', allocations: [{ invoiceId: invoice.id, amountMinor: invoice.totalMinor - 3_000 }] });
    expect((await app.call('reminders.preview', {})).items).toEqual([]);
    expect(await run([invoice.id])).toMatchObject({ created: 0, skipped: [{ invoiceId: invoice.id, reason: 'reminders.not_open' }] });
  });

  test('a German practice billing in EUR: the reminder carries a GiroCode for open amount plus fee, and no Swiss QR-bill', async () => {
    setup = await setupPractice(app, {
      name: 'Praxis Berlin', currency: 'EUR', iban: DE_IBAN, address: { street: 'Invalidenstraße', houseNumber: '117', postalCode: '10115', town: 'Berlin', country: 'DE' },
    });
    await withFees();
    const { invoice } = await issuedInvoice(app, setup);
    for (const day of ['2027-01-02', '2027-01-22']) {
      on(day);
      expect((await run([invoice.id])).created).toBe(1);
    }
    const second = (await app.call('reminders.forInvoice', { invoiceId: invoice.id })).reminders.find((r) => r.level === 2)!;
    const pdf = await ws.write(Buffer.from((await app.call('reminders.pdf', { reminderId: second.id })).contentBase64, 'base64'));
    const codes = await qrCodesInPdf(pdf);
    expect(codes).toHaveLength(1);
    expect(parseEpc(codes[0]!)).toMatchObject({
      serviceTag: 'BCD', identification: 'SCT', iban: DE_IBAN.replace(/ /g, ''), name: 'Praxis Berlin',
      amount: `EUR${((invoice.totalMinor + 2_000) / 100).toFixed(2)}`, unstructuredRemittance: `Rechnung ${invoice.number}`,
    });
    const text = await pdfText(pdf);
    expect(text).toContain('Mahngebühr');
    expect(text).not.toContain('Zahlteil');
  });

  test('default interest, when on, runs per day from the due date on the open invoice amount', async () => {
    await withFees({ feesEnabled: false, interestEnabled: true });
    const { invoice } = await issuedInvoice(app, setup);
    on('2027-02-10');
    const [c] = (await app.call('reminders.preview', {})).items;
    // 49 days at 5 % a year on the invoice amount, to the 5 Rappen.
    const exact = (invoice.totalMinor * 500 * 49) / (10_000 * 365);
    expect(c!.interestMinor).toBe(Math.round(Math.round(exact) / 5) * 5);
    expect(c!.totalMinor).toBe(invoice.totalMinor + c!.interestMinor);
  });

  test('a patient who wants post gets the reminder gathered to print; the post history says so', async () => {
    const { invoice } = await issuedInvoice(app, setup, { invoicesByPost: true });
    on('2027-01-02');
    expect((await app.call('reminders.preview', {})).items[0]).toMatchObject({ channel: 'post', postReason: 'wants_post' });
    const result = await run([invoice.id]);
    expect(result).toMatchObject({ created: 1, emailed: 0, printed: 1 });
    const bytes = await downloadBytes(app, result.printDownload!);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const [reminder] = (await app.call('reminders.forInvoice', { invoiceId: invoice.id })).reminders;
    expect(reminder!.deliveries).toEqual([expect.objectContaining({ channel: 'post', state: 'printed' })]);
    expect(server.received).toHaveLength(0);
  });

  test('after the last level: handed over to collection, kept out of further runs; the archive refuses changes', async () => {
    const { invoice } = await issuedInvoice(app, setup);
    expect((await app.fail('reminders.handOver', { invoiceId: invoice.id, note: '' })).code).toBe('reminders.not_after_last_level');
    for (const day of ['2027-01-02', '2027-01-22', '2027-02-11']) {
      on(day);
      expect((await run([invoice.id])).created).toBe(1);
    }
    on(addDays('2027-02-11', 40));
    expect((await app.call('reminders.preview', {})).items).toEqual([]);
    const state = await app.call('reminders.forInvoice', { invoiceId: invoice.id });
    expect(state.reminders.map((r) => r.title)).toEqual(['Zahlungserinnerung', '1. Mahnung', '2. Mahnung']);
    expect(state.canHandOver).toBe(true);
    await app.call('reminders.handOver', { invoiceId: invoice.id, note: 'Betreibung eingeleitet' });
    expect((await app.call('reminders.forInvoice', { invoiceId: invoice.id })).handover).toMatchObject({ note: 'Betreibung eingeleitet' });
    expect(() => app.db!.prepare('UPDATE reminders SET fee_minor = 0').run()).toThrow(/never changed/);
    expect(() => app.db!.prepare("DELETE FROM documents WHERE kind = 'reminder'").run()).toThrow(/never deleted/);
  });
});

describe('a reminder of a Tarif 590 invoice', () => {
  test('is the form again, with the reminder date and number, the fee as its own line, what was paid, and a QR-bill for open amount plus fee', async () => {
    const s = await setupTarif590(app);
    const current = await app.call('reminders.settings', { practiceId: s.practice.id });
    const { practiceId: _p, resolvedTexts: _r, ...fields } = current;
    await app.call('reminders.saveSettings', { practiceId: s.practice.id, settings: { ...fields, feesEnabled: true } });
    const c = await s.consult(s.anna.id, s.t1001.id, '2026-11-10');
    const draft = await app.call('invoices.createDraft', { patientId: s.patient.id, draft: { consultationIds: [c.id] } });
    await app.call('invoices.issue', { id: draft.id });
    const invoice = await app.call('invoices.get', { id: draft.id });
    expect(invoice.form).toBe('tarif590');
    on('2027-01-02');
    await run([invoice.id]);
    await app.call('payments.record', { date: '2027-01-05', method: 'transfer', note: '', allocations: [{ invoiceId: invoice.id, amountMinor: 5_000 }] });
    on('2027-01-22');
    await run([invoice.id]);
    const reminders = (await app.call('reminders.forInvoice', { invoiceId: invoice.id })).reminders;
    const second = reminders.find((r) => r.level === 2)!;
    const pdf = await ws.write(Buffer.from((await app.call('reminders.pdf', { reminderId: second.id })).contentBase64, 'base64'));
    const text = await pdfText(pdf);
    expect(text).toContain('Rückforderungsbeleg');
    expect(text).toMatch(/Mahndatum \/ -nr\.\s+22\.01\.2027/);
    expect(text).toContain(`${invoice.number}-M2`);
    expect(text).toMatch(/22\.01\.2027\s+1\s+20\.00\s+20\.00/);
    expect(text).toContain('Mahngebühr');
    // 120.00 + 20.00 fee - 50.00 paid = 90.00 due: the form's figures add up.
    expect(text).toMatch(/Bereits bezahlt\s+50\.00/);
    const open = invoice.totalMinor - 5_000;
    expect(text).toMatch(new RegExp(`Fälliger Betrag\\s+${((open + 2_000) / 100).toFixed(2).replace('.', '\\.')}`));
    const qr = parseSwissQr((await decodeQrOnPage(pdf, await pageCount(pdf), SWISS_QR_REGION))!);
    expect(qr).toMatchObject({ amount: ((open + 2_000) / 100).toFixed(2), reference: invoice.paymentReference });
  });
});
