/**
 * Sending invoices by email end to end, against a real SMTP server (smtp-server with implicit TLS,
 * a test CA the app trusts through NODE_EXTRA_CA_CERTS): a Gmail-like send profile set up in the
 * UI and one invoice sent from its screen (the server gets exactly one message with the PDF);
 * bulk sending with a pre-flight that names the invoices that cannot go by email; stopping a
 * running batch. Data is set up through the HTTP API. With SHOTS=1 a last test writes screenshots
 * to /tmp/arnika-shots/send-*.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { simpleParser } from 'mailparser';
import { mailUiDe } from '../../src/shared/i18n/mailUi/de.js';
import { sendUiDe } from '../../src/shared/i18n/sendUi/de.js';
import type { BrowserApp } from '../helpers/browserApp.js';
import type { SmtpServerOptions, TestSmtpServer } from '../helpers/smtpServer.js';
import { createPractice, de, dismissToast, expect, nav, openApp, patientFields } from './fixtures.js';
import { test } from './mailFixtures.js';

/** A text of the send screens (German), with {placeholders} filled in. */
function ui(key: keyof typeof sendUiDe, params: Record<string, string | number> = {}): string {
  return sendUiDe[key].replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}
function mailUi(key: keyof typeof mailUiDe, params: Record<string, string | number> = {}): string {
  return mailUiDe[key].replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}


const gmailUser = 'praxis.bergblick@gmail.com';
const appPassword = 'abcd efgh ijkl mnop';
const address = { street: 'Dorfstrasse', houseNumber: '3', postalCode: '3011', town: 'Bern', country: 'CH' };

interface Created {
  id: string;
}
interface IssuedInvoice {
  id: string;
  number: string;
}

/** A practice with one service per session. */
async function setupPractice(app: BrowserApp) {
  const practice = await createPractice(app);
  const service = await app.call<Created>('services.create', {
    practiceId: practice.id,
    service: { code: 'S1', names: { de: 'Physiotherapie Sitzung', fr: '', it: '', en: '' }, unit: 'session', priceMinor: 9_600, vatRateBasisPoints: 0, active: true },
  });
  return { practiceId: practice.id, serviceId: service.id };
}

/** A patient with one consultation on one issued invoice. */
async function issuedInvoiceFor(app: BrowserApp, serviceId: string, patient: Record<string, unknown>, day = 10): Promise<{ patientId: string; invoice: IssuedInvoice }> {
  const p = await app.call<Created>('patients.create', { patient: patientFields({ address, ...patient }) });
  const c = await app.call<Created>('consultations.create', {
    consultation: { patientId: p.id, date: `2026-11-${String(day).padStart(2, '0')}`, startTime: '09:00', durationMinutes: 45, items: [{ serviceId, quantityHundredths: 100 }], notes: '' },
  });
  const draft = await app.call<Created>('invoices.createDraft', { patientId: p.id, draft: { consultationIds: [c.id] } });
  const invoice = await app.call<IssuedInvoice>('invoices.issue', { id: draft.id });
  return { patientId: p.id, invoice };
}

/** A send profile through the API, pointing at the test server (SSL/TLS on its port). */
async function saveProfile(app: BrowserApp, practiceId: string, server: TestSmtpServer, id?: string) {
  return app.call<Created>('mail.saveProfile', {
    ...(id ? { id } : {}),
    practiceId,
    profile: {
      name: 'Praxis', senderName: 'Physiotherapie Bergblick', email: gmailUser, host: 'localhost', port: server.port,
      security: 'tls', authMethod: 'password', username: gmailUser, replyTo: '', bccSelf: false,
    },
    password: appPassword,
  });
}

function tlsServer(smtp: (o: SmtpServerOptions) => Promise<TestSmtpServer>, extra: Partial<SmtpServerOptions> = {}) {
  return smtp({ mode: 'tls', users: { [gmailUser]: appPassword }, ...extra });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function openInvoices(page: Page, app: BrowserApp) {
  await openApp(page, app);
  await nav(page, de('nav.invoices')).click();
  await expect(page.getByRole('heading', { name: de('invoices.title'), level: 1 })).toBeVisible();
}

function bulkDialog(page: Page) {
  return page.getByRole('dialog', { name: ui('sendUi.bulk.title') });
}

/** Rechnungen → alle auswählen → Ausgewählte senden. */
async function startBulk(page: Page, app: BrowserApp, count: number) {
  await openInvoices(page, app);
  await expect(page.getByRole('table').getByRole('row')).toHaveCount(count + 1);
  await page.getByRole('checkbox', { name: de('invoices.selectAll') }).check();
  await page.getByRole('region', { name: de('selection.label') }).getByRole('button', { name: ui('sendUi.bulk.button') }).click();
  const dialog = bulkDialog(page);
  await expect(dialog).toBeVisible();
  return dialog;
}

test('a Gmail-like profile set up in Einstellungen, then one invoice sent from its screen: the server gets it with the PDF', async ({ page, app, smtp }) => {
  const { serviceId } = await setupPractice(app);
  const { invoice } = await issuedInvoiceFor(app, serviceId, { firstName: 'Anna', lastName: 'Müller', email: 'anna@example.ch' });
  const server = await tlsServer(smtp, {
    wrongPasswordReplies: {
      [gmailUser]: { code: 534, lines: ['5.7.9 Application-specific password required. Learn more at', '5.7.9 https://support.google.com/mail/?p=InvalidSecondFactor'] },
    },
  });

  // Einstellungen → E-Mail: the profile, tested with the app password, then with the account password.
  await openApp(page, app);
  await nav(page, de('nav.settings')).click();
  await page.getByRole('link', { name: de('settings.tab.mail'), exact: true }).click();
  await page.getByRole('button', { name: mailUi('mailUi.profiles.add') }).click();
  await page.getByLabel(mailUi('mailUi.form.email'), { exact: true }).fill(gmailUser);
  await page.getByLabel(mailUi('mailUi.form.name'), { exact: true }).fill('Gmail Praxis');
  await page.getByLabel(mailUi('mailUi.form.host'), { exact: true }).fill('localhost');
  await page.getByLabel(mailUi('mailUi.form.port'), { exact: true }).fill(String(server.port));
  await page.getByRole('radio', { name: mailUi('mailUi.form.security.tls') }).check();
  await page.getByLabel(mailUi('mailUi.form.username'), { exact: true }).fill(gmailUser);
  const password = page.getByLabel(mailUi('mailUi.form.password'), { exact: true });
  await password.fill(appPassword);
  const testButton = page.getByRole('button', { name: mailUi('mailUi.test.button') });
  await testButton.click();
  await expect(page.getByText(mailUi('mailUi.test.ok'), { exact: true })).toBeVisible({ timeout: 15_000 });
  await password.fill('mein-google-passwort');
  await testButton.click();
  await expect(page.locator('.result.alert-error')).toContainText(de('error.mail.auth_app_password_required'), { timeout: 15_000 });
  await password.fill(appPassword);
  await page.getByRole('button', { name: de('action.save'), exact: true }).click();
  await expect(page.getByRole('list', { name: mailUi('mailUi.profiles.label') }).getByRole('listitem', { name: 'Gmail Praxis' })).toBeVisible();

  // The patient → Rechnungen → the invoice → Per E-Mail senden.
  await nav(page, de('nav.patients')).click();
  await page.getByRole('link', { name: 'Müller, Anna' }).click();
  await page.getByRole('navigation', { name: de('patient.tabs') }).getByRole('link', { name: de('patient.tab.invoices'), exact: true }).click();
  await page.getByRole('link', { name: invoice.number, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(invoice.number);
  const history = page.getByRole('region', { name: ui('sendUi.history.title') });
  await expect(history).toContainText(ui('sendUi.history.empty'));

  await page.getByRole('button', { name: ui('sendUi.button') }).click();
  const dialog = page.getByRole('dialog', { name: ui('sendUi.title', { number: invoice.number }) });
  await expect(dialog.getByLabel(ui('sendUi.to'), { exact: true })).toHaveValue('anna@example.ch');
  await expect(dialog.getByLabel(ui('sendUi.subject'), { exact: true })).toHaveValue(new RegExp(invoice.number));
  await expect(dialog.getByLabel(ui('sendUi.body'), { exact: true })).toHaveValue(/Anna/);
  const attachmentName = `Rechnung-${invoice.number}.pdf`;
  await expect(dialog.getByText(attachmentName, { exact: true })).toBeVisible();
  await dialog.getByRole('button', { name: ui('sendUi.send'), exact: true }).click();
  await expect(dialog.getByText(ui('sendUi.sent', { to: 'anna@example.ch' }))).toBeVisible({ timeout: 30_000 });
  await dialog.getByRole('button', { name: de('action.close') }).click();
  await expect(dialog).toBeHidden();

  const entry = history.getByRole('listitem', { name: /^per E-Mail an anna@example\.ch am \d\d\.\d\d\.\d{4} \d\d:\d\d$/ });
  await expect(entry).toBeVisible();
  await expect(entry.getByText(ui('sendUi.state.sent'), { exact: true })).toBeVisible();

  // Exactly one message, to Anna, with the invoice's PDF.
  expect(server.received).toHaveLength(1);
  expect(server.received[0]!.rcptTo).toEqual(['anna@example.ch']);
  const mail = await simpleParser(server.received[0]!.raw);
  expect(mail.subject).toContain(invoice.number);
  expect(mail.attachments).toHaveLength(1);
  expect(mail.attachments[0]!.filename).toBe(attachmentName);
  expect(mail.attachments[0]!.content.subarray(0, 4).toString('latin1')).toBe('%PDF');
});

test('what stops a send is said with the way to fix it; a cancelled invoice has no send button', async ({ page, app }) => {
  const { practiceId, serviceId } = await setupPractice(app);
  const { invoice, patientId } = await issuedInvoiceFor(app, serviceId, { firstName: 'Bea', lastName: 'Keller', email: '' });
  await openApp(page, app);
  await page.goto(`${app.origin}#/invoices/${invoice.id}`);
  await page.getByRole('button', { name: ui('sendUi.button') }).click();
  const dialog = page.getByRole('dialog', { name: ui('sendUi.title', { number: invoice.number }) });
  // No send profile yet: the sentence and the link to Einstellungen → E-Mail.
  await expect(dialog.getByRole('alert')).toContainText(de('error.mail.no_profile'));
  await expect(dialog.getByRole('link', { name: ui('sendUi.fixSettings') })).toHaveAttribute('href', '#/settings/mail');
  await dialog.getByRole('button', { name: de('action.close') }).click();

  await app.call('mail.saveProfile', {
    practiceId,
    profile: { name: 'Praxis', senderName: '', email: gmailUser, host: 'localhost', port: 465, security: 'tls', authMethod: 'password', username: gmailUser, replyTo: '', bccSelf: false },
    password: appPassword,
  });
  await page.getByRole('button', { name: ui('sendUi.button') }).click();
  // No address for the patient: said, with the link to the patient; a typed address is checked.
  await expect(dialog.getByRole('alert')).toContainText(de('error.mail.no_recipient_email'));
  await expect(dialog.getByRole('link', { name: ui('sendUi.fixPatient') })).toHaveAttribute('href', `#/patients/${patientId}`);
  await dialog.getByLabel(ui('sendUi.to'), { exact: true }).fill('keine-adresse');
  await dialog.getByRole('button', { name: ui('sendUi.send'), exact: true }).click();
  await expect(dialog.getByLabel(ui('sendUi.to'), { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByText(de('v.email'))).toBeVisible();
  await dialog.getByRole('button', { name: de('action.cancel') }).click();

  await app.call('invoices.cancel', { id: invoice.id, reason: 'Doppelt erfasst' });
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(invoice.number);
  await expect(page.getByRole('button', { name: ui('sendUi.button') })).toHaveCount(0);
});

test('bulk: 20 invoices, the pre-flight names the 5 that cannot go by email, the other 15 arrive', async ({ page, app, smtp }) => {
  test.setTimeout(150_000);
  const { practiceId, serviceId } = await setupPractice(app);
  const server = await tlsServer(smtp);
  await saveProfile(app, practiceId, server);
  const noEmail = new Set([3, 9, 14]);
  const byPost = new Set([6, 17]);
  const expected: string[] = [];
  for (let i = 1; i <= 20; i++) {
    const email = noEmail.has(i) ? '' : `patient${i}@example.ch`;
    await issuedInvoiceFor(app, serviceId, { firstName: `Person${i}`, lastName: `Nummer${String(i).padStart(2, '0')}`, email, invoicesByPost: byPost.has(i) }, i);
    if (!noEmail.has(i) && !byPost.has(i)) expected.push(email);
  }

  const dialog = await startBulk(page, app, 20);
  await expect(dialog.getByText(ui('sendUi.bulk.okCount', { ok: 15, total: 20 }))).toBeVisible({ timeout: 20_000 });
  const problems = dialog.getByRole('list', { name: ui('sendUi.bulk.problems', { count: 5 }) });
  await expect(problems.getByRole('listitem')).toHaveCount(5);
  for (const i of noEmail) await expect(problems.getByRole('listitem', { name: new RegExp(`Nummer${String(i).padStart(2, '0')}.*: ${de('mail.skip.no_email')}$`) })).toBeVisible();
  for (const i of byPost) await expect(problems.getByRole('listitem', { name: new RegExp(`Nummer${String(i).padStart(2, '0')}.*: ${de('mail.skip.wants_post')}$`) })).toBeVisible();

  await dialog.getByRole('button', { name: ui('sendUi.bulk.omitAll') }).click();
  await expect(problems.getByText(ui('sendUi.bulk.omitted'), { exact: true })).toHaveCount(5);
  await dialog.getByRole('button', { name: ui('sendUi.bulk.next') }).click();

  // The first message as it will go out.
  await expect(dialog.getByText(ui('sendUi.bulk.previewOf', { count: 15 }))).toBeVisible();
  await expect(dialog.getByText(/^Rechnung-.+\.pdf$/)).toBeVisible();
  await expect(dialog.getByRole('document', { name: ui('sendUi.body') })).toContainText('Person');
  await dialog.getByRole('button', { name: ui('sendUi.bulk.sendN.other', { count: 15 }) }).click();

  const progress = dialog.getByRole('progressbar', { name: ui('sendUi.bulk.progressLabel') });
  await expect(progress).toHaveAttribute('aria-valuetext', ui('sendUi.bulk.progress', { sent: 15, total: 15 }), { timeout: 60_000 });
  await expect(dialog.getByText(ui('sendUi.bulk.done'), { exact: true })).toBeVisible();
  await expect(dialog.getByRole('list', { name: ui('sendUi.bulk.results') }).getByText(ui('sendUi.state.sent'), { exact: true })).toHaveCount(15);

  expect(server.received).toHaveLength(15);
  expect(server.received.map((m) => m.rcptTo[0]).sort()).toEqual(expected.sort());

  await dialog.getByRole('button', { name: de('action.close') }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: ui('sendUi.bulk.toast.other', { count: 15 }) })).toBeVisible();
});

test('bulk: stopping a running batch sends no more; the server got exactly the ones shown as sent', async ({ page, app, smtp }) => {
  test.setTimeout(120_000);
  const { practiceId, serviceId } = await setupPractice(app);
  // Each message takes the server ~300 ms to answer, so the batch is still running when it is stopped.
  const server = await tlsServer(smtp, { messageReply: async () => { await sleep(300); return null; } });
  await saveProfile(app, practiceId, server);
  for (let i = 1; i <= 10; i++) await issuedInvoiceFor(app, serviceId, { firstName: `Person${i}`, lastName: `Stopp${i}`, email: `stopp${i}@example.ch` }, i);

  const dialog = await startBulk(page, app, 10);
  await expect(dialog.getByText(ui('sendUi.bulk.allOk.other', { total: 10 }))).toBeVisible({ timeout: 20_000 });
  await dialog.getByRole('button', { name: ui('sendUi.bulk.next') }).click();
  await dialog.getByRole('button', { name: ui('sendUi.bulk.sendN.other', { count: 10 }) }).click();

  const progress = dialog.getByRole('progressbar', { name: ui('sendUi.bulk.progressLabel') });
  await expect(progress).toHaveAttribute('aria-valuetext', /^[1-9] von 10 gesendet$/, { timeout: 30_000 });
  // Escape does not stop it silently: it asks.
  await page.keyboard.press('Escape');
  const ask = page.getByRole('dialog', { name: ui('sendUi.bulk.leave.title') });
  await expect(ask).toBeVisible();
  await ask.getByRole('button', { name: ui('sendUi.bulk.cancel') }).click();
  await expect(ask).toBeHidden();
  await expect(dialog.getByText(ui('sendUi.bulk.stopped'), { exact: true })).toBeVisible({ timeout: 20_000 });

  const results = dialog.getByRole('list', { name: ui('sendUi.bulk.results') });
  const sent = await results.getByText(ui('sendUi.state.sent'), { exact: true }).count();
  const cancelled = await results.getByText(ui('sendUi.state.cancelled'), { exact: true }).count();
  expect(sent).toBeGreaterThanOrEqual(1);
  expect(cancelled).toBeGreaterThanOrEqual(1);
  expect(sent + cancelled).toBe(10);
  await expect(progress).toHaveAttribute('aria-valuetext', ui('sendUi.bulk.progress', { sent, total: 10 }));
  await expect(dialog.getByText(`${ui('sendUi.bulk.sum.sent', { count: sent })} · ${ui('sendUi.bulk.sum.cancelled', { count: cancelled })}`)).toBeVisible();
  // The batch is done: nothing of it is queued or on its way any more, so no more can go out.
  // The one in flight when it was stopped finished; nothing after it went out.
  expect(await app.call('mail.listOutbox', { states: ['queued', 'sending'] })).toEqual([]);
  expect(server.received).toHaveLength(sent);
});

test('bulk: a send left to run in the background is shown again when the dialog opens again, and goes on to its end', async ({ page, app, smtp }) => {
  test.setTimeout(120_000);
  const { practiceId, serviceId } = await setupPractice(app);
  // The server holds the second message until the dialog has been opened again.
  let release!: () => void;
  const reopened = new Promise<void>((r) => (release = r));
  let count = 0;
  const server = await tlsServer(smtp, { messageReply: async () => { if (++count === 2) await reopened; return null; } });
  await saveProfile(app, practiceId, server);
  for (let i = 1; i <= 4; i++) await issuedInvoiceFor(app, serviceId, { firstName: `Person${i}`, lastName: `Weiter${i}`, email: `weiter${i}@example.ch` }, i);

  const dialog = await startBulk(page, app, 4);
  await expect(dialog.getByText(ui('sendUi.bulk.allOk.other', { total: 4 }))).toBeVisible({ timeout: 20_000 });
  await dialog.getByRole('button', { name: ui('sendUi.bulk.next') }).click();
  await dialog.getByRole('button', { name: ui('sendUi.bulk.sendN.other', { count: 4 }) }).click();
  const progressOf = (d: typeof dialog) => d.getByRole('progressbar', { name: ui('sendUi.bulk.progressLabel') });
  await expect(progressOf(dialog)).toHaveAttribute('aria-valuetext', ui('sendUi.bulk.progress', { sent: 1, total: 4 }), { timeout: 30_000 });
  await page.keyboard.press('Escape');
  await page.getByRole('dialog', { name: ui('sendUi.bulk.leave.title') }).getByRole('button', { name: ui('sendUi.bulk.leave.background') }).click();
  await expect(dialog).toBeHidden();

  // The list is loaded afresh; "Per E-Mail senden" opens on the batch still running, not on a new check.
  const again = await startBulk(page, app, 4);
  await expect(progressOf(again)).toHaveAttribute('aria-valuetext', ui('sendUi.bulk.progress', { sent: 1, total: 4 }));
  release();
  await expect(progressOf(again)).toHaveAttribute('aria-valuetext', ui('sendUi.bulk.progress', { sent: 4, total: 4 }), { timeout: 30_000 });
  expect(server.received).toHaveLength(4);
});

test.describe('screenshots', () => {
  test.skip(!process.env.SHOTS, 'screenshots only with SHOTS=1');

  test('screenshots of sending (SHOTS=1)', async ({ page, app, smtp }) => {
    test.setTimeout(180_000);
    const dir = '/tmp/arnika-shots';
    mkdirSync(dir, { recursive: true });
    const shot = (name: string) => page.screenshot({ path: join(dir, `send-${name}.png`) });
    await page.setViewportSize({ width: 1280, height: 800 });
    const { practiceId, serviceId } = await setupPractice(app);

    // A server that hangs up in the middle of the message: the send is uncertain.
    const dropping = await tlsServer(smtp, { dataBehaviour: 'drop' });
    const profile = await saveProfile(app, practiceId, dropping);
    const { invoice } = await issuedInvoiceFor(app, serviceId, { salutation: 'ms', firstName: 'Anna', lastName: 'Müller', email: 'anna@example.ch' });
    await openApp(page, app);
    await page.goto(`${app.origin}#/invoices/${invoice.id}`);
    await page.getByRole('button', { name: ui('sendUi.button') }).click();
    const dialog = page.getByRole('dialog', { name: ui('sendUi.title', { number: invoice.number }) });
    await expect(dialog.getByLabel(ui('sendUi.to'), { exact: true })).toHaveValue('anna@example.ch');
    await shot('01-dialog');
    await dialog.getByRole('button', { name: ui('sendUi.send'), exact: true }).click();
    await expect(dialog.getByText(ui('sendUi.uncertain'))).toBeVisible({ timeout: 30_000 });
    await shot('02-dialog-uncertain');
    await dialog.getByRole('button', { name: de('action.close') }).click();
    const history = page.getByRole('region', { name: ui('sendUi.history.title') });
    await history.scrollIntoViewIfNeeded();
    await expect(history.getByRole('button', { name: ui('sendUi.uncertain.mark_sent') })).toBeVisible();
    await shot('03-history-uncertain');

    // The same profile, now at a server that takes each message after ~250 ms.
    const slow = await tlsServer(smtp, { messageReply: async () => { await sleep(250); return null; } });
    await saveProfile(app, practiceId, slow, profile.id);
    await history.getByRole('button', { name: ui('sendUi.uncertain.resend') }).click();
    await expect(history.getByText(ui('sendUi.state.sent'), { exact: true })).toBeVisible({ timeout: 30_000 });
    await page.getByRole('button', { name: ui('sendUi.button') }).click();
    await dialog.getByRole('button', { name: ui('sendUi.send'), exact: true }).click();
    await expect(dialog.getByText(ui('sendUi.sent', { to: 'anna@example.ch' }))).toBeVisible({ timeout: 30_000 });
    await shot('04-dialog-sent');
    await dialog.getByRole('button', { name: de('action.close') }).click();
    await dismissToast(page);
    await history.scrollIntoViewIfNeeded();
    await shot('05-history');

    // Bulk: 11 more invoices, two without an address, one by post.
    for (let i = 1; i <= 11; i++) {
      const email = i === 4 || i === 8 ? '' : `patient${i}@example.ch`;
      await issuedInvoiceFor(app, serviceId, { firstName: ['Lea', 'Marco', 'Sara', 'Jonas', 'Nina', 'Luca', 'Mia', 'Noah', 'Elena', 'Tim', 'Laura'][i - 1], lastName: ['Frei', 'Gerber', 'Huber', 'Kunz', 'Meier', 'Roth', 'Steiner', 'Vogel', 'Weber', 'Zbinden', 'Baumann'][i - 1], email, invoicesByPost: i === 6 }, i + 10);
    }
    const bulk = await startBulk(page, app, 12);
    await expect(bulk.getByText(ui('sendUi.bulk.okCount', { ok: 9, total: 12 }))).toBeVisible({ timeout: 20_000 });
    await shot('06-bulk-check');
    const problems = bulk.getByRole('list', { name: ui('sendUi.bulk.problems', { count: 3 }) });
    await problems.getByRole('listitem').first().getByRole('button', { name: /Stattdessen drucken/ }).click();
    await problems.getByRole('listitem').nth(1).getByRole('button', { name: /Weglassen/ }).click();
    await shot('07-bulk-check-decided');
    await bulk.getByRole('button', { name: ui('sendUi.bulk.next') }).click();
    await shot('08-bulk-preview');
    await bulk.getByRole('button', { name: /Rechnungen senden/ }).click();
    const progress = bulk.getByRole('progressbar', { name: ui('sendUi.bulk.progressLabel') });
    await expect(progress).toHaveAttribute('aria-valuetext', /^[2-5] von/, { timeout: 30_000 });
    await shot('09-bulk-progress');
    await expect(bulk.getByText(ui('sendUi.bulk.done'), { exact: true })).toBeVisible({ timeout: 60_000 });
    await shot('10-bulk-done');
    // The invoice set aside for paper: one PDF (a download here), recorded as sent by post.
    const download = page.waitForEvent('download');
    await bulk.getByRole('button', { name: de('sendUi.print.make') }).click();
    await download;
    await expect(bulk.getByText(de('sendUi.print.done.one', { count: 1 }))).toBeVisible();
    await shot('11-bulk-print');
    await bulk.getByRole('button', { name: de('action.close') }).click();
    await dismissToast(page);
    await shot('12-list');

    // From the patient's invoice list: tick one, "Per E-Mail senden".
    await nav(page, de('nav.patients')).click();
    await page.getByRole('link', { name: 'Müller, Anna' }).click();
    await page.getByRole('navigation', { name: de('patient.tabs') }).getByRole('link', { name: de('patient.tab.invoices'), exact: true }).click();
    await page.getByRole('checkbox', { name: new RegExp(invoice.number) }).check();
    await shot('13-patient-invoices');
    await page.getByRole('region', { name: de('selection.label') }).getByRole('button', { name: ui('sendUi.button') }).click();
    await expect(dialog.getByLabel(ui('sendUi.to'), { exact: true })).toHaveValue('anna@example.ch');
    await shot('14-patient-send');
  });
});
