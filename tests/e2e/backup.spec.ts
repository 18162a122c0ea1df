/**
 * Backups in Chromium against browser mode, as a therapist uses them: set up backups with a
 * passphrase → "Jetzt sichern" (a download) → another patient → restore the backup → that patient
 * is gone and everything before is there; a first start that takes its data over from a backup;
 * a first start as a second workstation, which gets 10001–20000 and issues 10001. Screenshots of
 * each screen go into the test's output folder (test-results/).
 */
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { startBrowserApp, type BrowserApp } from '../helpers/browserApp.js';
import { createPatient, createPractice, de, dismissToast, expect, nav, openApp, test } from './fixtures.js';

const passphrase = 'Bergblick und Arnika 2026';
/** A copy for a person to look at (SHOTS=1). */
const shotsDir = '/tmp/arnika-shots';

async function shot(page: Page, path: string): Promise<void> {
  await page.screenshot({ path });
  if (process.env.SHOTS) {
    mkdirSync(shotsDir, { recursive: true });
    copyFileSync(path, join(shotsDir, `backup-${path.split('/').pop()}`));
  }
}

function settingsTab(page: Page, name: string) {
  return page.getByRole('navigation', { name: de('settings.sections') }).getByRole('link', { name, exact: true });
}

/** Backups set up through the API and a verified backup written; its file, as a download would save it. */
async function backupFileOf(app: BrowserApp, dir: string): Promise<string> {
  await app.call('backup.configure', { folder: null, passphrase, retention: { daily: 7, weekly: 4, monthly: 12 } });
  const job = await app.call<{ id: string }>('backup.run', { target: 'download' });
  type Status = { state: string; result: { download: { downloadId: string; fileName: string } } | null; error: unknown };
  let status = await app.call<Status>('jobs.get', { id: job.id });
  // Until the job has ended (the page follows it through pushed events; here we ask).
  while (status.state === 'running') {
    await new Promise((r) => setTimeout(r, 100));
    status = await app.call<Status>('jobs.get', { id: job.id });
  }
  if (status.state !== 'done') throw new Error(`backup failed: ${JSON.stringify(status.error)}`);
  const { downloadId, fileName } = status.result!.download;
  const res = await fetch(`${app.origin}api/downloads/${downloadId}`, { headers: { Authorization: `Bearer ${app.token}` } });
  mkdirSync(dir, { recursive: true });
  const file = join(dir, fileName);
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return file;
}

/** The restore dialog: file and passphrase, checked; then what it holds. */
async function chooseBackup(page: Page, file: string, title: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: title });
  await dialog.getByLabel(de('restore.file')).setInputFiles(file);
  await dialog.getByLabel(de('restore.passphrase')).fill(passphrase);
  await dialog.getByRole('button', { name: de('restore.check') }).click();
  await expect(dialog.getByText(de('restore.holds'))).toBeVisible({ timeout: 30_000 });
}

test('set up backups, "Jetzt sichern", another patient, restore: that patient is gone, everything before is there', async ({ page, app }, testInfo) => {
  test.setTimeout(120_000);
  await createPractice(app);
  await createPatient(app, { firstName: 'Vera', lastName: 'Vorher' });
  await openApp(page, app);
  // Never backed up: nothing to say yet on a practice set up today.
  await expect(page.locator('.backup-reminder')).toHaveCount(0);

  await nav(page, de('nav.settings')).click();
  await settingsTab(page, de('settings.tab.backup')).click();
  await expect(page.getByText(de('backup.none'))).toBeVisible();
  await expect(page.getByRole('button', { name: de('backup.now') })).toBeDisabled();
  await shot(page, testInfo.outputPath('settings-not-set-up.png'));

  // A passphrase that does not match its repetition is refused at the field.
  await page.getByLabel(de('backup.setup.passphrase'), { exact: true }).fill(passphrase);
  await page.getByLabel(de('backup.setup.passphraseRepeat')).fill(`${passphrase}x`);
  await page.getByRole('button', { name: de('backup.setup.save') }).click();
  await expect(page.getByText(de('v.passphrase_repeat'))).toBeVisible();
  await page.getByLabel(de('backup.setup.passphraseRepeat')).fill(passphrase);
  await page.getByRole('button', { name: de('backup.setup.save') }).click();
  await expect(page.getByText(de('backup.setup.passphraseSet'))).toBeVisible();

  const downloading = page.waitForEvent('download', { timeout: 60_000 });
  await page.getByRole('button', { name: de('backup.now') }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^Arnika-Sicherung-Physiotherapie-Bergblick-\d{4}-\d{2}-\d{2}-\d{4}\.arnika$/);
  const file = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(file);
  await expect(page.getByText(/^Letzte geprüfte Sicherung: heute \d\d:\d\d \(als Datei gespeichert\)$/)).toBeVisible();
  await dismissToast(page);
  await shot(page, testInfo.outputPath('settings-backed-up.png'));

  await createPatient(app, { firstName: 'Nora', lastName: 'Nachher' });

  await page.getByRole('button', { name: de('backup.restoreButton') }).click();
  await chooseBackup(page, file, de('restore.title.replace'));
  const dialog = page.getByRole('dialog', { name: de('restore.title.replace') });
  await expect(dialog.getByText('Physiotherapie Bergblick')).toBeVisible();
  await expect(dialog.getByText(de('restore.confirm.replace'))).toBeVisible();
  await shot(page, testInfo.outputPath('restore-confirm.png'));
  await dialog.getByRole('button', { name: de('restore.submit.replace') }).click();
  await expect(dialog.getByText(de('restore.done'))).toBeVisible({ timeout: 30_000 });
  await shot(page, testInfo.outputPath('restore-done.png'));
  await dialog.getByRole('button', { name: de('restore.continue') }).click();

  await nav(page, de('nav.patients')).click();
  await expect(page.getByRole('cell', { name: /Vorher/ }).first()).toBeVisible();
  await expect(page.getByRole('cell', { name: /Nachher/ })).toHaveCount(0);
  expect((await app.call<{ total: number }>('patients.list', { status: 'all' })).total).toBe(1);
});

test('first start: the data is taken over from a backup', async ({ page, app }, testInfo) => {
  test.setTimeout(120_000);
  const main = await startBrowserApp();
  try {
    await createPractice(main);
    await createPatient(main, { firstName: 'Anna', lastName: 'Umzug' });
    const file = await backupFileOf(main, testInfo.outputDir);

    await page.goto(app.url);
    await expect(page.getByRole('heading', { name: de('firstRun.title') })).toBeVisible();
    await shot(page, testInfo.outputPath('first-run-choices.png'));
    await page.getByRole('button', { name: new RegExp(de('firstRun.choice.restore')) }).click();
    await chooseBackup(page, file, de('restore.title.move'));
    const dialog = page.getByRole('dialog', { name: de('restore.title.move') });
    await dialog.getByRole('button', { name: de('restore.submit.move') }).click();
    await expect(dialog.getByText(de('restore.done'))).toBeVisible({ timeout: 30_000 });
    await dialog.getByRole('button', { name: de('restore.continue') }).click();
    await expect(page.getByRole('navigation', { name: de('nav.label') })).toBeVisible();
    await expect(page.getByRole('cell', { name: /Umzug/ }).first()).toBeVisible();
  } finally {
    await main.dispose();
  }
});

test('first start as a second workstation: it gets 1000001–2000000 and issues 1000001', async ({ page, app }, testInfo) => {
  test.setTimeout(120_000);
  const main = await startBrowserApp();
  const year = new Date().getFullYear();
  try {
    const practice = await createPractice(main);
    const patient = await createPatient(main, {
      firstName: 'Beat', lastName: 'Hauptrechner', address: { street: 'Dorfstrasse', houseNumber: '5', postalCode: '3000', town: 'Bern', country: 'CH' },
    });
    const service = await main.call<{ id: string }>('services.create', {
      practiceId: practice.id, service: { code: '1200', names: { de: 'Manuelle Therapie', fr: '', it: '', en: '' }, unit: 'session', priceMinor: 9_000, vatRateBasisPoints: 0, active: true },
    });
    const issue = async (on: BrowserApp) => {
      const c = await on.call<{ id: string }>('consultations.create', {
        consultation: { patientId: patient.id, date: `${year}-01-15`, startTime: '09:00', durationMinutes: 30, items: [{ serviceId: service.id, quantityHundredths: 100 }], notes: '' },
      });
      const d = await on.call<{ id: string }>('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: [c.id] } });
      return on.call<{ number: string }>('invoices.issue', { id: d.id });
    };
    expect((await issue(main)).number).toBe(`${year}-00001`);
    const file = await backupFileOf(main, testInfo.outputDir);

    await page.goto(app.url);
    await page.getByRole('button', { name: new RegExp(de('firstRun.choice.second')) }).click();
    await chooseBackup(page, file, de('restore.title.second'));
    const dialog = page.getByRole('dialog', { name: de('restore.title.second') });
    await expect(dialog.getByText(de('restore.confirm.second'))).toBeVisible();
    // A name is needed.
    await dialog.getByRole('button', { name: de('restore.submit.second') }).click();
    await expect(dialog.getByText(de('v.required'))).toBeVisible();
    await dialog.getByLabel(de('restore.workstationName')).fill('Empfang');
    await shot(page, testInfo.outputPath('second-workstation-confirm.png'));
    await dialog.getByRole('button', { name: de('restore.submit.second') }).click();
    await expect(dialog.getByText(de('restore.doneRange', { from: '1’000’001', to: '2’000’000', mainFrom: '1', mainTo: '999’999' }))).toBeVisible({ timeout: 30_000 });
    await shot(page, testInfo.outputPath('second-workstation-done.png'));
    await dialog.getByRole('button', { name: de('restore.continue') }).click();
    await expect(page.getByRole('navigation', { name: de('nav.label') })).toBeVisible();

    expect((await issue(app)).number).toBe(`${year}-1000001`);
    await nav(page, de('nav.settings')).click();
    await settingsTab(page, de('settings.tab.numbers')).click();
    await expect(page.getByRole('cell', { name: /Empfang/ })).toBeVisible();
    await shot(page, testInfo.outputPath('second-workstation-ranges.png'));
  } finally {
    await main.dispose();
  }
});

test('the home screen says calmly when the backup folder is not there, and leads to the backup settings', async ({ page, app }, testInfo) => {
  await createPractice(app);
  await createPatient(app, { lastName: 'Vorhanden' });
  const folder = testInfo.outputPath('usb-disk');
  mkdirSync(folder, { recursive: true });
  await app.call('backup.configure', { folder, passphrase, retention: { daily: 7, weekly: 4, monthly: 12 } });
  rmSync(folder, { recursive: true });

  await openApp(page, app);
  const reminder = page.getByRole('status').filter({ hasText: de('backup.warning.folder_unavailable', { folder }) });
  await expect(reminder).toBeVisible();
  await shot(page, testInfo.outputPath('home-folder-unavailable.png'));
  await reminder.getByRole('link', { name: de('backup.warning.action') }).click();
  await expect(page.getByRole('heading', { name: de('backup.statusTitle') })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: de('backup.warning.folder_unavailable', { folder }) })).toBeVisible();
});
