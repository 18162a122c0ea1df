/**
 * Mail settings end to end: a send profile set up against a real SMTP server (smtp-server with TLS,
 * a test CA trusted by the app through NODE_EXTRA_CA_CERTS, a Gmail-like account that takes its app
 * password and answers the account password with the real "534-5.7.9 Application-specific password
 * required"), provider detection from the built-in table, and the email templates editor.
 * With SHOTS=1 a last test writes screenshots to /tmp/arnika-shots/mail-*.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { mailUiDe } from '../../src/shared/i18n/mailUi/de.js';
import type { BrowserApp } from '../helpers/browserApp.js';
import { startSilentServer, type SmtpServerOptions, type TestSmtpServer } from '../helpers/smtpServer.js';
import { createPractice, de, dismissToast, expect, nav, openApp } from './fixtures.js';
import { test } from './mailFixtures.js';

/** A text of the mail screens (German), with {placeholders} filled in. */
function ui(key: keyof typeof mailUiDe, params: Record<string, string | number> = {}): string {
  return mailUiDe[key].replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}


const gmailUser = 'praxis.bergblick@gmail.com';
const appPassword = 'abcd efgh ijkl mnop';
/** What Gmail answers when a mail program logs in with the Google account password. */
const gmailAppPasswordReply = {
  code: 534,
  lines: ['5.7.9 Application-specific password required. Learn more at', '5.7.9 https://support.google.com/mail/?p=InvalidSecondFactor'],
};

function gmailLikeServer(smtp: (o: SmtpServerOptions) => Promise<TestSmtpServer>) {
  return smtp({
    mode: 'tls',
    users: { [gmailUser]: appPassword },
    wrongPasswordReplies: { [gmailUser]: gmailAppPasswordReply },
  });
}

async function openMailSettings(page: Page, app: BrowserApp) {
  await openApp(page, app);
  await nav(page, de('nav.settings')).click();
  await page.getByRole('link', { name: de('settings.tab.mail'), exact: true }).click();
  await expect(page.getByRole('heading', { name: ui('mailUi.settings.title'), level: 2 })).toBeVisible();
}

async function openTemplates(page: Page, app: BrowserApp) {
  await openApp(page, app);
  await nav(page, de('nav.settings')).click();
  await page.getByRole('link', { name: de('settings.tab.email-templates'), exact: true }).click();
  await expect(page.getByRole('heading', { name: ui('mailUi.templates.title'), level: 2 })).toBeVisible();
}

/** The form's fields, found the way a person finds them: by their labels. */
function profileForm(page: Page) {
  return {
    email: page.getByLabel(ui('mailUi.form.email'), { exact: true }),
    name: page.getByLabel(ui('mailUi.form.name'), { exact: true }),
    host: page.getByLabel(ui('mailUi.form.host'), { exact: true }),
    port: page.getByLabel(ui('mailUi.form.port'), { exact: true }),
    tls: page.getByRole('radio', { name: ui('mailUi.form.security.tls') }),
    starttls: page.getByRole('radio', { name: ui('mailUi.form.security.starttls') }),
    username: page.getByLabel(ui('mailUi.form.username'), { exact: true }),
    password: page.getByLabel(ui('mailUi.form.password'), { exact: true }),
    detect: page.getByRole('button', { name: ui('mailUi.form.detect') }),
    test: page.getByRole('button', { name: ui('mailUi.test.button') }),
    save: page.getByRole('button', { name: de('action.save'), exact: true }),
  };
}

/** The preview's example invoice number, in the practice's own format ({YYYY}-{NNNNN}, the default). */
const sampleNumber = `${new Date().getFullYear()}-00001`;

test('a Gmail-like profile: the app password connects, the account password gets the app-password message, saved with its password', async ({ page, app, smtp }) => {
  await createPractice(app);
  const server = await gmailLikeServer(smtp);
  await openMailSettings(page, app);
  await expect(page.getByRole('heading', { name: ui('mailUi.profiles.empty') })).toBeVisible();
  await page.getByRole('button', { name: ui('mailUi.profiles.add') }).click();

  const f = profileForm(page);
  await expect(f.email).toBeFocused();
  await f.email.fill(gmailUser);
  await f.name.fill('Gmail Praxis');
  await f.host.fill('localhost');
  await f.port.fill(String(server.port));
  await f.tls.check();
  await f.username.fill(gmailUser);
  await f.password.fill(appPassword);

  // Verbindung testen works on the unsaved form.
  await f.test.click();
  await expect(page.getByText(ui('mailUi.test.ok'), { exact: true })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText(ui('mailUi.test.okBody', { host: 'localhost' }))).toBeVisible();
  await expect(f.test).toBeEnabled();
  expect(server.logins).toEqual([{ method: 'PLAIN', username: gmailUser }]);

  // The normal Google password: the server's 534-5.7.9, told as "needs an app password".
  await f.password.fill('mein-google-passwort');
  await f.test.click();
  const failure = page.locator('.result.alert-error');
  await expect(failure).toBeVisible({ timeout: 15_000 });
  await expect(failure).toContainText(ui('mailUi.test.failed'));
  await expect(failure).toContainText(de('error.mail.auth_app_password_required'));
  expect(de('error.mail.auth_app_password_required')).toContain('App-Passwort');
  // The server's own words, in the smaller details line.
  await expect(failure.locator('.result-details')).toContainText(`${ui('mailUi.test.details')}: 534-5.7.9 Application-specific password required`);
  // The password never shows up in the details.
  await expect(failure).not.toContainText('mein-google-passwort');
  await expect(page.getByText(ui('mailUi.test.ok'), { exact: true })).toBeHidden();

  // Back to the app password, and save.
  await f.password.fill(appPassword);
  await f.save.click();
  await expect(page.getByRole('status').filter({ hasText: ui('mailUi.profiles.saved') })).toBeVisible();
  const profiles = page.getByRole('list', { name: ui('mailUi.profiles.label') });
  const card = profiles.getByRole('listitem', { name: 'Gmail Praxis' });
  await expect(card).toBeVisible();
  await expect(card).toContainText(gmailUser);
  await expect(card).toContainText(`localhost:${server.port}`);
  await expect(card).toContainText('SSL/TLS');
  await expect(card.getByText(ui('mailUi.profiles.passwordSaved'), { exact: true })).toBeVisible();
  await expect(card.getByText(ui('mailUi.profiles.defaultBadge'), { exact: true })).toBeVisible();

  // The saved profile sends a real test message to itself.
  await card.getByRole('button', { name: ui('mailUi.testMessage.button') }).click();
  await expect(card.getByText(ui('mailUi.testMessage.ok', { to: gmailUser }))).toBeVisible({ timeout: 15_000 });
  expect(server.received).toHaveLength(1);
  expect(server.received[0]!.rcptTo).toEqual([gmailUser]);

  // Editing: the UI never gets the password; an empty field keeps (and tests with) the stored one.
  await card.getByRole('button', { name: de('action.edit') }).click();
  await expect(page.getByRole('heading', { name: ui('mailUi.form.editTitle', { name: 'Gmail Praxis' }) })).toBeVisible();
  await expect(f.password).toHaveValue('');
  await expect(f.password).toHaveAttribute('placeholder', ui('mailUi.form.passwordKept'));
  await expect(f.password).toHaveAttribute('type', 'password');
  await page.getByRole('button', { name: ui('mailUi.form.passwordShow') }).click();
  await expect(f.password).toHaveAttribute('type', 'text');
  await f.test.click();
  await expect(page.getByText(ui('mailUi.test.ok'), { exact: true })).toBeVisible({ timeout: 15_000 });

  // "Passwort löschen" removes it on save; the list says so.
  await page.getByRole('button', { name: ui('mailUi.form.passwordClear') }).click();
  await expect(page.getByText(ui('mailUi.form.passwordWillClear'))).toBeVisible();
  await f.save.click();
  await expect(card.getByText(ui('mailUi.profiles.noPassword'), { exact: true })).toBeVisible();
});

test('a refused port: the suggestion fills the form with port 587 / STARTTLS; field errors show at the field', async ({ page, app, smtp }) => {
  await createPractice(app);
  // A plain-greeting (STARTTLS) server, configured as SSL/TLS: OpenSSL reads "220 ..." as a record.
  const server = await smtp({ mode: 'starttls', users: { [gmailUser]: appPassword } });
  await openMailSettings(page, app);
  await page.getByRole('button', { name: ui('mailUi.profiles.add') }).click();
  const f = profileForm(page);
  await f.email.fill(gmailUser);
  await f.host.fill('localhost');
  await f.port.fill(String(server.port));
  await f.tls.check();
  await f.username.fill(gmailUser);
  await f.password.fill(appPassword);
  await f.test.click();
  const suggestion = page.getByRole('button', { name: ui('mailUi.test.applySuggestion', { port: 587, security: 'STARTTLS' }) });
  await expect(suggestion).toBeVisible({ timeout: 15_000 });
  await expect(page.locator('.result.alert-error')).toContainText(de('error.mail.tls_on_starttls_port'));
  await suggestion.click();
  await expect(f.port).toHaveValue('587');
  await expect(f.starttls).toBeChecked();

  // A port that is no number: main's message under the Port field, not a generic failure only.
  await f.port.fill('fünfhundert');
  await f.test.click();
  await expect(f.port).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText(de('v.mail_port'))).toBeVisible();
});

test('while the test runs: progress shown and the button disabled; a server that never answers ends in plain words', async ({ page, app }) => {
  await createPractice(app);
  // Accepts the connection and never says a word: the TLS handshake waits until Arnika gives up (10 s).
  const silent = await startSilentServer();
  try {
    await openMailSettings(page, app);
    await page.getByRole('button', { name: ui('mailUi.profiles.add') }).click();
    const f = profileForm(page);
    await f.email.fill(gmailUser);
    await f.host.fill('localhost');
    await f.port.fill(String(silent.port));
    await f.username.fill(gmailUser);
    await f.password.fill(appPassword);
    await f.test.click();
    await expect(page.getByText(ui('mailUi.test.running'))).toBeVisible();
    await expect(f.test).toBeDisabled();
    await expect(page.locator('.result.alert-error')).toContainText(de('error.mail.timeout'), { timeout: 25_000 });
    await expect(f.test).toBeEnabled();
    await expect(page.getByText(ui('mailUi.test.running'))).toBeHidden();
  } finally {
    await silent.close();
  }
});

test('several practices: a picker, profiles per practice; leaving a changed form asks first', async ({ page, app }) => {
  await createPractice(app);
  const second = await createPractice(app, { name: 'Massage am See' });
  await app.call('mail.saveProfile', {
    practiceId: second.id,
    profile: {
      name: 'See-Praxis', senderName: '', email: 'info@massage-am-see.ch', host: 'mail.infomaniak.com', port: 465, security: 'tls',
      authMethod: 'password', username: 'info@massage-am-see.ch', replyTo: '', bccSelf: true,
    },
  });
  await openMailSettings(page, app);
  const picker = page.getByLabel(ui('mailUi.practice'), { exact: true });
  await expect(picker).toHaveValue(/.+/);
  await expect(page.getByRole('heading', { name: ui('mailUi.profiles.empty') })).toBeVisible();
  await picker.selectOption({ label: 'Massage am See' });
  const card = page.getByRole('listitem', { name: 'See-Praxis' });
  await expect(card).toContainText('mail.infomaniak.com:465');
  await expect(card.getByText(ui('mailUi.profiles.noPassword'), { exact: true })).toBeVisible();

  await card.getByRole('button', { name: de('action.edit') }).click();
  await expect(page.getByLabel(ui('mailUi.form.bccSelf'))).toBeChecked();
  await expect(page.getByText(ui('mailUi.form.passwordNoneHint'))).toBeVisible();
  await page.getByLabel(ui('mailUi.form.senderName'), { exact: true }).fill('Massage am See');
  await page.getByRole('button', { name: ui('mailUi.form.back') }).click();
  const dialog = page.getByRole('dialog', { name: de('unsaved.title') });
  await dialog.getByRole('button', { name: de('unsaved.stay') }).click();
  await expect(page.getByLabel(ui('mailUi.form.senderName'), { exact: true })).toHaveValue('Massage am See');
  await page.getByRole('button', { name: de('action.cancel'), exact: true }).click();
  await page.getByRole('dialog', { name: de('unsaved.title') }).getByRole('button', { name: de('unsaved.discard') }).click();
  await expect(card).toBeVisible();
  await expect(card).not.toContainText('Massage am See <');
});

test('Einstellungen suchen: gmail.com from the built-in table fills smtp.gmail.com / 465 and shows the app-password guidance', async ({ page, app }) => {
  await createPractice(app);
  await openMailSettings(page, app);
  await page.getByRole('button', { name: ui('mailUi.profiles.add') }).click();
  const f = profileForm(page);
  await f.email.fill('lea.brunner@gmail.com');
  await f.detect.click();

  await expect(f.host).toHaveValue('smtp.gmail.com');
  await expect(f.port).toHaveValue('465');
  await expect(f.tls).toBeChecked();
  await expect(f.username).toHaveValue('lea.brunner@gmail.com');
  await expect(f.name).toHaveValue('Gmail / Google Workspace');
  await expect(page.getByText(ui('mailUi.detect.found', { provider: 'Gmail / Google Workspace' }))).toBeVisible();

  const guide = page.getByRole('region', { name: ui('mailUi.guide.title', { provider: 'Gmail / Google Workspace' }) });
  await expect(guide).toBeVisible();
  await expect(guide.getByText(ui('mailUi.guide.appPassword'))).toBeVisible();
  // The numbered steps of the guidance text as a real list.
  await expect(guide.getByRole('listitem')).toHaveCount(3);
  await expect(guide.getByRole('listitem').first()).toContainText('Bestätigung in zwei Schritten');
  const link = guide.getByRole('link', { name: new RegExp(ui('mailUi.guide.openHelp', { provider: 'Gmail / Google Workspace' })) });
  await expect(link).toHaveAttribute('href', 'https://myaccount.google.com/apppasswords');
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  await expect(page.getByText(ui('mailUi.form.passwordAppHint'))).toBeVisible();

  // Outlook.com: said plainly that password login is not possible.
  await f.email.fill('lea.brunner@outlook.com');
  await f.detect.click();
  const outlook = page.getByRole('region', { name: ui('mailUi.guide.title', { provider: 'Outlook.com / Hotmail' }) });
  await expect(outlook.getByText(ui('mailUi.guide.noPasswordLogin'))).toBeVisible();
  await expect(outlook).toContainText('keine Anmeldung mit Passwort');

  // HIN: the username is the HIN login, not the address, and the password a Mail Token.
  await f.email.fill('lea.brunner@hin.ch');
  await f.detect.click();
  await expect(f.host).toHaveValue('smtp.mail.hin.ch');
  await expect(f.port).toHaveValue('587');
  await expect(f.starttls).toBeChecked();
  await expect(f.username).toHaveValue('');
  await expect(page.getByText(ui('mailUi.form.usernameHintOther'))).toBeVisible();
  await expect(page.getByRole('region', { name: ui('mailUi.guide.title', { provider: 'HIN' }) })).toContainText('Mail-Token');
});

test('email template: placeholders insert at the cursor, the preview follows, unknown ones are flagged, save and reset', async ({ page, app }) => {
  await createPractice(app);
  await openTemplates(page, app);

  await expect(page.getByRole('tab', { name: 'Deutsch' })).toHaveAttribute('aria-selected', 'true');
  const subject = page.getByLabel(ui('mailUi.templates.subject'), { exact: true });
  const body = page.getByLabel(ui('mailUi.templates.body'), { exact: true });
  const preview = page.getByRole('region', { name: ui('mailUi.templates.preview') });
  await expect(subject).toHaveValue('Rechnung {invoiceNumber} von {practiceName}');
  await expect(preview).toContainText(`Rechnung ${sampleNumber} von Physiotherapie Bergblick`);
  await expect(preview).toContainText('Sehr geehrte Frau Muster');
  await expect(page.getByText(ui('mailUi.templates.standard'), { exact: true })).toBeVisible();

  // A chip inserts at the caret of the field last used.
  await subject.fill('Ihre Rechnung von {practiceName}');
  // The caret after "Ihre Rechnung ", as a click there would put it.
  await subject.evaluate((el) => (el as unknown as { setSelectionRange(start: number, end: number): void }).setSelectionRange(14, 14));
  await page.getByRole('button', { name: /Rechnungsnummer/ }).click();
  await expect(subject).toHaveValue('Ihre Rechnung {invoiceNumber}von {practiceName}');
  await expect(subject).toBeFocused();
  await page.keyboard.type(' ');
  await expect(subject).toHaveValue('Ihre Rechnung {invoiceNumber} von {practiceName}');
  await expect(preview).toContainText(`Ihre Rechnung ${sampleNumber} von Physiotherapie Bergblick`);

  // An unknown placeholder: flagged at the field and marked in the preview.
  await body.fill('Guten Tag {vorname}\n\nAnbei die Rechnung.');
  await expect(page.getByText(de('v.mail_unknown_placeholder', { placeholders: '{vorname}' }))).toBeVisible();
  await expect(body).toHaveAttribute('aria-invalid', 'true');
  await expect(preview.locator('mark')).toHaveText('{vorname}');
  await body.fill('Guten Tag ');
  await page.getByRole('button', { name: /Vorname/ }).click();
  await expect(body).toHaveValue('Guten Tag {firstName}');
  await expect(body).not.toHaveAttribute('aria-invalid', 'true');
  await expect(preview).toContainText('Guten Tag Anna');

  await page.getByRole('button', { name: de('action.save'), exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: ui('mailUi.templates.saved') })).toBeVisible();
  await expect(page.getByText(ui('mailUi.templates.custom'), { exact: true })).toBeVisible();

  // Another language keeps its own text.
  await page.getByRole('tab', { name: 'Französisch' }).click();
  await expect(subject).toHaveValue('Facture {invoiceNumber} de {practiceName}');
  await page.getByRole('tab', { name: 'Deutsch' }).click();
  await expect(subject).toHaveValue('Ihre Rechnung {invoiceNumber} von {practiceName}');

  // Survives a reload; then back to the standard text.
  await openTemplates(page, app);
  await expect(subject).toHaveValue('Ihre Rechnung {invoiceNumber} von {practiceName}');
  await page.getByRole('button', { name: ui('mailUi.templates.reset') }).click();
  await page.getByRole('dialog').getByRole('button', { name: ui('mailUi.templates.resetConfirm') }).click();
  await expect(subject).toHaveValue('Rechnung {invoiceNumber} von {practiceName}');
  await expect(page.getByText(ui('mailUi.templates.standard'), { exact: true })).toBeVisible();
});

test.describe('screenshots', () => {
  test.skip(!process.env.SHOTS, 'screenshots only with SHOTS=1');

  test('screenshots of the mail screens (SHOTS=1)', async ({ page, app, smtp }) => {
    const dir = '/tmp/arnika-shots';
    mkdirSync(dir, { recursive: true });
    const shot = (name: string) => page.screenshot({ path: join(dir, `mail-${name}.png`) });
    await page.setViewportSize({ width: 1280, height: 800 });
    await createPractice(app);
    const server = await gmailLikeServer(smtp);
    await openMailSettings(page, app);
    await shot('01-empty');

    await page.getByRole('button', { name: ui('mailUi.profiles.add') }).click();
    const f = profileForm(page);
    await f.email.fill(gmailUser);
    await f.detect.click();
    await expect(page.getByRole('region', { name: /Gmail/ })).toBeVisible();
    await shot('02-form-guidance');
    await f.email.fill('lea.brunner@outlook.com');
    await f.detect.click();
    await expect(page.getByRole('region', { name: /Outlook/ })).toBeVisible();
    await shot('02b-outlook');
    await f.email.fill('lea.brunner@hin.ch');
    await f.detect.click();
    await expect(page.getByRole('region', { name: /HIN/ })).toBeVisible();
    await f.username.scrollIntoViewIfNeeded();
    await shot('02c-hin');
    await f.email.fill(gmailUser);
    await f.detect.click();
    await expect(page.getByRole('region', { name: /Gmail/ })).toBeVisible();

    await f.host.fill('localhost');
    await f.port.fill(String(server.port));
    await f.password.fill('mein-google-passwort');
    await f.test.click();
    await expect(page.locator('.result.alert-error')).toBeVisible({ timeout: 15_000 });
    await page.locator('.result.alert-error').scrollIntoViewIfNeeded();
    await shot('03-test-failed');

    await f.password.fill(appPassword);
    await f.test.click();
    await expect(page.getByText(ui('mailUi.test.ok'), { exact: true })).toBeVisible({ timeout: 15_000 });
    await shot('04-test-ok');

    // The suggestion case: SSL/TLS against a plain-greeting server.
    const plain = await smtp({ mode: 'starttls', users: { [gmailUser]: appPassword } });
    await f.port.fill(String(plain.port));
    await f.test.click();
    await expect(page.getByRole('button', { name: /Vorschlag übernehmen/ })).toBeVisible({ timeout: 15_000 });
    await shot('05-test-suggestion');

    await f.port.fill(String(server.port));
    await f.save.click();
    await expect(page.getByRole('list', { name: ui('mailUi.profiles.label') })).toBeVisible();
    await dismissToast(page);
    await shot('06-list');
    await page.getByRole('button', { name: de('action.edit') }).click();
    await f.password.scrollIntoViewIfNeeded();
    await shot('06b-edit-password');
    await page.getByRole('button', { name: ui('mailUi.form.passwordClear') }).click();
    await shot('06c-edit-password-clear');

    await openTemplates(page, app);
    await expect(page.getByRole('region', { name: ui('mailUi.templates.preview') })).toContainText(sampleNumber);
    await shot('07-templates');
    await page.getByLabel(ui('mailUi.templates.body'), { exact: true }).fill('{salutation}\n\nAnbei die Rechnung {rechnungsnr} über {amount}.\n\nFreundliche Grüsse\n{therapistName}');
    await expect(page.getByRole('region', { name: ui('mailUi.templates.preview') }).locator('mark')).toBeVisible();
    await shot('08-templates-unknown');
  });
});
