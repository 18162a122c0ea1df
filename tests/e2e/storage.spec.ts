/**
 * The data folder's guards, in Chromium against browser mode: a second browser mode on the same
 * folder is refused with who holds it (on its page and in its terminal); a damaged database shows
 * the calm screen, and a new patient is refused with the reason. Screenshots of both screens go
 * into the test's output folder (test-results/).
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startBrowserApp } from '../helpers/browserApp.js';
import { damageTable } from '../helpers/damage.js';
import { createPatient, createPractice, de, expect, openApp, test } from './fixtures.js';

test('a second browser mode on the same data folder is refused, names the first, and leaves it working', async ({ page, app }, testInfo) => {
  await createPractice(app);
  await createPatient(app, { lastName: 'Vorhanden' });

  const second = await startBrowserApp({ dataDir: app.dataDir });
  try {
    await page.goto(second.url);
    await expect(page.getByRole('heading', { name: de('startup.title') })).toBeVisible();
    await expect(page.getByRole('alert')).toContainText(de('error.storage.locked'));
    await expect(page.getByRole('alert')).toContainText(/Geöffnet im Browsermodus, Prozess \d+, seit \d\d\.\d\d\.\d\d/);
    await page.screenshot({ path: testInfo.outputPath('second-browser-mode-refused.png') });
    // The terminal says the same.
    expect(second.log()).toContain(de('error.storage.locked'));
    expect(second.log()).toMatch(/Geöffnet im Browsermodus, Prozess \d+/);
    // The refused one opened nothing: its API answers storage.locked.
    await expect(second.call('patients.list', {})).rejects.toThrow(/storage\.locked/);
  } finally {
    await second.stop();
  }
  // The first one goes on as before.
  await openApp(page, app);
  await expect(page.getByRole('cell', { name: /Vorhanden/ }).first()).toBeVisible();
});

test('a damaged database shows the calm screen; working on read-only, a new patient is refused and nothing is written', async ({ page, app }, testInfo) => {
  await createPractice(app);
  await createPatient(app, { lastName: 'Vorhanden' });
  await app.stop();
  damageTable(app.dataDir, 'consultations');
  await app.restart();

  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: de('storage.corrupt.title') })).toBeVisible();
  await expect(page.getByText(de('storage.corrupt.step3'))).toBeVisible();
  await expect(page.getByRole('button', { name: de('storage.restoreFromBackup') })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('database-damaged.png') });

  await page.getByRole('button', { name: de('storage.corrupt.continue') }).click();
  await expect(page.getByRole('status').filter({ hasText: de('storage.corrupt.banner') })).toBeVisible();
  // What is intact can still be read.
  await expect(page.getByRole('cell', { name: /Vorhanden/ }).first()).toBeVisible();

  await page.getByRole('link', { name: 'Neuer Patient' }).first().click();
  await page.getByLabel('Vorname', { exact: true }).fill('Neu');
  await page.getByLabel('Nachname', { exact: true }).fill('Patientin');
  await page.getByRole('button', { name: 'Speichern' }).click();
  await expect(page.getByRole('alert').filter({ hasText: de('error.storage.corrupt') }).first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('database-damaged-new-patient-refused.png') });
  expect((await app.call<{ total: number }>('patients.list', { status: 'all' })).total).toBe(1);
});

test('a database gone from a used folder is reported, and a new one is made only after a second confirmation', async ({ page, app }, testInfo) => {
  await createPractice(app);
  await app.stop();
  rmSync(join(app.dataDir, 'arnika.sqlite'));
  await app.restart();

  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: de('storage.missing.title') })).toBeVisible();
  await page.getByRole('button', { name: de('storage.missing.create') }).click();
  await expect(page.getByText(de('storage.missing.confirm'))).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('database-missing-confirm.png') });
  expect(existsSync(join(app.dataDir, 'arnika.sqlite'))).toBe(false);

  await page.getByRole('button', { name: de('storage.missing.confirmYes') }).click();
  await expect(page.getByRole('button', { name: de('firstRun.submit') })).toBeVisible();
});
