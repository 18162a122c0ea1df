/**
 * The foundation, end to end in browser mode: first run, patients (create, find, archive,
 * delete), validation messages next to their fields, the practice screen, language switch,
 * paging, and data that survives a restart.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { countPatients, createPatient, createPractice, dateField, de, expect, fillDate, nav, openApp, samplePractice, test } from './fixtures.js';

test('first run: set up the practice, add a patient, find her, and she is still there after a restart', async ({ page, app }) => {
  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: de('firstRun.title') })).toBeVisible();
  // The token left the URL; routing took over.
  await expect(page).not.toHaveURL(/token=/);

  await page.getByLabel('Name der Praxis').fill('Physiotherapie Bergblick');
  await page.getByLabel('Therapeutin / Therapeut').fill('Lea Brunner');
  await page.getByLabel('Fachrichtung').selectOption({ label: 'Physiotherapie' });
  await page.getByLabel('Strasse').fill('Bahnhofstrasse');
  await page.getByLabel('Hausnummer').fill('12');
  await page.getByLabel('PLZ').fill('8001');
  await page.getByLabel('Ort', { exact: true }).fill('Zürich');
  await page.getByLabel('Telefon').fill('+41 44 123 45 67');
  await page.getByLabel('IBAN oder QR-IBAN').fill('ch4431999123000889012');
  await expect(page.getByText(de('practice.qrIbanDetected'))).toBeVisible();
  await page.getByRole('button', { name: de('firstRun.submit') }).click();

  await expect(page.getByRole('heading', { name: 'Patienten', level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/#\/patients$/);
  await expect(page.getByRole('heading', { name: de('patients.empty.none') })).toBeVisible();

  await page.getByRole('link', { name: 'Neuer Patient' }).first().click();
  await expect(page.getByRole('heading', { name: 'Neuer Patient' })).toBeVisible();
  await expect(page.getByLabel('Vorname', { exact: true })).toBeFocused();
  await page.getByLabel('Anrede', { exact: true }).selectOption({ label: 'Frau' });
  await page.getByLabel('Vorname', { exact: true }).fill('Anna');
  await page.getByLabel('Nachname', { exact: true }).fill('Müller');
  await fillDate(dateField(page, 'Geburtsdatum'), '1984-03-14');
  await page.getByLabel('AHV-Nummer').fill('7561234567897');
  await page.getByLabel('PLZ', { exact: true }).fill('3011');
  await page.getByLabel('Ort', { exact: true }).fill('Bern');
  await page.getByLabel('Mobile').fill('079 123 45 67');
  await page.getByLabel('Kategorien', { exact: true }).fill('Rücken');
  await page.getByLabel('Kategorien', { exact: true }).press('Enter');
  await expect(page.getByRole('list', { name: 'Kategorien: Auswahl' }).getByText('Rücken')).toBeVisible();
  // Enter in a text field submits the form.
  await page.getByLabel('E-Mail').fill('anna.mueller@example.ch');
  await page.getByLabel('E-Mail').press('Enter');

  await expect(page.getByRole('status')).toContainText(de('patient.saved'));
  await expect(page.getByRole('heading', { name: 'Anna Müller' })).toBeVisible();
  await expect(page).toHaveURL(/#\/patients\/[0-9a-f-]{36}$/);
  // Main formats the AHV number; the form shows what was stored.
  await expect(page.getByLabel('AHV-Nummer')).toHaveValue('756.1234.5678.97');
  await expect(page.getByText('geboren am 14.03.1984')).toBeVisible();

  await createPatient(app, { firstName: 'Beat', lastName: 'Keller' });
  await nav(page, 'Patienten').click();
  const search = page.getByRole('searchbox', { name: 'Patienten suchen' });
  await expect(search).toBeFocused();
  await expect(page.getByText('2 Patienten')).toBeVisible();
  const anna = page.getByRole('link', { name: 'Müller, Anna' });
  const beat = page.getByRole('link', { name: 'Keller, Beat' });
  for (const query of ['muller', 'MÜLLER', 'mueller']) {
    await search.fill(query);
    await expect(beat).toBeHidden();
    await expect(anna).toBeVisible();
    await expect(page.getByText('1 Patient', { exact: true })).toBeVisible();
  }
  const row = page.getByRole('row', { name: /Müller, Anna/ });
  await expect(row).toContainText('14.03.1984');
  await expect(row).toContainText('Bern');
  await expect(row).toContainText('Rücken');
  await search.fill('meier');
  await expect(page.getByRole('heading', { name: de('patients.empty.noResults', { query: 'meier' }) })).toBeVisible();

  await app.restart();
  await openApp(page, app);
  await nav(page, 'Patienten').click();
  await page.getByRole('searchbox', { name: 'Patienten suchen' }).fill('');
  await expect(page.getByRole('link', { name: 'Müller, Anna' })).toBeVisible();
  await page.getByRole('link', { name: 'Müller, Anna' }).click();
  await expect(page.getByLabel('AHV-Nummer')).toHaveValue('756.1234.5678.97');
  await expect(page.getByLabel('E-Mail')).toHaveValue('anna.mueller@example.ch');
});

test('bad patient input: clear messages next to the fields, focus on the first, nothing saved', async ({ page, app }) => {
  await createPractice(app);
  await openApp(page, app);
  await page.getByRole('link', { name: 'Neuer Patient' }).first().click();

  await page.getByLabel('Vorname', { exact: true }).fill('Anna');
  await page.getByLabel('Nachname', { exact: true }).fill('Muster');
  await fillDate(dateField(page, 'Geburtsdatum'), '2099-05-01');
  await page.getByLabel('AHV-Nummer').fill('756.1234.5678.98');
  await page.getByLabel('E-Mail').fill('anna@');
  await page.getByRole('button', { name: 'Speichern' }).click();

  await expect(page.getByRole('alert')).toContainText(de('error.validation'));
  await expect(page.getByLabel('E-Mail')).toHaveAccessibleDescription(de('v.email'));
  // A date field is a group of its parts (React Aria); the message describes the group.
  await expect(dateField(page, 'Geburtsdatum')).toHaveAccessibleDescription(new RegExp(de('v.birth_date_future').replace(/[.?]/g, '\\$&')));
  await expect(page.getByLabel('AHV-Nummer')).toHaveAccessibleDescription(de('v.ahv_check'));
  for (const key of ['v.email', 'v.birth_date_future', 'v.ahv_check']) await expect(page.getByText(de(key))).toBeVisible();
  await expect(page.getByLabel('E-Mail')).toHaveAttribute('aria-invalid', 'true');
  await expect(dateField(page, 'Geburtsdatum').getByRole('spinbutton').first()).toBeFocused();
  // What the user typed is all still there.
  await expect(page.getByLabel('E-Mail')).toHaveValue('anna@');
  await expect(page.getByLabel('AHV-Nummer')).toHaveValue('756.1234.5678.98');
  await expect(page.getByLabel('Vorname', { exact: true })).toHaveValue('Anna');
  expect(await countPatients(app)).toBe(0);

  // Leaving with unsaved input asks first; staying keeps everything.
  await nav(page, 'Patienten').click();
  const dialog = page.getByRole('dialog', { name: de('unsaved.title') });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: de('unsaved.stay') }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByLabel('E-Mail')).toHaveValue('anna@');
  await nav(page, 'Patienten').click();
  await page.getByRole('dialog').getByRole('button', { name: de('unsaved.discard') }).click();
  await expect(page.getByRole('heading', { name: de('patients.empty.none') })).toBeVisible();
  expect(await countPatients(app)).toBe(0);

  // Corrected input saves.
  await page.getByRole('link', { name: 'Neuer Patient' }).first().click();
  await page.getByLabel('Vorname', { exact: true }).fill('Anna');
  await page.getByLabel('Nachname', { exact: true }).fill('Muster');
  await page.getByLabel('PLZ', { exact: true }).fill('80011');
  await page.getByRole('button', { name: 'Speichern' }).click();
  await expect(page.getByLabel('PLZ', { exact: true })).toHaveAccessibleDescription(de('v.postal_code'));
  await page.getByLabel('PLZ', { exact: true }).fill('8001');
  await expect(page.getByText(de('v.postal_code'))).toBeHidden();
  await page.getByRole('button', { name: 'Speichern' }).click();
  await expect(page.getByRole('heading', { name: 'Anna Muster' })).toBeVisible();
  expect(await countPatients(app)).toBe(1);
});

test('bad IBAN in the practice form: message at the field, the stored practice unchanged', async ({ page, app }) => {
  await createPractice(app);
  await openApp(page, app);
  await nav(page, 'Praxis').click();
  const practices = page.getByRole('list', { name: 'Praxis' }).getByRole('listitem');
  await expect(practices).toHaveCount(1);
  await expect(practices.first()).toContainText('CH93 0076 2011 6238 5295 7');
  await expect(practices.first()).toContainText(de('practices.defaultBadge'));

  await practices.first().getByRole('link', { name: 'Bearbeiten' }).click();
  const iban = page.getByLabel('IBAN oder QR-IBAN');
  await expect(iban).toHaveValue('CH93 0076 2011 6238 5295 7');
  await iban.fill('CH93 0076 2011 6238 5295 8');
  await page.getByLabel('Name der Praxis').fill('Umbenannt');
  await page.getByRole('button', { name: 'Speichern' }).click();
  await expect(iban).toHaveAccessibleDescription(new RegExp(escape(de('v.iban'))));
  await expect(page.getByText(de('v.iban'))).toBeVisible();
  await expect(iban).toBeFocused();

  await page.getByRole('link', { name: de('practices.back') }).click();
  await page.getByRole('dialog').getByRole('button', { name: de('unsaved.discard') }).click();
  await expect(practices).toHaveCount(1);
  await expect(practices.first()).toContainText(samplePractice.name);
  await expect(practices.first()).toContainText('CH93 0076 2011 6238 5295 7');

  // A new practice with a bad IBAN is not created either.
  await page.getByRole('link', { name: de('practices.new') }).click();
  await page.getByLabel('Name der Praxis').fill('Zweitpraxis');
  await page.getByLabel('IBAN oder QR-IBAN').fill('DE00 1234');
  await page.getByRole('button', { name: 'Speichern' }).click();
  await expect(page.getByLabel('IBAN oder QR-IBAN')).toHaveAccessibleDescription(new RegExp(escape(de('v.iban'))));
  await expect(page.getByLabel('Fachrichtung')).toHaveAccessibleDescription(de('v.choice'));
  await expect(page.getByLabel('Strasse')).toHaveAccessibleDescription(de('v.required'));
  expect(await app.call<unknown[]>('practices.list')).toHaveLength(1);
});

test('practices: add a second one with a QR-IBAN, make it the default, delete the first', async ({ page, app }) => {
  await createPractice(app);
  await openApp(page, app);
  await nav(page, 'Praxis').click();
  await page.getByRole('link', { name: de('practices.new') }).click();
  await page.getByLabel('Name der Praxis').fill('Praxis am See');
  await page.getByLabel('Therapeutin / Therapeut').fill('Lea Brunner');
  await page.getByLabel('Fachrichtung').selectOption('massage');
  await page.getByLabel('Strasse').fill('Seestrasse');
  await page.getByLabel('PLZ').fill('6003');
  await page.getByLabel('Ort', { exact: true }).fill('Luzern');
  await page.getByLabel('IBAN oder QR-IBAN').fill('CH4431999123000889012');
  await page.getByRole('button', { name: 'Speichern' }).click();
  // The practice form has a status of its own (the number example), so the toast is found by its text.
  await expect(page.getByRole('status').filter({ hasText: de('practices.saved') })).toBeVisible();
  // Saved: shown formatted, with the QR-IBAN hint.
  await expect(page.getByLabel('IBAN oder QR-IBAN')).toHaveValue('CH44 3199 9123 0008 8901 2');
  await expect(page.getByText(de('practice.qrIbanDetected'))).toBeVisible();

  await page.getByRole('link', { name: de('practices.back') }).click();
  const list = page.getByRole('list', { name: 'Praxis' });
  const lake = list.getByRole('listitem', { name: 'Praxis am See' });
  const first = list.getByRole('listitem', { name: samplePractice.name });
  await expect(lake).toContainText('QR-IBAN');
  await expect(first.getByRole('button', { name: 'Löschen' })).toHaveCount(0);
  await lake.getByRole('button', { name: de('practices.makeDefault') }).click();
  const badge = (item: typeof lake) => item.getByText(de('practices.defaultBadge'), { exact: true });
  await expect(badge(lake)).toBeVisible();
  await expect(badge(first)).toHaveCount(0);
  await expect(first.getByRole('button', { name: de('practices.makeDefault') })).toBeVisible();

  await first.getByRole('button', { name: 'Löschen' }).click();
  const dialog = page.getByRole('dialog', { name: de('practices.deleteTitle') });
  await dialog.getByRole('button', { name: de('practices.deleteConfirm') }).click();
  await expect(dialog).toBeHidden();
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list.getByRole('listitem').first()).toContainText('Praxis am See');
});

test('language switch to Français changes the navigation at once and is kept', async ({ page, app }) => {
  await createPractice(app);
  await openApp(page, app);
  await nav(page, 'Einstellungen').click();
  await expect(page.getByRole('heading', { name: 'Einstellungen' })).toBeVisible();
  await expect(page.getByText(app.dataDir)).toBeVisible();
  // French is loaded when chosen: the choice shows once its texts are there.
  await page.getByRole('radio', { name: 'Français' }).click();
  await expect(page.getByRole('radio', { name: 'Français' })).toBeChecked();

  await expect(nav(page, 'Patients')).toBeVisible();
  await expect(nav(page, 'Cabinet')).toBeVisible();
  await expect(nav(page, 'Paramètres')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Paramètres' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');

  await page.reload();
  await expect(nav(page, 'Patients')).toBeVisible();
  await page.getByRole('radio', { name: 'Deutsch' }).check();
  await expect(nav(page, 'Einstellungen')).toBeVisible();
});

test('archive a patient: gone from Aktiv, listed under Archiviert; restore brings her back', async ({ page, app }) => {
  await createPractice(app);
  await createPatient(app, { firstName: 'Anna', lastName: 'Müller', address: { street: '', houseNumber: '', postalCode: '3011', town: 'Bern', country: 'CH' } });
  await createPatient(app, { firstName: 'Beat', lastName: 'Keller' });
  await openApp(page, app);
  const anna = page.getByRole('link', { name: 'Müller, Anna' });

  // A click anywhere in the row opens the patient.
  await page.getByRole('row', { name: /Müller, Anna/ }).getByRole('cell', { name: 'Bern' }).click();
  await page.getByRole('button', { name: 'Archivieren' }).click();
  await expect(page.getByRole('status')).toContainText(de('patient.archived'));
  await expect(page.getByRole('button', { name: 'Wiederherstellen' })).toBeVisible();

  await page.getByRole('link', { name: de('patient.back') }).click();
  await expect(page.getByRole('radio', { name: 'Aktiv' })).toBeChecked();
  await expect(page.getByRole('link', { name: 'Keller, Beat' })).toBeVisible();
  await expect(anna).toBeHidden();
  await page.getByRole('radio', { name: 'Archiviert' }).check();
  await expect(anna).toBeVisible();
  await expect(page.getByRole('row', { name: /Müller, Anna/ })).toContainText('Archiviert');
  await expect(page.getByRole('link', { name: 'Keller, Beat' })).toBeHidden();
  await page.getByRole('radio', { name: 'Alle' }).check();
  await expect(page.getByText('2 Patienten')).toBeVisible();

  await anna.click();
  await page.getByRole('button', { name: 'Wiederherstellen' }).click();
  await expect(page.getByRole('status')).toContainText(de('patient.restored'));
  await page.getByRole('link', { name: de('patient.back') }).click();
  await page.getByRole('radio', { name: 'Aktiv' }).check();
  await expect(anna).toBeVisible();
  await expect(page.getByText('2 Patienten')).toBeVisible();
});

test('delete a patient after confirming; Escape closes the dialog without deleting', async ({ page, app }) => {
  await createPractice(app);
  await createPatient(app, { firstName: 'Anna', lastName: 'Müller' });
  await openApp(page, app);
  await page.getByRole('link', { name: 'Müller, Anna' }).click();

  await page.getByRole('button', { name: 'Löschen' }).click();
  const dialog = page.getByRole('dialog', { name: de('patient.deleteTitle') });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Anna Müller');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect(await countPatients(app)).toBe(1);

  await page.getByRole('button', { name: 'Löschen' }).click();
  await dialog.getByRole('button', { name: de('patient.deleteConfirm') }).click();
  await expect(page.getByRole('status')).toContainText(de('patient.deleted'));
  await expect(page.getByRole('heading', { name: de('patients.empty.none') })).toBeVisible();
  expect(await countPatients(app)).toBe(0);
});

test('the list asks for one page of 50 at a time, shows the total, and searches as you type', async ({ page, app }) => {
  await createPractice(app);
  for (let i = 1; i <= 60; i++) await createPatient(app, { firstName: `Vorname${i}`, lastName: `Person${String(i).padStart(2, '0')}` });
  const limits: unknown[] = [];
  const queries: unknown[] = [];
  page.on('request', (request) => {
    if (!request.url().endsWith('/api/patients.list')) return;
    const input = request.postDataJSON() as { limit?: number; query?: string };
    limits.push(input.limit);
    if (input.limit === 50) queries.push(input.query ?? '');
  });
  await openApp(page, app);
  await expect(page.getByText('60 Patienten')).toBeVisible();
  await expect(page.getByText('1–50 von 60')).toBeVisible();
  await expect(page.getByRole('row')).toHaveCount(51);
  await page.getByRole('button', { name: 'Weiter' }).click();
  await expect(page.getByText('51–60 von 60')).toBeVisible();
  await expect(page.getByRole('row')).toHaveCount(11);
  await expect(page.getByRole('button', { name: 'Weiter' })).toBeDisabled();
  await page.getByLabel('Sortieren nach').selectOption({ label: 'Zuletzt geändert' });
  await expect(page.getByText('1–50 von 60')).toBeVisible();
  await expect(page.getByRole('row').nth(1)).toContainText('Person60');

  // Typed key by key, quickly: the first key goes out at once, without waiting for a pause in the
  // typing; keys typed while an answer is out go together in the next request (never more requests
  // than keys); only the last answer is shown.
  const requestsBefore = queries.length;
  await page.getByRole('searchbox', { name: 'Patienten suchen' }).pressSequentially('person05');
  await expect(page.getByText('1 Patient', { exact: true })).toBeVisible();
  await expect(page.getByRole('row')).toHaveCount(2);
  await expect(page.getByRole('link', { name: 'Person05, Vorname5' })).toBeVisible();
  const typed = queries.slice(requestsBefore);
  expect(typed[0]).toBe('p');
  expect(typed.at(-1)).toBe('person05');
  expect(typed.length).toBeLessThanOrEqual('person05'.length);
  expect(limits.every((limit) => limit === 50 || limit === 1)).toBe(true);
});

test('a database from a newer Arnika: a calm error screen with the data folder, nothing else', async ({ page, app }) => {
  await createPractice(app);
  await app.stop();
  const db = new Database(join(app.dataDir, 'arnika.sqlite'));
  db.pragma('user_version = 999');
  db.close();
  await app.restart();
  await page.goto(app.url);
  await expect(page.getByRole('alert')).toContainText(de('error.db.newer_version'));
  await expect(page.getByText(app.dataDir)).toBeVisible();
  await expect(page.getByRole('navigation')).toHaveCount(0);
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
