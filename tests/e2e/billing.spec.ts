/**
 * Billing the way therapists bill (issue 12), in Chromium through browser mode: a 50-minute
 * consultation with a sitting and two time-based positions split 20/30; a UVG case that is printed
 * on the invoice; a free line and a discount that add up, on a draft made with "Neue Rechnung"; a
 * post patient's invoice printed and marked, and "Stattdessen drucken" in bulk; a billing recipient
 * fixed from a draft's problem list. With SHOTS=1 each new screen state is saved to
 * /tmp/arnika-shots/billing-*.png for a human look.
 */
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { BrowserApp } from '../helpers/browserApp.js';
import { pdfText } from '../helpers/pdf.js';
import { createPatient, createPractice, dateField, de, dismissToast, expect, fakePrinting, fillDate, fillTime, nav, openApp, printed, shownValue, test } from './fixtures.js';

// The year of the dates these tests enter. Invoice numbers and range counts go by the invoice date,
// which the app sets to its today: that year is read from the invoice the app returns, so a run
// across New Year's midnight still checks the right number.
const year = new Date().getFullYear();
const address = { street: 'Dorfstrasse', houseNumber: '3', postalCode: '3011', town: 'Bern', country: 'CH' };
const shotsDir = '/tmp/arnika-shots';

async function shot(page: Page, name: string) {
  if (!process.env.SHOTS) return;
  mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: join(shotsDir, `billing-${name}.png`) });
}

interface Created {
  id: string;
}

async function addService(app: BrowserApp, practiceId: string, code: string, name: string, unit: 'min5' | 'session' | 'item', priceMinor: number) {
  return app.call<Created>('services.create', {
    practiceId, service: { code, names: { de: name, fr: '', it: '', en: '' }, unit, priceMinor, vatRateBasisPoints: 0, active: true },
  });
}

function patientTab(page: Page, name: string) {
  return page.getByRole('navigation', { name: de('patient.tabs') }).getByRole('link', { name, exact: true });
}

interface IssuedInvoice {
  id: string;
  number: string;
  invoiceDate: string;
}

/** The heading of the invoice just issued shows number 1 of the year of its invoice date. */
async function expectFirstNumber(page: Page, app: BrowserApp, patientId: string) {
  await expect(page.getByRole('heading', { name: /Rechnung \d{4}-00001/ })).toBeVisible();
  const [invoice] = (await app.call<{ items: IssuedInvoice[] }>('invoices.list', { patientId })).items;
  expect(invoice!.number).toBe(`${invoice!.invoiceDate.slice(0, 4)}-00001`);
  await expect(page.getByRole('heading', { name: new RegExp(`Rechnung ${invoice!.number}`) })).toBeVisible();
  return invoice!;
}

async function openPatient(page: Page, app: BrowserApp, name: string) {
  await openApp(page, app);
  await nav(page, de('nav.patients')).click();
  await page.getByRole('link', { name }).click();
}

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('a 50-minute consultation with a sitting and two time-based positions split 20/30 gives the right invoice', async ({ page, app }) => {
  const practice = await createPractice(app);
  await addService(app, practice.id, '7301', 'Sitzungspauschale', 'session', 4_800);
  await addService(app, practice.id, '7311', 'Manuelle Therapie', 'min5', 1_000);
  await addService(app, practice.id, '7312', 'Manuelle Lymphdrainage', 'min5', 1_200);
  await createPatient(app, { firstName: 'Anna', lastName: 'Müller', address });
  await openPatient(page, app, 'Müller, Anna');
  await patientTab(page, 'Konsultationen').click();

  await page.getByRole('button', { name: de('consultations.new') }).click();
  const dialog = page.getByRole('dialog', { name: de('consultation.newTitle') });
  await fillDate(dateField(dialog, 'Datum'), `${year}-01-12`);
  await fillTime(dateField(dialog, 'Beginn'), '09:00');
  expect(await shownValue(dateField(dialog, 'Datum'))).toBe(`12.01.${year}`);
  await dialog.getByLabel('Dauer (Minuten)').fill('50');
  await dialog.getByLabel('Leistung (1)').selectOption({ label: '7301 · Sitzungspauschale' });
  await dialog.getByRole('button', { name: de('items.add') }).click();
  await dialog.getByLabel('Leistung (2)').selectOption({ label: '7311 · Manuelle Therapie' });
  // The first time-based position starts with the whole duration, the next one with nothing.
  await expect(dialog.getByLabel('Minuten (2)')).toHaveValue('50');
  await dialog.getByRole('button', { name: de('items.add') }).click();
  await dialog.getByLabel('Leistung (3)').selectOption({ label: '7312 · Manuelle Lymphdrainage' });
  await expect(dialog.getByLabel('Minuten (3)')).toHaveValue('');
  await dialog.getByLabel('Minuten (2)').fill('20');
  // 20 of 50 minutes: a warning, nothing blocked.
  const split = dialog.getByRole('status').filter({ hasText: de('items.minutesSplit', { allocated: 20, duration: 50 }) });
  await expect(split).toContainText(de('items.minutesUnder'));
  await shot(page, '01-minutes-warning');
  await dialog.getByLabel('Minuten (3)').fill('30');
  await expect(dialog.getByRole('status').filter({ hasText: de('items.minutesSplit', { allocated: 50, duration: 50 }) })).not.toContainText(de('items.minutesUnder'));
  await expect(dialog.getByText('4 × 5 Min.')).toBeVisible();
  await expect(dialog.getByText('6 × 5 Min.')).toBeVisible();
  await shot(page, '02-minutes-split');
  await dialog.getByRole('button', { name: 'Speichern' }).click();
  await expect(dialog).toBeHidden();

  await page.getByRole('checkbox', { name: de('consultations.select', { date: `12.01.${year}`, time: '09:00' }) }).check();
  await page.getByRole('button', { name: de('consultations.createInvoice') }).click();
  await expect(page).toHaveURL(/#\/invoices\/[0-9a-f-]{36}$/);
  const lines = page.getByRole('region', { name: de('invoice.lines') }).getByRole('table');
  await expect(lines.getByRole('row')).toHaveCount(4);
  await expect(lines.getByRole('row').nth(1)).toContainText('Sitzungspauschale');
  await expect(lines.getByRole('row').nth(2)).toContainText(/Manuelle Therapie\s*4\s*5 Min\.\s*CHF 10\.00\s*CHF 40\.00/);
  await expect(lines.getByRole('row').nth(3)).toContainText(/Manuelle Lymphdrainage\s*6\s*5 Min\.\s*CHF 12\.00\s*CHF 72\.00/);
  // 48.00 + 40.00 + 72.00: each position bills its own minutes, never the whole 50 twice.
  await expect(page.getByRole('definition').last()).toHaveText('CHF 160.00');
  await shot(page, '03-draft-split');
});

test('a UVG case is entered on the patient and printed on the invoice', async ({ page, app }) => {
  const practice = await createPractice(app);
  const service = await addService(app, practice.id, '7301', 'Sitzungspauschale', 'session', 4_800);
  const patient = await createPatient(app, { salutation: 'mr', firstName: 'Marc', lastName: 'Keller', address, insuranceName: 'Helsana', insuredNumber: '80756000' });
  await openPatient(page, app, 'Keller, Marc');
  await patientTab(page, de('patient.tab.cases')).click();
  await expect(page.getByRole('heading', { name: de('cases.empty') })).toBeVisible();
  await shot(page, '04-cases-empty');

  await page.getByRole('button', { name: de('cases.new') }).click();
  const dialog = page.getByRole('dialog', { name: de('cases.newTitle') });
  // The insurer starts as the patient's.
  await expect(dialog.getByLabel(de('patient.insuranceName'))).toHaveValue('Helsana');
  await dialog.getByLabel(de('cases.field.title')).fill('Knie rechts');
  await dialog.getByLabel(de('cases.field.law')).selectOption({ label: de('cases.lawLong.uvg') });
  await dialog.getByLabel(de('cases.field.reason')).selectOption({ label: de('cases.reason.accident') });
  await dialog.getByRole('button', { name: 'Speichern' }).click();
  // An accident needs its date: said at the field, nothing saved.
  await expect(dateField(dialog, de('cases.field.accidentDate'))).toHaveAccessibleDescription(de('v.accident_date_required'));
  await shot(page, '05-case-refused');
  await fillDate(dateField(dialog, de('cases.field.accidentDate')), `${year}-01-05`);
  await fillDate(dateField(dialog, de('cases.field.startDate')), `${year}-01-06`);
  await dialog.getByLabel(de('cases.field.claimNumber')).fill('12.34567.26.1');
  await dialog.getByLabel(de('patient.insuranceName')).fill('Suva');
  await dialog.getByLabel(de('cases.field.referrerName')).fill('Dr. med. Eva Zuber');
  await dialog.getByLabel('Strasse (Zuweisende Ärztin / zuweisender Arzt)').fill('Spitalgasse');
  await dialog.getByLabel('PLZ (Zuweisende Ärztin / zuweisender Arzt)').fill('3011');
  await dialog.getByLabel('Ort (Zuweisende Ärztin / zuweisender Arzt)').fill('Bern');
  await dialog.getByLabel(`${de('cases.field.gln')} (Zuweisende Ärztin / zuweisender Arzt)`).fill('7601000000002');
  await dialog.getByLabel(de('cases.field.diagnosis')).fill('Distorsion Knie rechts');
  await shot(page, '06-case-dialog');
  await dialog.getByRole('button', { name: 'Speichern' }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByRole('row', { name: /Knie rechts/ });
  await expect(row).toContainText('Knie rechts · UVG');
  await expect(row).toContainText(de('cases.reason.accident'));
  await expect(row).toContainText('Suva');
  await dismissToast(page);
  await shot(page, '07-cases-list');

  // A consultation on the case (the dialog offers it), then the invoice, issued.
  await patientTab(page, 'Konsultationen').click();
  await page.getByRole('button', { name: de('consultations.new') }).click();
  const consultation = page.getByRole('dialog', { name: de('consultation.newTitle') });
  await expect(consultation.getByLabel(de('consultation.case'))).toHaveValue(/[0-9a-f-]{36}/);
  await expect(consultation.getByLabel(de('consultation.case')).locator('option:checked')).toHaveText('Knie rechts · UVG');
  await fillDate(dateField(consultation, 'Datum'), `${year}-01-07`);
  expect(await shownValue(dateField(consultation, 'Datum'))).toBe(`07.01.${year}`);
  await consultation.getByLabel('Leistung (1)').selectOption({ label: '7301 · Sitzungspauschale' });
  await shot(page, '08-consultation-case');
  await consultation.getByRole('button', { name: 'Speichern' }).click();
  await expect(consultation).toBeHidden();
  await expect(page.getByRole('rowgroup').filter({ hasText: 'Knie rechts · UVG' })).toBeVisible();
  void service;

  await page.getByRole('checkbox', { name: de('consultations.selectAllOfCase', { case: 'Knie rechts · UVG' }) }).check();
  await page.getByRole('button', { name: de('consultations.createInvoice') }).click();
  await expect(page.getByText('Knie rechts · UVG')).toBeVisible();
  await page.getByRole('button', { name: de('invoice.issue') }).click();
  const issued = await expectFirstNumber(page, app, patient.id);
  await shot(page, '09-issued-uvg');

  // The case changed later: the issued invoice's screen still shows it as printed.
  const [knee] = await app.call<Record<string, unknown>[]>('cases.list', { patientId: patient.id });
  const fields = ['title', 'reason', 'law', 'diagnosis', 'referrer', 'accidentDate', 'claimNumber', 'insuranceName', 'insuredNumber', 'startDate', 'endDate', 'remark'];
  await app.call('cases.update', { id: knee!.id, treatmentCase: { ...Object.fromEntries(fields.map((f) => [f, knee![f]])), title: 'Knie links', law: 'kvg' } });
  await page.reload();
  const facts = page.getByRole('region', { name: de('invoice.facts') });
  await expect(facts).toContainText('Knie rechts · UVG');
  await expect(facts).not.toContainText('Knie links');

  const pdf = await app.call<{ contentBase64: string }>('invoices.pdf', { id: issued.id });
  const file = join(app.dataDir, 'uvg.pdf');
  await import('node:fs/promises').then((fs) => fs.writeFile(file, Buffer.from(pdf.contentBase64, 'base64')));
  const text = await pdfText(file);
  for (const printed of ['Herr', 'Behandlungsfall: Knie rechts', 'UVG', 'Unfall', `05.01.${year}`, '12.34567.26.1', 'Dr. med. Eva Zuber, Spitalgasse, 3011 Bern', 'GLN 7601000000002',
    'Distorsion Knie rechts', 'Versicherung', 'Suva', 'Versicherten-Nr.', '80756000']) {
    expect(text, printed).toContain(printed);
  }
});

test('"Neue Rechnung" from the list: a free line and a discount add up, the note is kept', async ({ page, app }) => {
  const practice = await createPractice(app);
  const service = await addService(app, practice.id, '7301', 'Sitzungspauschale', 'session', 12_000);
  const patient = await createPatient(app, { firstName: 'Lea', lastName: 'Brunner', address });
  await createPatient(app, { firstName: 'Leo', lastName: 'Bachmann', address });
  for (const date of [`${year}-02-02`, `${year}-02-09`]) {
    await app.call('consultations.create', { consultation: { patientId: patient.id, date, startTime: '09:00', durationMinutes: 30, items: [{ serviceId: service.id }], notes: '' } });
  }
  await openApp(page, app);
  await nav(page, de('nav.invoices')).click();
  await page.getByRole('button', { name: de('newInvoice.button') }).click();
  const dialog = page.getByRole('dialog', { name: de('newInvoice.title') });
  await expect(dialog.getByLabel(de('newInvoice.patient'))).toBeFocused();
  await dialog.getByLabel(de('newInvoice.patient')).fill('brun');
  await expect(dialog.getByRole('list', { name: de('newInvoice.results') }).getByRole('button')).toHaveCount(1);
  await shot(page, '10-new-invoice-search');
  await dialog.getByRole('button', { name: /Brunner Lea/ }).click();
  // Her open consultations, by case: both of the one case the first consultation opened.
  const group = dialog.getByRole('group', { name: de('cases.untitled', { date: `02.02.${year}` }) });
  await expect(group.getByRole('checkbox')).toHaveCount(3);
  await group.getByRole('checkbox', { name: de('consultations.selectAllOfCase', { case: de('cases.untitled', { date: `02.02.${year}` }) }) }).check();
  await shot(page, '11-new-invoice-consultations');
  await dialog.getByRole('button', { name: de('newInvoice.createN.other', { count: 2, sum: 'CHF 240.00' }) }).click();
  await expect(page).toHaveURL(/#\/invoices\/[0-9a-f-]{36}$/);

  const extras = page.getByRole('region', { name: de('extra.title') });
  await extras.getByRole('button', { name: de('extra.addFree') }).click();
  const free = extras.getByRole('group', { name: de('extra.freeN', { n: 1 }) });
  await free.getByLabel(de('extra.text')).fill('Bericht an die Versicherung');
  await free.getByLabel(de('extra.unitPrice')).fill('45');
  await extras.getByRole('button', { name: de('extra.addDiscount') }).click();
  const discount = extras.getByRole('group', { name: de('extra.discountN', { n: 2 }) });
  await expect(discount.getByLabel(de('extra.text'))).toHaveValue(de('extra.discountText'));
  await discount.getByLabel(de('extra.percentValue')).fill('abc');
  await extras.getByRole('button', { name: de('extra.apply') }).click();
  await expect(discount.getByLabel(de('extra.percentValue'))).toHaveAccessibleDescription(de('v.percent'));
  await discount.getByLabel(de('extra.percentValue')).fill('10');
  await extras.getByLabel(de('extra.note')).fill('Bitte geben Sie bei der Zahlung die Rechnungsnummer an.');
  await shot(page, '12-draft-extras-editing');
  await extras.getByRole('button', { name: de('extra.apply') }).click();
  await expect(extras.getByRole('button', { name: de('extra.apply') })).toBeDisabled();

  const lines = page.getByRole('region', { name: de('invoice.lines') }).getByRole('table');
  await expect(lines.getByRole('row')).toHaveCount(5);
  await expect(lines.getByRole('row').nth(3)).toContainText(/Bericht an die Versicherung\s*1\s*CHF 45\.00\s*CHF 45\.00/);
  await expect(lines.getByRole('row').nth(4)).toContainText(/Rabatt\s*10 %\s*CHF -28\.50/);
  // 120 + 120 + 45 = 285.00, less 10 % = 256.50.
  await expect(page.getByRole('definition').last()).toHaveText('CHF 256.50');
  await shot(page, '13-draft-extras');

  await page.getByRole('button', { name: de('invoice.issue') }).click();
  await expectFirstNumber(page, app, patient.id);
  await expect(page.getByRole('definition').last()).toHaveText('CHF 256.50');
});

test('a post patient\'s invoice: "Drucken" is the main action, printing and marking go into the history; in bulk one PDF', async ({ page, app }) => {
  const practice = await createPractice(app);
  const service = await addService(app, practice.id, '7301', 'Sitzungspauschale', 'session', 9_000);
  const issue = async (firstName: string, lastName: string, byPost: boolean) => {
    const patient = await createPatient(app, { firstName, lastName, address, invoicesByPost: byPost, email: byPost ? '' : `${firstName.toLowerCase()}@example.ch` });
    const c = await app.call<Created>('consultations.create', { consultation: { patientId: patient.id, date: `${year}-03-02`, startTime: '09:00', durationMinutes: 30, items: [{ serviceId: service.id }], notes: '' } });
    const draft = await app.call<Created>('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: [c.id] } });
    return app.call<Created & { number: string }>('invoices.issue', { id: draft.id });
  };
  // A send profile with its password, so the pre-flight's only objection is the wish for paper.
  await app.call('mail.saveProfile', {
    practiceId: practice.id,
    profile: { name: 'Praxis', senderName: 'Praxis', email: 'praxis@example.ch', host: 'localhost', port: 465, security: 'tls', authMethod: 'password', username: 'praxis@example.ch', replyTo: '', bccSelf: false },
    password: 'geheim',
  });
  const posted = await issue('Ruth', 'Aebi', true);
  await issue('Karl', 'Berger', true);
  await issue('Lina', 'Caduff', false);

  await fakePrinting(page);
  await openApp(page, app);
  await page.goto(`${app.url.split('#')[0]}#/invoices/${posted.id}`);
  await expect(page.getByRole('heading', { name: new RegExp(`Rechnung ${posted.number}`) })).toBeVisible();
  const print = page.getByRole('button', { name: de('post.print'), exact: true });
  await expect(print).toHaveClass(/primary/);
  await expect(page.getByRole('button', { name: de('sendUi.button') })).not.toHaveClass(/primary/);
  await expect(page.getByText(de('post.wantsPost'))).toBeVisible();
  await shot(page, '14-post-invoice');

  await print.click();
  const viewer = page.getByRole('dialog', { name: new RegExp(`Rechnung ${posted.number}`) });
  await expect(viewer.locator('.textLayer').first()).toContainText(posted.number);
  await expect.poll(async () => (await printed(page)).length).toBe(1);
  // Opening it is not printing it: nothing is recorded until the user says it printed.
  await viewer.getByRole('button', { name: de('action.close') }).click();
  const history = page.getByRole('region', { name: de('sendUi.history.title') });
  const asked = page.getByText(de('post.askPrinted'));
  await expect(asked).toBeVisible();
  await expect(history.getByRole('listitem')).toHaveCount(0);
  await shot(page, '14b-post-ask-printed');
  await page.getByRole('button', { name: de('post.notPrinted') }).click();
  await expect(asked).toBeHidden();
  await expect(history.getByRole('listitem')).toHaveCount(0);
  // Printed from the viewer, and confirmed there.
  await print.click();
  await expect(viewer.locator('.textLayer').first()).toContainText(posted.number);
  await expect.poll(async () => (await printed(page)).length).toBe(2);
  await viewer.getByRole('button', { name: de('post.confirmPrinted') }).click();
  await expect(viewer).toBeHidden();
  await expect(history.getByRole('listitem')).toHaveCount(1);
  await expect(history.getByRole('listitem').first()).toContainText(de('post.historyPrinted'));
  await dismissToast(page);
  await page.getByRole('button', { name: de('post.mark') }).click();
  await expect(history.getByRole('listitem')).toHaveCount(2);
  await expect(history.getByRole('listitem').first()).toContainText(de('post.historyMarked'));
  await expect(history.getByRole('listitem').first()).toContainText(/per Post versandt am \d{2}\.\d{2}\.\d{4}/);
  await dismissToast(page);
  await history.scrollIntoViewIfNeeded();
  await shot(page, '15-post-history');

  // The list: how each went out.
  await nav(page, de('nav.invoices')).click();
  const row = (name: string) => page.getByRole('row', { name: new RegExp(name) });
  await expect(row('Aebi')).toContainText(de('post.marker'));
  await expect(row('Berger')).toContainText(de('post.markerNone'));
  await expect(row('Caduff')).toContainText(de('post.markerNone'));

  // Bulk: the two who want paper go into one PDF instead, and are recorded as sent by post.
  await page.getByRole('checkbox', { name: de('invoices.selectAll') }).check();
  await page.getByRole('region', { name: de('selection.label') }).getByRole('button', { name: de('sendUi.bulk.button') }).click();
  const bulk = page.getByRole('dialog', { name: de('sendUi.bulk.title') });
  await bulk.getByRole('button', { name: de('sendUi.bulk.printAll') }).click();
  const printList = bulk.getByRole('region', { name: de('sendUi.print.title', { count: 2 }) });
  await expect(printList).toBeVisible();
  const download = page.waitForEvent('download');
  await printList.getByRole('button', { name: de('sendUi.print.make') }).click();
  const file = await (await download).path();
  await expect(printList.getByText(de('sendUi.print.done.other', { count: 2 }))).toBeVisible();
  await shot(page, '16-bulk-print');
  const bytes = await readFile(file);
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const pdfPath = join(app.dataDir, 'print.pdf');
  await import('node:fs/promises').then((fs) => fs.writeFile(pdfPath, bytes));
  const text = await pdfText(pdfPath);
  expect(text.indexOf('Ruth Aebi')).toBeLessThan(text.indexOf('Karl Berger'));
  expect(text.indexOf('Ruth Aebi')).toBeGreaterThanOrEqual(0);
  await page.keyboard.press('Escape');
  await expect(bulk).toBeHidden();
  await expect(row('Berger')).toContainText(de('post.marker'));
  await shot(page, '17-list-delivery');
});

test('a draft whose billing recipient is missing: "Patient bearbeiten" opens the recipient section, saving returns to the draft', async ({ page, app }) => {
  const practice = await createPractice(app);
  const service = await addService(app, practice.id, '7301', 'Sitzungspauschale', 'session', 9_000);
  const recipient = { salutation: 'ms', title: '', firstName: 'Vera', lastName: 'Zbinden', address: { street: 'Weg', houseNumber: '1', postalCode: '3000', town: 'Bern', country: 'CH' }, email: '' };
  const patient = await createPatient(app, { firstName: 'Lou', lastName: 'Zbinden', address, billingRecipient: recipient });
  const c = await app.call<Created>('consultations.create', { consultation: { patientId: patient.id, date: `${year}-03-02`, startTime: '09:00', durationMinutes: 30, items: [{ serviceId: service.id }], notes: '' } });
  const draft = await app.call<Created>('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: [c.id], recipient: 'billing' } });
  // The billing recipient is taken away afterwards: the draft still goes to "the billing recipient".
  const stored = await app.call<Record<string, unknown>>('patients.get', { id: patient.id });
  const { id: _id, archivedAt: _a, createdAt: _c, updatedAt: _u, ...fields } = stored;
  await app.call('patients.update', { id: patient.id, patient: { ...fields, billingRecipient: null } });

  await openApp(page, app);
  await page.goto(`${app.url.split('#')[0]}#/invoices/${draft.id}`);
  const problems = page.getByRole('region', { name: de('problems.title') });
  await expect(problems).toContainText(de('inv.billing_recipient_missing'));
  await problems.getByRole('link', { name: de('problems.fixPatient') }).click();
  await expect(page).toHaveURL(/section=billing/);
  await expect(page.getByLabel(de('patient.hasBillingRecipient'))).toBeFocused();
  await expect(page.getByText(de('patient.fixForDraft'))).toBeVisible();
  await page.getByLabel(de('patient.hasBillingRecipient')).check();
  await page.getByLabel('Nachname oder Firma (Rechnungsempfänger)').fill('Zbinden');
  // Saved without an address: refused at the fields, before any invoice.
  await page.getByRole('button', { name: 'Speichern' }).click();
  await expect(page.getByLabel('Strasse (Rechnungsempfänger)')).toHaveAccessibleDescription(de('v.required'));
  await shot(page, '18-recipient-required');
  await page.getByRole('button', { name: de('patient.sameAddress') }).click();
  await expect(page.getByLabel('Strasse (Rechnungsempfänger)')).toHaveValue('Dorfstrasse');
  await shot(page, '19-recipient-same-address');
  await page.getByRole('button', { name: 'Speichern' }).click();
  await expect(page).toHaveURL(new RegExp(`#/invoices/${draft.id}$`));
  await expect(page.getByText(de('invoice.readyToIssue'))).toBeVisible();
});

test('a number range 90 % used is said in the invoice list and in Einstellungen, and extended there', async ({ page, app }) => {
  const practice = await createPractice(app);
  const service = await addService(app, practice.id, '7301', 'Sitzungspauschale', 'session', 9_000);
  await app.call('numberRanges.create', { range: { label: 'Empfang', from: 1, to: 10, thisWorkstation: true } });
  await app.call('numberRanges.create', { range: { label: 'Laptop', from: 51, to: 60, thisWorkstation: false } });
  const patient = await createPatient(app, { firstName: 'Nora', lastName: 'Imhof', address });
  let numberYear = '';
  for (let i = 0; i < 9; i++) {
    const c = await app.call<Created>('consultations.create', { consultation: { patientId: patient.id, date: `${year}-01-${String(i + 10)}`, startTime: '09:00', durationMinutes: 30, items: [{ serviceId: service.id }], notes: '' } });
    const draft = await app.call<Created>('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: [c.id] } });
    numberYear = (await app.call<IssuedInvoice>('invoices.issue', { id: draft.id })).invoiceDate.slice(0, 4);
  }
  await openApp(page, app);
  await nav(page, de('nav.invoices')).click();
  await expect(page.getByText(de('ranges.nearlyFull', { label: 'Empfang', percent: 90 }))).toBeVisible();
  await shot(page, '20-list-range-warning');
  await page.getByRole('link', { name: de('invoice.toNumberRanges') }).click();
  const row = page.getByRole('row', { name: /Empfang/ });
  await expect(row).toContainText(`${numberYear}: 9 von 10`);
  await shot(page, '21-ranges-nearly-full');
  await row.getByRole('button', { name: de('ranges.extend') }).click();
  const dialog = page.getByRole('dialog', { name: de('ranges.extendTitle', { label: 'Empfang' }) });
  // Into the other workstation's range: refused at the field.
  await dialog.getByLabel(de('ranges.field.newTo')).fill('55');
  await dialog.getByRole('button', { name: de('ranges.extend') }).click();
  await expect(dialog.getByLabel(de('ranges.field.newTo'))).toHaveAccessibleDescription(de('v.range_overlap', { label: 'Laptop', from: 51, to: 60 }));
  await shot(page, '22-extend-refused');
  await dialog.getByLabel(de('ranges.field.newTo')).fill('50');
  await dialog.getByRole('button', { name: de('ranges.extend') }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText('1–50');
  await expect(row).toContainText(`${numberYear}: 9 von 50`);
  await expect(page.getByText(de('ranges.nearlyFull', { label: 'Empfang', percent: 90 }))).toBeHidden();
  await dismissToast(page);
  await shot(page, '23-ranges-extended');
});
