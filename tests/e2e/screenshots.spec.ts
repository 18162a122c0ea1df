/**
 * Screenshots of every screen at 1280×800 into /tmp/arnika-shots/ for a human look. Skipped
 * unless SHOTS=1 (`SHOTS=1 npx playwright test screenshots`).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { createPatient, createPractice, de, expect, nav, openApp, test } from './fixtures.js';

const dir = '/tmp/arnika-shots';
const shot = (page: Page, name: string) => page.screenshot({ path: join(dir, `${name}.png`) });
/** The app scrolls inside its content area, so "full page" means: bring a section into view. */
async function shotAt(page: Page, heading: string, name: string) {
  await page.getByRole('heading', { name: heading, exact: true }).scrollIntoViewIfNeeded();
  await shot(page, name);
}

test.skip(!process.env.SHOTS, 'screenshots only with SHOTS=1');
test.beforeAll(() => mkdirSync(dir, { recursive: true }));

const people = [
  ['Anna', 'Müller', '1984-03-14', 'Bern', '3011', ['Rücken']], ['Beat', 'Keller', '1971-11-02', 'Thun', '3600', []],
  ['Chantal', 'Rochat', '1990-06-21', 'Lausanne', '1003', ['Sport', 'Knie']], ['Daniel', 'Brunner', '1965-01-30', 'Zürich', '8004', []],
  ['Elena', 'Bernasconi', '1998-09-12', 'Lugano', '6900', ['Schulter']], ['Fabian', 'Schmid', '1979-04-05', 'Luzern', '6003', []],
  ['Gabriela', 'Huber', '1956-12-24', 'Basel', '4051', ['Nacken']], ['Hans', 'Meier', '1948-07-17', 'Winterthur', '8400', ['Rücken']],
  ['Ines', 'Zürcher', '2001-02-28', 'Chur', '7000', []], ['Jonas', 'Frei', '1987-10-09', 'St. Gallen', '9000', ['Sport']],
  ['Katharina', 'von Allmen', '1993-05-15', 'Interlaken', '3800', []], ['Luca', 'Rossi', '1982-08-03', 'Bellinzona', '6500', ['Knie']],
  ['Marie', 'Dubois', '1975-03-19', 'Genève', '1201', []], ['Nina', 'Gerber', '1999-11-11', 'Biel/Bienne', '2502', ['Schwangerschaft']],
  ['Oliver', 'Wyss', '1968-06-06', 'Aarau', '5000', []], ['Petra', 'Baumann', '1960-02-14', 'Solothurn', '4500', ['Rücken', 'Chronisch']],
  ['Reto', 'Steiner', '1991-12-01', 'Zug', '6300', []], ['Sandra', 'Graf', '1985-04-22', 'Schaffhausen', '8200', []],
  ['Thomas', 'Bühler', '1972-09-30', 'Frauenfeld', '8500', ['Sport']], ['Ursula', 'Moser', '1953-01-08', 'Burgdorf', '3400', []],
  ['Vera', 'Kälin', '1996-07-27', 'Einsiedeln', '8840', []], ['Walter', 'Roth', '1944-10-16', 'Olten', '4600', ['Hüfte']],
  ['Yvonne', 'Lehmann', '1989-03-03', 'Wil', '9500', []], ['Zoe', 'Hofmann', '2005-05-05', 'Baden', '5400', ['Sport']],
  ['Adrian', 'Fischer', '1977-08-18', 'Uster', '8610', []], ['Bettina', 'Weber', '1983-02-09', 'Köniz', '3098', []],
  ['Cédric', 'Favre', '1994-11-23', 'Neuchâtel', '2000', ['Knie']], ['Doris', 'Ammann', '1962-06-12', 'Sursee', '6210', []],
  ['Emil', 'Suter', '1958-04-01', 'Wohlen', '5610', []], ['Franziska', 'Ott', '1986-09-07', 'Liestal', '4410', ['Rücken']],
] as const;

test('screenshots of every screen', async ({ page, app }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: de('firstRun.title') })).toBeVisible();
  await shot(page, '01-first-run');
  await page.getByRole('button', { name: de('firstRun.submit') }).click();
  await expect(page.getByRole('alert').first()).toBeVisible();
  await shot(page, '02-first-run-errors');

  await createPractice(app, { iban: 'CH44 3199 9123 0008 8901 2', zsrNumber: 'A123456', glnNumber: '7601000000002' });
  await openApp(page, app);
  await expect(page.getByRole('heading', { name: de('patients.empty.none') })).toBeVisible();
  await shot(page, '03-patients-empty');

  let i = 0;
  for (const [firstName, lastName, birthDate, town, postalCode, categories] of people) {
    i++;
    await createPatient(app, {
      firstName, lastName, birthDate, categories: [...categories],
      address: { street: 'Dorfstrasse', houseNumber: String(i), postalCode, town, country: 'CH' },
      phone: i % 3 === 0 ? '' : `+41 31 ${300 + i} 12 ${10 + i}`,
      mobile: i % 2 === 0 ? `079 ${400 + i} 22 ${10 + i}` : '',
      email: i % 4 === 0 ? '' : `${firstName}.${lastName}@example.ch`.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f\s]/g, ''),
    });
  }
  const archived = await createPatient(app, { firstName: 'Gertrud', lastName: 'Aebi', birthDate: '1939-02-11' });
  await app.call('patients.archive', { id: archived.id });
  await page.reload();
  await expect(page.getByText('30 Patienten')).toBeVisible();
  await shot(page, '04-patients-list');
  await page.getByRole('searchbox').fill('mueller');
  await expect(page.getByText('1 Patient', { exact: true })).toBeVisible();
  await shot(page, '05-patients-search');
  await page.getByRole('searchbox').fill('xyz');
  await expect(page.getByRole('heading', { name: de('patients.empty.noResults', { query: 'xyz' }) })).toBeVisible();
  await shot(page, '06-patients-no-results');
  await page.getByRole('searchbox').fill('');
  await page.getByRole('radio', { name: 'Alle' }).check();
  await expect(page.getByText('31 Patienten')).toBeVisible();
  await shot(page, '07-patients-all');

  await page.getByRole('link', { name: 'Müller, Anna' }).click();
  await expect(page.getByRole('heading', { name: 'Anna Müller' })).toBeVisible();
  await shot(page, '08-patient-detail');
  await page.getByLabel(de('patient.hasBillingRecipient')).check();
  await page.getByLabel(de('patient.categories'), { exact: true }).fill('Sport');
  await page.getByLabel(de('patient.categories'), { exact: true }).press('Enter');
  await shotAt(page, de('patient.section.billing'), '09-patient-detail-billing');
  await shotAt(page, de('patient.section.notes'), '09b-patient-detail-notes');

  await page.getByLabel('E-Mail', { exact: true }).fill('anna@');
  await page.getByLabel('Geburtsdatum').fill('2099-05-01');
  await page.getByLabel('AHV-Nummer').fill('756.1234.5678.98');
  await page.getByRole('button', { name: 'Speichern' }).click();
  await expect(page.getByText(de('v.email')).first()).toBeVisible();
  await shot(page, '10-patient-errors');
  await page.getByRole('button', { name: 'Löschen' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await shot(page, '11-delete-dialog');
  await page.keyboard.press('Escape');
  await nav(page, 'Praxis').click();
  await page.getByRole('dialog').getByRole('button', { name: de('unsaved.discard') }).click();

  await createPractice(app, { name: 'Praxis am See', address: { street: 'Seestrasse', houseNumber: '4', postalCode: '6003', town: 'Luzern', country: 'CH' } });
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Praxis', level: 1 })).toBeVisible();
  await expect(page.getByText('Praxis am See')).toBeVisible();
  await shot(page, '12-practices');
  await page.getByRole('link', { name: 'Bearbeiten' }).first().click();
  await expect(page.getByLabel('Name der Praxis')).not.toHaveValue('');
  await shot(page, '13-practice-form');
  await shotAt(page, de('practice.section.payment'), '14-practice-form-payment');

  await nav(page, 'Einstellungen').click();
  await expect(page.getByRole('heading', { name: 'Einstellungen' })).toBeVisible();
  await shot(page, '15-settings');
  await page.getByRole('radio', { name: 'Français' }).check();
  await nav(page, 'Patients').click();
  await expect(page.getByText('31 patients')).toBeVisible();
  await shot(page, '16-patients-fr');
  await nav(page, 'Paramètres').click();
  await page.getByRole('radio', { name: 'Deutsch' }).check();

  await app.stop();
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(join(app.dataDir, 'arnika.sqlite'));
  db.pragma('user_version = 999');
  db.close();
  await app.restart();
  await page.goto(app.url);
  await expect(page.getByRole('alert')).toBeVisible();
  await shot(page, '17-startup-error');
});
