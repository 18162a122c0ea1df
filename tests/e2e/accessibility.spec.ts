/**
 * axe (WCAG 2.1 A and AA) on the main screens and their states, in German: first start, patients
 * (list, form, consultations with the consultation dialog, invoices), invoices (list with a selected
 * row, draft, issued, cancel dialog, export dialog), the practice form, every settings tab (mail
 * profiles with their check, the profile form, email templates, services and their dialog,
 * consultation templates, number ranges), and the send dialogs. A new violation on any of them
 * fails the build; each screen's summary is attached to the test result (axe-summary.json).
 */
import { expectAccessible, type AxeSummary } from './axe.js';
import { createPatient, createPractice, de, expect, nav, openApp, test } from './fixtures.js';

const address = { street: 'Bahnhofstrasse', houseNumber: '7', postalCode: '3011', town: 'Bern', country: 'CH' };

interface Created {
  id: string;
}

async function seed(app: Parameters<typeof createPractice>[0]) {
  const practice = await createPractice(app);
  const service = await app.call<Created>('services.create', {
    practiceId: practice.id,
    service: { code: '1200', names: { de: 'Manuelle Therapie', fr: '', it: '', en: '' }, unit: 'session', priceMinor: 9_600, vatRateBasisPoints: 0, active: true },
  });
  await app.call('consultationTemplates.create', {
    practiceId: practice.id, template: { name: 'Erstkonsultation', durationMinutes: 45, items: [{ serviceId: service.id, quantityHundredths: 100 }] },
  });
  const anna = await createPatient(app, { firstName: 'Anna', lastName: 'Müller', birthDate: '1984-03-14', email: 'anna@example.ch', address });
  const beat = await createPatient(app, { firstName: 'Beat', lastName: 'Keller', address });
  const consult = (patientId: string, date: string) =>
    app.call<Created>('consultations.create', { consultation: { patientId, date, startTime: '09:00', durationMinutes: 45, items: [{ serviceId: service.id, quantityHundredths: 100 }], notes: '' } });
  const a1 = await consult(anna.id, '2026-02-10');
  const a2 = await consult(anna.id, '2026-02-17');
  const b1 = await consult(beat.id, '2026-02-11');
  const issuedDraft = await app.call<Created>('invoices.createDraft', { patientId: anna.id, draft: { consultationIds: [a1.id] } });
  const issued = await app.call<Created>('invoices.issue', { id: issuedDraft.id });
  const draft = await app.call<Created>('invoices.createDraft', { patientId: anna.id, draft: { consultationIds: [a2.id] } });
  await app.call('invoices.createDraft', { patientId: beat.id, draft: { consultationIds: [b1.id] } });
  await app.call('mail.saveProfile', {
    practiceId: practice.id,
    profile: { name: 'Praxis', senderName: 'Physiotherapie Bergblick', email: 'praxis@bergblick.ch', host: 'smtp.bergblick.ch', port: 465, security: 'tls', authMethod: 'password', username: 'praxis@bergblick.ch', replyTo: '', bccSelf: false },
    password: 'geheim',
  });
  return { practice, anna, issued, draft };
}

test('axe finds no WCAG 2.1 A/AA violation on the main screens', async ({ page, app }, testInfo) => {
  test.setTimeout(180_000);
  const summaries: AxeSummary[] = [];
  const check = async (screen: string, options?: Parameters<typeof expectAccessible>[2]) => summaries.push(await expectAccessible(page, screen, options));
  const settingsTab = (name: string) => page.getByRole('navigation', { name: de('settings.sections') }).getByRole('link', { name, exact: true });

  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: de('firstRun.title') })).toBeVisible();
  await check('Erster Start');
  await page.getByRole('button', { name: de('firstRun.submit') }).click();
  await expect(page.getByRole('alert').first()).toBeVisible();
  await check('Erster Start mit Fehlern');

  const { anna, issued, draft } = await seed(app);
  await openApp(page, app);
  await expect(page.getByRole('table')).toBeVisible();
  await check('Patientenliste');
  await page.getByRole('link', { name: de('patients.new') }).click();
  await expect(page.getByRole('heading', { name: de('patient.newTitle'), level: 1 })).toBeVisible();
  await check('Neuer Patient');

  await page.goto(`${app.origin}#/patients/${anna.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Müller');
  await check('Patient');
  await page.goto(`${app.origin}#/patients/${anna.id}/consultations`);
  await expect(page.getByRole('button', { name: de('consultations.new') })).toBeVisible();
  await check('Konsultationen');
  await page.getByRole('button', { name: de('consultations.new') }).click();
  const consultation = page.getByRole('dialog');
  await consultation.getByRole('button', { name: /Erstkonsultation/ }).click();
  await check('Konsultation erfassen');
  await consultation.getByRole('button', { name: de('action.cancel') }).click();
  const ask = page.getByRole('dialog', { name: de('unsaved.title') });
  if (await ask.isVisible()) await ask.getByRole('button', { name: de('unsaved.discard') }).click();
  await page.goto(`${app.origin}#/patients/${anna.id}/invoices`);
  await expect(page.getByRole('table')).toBeVisible();
  await check('Rechnungen des Patienten');

  await nav(page, de('nav.invoices')).click();
  await expect(page.getByRole('heading', { name: de('invoices.title'), level: 1 })).toBeVisible();
  await page.getByRole('table').getByRole('checkbox').nth(1).check();
  await check('Rechnungsliste mit Auswahl');
  await page.getByRole('button', { name: 'Exportieren (PDF)' }).click();
  await check('Export');
  await page.getByRole('dialog').getByRole('button', { name: de('action.cancel') }).click();

  await page.goto(`${app.origin}#/invoices/${draft.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await check('Rechnungsentwurf');
  await page.goto(`${app.origin}#/invoices/${issued.id}`);
  await expect(page.getByRole('button', { name: 'Stornieren' })).toBeVisible();
  await check('Ausgestellte Rechnung');
  await page.getByRole('button', { name: 'Stornieren' }).click();
  await check('Stornieren');
  await page.keyboard.press('Escape');

  await nav(page, de('nav.practice')).click();
  await page.getByRole('link', { name: de('action.edit') }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await check('Praxis bearbeiten');

  await nav(page, de('nav.settings')).click();
  await check('Einstellungen: Allgemein');
  await settingsTab(de('settings.tab.mail')).click();
  await expect(page.getByRole('list', { name: 'Versandprofile' })).toBeVisible();
  await check('Einstellungen: E-Mail');
  await page.getByRole('button', { name: de('action.edit') }).first().click();
  await check('Versandprofil bearbeiten');
  await settingsTab(de('settings.tab.email-templates')).click();
  await check('Einstellungen: E-Mail-Vorlagen');
  await settingsTab(de('settings.tab.services')).click();
  await check('Einstellungen: Leistungen');
  await page.getByRole('button', { name: de('action.edit') }).first().click();
  await check('Leistung bearbeiten');
  await page.getByRole('dialog').getByRole('button', { name: de('action.cancel') }).click();
  await settingsTab(de('settings.tab.templates')).click();
  await check('Einstellungen: Beratungsvorlagen');
  await settingsTab(de('settings.tab.numbers')).click();
  await check('Einstellungen: Nummernkreise');

  await page.goto(`${app.origin}#/invoices/${issued.id}`);
  await page.getByRole('button', { name: de('sendUi.button') }).click();
  await expect(page.getByRole('dialog').getByRole('button', { name: de('sendUi.send') })).toBeVisible();
  await check('Rechnung senden');

  await testInfo.attach('axe-summary.json', { body: JSON.stringify(summaries, null, 2), contentType: 'application/json' });
  expect(summaries.map((s) => s.screen)).toHaveLength(23);
});
