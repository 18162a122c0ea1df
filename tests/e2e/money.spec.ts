/**
 * Money in, end to end in Chromium against the built app and a real SMTP server (implicit TLS, a
 * test CA trusted through NODE_EXTRA_CA_CERTS): three invoices issued, a camt.054 with one batch of
 * two full payments and one partial read through "Bankdatei einlesen", the green lines booked in one
 * click and the partial one by its row: paid, paid, partly paid. A reversal file turns one invoice
 * back to open. Fees switched on in Mahnwesen; the Mahnlauf sends a reminder for an overdue invoice
 * by email, the server receives it with the PDF, and the QR code decoded from that PDF asks for the
 * open amount plus the fee with the invoice's own reference. A payment then stops the next level.
 * With SHOTS=1, screenshots of Zahlungen, the preview, Offene Posten and Mahnwesen go to
 * /tmp/arnika-shots/money-*.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { simpleParser } from 'mailparser';
import { addDays } from '../../src/shared/calendar.js';
import { todayIso } from '../../src/shared/dates.js';
import { formatMoneyWithCurrency } from '../../src/shared/money.js';
import type { BrowserApp } from '../helpers/browserApp.js';
import { buildCamt, nextBankRef, paymentOf } from '../helpers/camt.js';
import { decodeQrOnPage, parseSwissQr, pdfWorkspace, SWISS_QR_REGION } from '../helpers/pdf.js';
import type { TestSmtpServer } from '../helpers/smtpServer.js';
import { createPractice, de, dismissToast, expect, nav, openApp, patientFields } from './fixtures.js';
import { test } from './mailFixtures.js';

const account = 'CH9300762011623852957';
const user = 'praxis.bergblick@gmail.com';
const password = 'abcd efgh ijkl mnop';
const shots = process.env.SHOTS ? '/tmp/arnika-shots' : null;
const shot = async (page: Page, name: string) => {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, `money-${name}.png`) });
};

interface Issued {
  id: string;
  number: string;
  totalMinor: number;
  paymentReference: string;
}

async function setup(app: BrowserApp, server: TestSmtpServer) {
  const practice = await createPractice(app);
  const service = await app.call<{ id: string }>('services.create', {
    practiceId: practice.id,
    service: { code: '7301', names: { de: 'Physiotherapie Sitzung', fr: '', it: '', en: '' }, unit: 'session', priceMinor: 9_600, vatRateBasisPoints: 0, active: true },
  });
  await app.call('mail.saveProfile', {
    practiceId: practice.id,
    profile: { name: 'Praxis', senderName: 'Physiotherapie Bergblick', email: user, host: 'localhost', port: server.port, security: 'tls', authMethod: 'password', username: user, replyTo: '', bccSelf: false },
    password,
  });
  const issue = async (firstName: string, lastName: string, date: string, sessions = 1): Promise<Issued> => {
    const p = await app.call<{ id: string }>('patients.create', {
      patient: patientFields({ firstName, lastName, email: `${firstName.toLowerCase()}@example.ch`, address: { street: 'Dorfstrasse', houseNumber: '3', postalCode: '3011', town: 'Bern', country: 'CH' } }),
    });
    const ids: string[] = [];
    for (let i = 0; i < sessions; i++) {
      ids.push((await app.call<{ id: string }>('consultations.create', { consultation: { patientId: p.id, date, startTime: `0${8 + i}:00`, durationMinutes: 45, items: [{ serviceId: service.id, quantityHundredths: 100 }], notes: '' } })).id);
    }
    const draft = await app.call<{ id: string }>('invoices.createDraft', { patientId: p.id, draft: { consultationIds: ids, invoiceDate: date } });
    return app.call<Issued>('invoices.issue', { id: draft.id });
  };
  return { practiceId: practice.id, issue };
}

/** Hands the XML to the page's file input as the user would pick it. */
async function readFile(page: Page, xml: string, name: string) {
  await nav(page, de('nav.payments')).click();
  await page.getByTestId('bank-file-input').setInputFiles({ name, mimeType: 'application/xml', buffer: Buffer.from(xml) });
  await expect(page.getByRole('heading', { level: 1, name: de('bank.preview') })).toBeVisible({ timeout: 20_000 });
}

const stateOf = async (app: BrowserApp, invoice: Issued) => (await app.call<{ account: { state: string } }>('payments.forInvoice', { invoiceId: invoice.id })).account.state;

test('bank file → green and partial booked → reversal → reminder by email with the right QR → a payment stops the next level', async ({ page, app, smtp }) => {
  test.setTimeout(150_000);
  const server = await smtp({ mode: 'tls', users: { [user]: password } });
  const { issue } = await setup(app, server);
  const today = todayIso();
  const [a, b, c] = [await issue('Anna', 'Müller', today), await issue('Beat', 'Keller', today, 2), await issue('Chantal', 'Rochat', today)];
  const overdue = await issue('Daniel', 'Brunner', addDays(today, -60));
  const money = (minor: number) => formatMoneyWithCurrency(minor, 'CHF', 'de');

  await openApp(page, app);
  // One batch entry: two full payments and one partial, as the bank notifies them.
  const creditA = paymentOf(a, a.totalMinor);
  const batch = buildCamt({ message: 'camt.054', version: '08', account, entries: [{ transactions: [creditA, paymentOf(b, b.totalMinor), paymentOf(c, 5_000)] }] });
  await readFile(page, batch, 'camt054-2026.xml');
  const groups = page.getByRole('list', { name: de('bank.groups') });
  await expect(groups.getByRole('listitem').filter({ hasText: de('bank.group.full') })).toContainText('2 Buchungen');
  await expect(groups.getByRole('listitem').filter({ hasText: de('bank.group.partial') })).toContainText('eine Buchung');
  await shot(page, '02-bank-preview');
  await page.getByRole('button', { name: 'Grüne verbuchen (2)' }).click();
  await expect(page.getByText('2 Zahlungen verbucht.')).toBeVisible({ timeout: 20_000 });
  const partialRow = page.getByRole('table', { name: de('bank.linesTable') }).getByRole('row').filter({ hasText: c.number });
  await partialRow.getByRole('button', { name: de('bank.bookLine') }).click();
  await expect(partialRow.getByText(de('bank.lineIsBooked'))).toBeVisible();
  expect([await stateOf(app, a), await stateOf(app, b), await stateOf(app, c)]).toEqual(['paid', 'paid', 'partly_paid']);
  await dismissToast(page);
  await nav(page, de('nav.payments')).click();
  await expect(page.getByRole('table', { name: de('payments.journal') }).getByRole('row')).toHaveCount(4);
  await shot(page, '01-payments');

  // Offene Posten: the partly paid one and the overdue one; the paid ones are gone.
  await nav(page, de('nav.openItems')).click();
  const open = page.getByRole('table', { name: de('nav.openItems') });
  await expect(open.getByRole('row').filter({ hasText: c.number })).toContainText(de('payments.state.partly_paid'));
  await expect(open.getByRole('row').filter({ hasText: overdue.number })).toContainText(de('payments.state.overdue'));
  await expect(open.getByRole('row').filter({ hasText: a.number })).toHaveCount(0);
  await shot(page, '03-open-items');

  // The bank takes A's credit back: the reversal undoes that payment.
  const reversal = buildCamt({ message: 'camt.054', version: '04', account, entries: [{ reversal: true, transactions: [{ ...creditA, bankRef: nextBankRef('RVSL') }] }] });
  await readFile(page, reversal, 'camt054-rueckbuchung.xml');
  await page.getByRole('button', { name: de('bank.bookReversals.one') }).click();
  await expect(page.getByText('Eine Zahlung verbucht.')).toBeVisible({ timeout: 20_000 });
  expect(await stateOf(app, a)).toBe('open');

  // Mahnwesen: fees on, CHF 5.00 already for the first level.
  await nav(page, de('nav.reminders')).click();
  await expect(page.getByText(de('payments.allocationRule'))).toBeVisible();
  const tabs = page.getByRole('navigation', { name: de('nav.reminders') });
  await tabs.getByRole('link', { name: de('reminders.tab.settings') }).click();
  await page.getByLabel(de('reminders.settings.fees')).check();
  await page.getByRole('group', { name: 'Stufe 1' }).getByLabel('Gebühr (CHF)').fill('5.00');
  await page.getByRole('button', { name: de('action.save'), exact: true }).click();
  await expect(page.getByText(de('reminders.settings.saved'))).toBeVisible();
  await shot(page, '05-reminder-settings');

  await tabs.getByRole('link', { name: de('reminders.tab.run') }).click();
  const run = page.getByRole('table', { name: de('reminders.run.title') });
  const row = run.getByRole('row').filter({ hasText: overdue.number });
  await expect(row).toContainText(money(500));
  await expect(row).toContainText(money(overdue.totalMinor + 500));
  await expect(run.getByRole('row')).toHaveCount(2);
  await shot(page, '04-reminder-run');
  // The next level would come 20 days after this one's new due date.
  const later = addDays(today, 45);
  await page.getByRole('button', { name: de('reminders.run.submit.one') }).click();
  await expect(page.getByText('1 erstellt: 1 per E-Mail im Postausgang, 0 zum Drucken.')).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => server.received.length, { timeout: 30_000 }).toBe(1);

  const mail = await simpleParser(server.received[0]!.raw);
  expect(server.received[0]!.rcptTo).toEqual(['daniel@example.ch']);
  expect(mail.subject).toBe(`Zahlungserinnerung: Rechnung ${overdue.number} von Physiotherapie Bergblick`);
  expect(mail.attachments.map((x) => x.filename)).toEqual([`Mahnung-${overdue.number}-M1.pdf`]);
  const ws = await pdfWorkspace();
  try {
    const qr = parseSwissQr((await decodeQrOnPage(await ws.write(mail.attachments[0]!.content), 1, SWISS_QR_REGION))!);
    expect(qr).toMatchObject({ amount: ((overdue.totalMinor + 500) / 100).toFixed(2), currency: 'CHF', referenceType: 'SCOR', reference: overdue.paymentReference, iban: account });
  } finally {
    await ws.cleanup();
  }

  // The invoice says so; the next level is planned…
  await page.goto(`${app.url.split('#')[0]}#/invoices/${overdue.id}`);
  const history = page.getByRole('region', { name: de('reminders.invoice.title') });
  await expect(history).toContainText(`Zahlungserinnerung am ${todayIso().split('-').reverse().join('.')}`);
  await expect(history).toContainText('per E-Mail an daniel@example.ch');
  const planned = await app.call<{ items: { invoiceId: string; level: number }[] }>('reminders.preview', { date: later });
  expect(planned.items.filter((i) => i.invoiceId === overdue.id)).toEqual([expect.objectContaining({ level: 2 })]);

  // …until the payment of what the reminder asked for arrives.
  await page.getByRole('button', { name: de('payments.record'), exact: true }).click();
  const dialog = page.getByRole('dialog', { name: de('payments.recordTitle', { number: overdue.number }) });
  await expect(dialog.getByLabel('Betrag (CHF)')).toHaveValue(((overdue.totalMinor + 500) / 100).toFixed(2));
  await dialog.getByRole('button', { name: de('payments.recordSubmit') }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('region', { name: de('payments.invoice.title') })).toContainText(de('payments.state.paid'));
  await shot(page, '06-invoice-payments');
  expect((await app.call<{ items: { invoiceId: string }[] }>('reminders.preview', { date: later })).items.filter((i) => i.invoiceId === overdue.id)).toEqual([]);
});

test('"Bar bezahlt" on a draft issues the draft, books the cash and shows the receipt to print or save; the patient screen shows what is owed and what is in credit', async ({ page, app }) => {
  test.setTimeout(90_000);
  const practice = await createPractice(app);
  const service = await app.call<{ id: string }>('services.create', {
    practiceId: practice.id,
    service: { code: '7301', names: { de: 'Physiotherapie Sitzung', fr: '', it: '', en: '' }, unit: 'session', priceMinor: 9_600, vatRateBasisPoints: 0, active: true },
  });
  const patient = await app.call<{ id: string }>('patients.create', {
    patient: patientFields({ firstName: 'Erika', lastName: 'Graf', address: { street: 'Dorfstrasse', houseNumber: '3', postalCode: '3011', town: 'Bern', country: 'CH' } }),
  });
  const today = todayIso();
  const draftOf = async (startTime: string) => {
    const c = await app.call<{ id: string }>('consultations.create', { consultation: { patientId: patient.id, date: today, startTime, durationMinutes: 45, items: [{ serviceId: service.id, quantityHundredths: 100 }], notes: '' } });
    return app.call<{ id: string }>('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: [c.id], invoiceDate: today } });
  };
  // Earlier invoices: one paid in part (owed), one paid CHF 5.00 too much (credit).
  const owed = await app.call<Issued>('invoices.issue', { id: (await draftOf('08:00')).id });
  const over = await app.call<Issued>('invoices.issue', { id: (await draftOf('09:00')).id });
  const record = (invoiceId: string, amountMinor: number) => app.call('payments.record', { date: today, method: 'transfer', note: '', allocations: [{ invoiceId, amountMinor }] });
  await record(owed.id, 4_000);
  await record(over.id, over.totalMinor + 500);
  const draft = await draftOf('10:00');

  await openApp(page, app);
  await page.goto(`${app.url.split('#')[0]}#/invoices/${draft.id}`);
  await page.getByRole('button', { name: de('payments.cash.button') }).click();
  const dialog = page.getByRole('dialog', { name: de('payments.cash.title') });
  await expect(dialog).toContainText(de('payments.cash.body', { amount: formatMoneyWithCurrency(9_600, 'CHF', 'de') }));
  await dialog.getByRole('button', { name: de('payments.cash.confirm') }).click();
  // The receipt is shown in the viewer, to print or save.
  const viewer = page.getByRole('dialog', { name: /^Quittung-.+\.pdf$/ });
  await expect(viewer.locator('.textLayer').first()).toContainText('Quittung');
  const downloading = page.waitForEvent('download');
  await viewer.getByRole('link', { name: de('pdf.save') }).click();
  const receipt = await downloading;
  expect(receipt.suggestedFilename()).toMatch(/^Quittung-.+\.pdf$/);
  await viewer.getByRole('button', { name: de('action.close') }).click();
  await expect(viewer).toBeHidden();
  await expect(page.getByText(de('payments.cash.done'))).toBeVisible();
  const payments = page.getByRole('region', { name: de('payments.invoice.title') });
  await expect(payments).toContainText(de('payments.state.paid'));
  await expect(payments.getByRole('table', { name: de('payments.invoice.entries') })).toContainText(de('payments.method.cash'));
  const issued = await app.call<{ status: string; number: string }>('invoices.get', { id: draft.id });
  expect(issued.status).toBe('issued');

  // The patient's screen: what they owe (the rest of the first invoice) and their credit.
  await page.goto(`${app.url.split('#')[0]}#/patients/${patient.id}/invoices`);
  const figures = page.locator(`dl[aria-label="${de('payments.balance.title')}"]`);
  await expect(figures).toContainText(`${de('payments.balance.owes')}${formatMoneyWithCurrency(owed.totalMinor - 4_000, 'CHF', 'de')}`);
  await expect(figures).toContainText(`${de('payments.balance.credit')}${formatMoneyWithCurrency(500, 'CHF', 'de')}`);
  await shot(page, '07-patient-balance');
});

test('"Bar bezahlt" right from the ticked consultations: issued, booked as cash and the receipt shown in one step; one that cannot be issued yet opens its draft saying what is missing, nothing booked', async ({ page, app }) => {
  test.setTimeout(90_000);
  const practice = await createPractice(app);
  const service = await app.call<{ id: string }>('services.create', {
    practiceId: practice.id,
    service: { code: '7301', names: { de: 'Physiotherapie Sitzung', fr: '', it: '', en: '' }, unit: 'session', priceMinor: 9_600, vatRateBasisPoints: 0, active: true },
  });
  const today = todayIso();
  const consultationOf = (patientId: string) =>
    app.call<{ id: string }>('consultations.create', { consultation: { patientId, date: today, startTime: '10:00', durationMinutes: 45, items: [{ serviceId: service.id, quantityHundredths: 100 }], notes: '' } });
  const ruth = await app.call<{ id: string }>('patients.create', {
    patient: patientFields({ firstName: 'Ruth', lastName: 'Bar', address: { street: 'Dorfstrasse', houseNumber: '3', postalCode: '3011', town: 'Bern', country: 'CH' } }),
  });
  await consultationOf(ruth.id);

  await openApp(page, app);
  await page.goto(`${app.url.split('#')[0]}#/patients/${ruth.id}/consultations`);
  await page.getByRole('checkbox', { name: de('consultations.select', { date: formatDateDe(today), time: '10:00' }) }).check();
  await shot(page, '08-consultations-cash');
  await page.getByRole('button', { name: de('payments.cash.button') }).click();
  const dialog = page.getByRole('dialog', { name: de('payments.cash.title') });
  await expect(dialog).toContainText(de('payments.cash.body', { amount: formatMoneyWithCurrency(9_600, 'CHF', 'de') }));
  await dialog.getByRole('button', { name: de('payments.cash.confirm') }).click();
  const viewer = page.getByRole('dialog', { name: /^Quittung-.+\.pdf$/ });
  await expect(viewer.locator('.textLayer').first()).toContainText('Quittung');
  await viewer.getByRole('button', { name: de('action.close') }).click();
  await expect(page.getByText(de('payments.cash.done'))).toBeVisible();
  const [invoice] = (await app.call<{ items: { id: string; status: string }[] }>('invoices.list', { patientId: ruth.id, status: 'all' })).items;
  expect(invoice!.status).toBe('issued');
  expect((await app.call<{ account: { state: string } }>('payments.forInvoice', { invoiceId: invoice!.id })).account.state).toBe('paid');

  // A patient without an address: the invoice cannot be issued; its draft opens and says why, and nothing is booked.
  const noAddress = await app.call<{ id: string }>('patients.create', {
    patient: patientFields({ firstName: 'Otto', lastName: 'Ohneadresse', address: { street: '', houseNumber: '', postalCode: '', town: '', country: 'CH' } }),
  });
  await consultationOf(noAddress.id);
  await page.goto(`${app.url.split('#')[0]}#/patients/${noAddress.id}/consultations`);
  await page.getByRole('checkbox', { name: de('consultations.select', { date: formatDateDe(today), time: '10:00' }) }).check();
  await page.getByRole('button', { name: de('payments.cash.button') }).click();
  await page.getByRole('dialog', { name: de('payments.cash.title') }).getByRole('button', { name: de('payments.cash.confirm') }).click();
  await expect(page.getByText(de('payments.cash.notIssued'))).toBeVisible();
  await expect(page).toHaveURL(/#\/invoices\//);
  const [draft] = (await app.call<{ items: { id: string; status: string }[] }>('invoices.list', { patientId: noAddress.id, status: 'all' })).items;
  expect(draft!.status).toBe('draft');
  expect((await app.call<{ total: number }>('payments.list', {})).total).toBe(1);
});

function formatDateDe(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}
