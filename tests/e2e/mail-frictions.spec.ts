/**
 * Mail as a new user meets it (issue 13), end to end against real SMTP servers: "Verbindung
 * testen" finds a sender address the account may not use (553 at MAIL FROM, after a good login)
 * and says to use the account's own address or set it up as an alias; a server that closes the
 * connection at once gets its own sentence; a bulk send leaves invoices that were already sent out
 * unless "Erneut senden" is chosen, and warns (once) about a profile that was never tested; a bulk
 * send that meets Gmail's daily limit pauses with the banner and, once the limit is lifted at
 * 08:00, finishes by itself (that app runs in the test's process on a clock set to 07:59).
 * Screenshots go to test-results/shots/ (and /tmp/arnika-shots with SHOTS=1).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { mailUiDe } from '../../src/shared/i18n/mailUi/de.js';
import { sendUiDe } from '../../src/shared/i18n/sendUi/de.js';
import { translatePlural } from '../../src/shared/i18n/index.js';
import type { BrowserApp } from '../helpers/browserApp.js';
import { startClosingServer } from '../helpers/smtpServer.js';
import { createPractice, de, expect, nav, openApp, patientFields, samplePractice } from './fixtures.js';
import { startInProcessApp } from './inProcessApp.js';
import { test } from './mailFixtures.js';

const fill = (text: string, params: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
const mailUi = (key: keyof typeof mailUiDe, params: Record<string, string | number> = {}) => fill(mailUiDe[key], params);
const ui = (key: keyof typeof sendUiDe, params: Record<string, string | number> = {}) => fill(sendUiDe[key], params);

const account = 'praxis.bergblick@gmail.com';
const address = { street: 'Dorfstrasse', houseNumber: '3', postalCode: '3011', town: 'Bern', country: 'CH' };
const password = 'abcd efgh ijkl mnop';

async function shot(page: Page, name: string): Promise<void> {
  for (const dir of [join('test-results', 'shots'), ...(process.env.SHOTS ? ['/tmp/arnika-shots'] : [])]) {
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, `mail-frictions-${name}.png`) });
  }
}

async function openNewProfileForm(page: Page, app: BrowserApp) {
  await openApp(page, app);
  await nav(page, de('nav.settings')).click();
  await page.getByRole('link', { name: de('settings.tab.mail'), exact: true }).click();
  await page.getByRole('button', { name: mailUi('mailUi.profiles.add') }).click();
  return {
    email: page.getByLabel(mailUi('mailUi.form.email'), { exact: true }),
    name: page.getByLabel(mailUi('mailUi.form.name'), { exact: true }),
    host: page.getByLabel(mailUi('mailUi.form.host'), { exact: true }),
    port: page.getByLabel(mailUi('mailUi.form.port'), { exact: true }),
    tls: page.getByRole('radio', { name: mailUi('mailUi.form.security.tls') }),
    username: page.getByLabel(mailUi('mailUi.form.username'), { exact: true }),
    password: page.getByLabel(mailUi('mailUi.form.password'), { exact: true }),
    test: page.getByRole('button', { name: mailUi('mailUi.test.button') }),
  };
}

interface Created {
  id: string;
}

/** A practice with a service, and `count` patients each with one issued invoice. */
async function invoices(app: Pick<BrowserApp, 'call'>, count: number): Promise<string[]> {
  const practice = await app.call<Created>('practices.create', { practice: samplePractice });
  const service = await app.call<Created>('services.create', {
    practiceId: practice.id,
    service: { code: 'S1', names: { de: 'Physiotherapie Sitzung', fr: '', it: '', en: '' }, unit: 'session', priceMinor: 9_600, vatRateBasisPoints: 0, active: true },
  });
  const ids: string[] = [];
  for (let i = 1; i <= count; i++) {
    const p = await app.call<Created>('patients.create', { patient: patientFields({ firstName: `Person${i}`, lastName: `Nummer${i}`, email: `person${i}@example.ch`, address }) });
    const c = await app.call<Created>('consultations.create', {
      consultation: { patientId: p.id, date: `2026-11-0${i}`, startTime: '09:00', durationMinutes: 45, items: [{ serviceId: service.id, quantityHundredths: 100 }], notes: '' },
    });
    const draft = await app.call<Created>('invoices.createDraft', { patientId: p.id, draft: { consultationIds: [c.id] } });
    ids.push((await app.call<Created>('invoices.issue', { id: draft.id })).id);
  }
  return ids;
}

async function saveProfile(app: Pick<BrowserApp, 'call'>, port: number): Promise<Created> {
  const practiceId = (await app.call<{ id: string }[]>('practices.list', {}))[0]!.id;
  return app.call<Created>('mail.saveProfile', {
    practiceId,
    profile: { name: 'Praxis', senderName: 'Physiotherapie Bergblick', email: account, host: 'localhost', port, security: 'tls', authMethod: 'password', username: account, replyTo: '', bccSelf: false },
    password,
  });
}

/** Rechnungen → alle auswählen → Ausgewählte senden. */
async function startBulk(page: Page, app: BrowserApp, count: number): Promise<Locator> {
  await openApp(page, app);
  await nav(page, de('nav.invoices')).click();
  await expect(page.getByRole('table').getByRole('row')).toHaveCount(count + 1);
  await page.getByRole('checkbox', { name: de('invoices.selectAll') }).check();
  await page.getByRole('region', { name: de('selection.label') }).getByRole('button', { name: ui('sendUi.bulk.button') }).click();
  const dialog = page.getByRole('dialog', { name: ui('sendUi.bulk.title') });
  await expect(dialog).toBeVisible();
  return dialog;
}

test('a sender address the account may not use fails "Verbindung testen" with the alias sentence', async ({ page, app, smtp }) => {
  await createPractice(app);
  // The account logs in fine but may send only as itself (Postfix: reject_sender_login_mismatch).
  const server = await smtp({
    mode: 'tls',
    users: { [account]: password },
    mailFromReply: (address, user) => (address !== user ? { code: 553, lines: [`5.7.1 <${address}>: Sender address rejected: not owned by user ${user}`] } : null),
  });
  const f = await openNewProfileForm(page, app);
  await f.email.fill('praxis@bergblick.ch');
  await f.name.fill('Praxis');
  await f.host.fill('localhost');
  await f.port.fill(String(server.port));
  await f.tls.check();
  await f.username.fill(account);
  await f.password.fill(password);
  await f.test.click();
  const failure = page.locator('.result.alert-error');
  await expect(failure).toContainText(de('error.mail.sender_rejected'), { timeout: 15_000 });
  expect(de('error.mail.sender_rejected')).toContain('als Alias');
  await expect(failure.locator('.result-details')).toContainText('553 5.7.1 <praxis@bergblick.ch>: Sender address rejected: not owned by user');
  expect(server.logins).toEqual([{ method: 'PLAIN', username: account }]);
  expect(server.received).toHaveLength(0);
  await failure.scrollIntoViewIfNeeded();
  await shot(page, 'sender-refused');

  // With the account's own address the same test passes; still nothing was delivered.
  await f.email.fill(account);
  await f.test.click();
  await expect(page.getByText(mailUi('mailUi.test.ok'), { exact: true })).toBeVisible({ timeout: 15_000 });
  expect(server.received).toHaveLength(0);
});

test('a server that closes the connection at once gets its own sentence, not "unknown"', async ({ page, app }) => {
  await createPractice(app);
  const closing = await startClosingServer();
  try {
    const f = await openNewProfileForm(page, app);
    await f.email.fill(account);
    await f.host.fill('localhost');
    await f.port.fill(String(closing.port));
    await f.username.fill(account);
    await f.password.fill(password);
    await f.test.click();
    const failure = page.locator('.result.alert-error');
    await expect(failure).toContainText(de('error.mail.connection_closed'), { timeout: 15_000 });
    await expect(failure).not.toContainText(de('error.mail.unknown'));
    expect(closing.connections).toBeGreaterThanOrEqual(1);
    await failure.scrollIntoViewIfNeeded();
    await shot(page, 'closed-at-once');
  } finally {
    await closing.close();
  }
});

test('a bulk send leaves invoices already sent out unless "Erneut senden" is chosen; an untested profile is warned about once', async ({ page, app, smtp }) => {
  test.setTimeout(120_000);
  const server = await smtp({ mode: 'tls', users: { [account]: password } });
  await invoices(app, 3);
  await saveProfile(app, server.port);
  const practiceId = (await app.call<{ id: string }[]>('practices.list', {}))[0]!.id;

  // First bulk send: the profile was never tested, the preview says so.
  let dialog = await startBulk(page, app, 3);
  await expect(dialog.getByText(ui('sendUi.bulk.allOk.other', { total: 3 }))).toBeVisible({ timeout: 20_000 });
  await dialog.getByRole('button', { name: ui('sendUi.bulk.next') }).click();
  await expect(dialog.getByText(ui('sendUi.profileUnchecked', { name: 'Praxis' }))).toBeVisible();
  await shot(page, 'bulk-unchecked-warning');
  await dialog.getByRole('button', { name: ui('sendUi.bulk.back') }).click();
  await dialog.getByRole('button', { name: ui('sendUi.bulk.next') }).click();
  await dialog.getByRole('button', { name: translatePlural('de', 'sendUi.bulk.sendN', 3, { count: 3 }) }).click();
  await expect(dialog.getByText(ui('sendUi.bulk.done'), { exact: true })).toBeVisible({ timeout: 30_000 });
  expect(server.received).toHaveLength(3);
  await dialog.getByRole('button', { name: de('action.close') }).click();

  // A fourth invoice; a new bulk send over all four leaves the three sent ones out by default.
  await invoicesForExisting(app, practiceId, 1);
  dialog = await startBulk(page, app, 4);
  const sentBefore = dialog.getByRole('list', { name: ui('sendUi.bulk.sentBefore', { count: 3 }) });
  await expect(sentBefore.getByRole('listitem')).toHaveCount(3, { timeout: 20_000 });
  await expect(sentBefore.getByText(ui('sendUi.bulk.omitted'), { exact: true })).toHaveCount(3);
  await expect(dialog.getByText(translatePlural('de', 'sendUi.bulk.willSend', 1, { count: 1 }))).toBeVisible();
  await shot(page, 'bulk-sent-before-left-out');
  await dialog.getByRole('button', { name: ui('sendUi.bulk.next') }).click();
  // Tested by sending: no warning any more.
  await expect(dialog.getByText(ui('sendUi.profileUnchecked', { name: 'Praxis' }))).toHaveCount(0);
  await dialog.getByRole('button', { name: translatePlural('de', 'sendUi.bulk.sendN', 1, { count: 1 }) }).click();
  await expect(dialog.getByText(ui('sendUi.bulk.done'), { exact: true })).toBeVisible({ timeout: 30_000 });
  expect(server.received).toHaveLength(4);
  expect(server.received[3]!.rcptTo).toEqual(['neu1@example.ch']);
  await dialog.getByRole('button', { name: de('action.close') }).click();

  // Chosen explicitly: "Erneut senden" for one of them sends exactly that one again.
  dialog = await startBulk(page, app, 4);
  const all = dialog.getByRole('list', { name: ui('sendUi.bulk.sentBefore', { count: 4 }) });
  await expect(all.getByRole('listitem')).toHaveCount(4, { timeout: 20_000 });
  await expect(dialog.getByRole('button', { name: ui('sendUi.bulk.next') })).toBeDisabled();
  const person2 = all.getByRole('listitem').filter({ hasText: 'Person2 Nummer2' });
  await person2.getByRole('button', { name: /erneut senden/ }).click();
  await expect(person2.getByText(ui('sendUi.bulk.toResend'), { exact: true })).toBeVisible();
  await dialog.getByRole('button', { name: ui('sendUi.bulk.next') }).click();
  await dialog.getByRole('button', { name: translatePlural('de', 'sendUi.bulk.sendN', 1, { count: 1 }) }).click();
  await expect(dialog.getByText(ui('sendUi.bulk.done'), { exact: true })).toBeVisible({ timeout: 30_000 });
  expect(server.received).toHaveLength(5);
  expect(server.received[4]!.rcptTo).toEqual(['person2@example.ch']);
});

/** More issued invoices in an existing practice (patients "Neu<i>"). */
async function invoicesForExisting(app: Pick<BrowserApp, 'call'>, practiceId: string, count: number): Promise<string[]> {
  const services = await app.call<{ id: string }[]>('services.list', { practiceId });
  const ids: string[] = [];
  for (let i = 1; i <= count; i++) {
    const p = await app.call<Created>('patients.create', { patient: patientFields({ firstName: `Neu${i}`, lastName: 'Später', email: `neu${i}@example.ch`, address }) });
    const c = await app.call<Created>('consultations.create', {
      consultation: { patientId: p.id, practiceId, date: '2026-11-20', startTime: '09:00', durationMinutes: 45, items: [{ serviceId: services[0]!.id, quantityHundredths: 100 }], notes: '' },
    });
    const draft = await app.call<Created>('invoices.createDraft', { patientId: p.id, draft: { consultationIds: [c.id] } });
    ids.push((await app.call<Created>('invoices.issue', { id: draft.id })).id);
  }
  return ids;
}

test.describe('a provider\'s daily limit', () => {
  // The page shows times in the zone the app counts "08:00" in: this process's.
  test.use({ timezoneId: Intl.DateTimeFormat().resolvedOptions().timeZone });

  test('pauses the bulk send with the banner, and the rest goes out by itself once the limit is lifted at 08:00', async ({ page, smtp }) => {
    test.setTimeout(150_000);
    const app = await startInProcessApp();
    try {
      await invoices(app, 3);
      // Gmail: after the first message, "550 5.4.5 Daily user sending limit exceeded" at MAIL FROM,
      // until its day turns over (here: at 08:00 on the app's clock).
      const today = app.now();
      const eight = new Date(today.getFullYear(), today.getMonth(), today.getDate(), 8, 0, 0);
      let accepted = 0;
      const server = await smtp({
        mode: 'tls',
        users: { [account]: password },
        mailFromReply: () => (accepted >= 1 && app.now() < eight ? { code: 550, lines: ['5.4.5 Daily user sending limit exceeded. For more information on Gmail', '5.4.5 sending limits go to', '5.4.5  https://support.google.com/a/answer/166852 - gsmtp'] } : null),
        messageReply: () => {
          accepted++;
          return null;
        },
      });
      await saveProfile(app, server.port);

      const dialog = await startBulk(page, app, 3);
      await expect(dialog.getByText(ui('sendUi.bulk.allOk.other', { total: 3 }))).toBeVisible({ timeout: 20_000 });
      await dialog.getByRole('button', { name: ui('sendUi.bulk.next') }).click();
      // Half a minute before eight in the morning.
      app.setNow(new Date(eight.getTime() - 30_000));
      await dialog.getByRole('button', { name: translatePlural('de', 'sendUi.bulk.sendN', 3, { count: 3 }) }).click();

      const text = translatePlural('de', 'sendUi.pause.daily', 2, { provider: '«Praxis»', count: 2, when: ui('sendUi.pause.today', { time: '08:00' }) });
      expect(text).toBe('Das Tageslimit von «Praxis» ist erreicht: 2 Rechnungen gehen heute ab 08:00 automatisch hinaus.');
      const banner = dialog.getByRole('region', { name: ui('sendUi.pause.label') });
      await expect(banner).toContainText(text, { timeout: 15_000 });
      await expect(banner.getByRole('button', { name: ui('sendUi.pause.resume') })).toBeVisible();
      await expect(banner.getByRole('button', { name: ui('sendUi.pause.cancel') })).toBeVisible();
      const progress = dialog.getByRole('progressbar', { name: ui('sendUi.bulk.progressLabel') });
      await expect(progress).toHaveAttribute('aria-valuetext', ui('sendUi.bulk.progress', { sent: 1, total: 3 }));
      // Nothing failed: the two wait in the queue.
      const results = dialog.getByRole('list', { name: ui('sendUi.bulk.results') });
      await expect(results.getByText(ui('sendUi.state.queued'), { exact: true })).toHaveCount(2);
      await expect(results.getByText(ui('sendUi.state.failed'), { exact: true })).toHaveCount(0);
      await shot(page, 'daily-limit-dialog');

      // Left to run in the background, the banner stays above the screens.
      await page.keyboard.press('Escape');
      await page.getByRole('dialog', { name: ui('sendUi.bulk.leave.title') }).getByRole('button', { name: ui('sendUi.bulk.leave.background') }).click();
      const shellBanner = page.getByRole('main').getByRole('region', { name: ui('sendUi.pause.label') });
      await expect(shellBanner).toContainText(text);
      await shot(page, 'daily-limit-banner');

      // At 08:00 the provider takes mail again, and the queue goes on by itself: nobody clicks anything.
      await expect(shellBanner).toBeHidden({ timeout: 60_000 });
      await expect.poll(() => server.received.length, { timeout: 30_000 }).toBe(3);
      expect(await app.call('mail.listOutbox', { states: ['queued', 'sending', 'failed'] })).toEqual([]);
      expect(await app.call('mail.listPauses', {})).toEqual([]);
    } finally {
      await app.dispose();
    }
  });
});
