/**
 * axe (WCAG 2.1 A and AA) on the main screens and their states, in German, in one browser context
 * on one set of data: first start (empty and refused), patients (empty list, list, a search without
 * hits, new, detail, consultations and the consultation dialog, treatment cases and their dialog,
 * invoices, "cannot delete"), invoices (list with a selection, export, bulk send, new invoice,
 * draft, issued, the PDF viewer, recording a payment, cancel dialog, cancelled), payments, a bank
 * file's preview, open items, reminders (run, sent, settings), practices (list, new, edit), every
 * settings tab (mail profiles, the profile form with a failed connection test, email templates,
 * services and their dialog, consultation templates, number ranges, Tarif 590, backup and the
 * restore dialog), the send dialog, and the damaged-database screen. A new violation on any of
 * them fails the build; each screen's summary is attached to the test result (axe-summary.json).
 */
import { addDays } from '../../src/shared/calendar.js';
import { todayIso } from '../../src/shared/dates.js';
import { buildCamt, paymentOf } from '../helpers/camt.js';
import { damageTable } from '../helpers/damage.js';
import { expectAccessible, type AxeSummary } from './axe.js';
import { createPatient, de, expect, nav, openApp, samplePractice, test } from './fixtures.js';

const address = { street: 'Bahnhofstrasse', houseNumber: '7', postalCode: '3011', town: 'Bern', country: 'CH' };

interface Created {
  id: string;
}

async function seed(app: Parameters<typeof createPatient>[0], practice: Created) {
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
  const issued = await app.call<Created & { paymentReference: string | null; totalMinor: number }>('invoices.issue', { id: issuedDraft.id });
  const draft = await app.call<Created>('invoices.createDraft', { patientId: anna.id, draft: { consultationIds: [a2.id] } });
  await app.call('invoices.createDraft', { patientId: beat.id, draft: { consultationIds: [b1.id] } });
  // Beat's older invoice is overdue (the reminder run has something to show); Carla's is cancelled.
  const old = todayIso() > '2026-02-11' ? addDays(todayIso(), -60) : '2026-01-01';
  const b0 = await consult(beat.id, old);
  const overdueDraft = await app.call<Created>('invoices.createDraft', { patientId: beat.id, draft: { consultationIds: [b0.id], invoiceDate: old } });
  await app.call('invoices.issue', { id: overdueDraft.id });
  const carla = await createPatient(app, { firstName: 'Carla', lastName: 'Rossi', address });
  const c1 = await consult(carla.id, '2026-02-12');
  const cancelledDraft = await app.call<Created>('invoices.createDraft', { patientId: carla.id, draft: { consultationIds: [c1.id] } });
  const cancelled = await app.call<Created>('invoices.issue', { id: cancelledDraft.id });
  await app.call('invoices.cancel', { id: cancelled.id, reason: 'Doppelt erfasst' });
  // Nothing listens on port 1: "Verbindung testen" fails at once.
  await app.call('mail.saveProfile', {
    practiceId: practice.id,
    profile: { name: 'Praxis', senderName: 'Physiotherapie Bergblick', email: 'praxis@bergblick.ch', host: '127.0.0.1', port: 1, security: 'tls', authMethod: 'password', username: 'praxis@bergblick.ch', replyTo: '', bccSelf: false },
    password: 'geheim',
  });
  return { anna, issued, draft, cancelled };
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

  const practice = await app.call<Created>('practices.create', { practice: samplePractice });
  await openApp(page, app);
  await expect(page.getByRole('heading', { name: de('nav.patients'), level: 1 })).toBeVisible();
  await expect(page.getByRole('table')).toHaveCount(0);
  await check('Patientenliste leer');

  const { anna, issued, draft, cancelled } = await seed(app, practice);
  await openApp(page, app);
  await expect(page.getByRole('table')).toBeVisible();
  await check('Patientenliste');
  await page.getByRole('searchbox').fill('zzz');
  await expect(page.getByRole('table')).toHaveCount(0);
  await check('Patientenliste: Suche ohne Treffer');
  await page.getByRole('searchbox').fill('');
  await expect(page.getByRole('table')).toBeVisible();
  await page.getByRole('link', { name: de('patients.new') }).click();
  await expect(page.getByRole('heading', { name: de('patient.newTitle'), level: 1 })).toBeVisible();
  await check('Neuer Patient');

  await page.goto(`${app.origin}#/patients/${anna.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Müller');
  await check('Patient');
  await page.getByRole('button', { name: de('patient.delete') }).click();
  await expect(page.getByRole('dialog', { name: de('patient.cannotDeleteTitle') })).toBeVisible();
  await check('Patient mit Rechnungen löschen');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
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
  await page.goto(`${app.origin}#/patients/${anna.id}/cases`);
  await expect(page.getByRole('button', { name: de('cases.new') })).toBeVisible();
  await check('Behandlungsfälle');
  await page.getByRole('button', { name: de('cases.new') }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await check('Behandlungsfall erfassen');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
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
  await page.getByRole('button', { name: de('sendUi.bulk.button') }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await check('Sammelversand');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.getByRole('button', { name: de('newInvoice.button') }).click();
  await expect(page.getByRole('dialog', { name: de('newInvoice.title') })).toBeVisible();
  await check('Neue Rechnung');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await page.goto(`${app.origin}#/invoices/${draft.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await check('Rechnungsentwurf');
  await page.goto(`${app.origin}#/invoices/${issued.id}`);
  await expect(page.getByRole('button', { name: 'Stornieren' })).toBeVisible();
  await check('Ausgestellte Rechnung');
  await page.getByRole('button', { name: de('invoice.openPdf') }).click();
  await expect(page.getByRole('dialog').locator('.textLayer').first()).toContainText('Zahlteil');
  await check('PDF-Ansicht');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.getByRole('button', { name: de('payments.record') }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await check('Zahlung erfassen');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.getByRole('button', { name: 'Stornieren' }).click();
  await check('Stornieren');
  await page.keyboard.press('Escape');
  await page.goto(`${app.origin}#/invoices/${cancelled.id}`);
  await expect(page.getByRole('list', { name: de('invoice.documents') })).toBeVisible();
  await check('Stornierte Rechnung');

  await nav(page, de('nav.payments')).click();
  await expect(page.getByRole('heading', { name: de('nav.payments'), level: 1 })).toBeVisible();
  await check('Zahlungen');
  const camt = buildCamt({ message: 'camt.054', version: '08', account: 'CH9300762011623852957', entries: [{ transactions: [paymentOf(issued, issued.totalMinor)] }] });
  await page.getByTestId('bank-file-input').setInputFiles({ name: 'camt054.xml', mimeType: 'application/xml', buffer: Buffer.from(camt) });
  await expect(page.getByRole('heading', { level: 1, name: de('bank.preview') })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('list', { name: de('bank.groups') })).toBeVisible();
  await check('Bankdatei: Vorschau');
  await nav(page, de('nav.openItems')).click();
  await expect(page.getByRole('heading', { name: de('nav.openItems'), level: 1 })).toBeVisible();
  await expect(page.getByRole('table', { name: de('nav.openItems') })).toBeVisible();
  await check('Offene Posten');
  await nav(page, de('nav.reminders')).click();
  await expect(page.getByRole('heading', { name: de('nav.reminders'), level: 1 })).toBeVisible();
  await expect(page.getByRole('table').first()).toBeVisible();
  await check('Mahnlauf');
  await page.goto(`${app.origin}#/reminders/sent`);
  await expect(page.getByText(de('reminders.sent.none'))).toBeVisible();
  await check('Versandte Mahnungen');
  await page.goto(`${app.origin}#/reminders/settings`);
  await expect(page.getByRole('heading', { name: de('nav.reminders'), level: 1 })).toBeVisible();
  await expect(page.getByRole('textbox').first()).toBeVisible();
  await check('Mahnwesen: Einstellungen');

  await nav(page, de('nav.practice')).click();
  await expect(page.getByRole('link', { name: de('action.edit') }).first()).toBeVisible();
  await check('Praxen');
  await page.getByRole('link', { name: de('action.edit') }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await check('Praxis bearbeiten');
  await page.goto(`${app.origin}#/practice/new`);
  await expect(page.getByRole('heading', { name: de('practices.newTitle'), level: 1 })).toBeVisible();
  await check('Neue Praxis');

  await nav(page, de('nav.settings')).click();
  await check('Einstellungen: Allgemein');
  await settingsTab(de('settings.tab.mail')).click();
  await expect(page.getByRole('list', { name: 'Versandprofile' })).toBeVisible();
  await check('Einstellungen: E-Mail');
  await page.getByRole('button', { name: de('action.edit') }).first().click();
  await check('Versandprofil bearbeiten');
  await page.getByRole('button', { name: de('mailUi.test.button') }).click();
  await expect(page.getByText(de('mailUi.test.failed'))).toBeVisible({ timeout: 20_000 });
  await check('Versandprofil: Test fehlgeschlagen');
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
  await settingsTab(de('settings.tab.tarif590')).click();
  await expect(page.getByRole('heading', { name: de('t590ui.settings.title') }).first()).toBeVisible();
  await check('Einstellungen: Tarif 590');
  await settingsTab(de('settings.tab.backup')).click();
  await expect(page.getByRole('button', { name: de('backup.restoreButton') })).toBeVisible();
  await check('Einstellungen: Datensicherung');
  await page.getByRole('button', { name: de('backup.restoreButton') }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await check('Wiederherstellen');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await page.goto(`${app.origin}#/invoices/${issued.id}`);
  await page.getByRole('button', { name: de('sendUi.button') }).click();
  await expect(page.getByRole('dialog').getByRole('button', { name: de('sendUi.send') })).toBeVisible();
  await check('Rechnung senden');

  // Last, as it takes the database away: the screen for a damaged database.
  await app.stop();
  damageTable(app.dataDir, 'consultations');
  await app.restart();
  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: de('storage.corrupt.title') })).toBeVisible();
  await check('Datenbank beschädigt');

  await testInfo.attach('axe-summary.json', { body: JSON.stringify(summaries, null, 2), contentType: 'application/json' });
  const screens = summaries.map((s) => s.screen);
  expect(new Set(screens).size).toBe(screens.length);
  expect(screens.length).toBeGreaterThanOrEqual(39);
});
