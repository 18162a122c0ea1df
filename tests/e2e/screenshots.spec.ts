/**
 * Screenshots of every screen at 1280×800 into /tmp/arnika-shots/ for a human look: the
 * foundation screens, then the invoicing ones (settings tabs, services, templates, number ranges,
 * a patient's consultations and invoices, drafts with and without problems, an issued and a
 * cancelled invoice, the PDF viewer, the Rechnungen list). Skipped unless SHOTS=1
 * (`SHOTS=1 npx playwright test screenshots`).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { createPatient, createPractice, dateField, de, expect, fillDate, nav, openApp, test } from './fixtures.js';

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
  await fillDate(dateField(page, 'Geburtsdatum'), '2099-05-01');
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
  await page.getByRole('radio', { name: 'Français' }).click();
  await expect(page.getByRole('radio', { name: 'Français' })).toBeChecked();
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

test('screenshots of the invoicing screens', async ({ page, app }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  const year = new Date().getFullYear();
  const d = (month: number, day: number) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

  const practice = await createPractice(app, { iban: 'CH44 3199 9123 0008 8901 2', zsrNumber: 'A123456', glnNumber: '7601000000002' });
  const service = async (code: string, de: string, unit: string, priceMinor: number, vat = 0, active = true, fr = '') =>
    app.call<{ id: string }>('services.create', { practiceId: practice.id, service: { code, names: { de, fr, it: '', en: '' }, unit, priceMinor, vatRateBasisPoints: vat, active } });
  const session = await service('7301', 'Physiotherapie, Sitzungspauschale', 'session', 4800, 0, true, 'Physiothérapie, forfait par séance');
  const manual = await service('7311', 'Manuelle Therapie', 'min5', 1080, 0, true, 'Thérapie manuelle');
  const tape = await service('KT', 'Kinesiotape', 'item', 850, 810);
  const visit = await service('HB', 'Hausbesuch', 'session', 3500);
  await service('ALT', 'Massage klassisch (alter Tarif)', 'min5', 950, 0, false);
  await app.call('consultationTemplates.create', { practiceId: practice.id, template: { name: 'Behandlung 30 Min.', durationMinutes: 30, items: [{ serviceId: manual.id, quantityHundredths: 100 }] } });
  await app.call('consultationTemplates.create', { practiceId: practice.id, template: { name: 'Erstkonsultation', durationMinutes: 60, items: [{ serviceId: session.id, quantityHundredths: 100 }, { serviceId: manual.id, quantityHundredths: 100 }] } });
  await app.call('numberRanges.create', { range: { label: 'Praxis-PC', from: 1, to: 9999, thisWorkstation: true } });
  await app.call('numberRanges.create', { range: { label: 'Laptop Hausbesuche', from: 10001, to: 20000, thisWorkstation: false } });

  const consult = (patientId: string, date: string, items: { serviceId: string; quantityHundredths: number }[], minutes = 30, startTime = '09:00', notes = '') =>
    app.call<{ id: string }>('consultations.create', { consultation: { patientId, date, startTime, durationMinutes: minutes, items, notes } });

  // Twenty patients with one or two consultations each, most of them invoiced.
  let i = 0;
  for (const [firstName, lastName, birthDate, town, postalCode] of people.slice(1, 21)) {
    i++;
    const p = await createPatient(app, { firstName, lastName, birthDate, address: { street: 'Dorfstrasse', houseNumber: String(i), postalCode, town, country: 'CH' } });
    const a = await consult(p.id, d(1 + (i % 9), 2 + i), [{ serviceId: manual.id, quantityHundredths: 100 }], 30 + (i % 4) * 5);
    const ids = [a.id];
    if (i % 3 === 0) ids.push((await consult(p.id, d(1 + (i % 9), 10 + i), [{ serviceId: session.id, quantityHundredths: 100 }, { serviceId: tape.id, quantityHundredths: 200 }])).id);
    const draft = await app.call<{ id: string }>('invoices.createDraft', { patientId: p.id, draft: { consultationIds: ids, invoiceDate: d(1 + (i % 9), 25) } });
    if (i % 7 !== 0) await app.call('invoices.issue', { id: draft.id });
    if (i === 5) await app.call('invoices.cancel', { id: draft.id, reason: 'Doppelt erfasst' });
  }

  // Anna Müller: two consultations invoiced, one on a draft, two open.
  const anna = await createPatient(app, {
    firstName: 'Anna', lastName: 'Müller', birthDate: '1984-03-14', address: { street: 'Bahnhofstrasse', houseNumber: '7', postalCode: '3011', town: 'Bern', country: 'CH' },
    billingRecipient: { salutation: 'mr', firstName: 'Peter', lastName: 'Müller', address: { street: 'Bahnhofstrasse', houseNumber: '7', postalCode: '3011', town: 'Bern', country: 'CH' }, email: '' },
  });
  const a1 = await consult(anna.id, d(2, 3), [{ serviceId: session.id, quantityHundredths: 100 }, { serviceId: manual.id, quantityHundredths: 100 }], 60, '08:30', 'Erstbefund LWS, Beweglichkeit eingeschränkt.');
  const a2 = await consult(anna.id, d(2, 10), [{ serviceId: manual.id, quantityHundredths: 100 }], 30, '08:30', 'Mobilisation, Heimübungen instruiert.');
  const issued = await app.call<{ id: string }>('invoices.createDraft', { patientId: anna.id, draft: { consultationIds: [a1.id, a2.id], recipient: 'patient' } });
  await app.call('invoices.issue', { id: issued.id });
  const a3 = await consult(anna.id, d(2, 17), [{ serviceId: manual.id, quantityHundredths: 100 }, { serviceId: tape.id, quantityHundredths: 100 }], 45, '10:00', 'Tape Schulter rechts.');
  const annaDraft = await app.call<{ id: string }>('invoices.createDraft', { patientId: anna.id, draft: { consultationIds: [a3.id], recipient: 'patient' } });
  await consult(anna.id, d(2, 24), [{ serviceId: manual.id, quantityHundredths: 100 }], 30, '08:30');
  await consult(anna.id, d(3, 3), [{ serviceId: visit.id, quantityHundredths: 100 }, { serviceId: manual.id, quantityHundredths: 100 }], 35, '16:15', 'Hausbesuch, Gangschulung.');

  // A patient without a complete address: her draft cannot be issued yet.
  const gertrud = await createPatient(app, { firstName: 'Gertrud', lastName: 'Aebi', birthDate: '1939-02-11', address: { street: '', houseNumber: '', postalCode: '', town: 'Thun', country: 'CH' } });
  const g1 = await consult(gertrud.id, d(3, 5), [{ serviceId: visit.id, quantityHundredths: 100 }, { serviceId: manual.id, quantityHundredths: 100 }], 40);
  const gDraft = await app.call<{ id: string }>('invoices.createDraft', { patientId: gertrud.id, draft: { consultationIds: [g1.id] } });

  await openApp(page, app);
  const tab = (name: string) => page.getByRole('navigation', { name: de('settings.sections') }).getByRole('link', { name, exact: true });
  await nav(page, 'Einstellungen').click();
  await expect(page.getByRole('heading', { name: de('settings.language') })).toBeVisible();
  await shot(page, '20-settings-general');
  await tab('Leistungen').click();
  await expect(page.getByRole('cell', { name: 'Kinesiotape', exact: true })).toBeVisible();
  await shot(page, '21-settings-services');
  await page.getByRole('row', { name: /Manuelle Therapie/ }).getByRole('button', { name: 'Bearbeiten' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.getByRole('dialog').getByLabel('Preis (CHF)').fill('10.8.0');
  await page.getByRole('dialog').getByRole('button', { name: 'Speichern' }).click();
  await expect(page.getByRole('dialog').getByText(de('v.money'))).toBeVisible();
  await shot(page, '22-service-dialog');
  // Typed input: Escape asks before throwing it away.
  await page.keyboard.press('Escape');
  await page.getByRole('dialog', { name: de('unsaved.title') }).getByRole('button', { name: de('unsaved.discard') }).click();
  await tab('Beratungsvorlagen').click();
  await expect(page.getByRole('cell', { name: 'Erstkonsultation' })).toBeVisible();
  await shot(page, '23-settings-templates');
  await page.getByRole('row', { name: /Erstkonsultation/ }).getByRole('button', { name: 'Bearbeiten' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await shot(page, '24-template-dialog');
  await page.keyboard.press('Escape');
  await tab('Nummernkreise').click();
  await expect(page.getByRole('cell', { name: /Laptop Hausbesuche/ })).toBeVisible();
  await shot(page, '25-settings-numbers');
  await page.getByRole('button', { name: de('ranges.new') }).click();
  await page.getByRole('dialog').getByLabel(de('ranges.field.label')).fill('Zweiter PC');
  await page.getByRole('dialog').getByLabel('Von').fill('15000');
  await page.getByRole('dialog').getByLabel('Bis').fill('16000');
  await page.getByRole('dialog').getByRole('button', { name: de('ranges.create') }).click();
  await expect(page.getByRole('dialog').getByText(/überschneidet sich/).first()).toBeVisible();
  await shot(page, '26-range-overlap');
  await page.keyboard.press('Escape');
  await page.getByRole('dialog', { name: de('unsaved.title') }).getByRole('button', { name: de('unsaved.discard') }).click();
  await tab('E-Mail').click();
  await shot(page, '27-settings-mail');

  await nav(page, 'Praxis').click();
  await page.getByRole('link', { name: 'Bearbeiten' }).first().click();
  await shotAt(page, de('practice.section.invoiceNumbers'), '28-practice-number-format');

  await page.goto(`${app.origin}#/patients/${anna.id}/consultations`);
  await expect(page.getByRole('heading', { name: 'Konsultationen', level: 2 })).toBeVisible();
  await expect(page.getByRole('table').getByRole('row')).toHaveCount(6);
  await page.getByRole('checkbox', { name: de('consultations.selectAllOpen') }).check();
  await shot(page, '29-patient-consultations');
  await page.getByRole('button', { name: 'Neue Konsultation' }).click();
  await page.getByRole('dialog').getByRole('button', { name: /Erstkonsultation/ }).click();
  await page.getByRole('dialog').getByLabel('Behandlungsnotizen').fill('Schulter links, Schmerz bei Abduktion.');
  await shot(page, '30-consultation-dialog');
  await page.keyboard.press('Escape');
  await page.getByRole('dialog', { name: de('unsaved.title') }).getByRole('button', { name: de('unsaved.discard') }).click();
  await page.getByRole('button', { name: de('consultations.viewOn', { date: `10.02.${year}` }) }).click();
  await expect(page.getByRole('dialog', { name: de('consultation.viewTitle') })).toBeVisible();
  await shot(page, '30b-consultation-invoiced');
  await page.keyboard.press('Escape');
  await page.getByRole('navigation', { name: de('patient.tabs') }).getByRole('link', { name: 'Rechnungen' }).click();
  await expect(page.getByRole('table').getByRole('row')).toHaveCount(3);
  await shot(page, '31-patient-invoices');

  await page.goto(`${app.origin}#/invoices/${gDraft.id}`);
  await expect(page.getByRole('heading', { name: de('problems.title') })).toBeVisible();
  await shot(page, '32-invoice-draft-problems');
  await page.getByRole('button', { name: 'Ausstellen' }).click();
  await expect(page.getByRole('alert').first()).toContainText(de('problems.refused'));
  await shot(page, '32b-invoice-issue-refused');
  await page.goto(`${app.origin}#/invoices/${annaDraft.id}`);
  await expect(page.getByText(de('invoice.readyToIssue'))).toBeVisible();
  await shot(page, '33-invoice-draft-ready');
  await page.goto(`${app.origin}#/invoices/${issued.id}`);
  await expect(page.getByRole('heading', { name: /Rechnung \d{4}-/ })).toBeVisible();
  await shot(page, '34-invoice-issued');
  await page.getByRole('button', { name: 'PDF öffnen' }).click();
  // Drawn once the text layer holds the invoice's number.
  await expect(page.getByRole('dialog').locator('.textLayer').first()).toContainText(/Rechnung \d{4}-/);
  await shot(page, '35-pdf-viewer');
  await page.getByRole('dialog').getByRole('button', { name: 'Schliessen' }).click();
  await page.getByRole('button', { name: 'Stornieren' }).click();
  await page.getByRole('dialog').getByLabel(de('invoice.cancelReason')).fill('Falscher Rechnungsempfänger');
  await shot(page, '36-cancel-dialog');
  await page.getByRole('dialog').getByRole('button', { name: 'Stornieren' }).click();
  await expect(page.getByText(de('invoice.status.cancelled'), { exact: true })).toBeVisible();
  await shot(page, '37-invoice-cancelled');

  await nav(page, 'Rechnungen').click();
  await expect(page.getByText(/^\d+ Rechnungen/)).toBeVisible();
  await shot(page, '38-invoices-list');
  await page.getByRole('checkbox', { name: de('invoices.selectAll') }).check();
  await shot(page, '39-invoices-selection');
  await page.getByRole('button', { name: 'Exportieren (PDF)' }).click();
  await shot(page, '40-export-dialog');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Auswahl aufheben' }).click();
  await page.getByRole('radio', { name: 'Storniert' }).check();
  await page.getByRole('searchbox').fill('müller');
  await expect(page.getByText('1 Rechnung', { exact: false })).toBeVisible();
  await shot(page, '41-invoices-filtered');

  // French: the same screens in another language keep their layout.
  await nav(page, 'Einstellungen').click();
  await page.getByRole('radio', { name: 'Français' }).click();
  await expect(page.getByRole('radio', { name: 'Français' })).toBeChecked();
  await page.goto(`${app.origin}#/invoices/${annaDraft.id}`);
  await expect(page.getByRole('heading', { name: 'Brouillon de facture' })).toBeVisible();
  await shot(page, '42-invoice-draft-fr');
  await page.goto(`${app.origin}#/patients/${anna.id}/consultations`);
  await expect(page.getByRole('heading', { name: 'Consultations', level: 2 })).toBeVisible();
  await shot(page, '43-consultations-fr');
  await page.goto(`${app.origin}#/settings/numbers`);
  await shot(page, '44-numbers-fr');
  await page.goto(`${app.origin}#/settings/general`);
  await page.getByRole('radio', { name: 'Deutsch' }).check();
  await page.setViewportSize({ width: 900, height: 800 });
  await page.goto(`${app.origin}#/invoices/${issued.id}`);
  await expect(page.getByRole('heading', { name: /Rechnung \d{4}-/ })).toBeVisible();
  await shot(page, '45-invoice-narrow');
});
