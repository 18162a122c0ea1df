/**
 * "Logdatei exportieren" in Einstellungen, end to end in browser mode: an internal error is in the
 * downloaded log as code, method and stack frames, without the patient's name, the text that
 * caused it, or the browser's token.
 */
import Database from 'better-sqlite3';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createPatient, createPractice, de, expect, nav, openApp, test } from './fixtures.js';

test('Logdatei exportieren saves the log as a download: the error is there, the patient is not', async ({ page, app }) => {
  await createPractice(app);
  const patient = await createPatient(app, { firstName: 'Annelies', lastName: 'Zwygart' });
  // A damaged record: opening it fails inside main, whose JSON error would quote the stored text.
  const db = new Database(join(app.dataDir, 'arnika.sqlite'));
  db.prepare('UPDATE patients SET billing_recipient = ? WHERE id = ?').run('Annelies Zwygart, 079 555 12 34', patient.id);
  db.close();
  await expect(app.call('patients.get', { id: patient.id })).rejects.toThrow(/internal/);

  await openApp(page, app);
  await nav(page, 'Einstellungen').click();
  await expect(page.getByRole('heading', { name: de('support.logTitle') })).toBeVisible();
  await page.getByRole('heading', { name: de('support.logTitle') }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('settings-log.png') });
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Logdatei exportieren' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^arnika-log-\d{4}-\d{2}-\d{2}\.txt$/);
  const log = await readFile((await download.path())!, 'utf8');
  expect(log).toMatch(/^Arnika \S+, log exported /);
  expect(log).toMatch(/ ERROR dispatch\.unexpected_error method=patients\.get\n {2}SyntaxError\n {4}at /);
  for (const secret of ['Annelies', 'Zwygart', '079 555', app.token, app.dataDir]) expect(log).not.toContain(secret);
});
