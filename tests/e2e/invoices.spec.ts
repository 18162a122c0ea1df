/**
 * Invoicing end to end in browser mode: services set up in Einstellungen, consultations on the
 * patient, a draft from two of them, issue with a real number, the PDF really shown, Storno; wrong
 * data stops issuing with a list of what to fix; the Rechnungen list filters; number ranges.
 */
import type { Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { readFile } from 'node:fs/promises';
import { createPatient, createPractice, dateField, de, expect, fillDate, fillTime, nav, openApp, shownValue, test } from './fixtures.js';
import type { BrowserApp } from '../helpers/browserApp.js';
import { pdfText, qrCodesInPdf } from '../helpers/pdf.js';

const year = new Date().getFullYear();
const address = { street: 'Dorfstrasse', houseNumber: '3', postalCode: '3011', town: 'Bern', country: 'CH' };

interface Created {
  id: string;
}

async function addService(app: BrowserApp, practiceId: string, code: string, name: string, unit: 'min5' | 'session' | 'item', priceMinor: number) {
  return app.call<Created>('services.create', {
    practiceId, service: { code, names: { de: name, fr: '', it: '', en: '' }, unit, priceMinor, vatRateBasisPoints: 0, active: true },
  });
}

async function addConsultation(app: BrowserApp, patientId: string, serviceId: string, date: string, minutes = 30) {
  return app.call<Created>('consultations.create', {
    consultation: { patientId, date, startTime: '09:00', durationMinutes: minutes, items: [{ serviceId, quantityHundredths: 100 }], notes: '' },
  });
}

async function draftFor(app: BrowserApp, patientId: string, consultationIds: string[], invoiceDate?: string) {
  return app.call<Created & { number: string | null }>('invoices.createDraft', { patientId, draft: { consultationIds, ...(invoiceDate ? { invoiceDate } : {}) } });
}

function settingsTab(page: Page, name: string) {
  return page.getByRole('navigation', { name: de('settings.sections') }).getByRole('link', { name, exact: true });
}

function patientTab(page: Page, name: string) {
  return page.getByRole('navigation', { name: de('patient.tabs') }).getByRole('link', { name, exact: true });
}

test('services in Einstellungen, two consultations on one invoice: issue, the PDF really shows, Storno frees them', async ({ page, app }) => {
  await createPractice(app);
  await createPatient(app, { firstName: 'Anna', lastName: 'Müller', address });
  await openApp(page, app);

  // Einstellungen → Leistungen: one service per 5 minutes, one per session.
  await nav(page, 'Einstellungen').click();
  await settingsTab(page, 'Leistungen').click();
  await expect(page).toHaveURL(/#\/settings\/services$/);
  await expect(page.getByRole('heading', { name: de('services.empty') })).toBeVisible();

  await page.getByRole('button', { name: 'Neue Leistung' }).click();
  let dialog = page.getByRole('dialog', { name: de('services.newTitle') });
  await expect(dialog.getByLabel('Code', { exact: true })).toBeFocused();
  await dialog.getByLabel('Code', { exact: true }).fill('7311');
  await dialog.getByLabel('Bezeichnung (Deutsch)').fill('Manuelle Therapie');
  await dialog.getByLabel('Einheit').selectOption({ label: 'pro 5 Min.' });
  await dialog.getByLabel('Preis (CHF)').fill('10,805');
  await dialog.getByRole('button', { name: 'Speichern' }).click();
  // A price that is not an amount: the message at the field, the field focused, nothing saved.
  await expect(dialog.getByLabel('Preis (CHF)')).toHaveAccessibleDescription(de('v.money'));
  await expect(dialog.getByLabel('Preis (CHF)')).toBeFocused();
  await dialog.getByLabel('Preis (CHF)').fill('10.80');
  await dialog.getByRole('button', { name: 'Speichern' }).click();
  await expect(dialog).toBeHidden();

  await page.getByRole('button', { name: 'Neue Leistung' }).click();
  dialog = page.getByRole('dialog', { name: de('services.newTitle') });
  await dialog.getByLabel('Code', { exact: true }).fill('HB');
  await dialog.getByLabel('Bezeichnung (Deutsch)').fill('Hausbesuch');
  await dialog.getByLabel('Einheit').selectOption({ label: 'pro Sitzung' });
  await dialog.getByLabel('Preis (CHF)').fill('48.37');
  await dialog.getByRole('button', { name: 'Speichern' }).click();
  await expect(dialog).toBeHidden();

  const services = page.getByRole('table');
  await expect(services.getByRole('row', { name: /Manuelle Therapie/ })).toContainText('CHF 10.80');
  await expect(services.getByRole('row', { name: /Manuelle Therapie/ })).toContainText('pro 5 Min.');
  await expect(services.getByRole('row', { name: /Hausbesuch/ })).toContainText('CHF 48.37');

  // The patient: two consultations.
  await nav(page, 'Patienten').click();
  await page.getByRole('link', { name: 'Müller, Anna' }).click();
  await patientTab(page, 'Konsultationen').click();
  await expect(page).toHaveURL(/#\/patients\/[0-9a-f-]{36}\/consultations$/);

  await page.getByRole('button', { name: 'Neue Konsultation' }).click();
  dialog = page.getByRole('dialog', { name: de('consultation.newTitle') });
  await fillDate(dateField(dialog, 'Datum'), `${year}-01-12`);
  await fillTime(dateField(dialog, 'Beginn'), '09:00');
  await dialog.getByLabel('Dauer (Minuten)').fill('25');
  await dialog.getByLabel('Leistung (1)').selectOption({ label: '7311 · Manuelle Therapie' });
  // Per 5 minutes: its own minutes, the first such position starting with the duration.
  await expect(dialog.getByLabel('Minuten (1)')).toHaveValue('25');
  await expect(dialog.getByText('5 × 5 Min.')).toBeVisible();
  await expect(dialog.getByLabel('Anzahl (1)')).toHaveCount(0);
  await dialog.getByLabel('Behandlungsnotizen').fill('LWS mobilisiert');
  await dialog.getByRole('button', { name: 'Speichern' }).click();
  await expect(dialog).toBeHidden();

  await page.getByRole('button', { name: 'Neue Konsultation' }).click();
  dialog = page.getByRole('dialog', { name: de('consultation.newTitle') });
  await fillDate(dateField(dialog, 'Datum'), `${year}-01-19`);
  await fillTime(dateField(dialog, 'Beginn'), '14:30');
  await dialog.getByLabel('Leistung (1)').selectOption({ label: 'HB · Hausbesuch' });
  await expect(dialog.getByLabel('Anzahl (1)')).toHaveValue('1');
  await dialog.getByRole('button', { name: 'Speichern' }).click();
  await expect(dialog).toBeHidden();

  // The header, the treatment case the first consultation opened, its two consultations.
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(1)).toContainText(de('cases.untitled', { date: `12.01.${year}` }));
  await expect(rows.nth(2)).toContainText(`19.01.${year}`);
  await expect(rows.nth(2)).toContainText('CHF 48.37');
  await expect(rows.nth(3)).toContainText(`12.01.${year}`);
  await expect(rows.nth(3)).toContainText('CHF 54.00');
  await expect(rows.nth(3)).toContainText(de('consultation.status.open'));

  // Both on one invoice.
  await page.getByRole('checkbox', { name: de('consultations.select', { date: `12.01.${year}`, time: '09:00' }) }).check();
  await page.getByRole('checkbox', { name: de('consultations.select', { date: `19.01.${year}`, time: '14:30' }) }).check();
  await expect(page.getByText(de('consultations.selected.other', { count: 2, sum: 'CHF 102.37' }))).toBeVisible();
  await page.getByRole('button', { name: 'Rechnung erstellen' }).click();

  await expect(page).toHaveURL(/#\/invoices\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: 'Rechnungsentwurf' })).toBeVisible();
  const lines = page.getByRole('region', { name: de('invoice.lines') }).getByRole('table');
  await expect(lines.getByRole('row')).toHaveCount(3);
  await expect(lines.getByRole('row').nth(1)).toContainText('Manuelle Therapie');
  await expect(lines.getByRole('row').nth(2)).toContainText('Hausbesuch');
  const totals = page.getByRole('definition');
  await expect(page.getByRole('term').filter({ hasText: 'Rundung' })).toBeVisible();
  await expect(totals.filter({ hasText: 'CHF -0.02' })).toBeVisible();
  await expect(totals.last()).toHaveText('CHF 102.35');
  await expect(page.getByText(de('invoice.readyToIssue'))).toBeVisible();

  await page.getByRole('button', { name: 'Ausstellen' }).click();
  const number = `${year}-00001`;
  await expect(page.getByRole('heading', { name: `Rechnung ${number}` })).toBeVisible();
  await expect(page.getByRole('status')).toContainText(de('invoice.issued', { number }));
  await expect(page.getByText(de('invoice.status.issued'), { exact: true })).toBeVisible();

  // PDF öffnen: our own viewer draws the archived PDF (its text layer holds the number).
  await page.getByRole('button', { name: 'PDF öffnen' }).click();
  const viewer = page.getByRole('dialog', { name: `Rechnung ${number}` });
  await expect(viewer.locator('.textLayer').first()).toContainText(number);
  await expect(page.getByText(de('error.internal'))).toHaveCount(0);
  // The same Blob saved through the viewer's link: real PDF bytes under the API's file name.
  const saving = page.waitForEvent('download');
  await viewer.getByRole('link', { name: 'PDF speichern' }).click();
  const saved = await saving;
  expect(saved.suggestedFilename()).toBe(`Rechnung-${number}.pdf`);
  const bytes = await readFile((await saved.path())!);
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(bytes.length).toBeGreaterThan(10_000);
  await viewer.getByRole('button', { name: 'Schliessen' }).click();
  await expect(viewer).toBeHidden();

  // PDF speichern downloads under the API's file name.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'PDF speichern' }).click();
  expect((await downloading).suggestedFilename()).toBe(`Rechnung-${number}.pdf`);

  // Stornieren needs a reason; then the number stays and the consultations are open again.
  await page.getByRole('button', { name: 'Stornieren' }).click();
  dialog = page.getByRole('dialog', { name: de('invoice.cancelTitle', { number }) });
  await expect(dialog).toContainText(de('invoice.cancelExplain'));
  await dialog.getByRole('button', { name: 'Stornieren' }).click();
  await expect(dialog.getByLabel(de('invoice.cancelReason'))).toHaveAccessibleDescription(new RegExp(de('v.required')));
  await dialog.getByLabel(de('invoice.cancelReason')).fill('Falsche Adresse');
  await dialog.getByRole('button', { name: 'Stornieren' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { name: `Rechnung ${number}` })).toBeVisible();
  await expect(page.getByText(de('invoice.status.cancelled'), { exact: true })).toBeVisible();
  await expect(page.getByText('Falsche Adresse')).toBeVisible();

  await page.getByRole('link', { name: 'Anna Müller' }).click();
  await patientTab(page, 'Konsultationen').click();
  await expect(page.getByRole('table').getByText(de('consultation.status.open'), { exact: true })).toHaveCount(2);
  await patientTab(page, 'Rechnungen').click();
  await expect(page.getByRole('row', { name: new RegExp(number) })).toContainText(de('invoice.status.cancelled'));
});

test('a patient with an invoice: Löschen explains why not and offers Archivieren, no destructive confirmation', async ({ page, app }) => {
  const practice = await createPractice(app);
  const patient = await createPatient(app, { firstName: 'Anna', lastName: 'Müller', address });
  const service = await addService(app, practice.id, 'S1', 'Sitzung', 'session', 12_000);
  const draft = await draftFor(app, patient.id, [(await addConsultation(app, patient.id, service.id, `${year}-03-02`)).id]);
  await app.call('invoices.issue', { id: draft.id });
  await openApp(page, app);
  await page.getByRole('link', { name: 'Müller, Anna' }).click();

  await page.getByRole('button', { name: de('patient.delete') }).click();
  const dialog = page.getByRole('dialog', { name: de('patient.cannotDeleteTitle') });
  await expect(dialog).toContainText(de('patient.cannotDeleteBody', { name: 'Anna Müller' }));
  await expect(dialog).not.toContainText('Zahlung');
  await expect(page.getByRole('dialog', { name: de('patient.deleteTitle') })).toHaveCount(0);
  await page.screenshot({ path: 'test-results/patient-cannot-delete.png' });
  await dialog.getByRole('button', { name: de('patient.archive') }).click();
  await expect(dialog).toBeHidden();
  await expect.poll(async () => (await app.call<{ archivedAt: string | null }>('patients.get', { id: patient.id })).archivedAt).not.toBeNull();

  // Archived already: the dialog only explains.
  await page.getByRole('button', { name: de('patient.delete') }).click();
  await expect(dialog).toContainText(de('patient.cannotDeleteArchived', { name: 'Anna Müller' }));
  await expect(dialog.getByRole('button', { name: de('patient.archive') })).toHaveCount(0);
});

test('a cancelled invoice shows both documents: the notice the UI serves has no QR code and says not to pay, the invoice as sent keeps its QR-bill', async ({ page, app }) => {
  const practice = await createPractice(app);
  const patient = await createPatient(app, { firstName: 'Anna', lastName: 'Müller', address });
  const service = await addService(app, practice.id, 'S1', 'Sitzung', 'session', 12_000);
  const draft = await draftFor(app, patient.id, [(await addConsultation(app, patient.id, service.id, `${year}-03-02`)).id]);
  const number = (await app.call<{ number: string }>('invoices.issue', { id: draft.id })).number;
  await openApp(page, app);
  await page.goto(`${app.origin}#/invoices/${draft.id}`);
  await expect(page.getByRole('heading', { name: `Rechnung ${number}` })).toBeVisible();

  await page.getByRole('button', { name: 'Stornieren' }).click();
  const dialog = page.getByRole('dialog', { name: de('invoice.cancelTitle', { number }) });
  await dialog.getByLabel(de('invoice.cancelReason')).fill('Doppelt erfasst');
  await dialog.getByRole('button', { name: 'Stornieren' }).click();
  await expect(dialog).toBeHidden();

  const documents = page.getByRole('list', { name: de('invoice.documents') });
  const notice = documents.getByRole('group', { name: de('invoice.document.cancellation') });
  const original = documents.getByRole('group', { name: de('invoice.document.invoice') });
  await expect(notice).toBeVisible();
  await expect(original).toBeVisible();

  // The notice as the UI serves it: opened in the page's viewer, then saved from there.
  await notice.getByRole('button', { name: 'PDF öffnen' }).click();
  const viewer = page.getByRole('dialog', { name: de('invoice.cancellationTitle', { number }) });
  await expect(viewer.locator('.textLayer').first()).toContainText('nicht bezahlen');
  const saving = page.waitForEvent('download');
  await viewer.getByRole('link', { name: 'PDF speichern' }).click();
  const saved = await saving;
  expect(saved.suggestedFilename()).toBe(`Storno-${number}.pdf`);
  const noticeFile = (await saved.path())!;
  expect(await qrCodesInPdf(noticeFile)).toEqual([]);
  const text = (await pdfText(noticeFile)).replace(/\s+/g, ' ');
  expect(text).toContain(`Storniert am ${new Date().toLocaleDateString('de-CH', { day: '2-digit', month: '2-digit', year: 'numeric' })} – nicht bezahlen`);
  expect(text).toContain('Grund: Doppelt erfasst');
  await viewer.getByRole('button', { name: 'Schliessen' }).click();

  // The invoice as it was sent: still payable from its QR-bill, kept as it was.
  const downloading = page.waitForEvent('download');
  await original.getByRole('button', { name: 'PDF speichern' }).click();
  const sent = await downloading;
  expect(sent.suggestedFilename()).toBe(`Rechnung-${number}.pdf`);
  const [qr] = await qrCodesInPdf((await sent.path())!);
  expect(qr).toContain('CHF');
  expect(qr).toContain('120.00');
});

test('wrong data gives the list of what to fix, not a broken PDF; once fixed, the invoice issues', async ({ page, app }) => {
  const practice = await createPractice(app, { iban: '' });
  const patient = await createPatient(app, { firstName: 'Gertrud', lastName: 'Aebi', address: { street: '', houseNumber: '', postalCode: '', town: 'Thun', country: 'CH' } });
  const service = await addService(app, practice.id, '7311', 'Manuelle Therapie', 'min5', 1080);
  const consultation = await addConsultation(app, patient.id, service.id, `${year}-03-05`);
  const draft = await draftFor(app, patient.id, [consultation.id]);
  await openApp(page, app);

  await nav(page, 'Rechnungen').click();
  await page.getByRole('link', { name: 'Entwurf', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Rechnungsentwurf' })).toBeVisible();
  const problems = page.getByRole('region', { name: de('problems.title') });
  await expect(problems).toContainText(de('inv.recipient_address_incomplete'));
  await expect(problems).toContainText(de('inv.iban_missing'));

  await page.getByRole('button', { name: 'Ausstellen' }).click();
  const refused = page.getByRole('alert');
  await expect(refused).toContainText(de('problems.refused'));
  await expect(refused).toContainText(de('inv.recipient_address_incomplete'));
  await expect(refused).toContainText(de('inv.iban_missing'));
  // The same message for street and postal code is listed once.
  await expect(refused.getByRole('listitem')).toHaveCount(2);
  await expect(refused).toBeFocused();
  await expect(page.getByRole('heading', { name: 'Rechnungsentwurf' })).toBeVisible();
  expect((await app.call<{ status: string; number: string | null }>('invoices.get', { id: draft.id })).status).toBe('draft');

  // Fix the address from the list, come back: only the IBAN is left.
  await refused.getByRole('listitem').filter({ hasText: de('inv.recipient_address_incomplete') }).getByRole('link', { name: de('problems.fixPatient') }).click();
  await expect(page.getByRole('heading', { name: 'Gertrud Aebi' })).toBeVisible();
  await page.getByLabel('Strasse', { exact: true }).fill('Seestrasse');
  await page.getByLabel('Hausnummer', { exact: true }).fill('5');
  await page.getByLabel('PLZ', { exact: true }).fill('3600');
  await page.getByRole('button', { name: 'Speichern' }).click();
  // Saving goes back to the draft, which now shows only the IBAN.
  await expect(page).toHaveURL(new RegExp(`#/invoices/${draft.id}$`));
  await expect(problems).toContainText(de('inv.iban_missing'));
  await expect(problems).not.toContainText(de('inv.recipient_address_incomplete'));

  // Fix the IBAN in the practice, come back: ready, and it issues.
  await problems.getByRole('link', { name: de('problems.fixPractice') }).click();
  await page.getByLabel('IBAN oder QR-IBAN').fill('CH93 0076 2011 6238 5295 7');
  // "Gespeichert." may still be on screen from the patient: wait for this form to be saved.
  await expect(page.getByText(de('form.unsaved'))).toBeVisible();
  await page.getByRole('button', { name: 'Speichern' }).click();
  await expect(page.getByText(de('form.unsaved'))).toBeHidden();
  await page.goBack();
  await expect(page.getByText(de('invoice.readyToIssue'))).toBeVisible();
  await expect(problems).toHaveCount(0);
  await page.getByRole('button', { name: 'Ausstellen' }).click();
  await expect(page.getByRole('heading', { name: `Rechnung ${year}-00001` })).toBeVisible();
});

test('Rechnungen: one page at a time, filters by status and text, the sum of the issued ones, export of the selection', async ({ page, app }) => {
  const practice = await createPractice(app);
  const service = await addService(app, practice.id, 'S1', 'Sitzung', 'session', 12_000);
  const invoice = async (firstName: string, lastName: string, date: string, then: 'draft' | 'issue' | 'cancel') => {
    const p = await createPatient(app, { firstName, lastName, address });
    const c = await addConsultation(app, p.id, service.id, date);
    const d = await draftFor(app, p.id, [c.id], date);
    if (then !== 'draft') await app.call('invoices.issue', { id: d.id });
    if (then === 'cancel') await app.call('invoices.cancel', { id: d.id, reason: 'Doppelt' });
  };
  await invoice('Anna', 'Müller', `${year}-01-10`, 'issue');
  await invoice('Beat', 'Keller', `${year}-01-11`, 'cancel');
  await invoice('Chantal', 'Rochat', `${year}-01-12`, 'draft');
  await invoice('Daniel', 'Müller', `${year}-01-13`, 'issue');
  const limits: unknown[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/api/invoices.list')) limits.push((request.postDataJSON() as { limit?: number }).limit);
  });
  await openApp(page, app);
  await nav(page, 'Rechnungen').click();
  await expect(page.getByRole('heading', { name: 'Rechnungen', level: 1 })).toBeVisible();
  await expect(page.getByText(`4 Rechnungen · ${de('invoices.sum', { sum: 'CHF 240.00' })}`)).toBeVisible();
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows).toHaveCount(5);

  await page.getByRole('radio', { name: 'Entwürfe' }).check();
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText('Chantal Rochat');
  await page.getByRole('radio', { name: 'Storniert' }).check();
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText('Beat Keller');
  await expect(rows.nth(1)).toContainText(`${year}-00002`);
  await page.getByRole('radio', { name: 'Ausgestellt' }).check();
  await expect(rows).toHaveCount(3);
  await expect(page.getByText(`2 Rechnungen · ${de('invoices.sum', { sum: 'CHF 240.00' })}`)).toBeVisible();

  await page.getByRole('radio', { name: 'Alle' }).check();
  const search = page.getByRole('searchbox', { name: 'Rechnungen suchen' });
  await search.fill('müller');
  await expect(rows).toHaveCount(3);
  await expect(page.getByText('2 Rechnungen', { exact: false })).toBeVisible();
  await search.fill(`${year}-00002`);
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText('Beat Keller');
  await search.fill('');
  await expect(rows).toHaveCount(5);
  expect(limits.length).toBeGreaterThan(0);
  expect(limits.every((limit) => limit === 50)).toBe(true);

  // Select all, export the PDFs of the selection's period: one ZIP, downloaded (browser mode).
  await page.getByRole('checkbox', { name: de('invoices.selectAll') }).check();
  const bar = page.getByRole('region', { name: de('selection.label') });
  await expect(bar).toContainText('4 Rechnungen ausgewählt');
  await bar.getByRole('button', { name: 'Exportieren (PDF)' }).click();
  const dialog = page.getByRole('dialog', { name: de('export.title') });
  expect(await shownValue(dateField(dialog, de('export.from')))).toBe(`10.01.${year}`);
  const downloaded = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Exportieren' }).click();
  const download = await downloaded;
  expect(download.suggestedFilename()).toMatch(/^Rechnungen-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.zip$/);
  // The cancelled one comes with its cancellation notice.
  await expect(page.getByRole('status')).toContainText(de('export.done.other', { count: 4 }));
  const zip = unzipSync(new Uint8Array(await readFile((await download.path())!)));
  expect(Object.keys(zip).sort()).toEqual([`Rechnung-${year}-00001.pdf`, `Rechnung-${year}-00002.pdf`, `Rechnung-${year}-00003.pdf`, `Storno-${year}-00002.pdf`]);

  // A row click opens the invoice.
  await bar.getByRole('button', { name: 'Auswahl aufheben' }).click();
  await rows.filter({ hasText: 'Chantal Rochat' }).getByRole('cell').nth(3).click();
  await expect(page.getByRole('heading', { name: 'Rechnungsentwurf' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Chantal Rochat' })).toBeVisible();
});

test('number range: 10001–20000 for this workstation, the next invoice gets …10001; overlaps are refused at the field', async ({ page, app }) => {
  const practice = await createPractice(app);
  const patient = await createPatient(app, { firstName: 'Anna', lastName: 'Müller', address });
  const service = await addService(app, practice.id, 'S1', 'Sitzung', 'session', 9_000);
  const consultation = await addConsultation(app, patient.id, service.id, `${year}-02-02`);
  await draftFor(app, patient.id, [consultation.id]);
  await openApp(page, app);

  await nav(page, 'Einstellungen').click();
  await settingsTab(page, 'Nummernkreise').click();
  await expect(page.getByRole('heading', { name: de('ranges.empty') })).toBeVisible();
  await expect(page.getByText(de('ranges.explainSecondComputer'))).toBeVisible();
  await page.getByRole('button', { name: de('ranges.new') }).click();
  let dialog = page.getByRole('dialog', { name: de('ranges.newTitle') });
  await dialog.getByLabel(de('ranges.field.label')).fill('Praxis-Laptop');
  await dialog.getByLabel('Von').fill('10001');
  await dialog.getByLabel('Bis').fill('20000');
  await expect(dialog.getByLabel(de('ranges.field.thisWorkstation'))).toBeChecked();
  await dialog.getByRole('button', { name: de('ranges.create') }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByRole('row', { name: /Praxis-Laptop/ });
  await expect(row).toContainText('10’001–20’000');
  await expect(row).toContainText(de('ranges.thisWorkstation'));
  await expect(row).toContainText(de('ranges.activeBadge'));
  // The number format carries the year: the range counts this year's numbers.
  await expect(row).toContainText(`${year}: 0 von 10’000`);
  await expect(page.getByText(`${year}-10001`)).toBeVisible();

  // An overlapping range: refused, with the message at "Von" and the focus there.
  await page.getByRole('button', { name: de('ranges.new') }).click();
  dialog = page.getByRole('dialog', { name: de('ranges.newTitle') });
  await dialog.getByLabel(de('ranges.field.label')).fill('Zweiter PC');
  await dialog.getByLabel('Von').fill('15000');
  await dialog.getByLabel('Bis').fill('16000');
  await dialog.getByRole('button', { name: de('ranges.create') }).click();
  const overlap = de('v.range_overlap', { label: 'Praxis-Laptop', from: 10001, to: 20000 });
  await expect(dialog.getByLabel('Von')).toHaveAccessibleDescription(overlap);
  await expect(dialog.getByLabel('Von')).toBeFocused();
  // Escape with typed input asks first; "Verwerfen" closes.
  await page.keyboard.press('Escape');
  await page.getByRole('dialog', { name: de('unsaved.title') }).getByRole('button', { name: de('unsaved.discard') }).click();
  await expect(dialog).toBeHidden();

  // The practice's number pattern, with its live example.
  await nav(page, 'Praxis').click();
  await page.getByRole('link', { name: 'Bearbeiten' }).click();
  await page.getByLabel(de('practice.invoiceNumberFormat')).fill('RE-{YY}/{NNNNNN}');
  await expect(page.getByText(`RE-${String(year).slice(2)}/000042`, { exact: true })).toBeVisible();
  await page.getByLabel(de('practice.invoiceNumberFormat')).fill('RE{N}{N}');
  await expect(page.getByText(de('practice.invoiceNumberExampleInvalid'))).toBeVisible();
  await page.getByLabel(de('practice.invoiceNumberFormat')).fill('RE-{YYYY}-{NNNNN}');
  await page.getByRole('button', { name: 'Speichern' }).click();
  // The practice form has a status of its own (the number example), so the toast is found by its text.
  await expect(page.getByRole('status').filter({ hasText: de('practices.saved') })).toBeVisible();

  await nav(page, 'Rechnungen').click();
  await page.getByRole('link', { name: 'Entwurf', exact: true }).click();
  await page.getByRole('button', { name: 'Ausstellen' }).click();
  await expect(page.getByRole('heading', { name: `Rechnung RE-${year}-10001` })).toBeVisible();

  await nav(page, 'Einstellungen').click();
  await settingsTab(page, 'Nummernkreise').click();
  await expect(row).toContainText(`${year}: 1 von 10’000`);
  await row.getByRole('button', { name: 'Löschen' }).click();
  dialog = page.getByRole('dialog', { name: de('ranges.deleteTitle') });
  await dialog.getByRole('button', { name: 'Löschen' }).click();
  await expect(dialog.getByRole('alert')).toContainText(de('error.invoice.number_range_in_use'));
});

test('a Beratungsvorlage fills a new consultation in one click; consultations open by keyboard and can be deleted', async ({ page, app }) => {
  const practice = await createPractice(app);
  await addService(app, practice.id, '7311', 'Manuelle Therapie', 'min5', 1080);
  await addService(app, practice.id, 'S1', 'Sitzungspauschale', 'session', 2500);
  await createPatient(app, { firstName: 'Anna', lastName: 'Müller', address });
  await openApp(page, app);

  await nav(page, 'Einstellungen').click();
  await settingsTab(page, 'Beratungsvorlagen').click();
  await page.getByRole('button', { name: de('templates.new') }).click();
  let dialog = page.getByRole('dialog', { name: de('templates.newTitle') });
  await dialog.getByLabel(de('templates.field.name')).fill('Behandlung 45 Min.');
  await dialog.getByLabel(de('templates.field.duration')).fill('45');
  await dialog.getByLabel('Leistung (1)').selectOption({ label: '7311 · Manuelle Therapie' });
  await dialog.getByRole('button', { name: de('items.add') }).click();
  await dialog.getByRole('button', { name: 'Speichern' }).click();
  // The empty second row is named at its field.
  await expect(dialog.getByLabel('Leistung (2)')).toHaveAccessibleDescription(de('v.choice'));
  await expect(dialog.getByLabel('Leistung (2)')).toBeFocused();
  await dialog.getByLabel('Leistung (2)').selectOption({ label: 'S1 · Sitzungspauschale' });
  await expect(dialog.getByText('CHF 122.20', { exact: true })).toBeVisible();
  await dialog.getByRole('button', { name: 'Speichern' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('row', { name: /Behandlung 45 Min\./ })).toContainText('CHF 122.20');

  await nav(page, 'Patienten').click();
  await page.getByRole('link', { name: 'Müller, Anna' }).click();
  await patientTab(page, 'Konsultationen').click();
  await page.getByRole('button', { name: 'Neue Konsultation' }).click();
  dialog = page.getByRole('dialog', { name: de('consultation.newTitle') });
  await dialog.getByRole('button', { name: /Behandlung 45 Min\./ }).click();
  await expect(dialog.getByLabel('Dauer (Minuten)')).toHaveValue('45');
  await expect(dialog.getByText('9 × 5 Min.')).toBeVisible();
  await expect(dialog.getByLabel('Leistung (2)')).toHaveValue(/.+/);
  await fillDate(dateField(dialog, 'Datum'), `${year}-04-07`);
  await dialog.getByRole('button', { name: 'Speichern' }).click();
  await expect(dialog).toBeHidden();
  // The consultation's own row (the case's heading row above it names the same date when the case opened with it).
  const row = page.getByRole('row').filter({ has: page.getByRole('button', { name: de('consultations.editOn', { date: `07.04.${year}` }) }) });
  await expect(row).toContainText('CHF 122.20');

  // Keyboard: the date opens the consultation; Escape closes it again.
  await row.getByRole('button', { name: de('consultations.editOn', { date: `07.04.${year}` }) }).focus();
  await page.keyboard.press('Enter');
  dialog = page.getByRole('dialog', { name: de('consultation.editTitle') });
  await expect(dialog.getByLabel('Dauer (Minuten)')).toHaveValue('45');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  await row.getByRole('button', { name: de('consultations.deleteOn', { date: `07.04.${year}` }) }).click();
  await page.getByRole('dialog', { name: de('consultations.deleteTitle') }).getByRole('button', { name: de('consultations.deleteConfirm') }).click();
  await expect(page.getByRole('heading', { name: de('consultations.empty') })).toBeVisible();

  // Back in Leistungen: a service in use cannot be deleted (the advice says to deactivate it);
  // the switch deactivates it.
  await nav(page, 'Einstellungen').click();
  await settingsTab(page, 'Leistungen').click();
  const manual = page.getByRole('row', { name: /Manuelle Therapie/ });
  await manual.getByRole('button', { name: 'Löschen' }).click();
  dialog = page.getByRole('dialog', { name: de('services.deleteTitle') });
  await dialog.getByRole('button', { name: de('services.deleteConfirm') }).click();
  await expect(dialog.getByRole('alert')).toHaveText(de('error.service.in_use'));
  await dialog.getByRole('button', { name: 'Schliessen' }).click();
  const active = manual.getByRole('switch', { name: de('services.activeSwitch', { name: 'Manuelle Therapie' }) });
  await expect(active).toBeChecked();
  await active.uncheck();
  await expect(page.getByRole('status')).toContainText(de('services.deactivated', { name: 'Manuelle Therapie' }));
  await expect(active).not.toBeChecked();
  await expect(manual).toContainText(de('services.inactive'));
});
