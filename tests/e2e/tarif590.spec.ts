/**
 * Tarif 590 end to end in Chromium against the built app and a real SMTP server: a practice with
 * two therapists (the second added in Einstellungen → Tarif 590), the tariff list imported from a
 * CSV file with its preview, a service given its Tarif 590 code (the official text taken over), a
 * VVG case with consultations by both therapists; the draft's problem list refuses the mixed
 * invoice and splits it; each invoice is issued as the Rückforderungsbeleg and sent by email (the
 * server gets the archived PDF byte for byte). Screenshots of each screen go to
 * /tmp/arnika-shots/t590-*.png. The codes and texts are made-up test data.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { simpleParser } from 'mailparser';
import type { BrowserApp } from '../helpers/browserApp.js';
import { tempDir } from '../helpers/tempDir.js';
import { tariffCsv, testTariff2026 } from '../helpers/tarif590.js';
import { createPractice, de, dismissToast, expect, nav, openApp, patientFields } from './fixtures.js';
import { test } from './mailFixtures.js';

const shotsDir = '/tmp/arnika-shots';
async function shot(page: Page, name: string) {
  mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: join(shotsDir, `t590-${name}.png`), fullPage: true });
}

interface Created { id: string }
const user = 'praxis@bergblick.ch';
const password = 'geheim-123';

async function setup(app: BrowserApp) {
  const practice = await createPractice(app, { zsrNumber: 'A123456', glnNumber: '7601000000002' });
  await app.call('tarif590.updateSettings', { practiceId: practice.id, settings: { invoiceForm: 'by_cover', biller: 'therapist', canton: 'ZH', reimbursement: 'TG', patientCopy: false } });
  const service = await app.call<Created>('services.create', {
    practiceId: practice.id,
    service: { code: 'T1', names: { de: 'Testmethode', fr: '', it: '', en: '' }, unit: 'min5', priceMinor: 1_000, vatRateBasisPoints: 0, active: true },
  });
  const patient = await app.call<Created>('patients.create', {
    patient: patientFields({
      salutation: 'ms', birthDate: '1980-03-12', sex: 'female', email: 'anna@example.ch',
      address: { street: 'Dorfstrasse', houseNumber: '3', postalCode: '3011', town: 'Bern', country: 'CH' },
    }),
  });
  const vvg = await app.call<Created>('cases.create', {
    patientId: patient.id,
    treatmentCase: {
      title: 'Rücken', reason: 'illness', law: 'vvg', diagnosis: 'Lumbalgie', referrer: { name: '', address: { street: '', houseNumber: '', postalCode: '', town: '', country: 'CH' }, gln: '', zsr: '' },
      accidentDate: null, claimNumber: '', insuranceName: 'Helsana', insuredNumber: '123.456.789', startDate: '2026-11-01', endDate: null, remark: '',
    },
  });
  return { practiceId: practice.id, serviceId: service.id, patientId: patient.id, caseId: vvg.id };
}

test('two therapists, a VVG case: the checker refuses the mixed invoice and splits it; each is issued as the Tarif 590 form and sent by email', async ({ page, app, smtp }) => {
  const s = await setup(app);
  const server = await smtp({ mode: 'tls', users: { [user]: password } });
  await app.call('mail.saveProfile', {
    practiceId: s.practiceId,
    profile: { name: 'Praxis', senderName: 'Bergblick', email: user, host: 'localhost', port: server.port, security: 'tls', authMethod: 'password', username: user, replyTo: '', bccSelf: false },
    password,
  });

  // Einstellungen → Tarif 590: a second therapist with her own ZSR number.
  await openApp(page, app);
  await nav(page, de('nav.settings')).click();
  await page.getByRole('link', { name: de('settings.tab.tarif590'), exact: true }).click();
  await page.getByRole('button', { name: de('t590ui.therapists.add') }).click();
  const dialog = page.getByRole('dialog', { name: de('t590ui.therapists.add') });
  await dialog.getByLabel(de('t590ui.therapists.name'), { exact: true }).fill('Ben Muster');
  await dialog.getByLabel(de('t590ui.therapists.zsr'), { exact: true }).fill('B654321');
  await dialog.getByLabel(de('t590ui.therapists.methods'), { exact: true }).fill('Testmethode Eins');
  await dialog.getByRole('button', { name: de('t590ui.save') }).click();
  await expect(dialog).toBeHidden();
  const therapists = page.locator('.therapists-table');
  await expect(therapists.getByRole('row')).toHaveCount(3);
  await expect(therapists).toContainText('B654321');
  await dismissToast(page);
  await shot(page, 'therapists');

  // The tariff list from its CSV file: the preview first, then the import.
  const csv = join(tempDir('arnika-t590-csv-'), 'tarif590-2026.csv');
  writeFileSync(csv, tariffCsv(testTariff2026));
  await page.getByLabel(de('t590ui.catalogue.file')).setInputFiles(csv);
  await page.getByLabel(de('t590ui.catalogue.label')).fill('Testversion 2026');
  await page.getByLabel(de('t590ui.catalogue.validFrom')).fill('2026-01-01');
  await page.getByRole('button', { name: de('t590ui.catalogue.preview') }).click();
  const preview = page.getByRole('region', { name: de('t590ui.catalogue.preview') });
  await expect(preview).toContainText(de('t590ui.catalogue.summary', { count: 3, added: 3, changed: 0, removed: 0 }));
  await expect(preview).toContainText(testTariff2026[0]![1]);
  await shot(page, 'import-preview');
  await preview.getByRole('button', { name: de('t590ui.catalogue.import') }).click();
  await expect(page.getByText(de('t590ui.catalogue.version', { label: 'Testversion 2026', from: '01.01.2026', count: 3 }))).toBeVisible();

  // Einstellungen → Leistungen: the service gets code 1001 and its official text.
  await page.getByRole('link', { name: de('settings.tab.services'), exact: true }).click();
  await page.getByRole('row', { name: /Testmethode/ }).getByRole('button', { name: de('action.edit') }).click();
  const serviceDialog = page.getByRole('dialog');
  await serviceDialog.getByLabel(de('t590ui.service.tariffCode')).selectOption('1001');
  await expect(serviceDialog.getByLabel(de('t590ui.service.tariffText', { lang: 'DE' }))).toHaveValue(testTariff2026[0]![1]);
  await expect(serviceDialog.getByLabel(de('t590ui.service.tariffText', { lang: 'FR' }))).toHaveValue(testTariff2026[0]![2]);
  await shot(page, 'service-code');
  await serviceDialog.getByRole('button', { name: de('action.save'), exact: true }).click();
  await expect(serviceDialog).toBeHidden();

  // Consultations by both therapists on the VVG case, one draft.
  const team = await app.call<{ id: string; name: string }[]>('therapists.list', { practiceId: s.practiceId });
  const byName = (n: string) => team.find((x) => x.name === n)!.id;
  const consult = (therapistId: string, date: string) => app.call<Created>('consultations.create', {
    consultation: { patientId: s.patientId, practiceId: s.practiceId, caseId: s.caseId, therapistId, date, startTime: '09:00', durationMinutes: 45, items: [{ serviceId: s.serviceId, minutes: 45 }], notes: '' },
  });
  const a = await consult(byName(samplePracticeTherapist), '2026-11-03');
  const b = await consult(byName('Ben Muster'), '2026-11-05');
  const draft = await app.call<Created>('invoices.createDraft', { patientId: s.patientId, draft: { consultationIds: [a.id, b.id] } });

  // The draft: the problem list refuses the mix and offers the split.
  await page.goto(`${app.url.split('#')[0]}#/invoices/${draft.id}`);
  const problems = page.getByRole('region', { name: de('problems.title') });
  await expect(problems).toContainText(de('t590.mixed_therapists', { count: 2 }));
  await expect(page.getByText(de('t590ui.invoice.form'))).toBeVisible();
  await shot(page, 'checker');
  await problems.getByRole('button', { name: de('t590ui.problems.split') }).click();
  await expect(page.getByText(de('t590ui.problems.splitDone', { count: 2 }))).toBeVisible();
  await expect(problems).toBeHidden();
  await expect(page.getByText(de('invoice.readyToIssue'))).toBeVisible();
  await page.getByRole('button', { name: de('invoice.issue'), exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('2026-');

  // The other therapist's draft, issued through the API; then both sent by email.
  const drafts = await app.call<{ items: { id: string; status: string }[] }>('invoices.list', { status: 'draft' });
  expect(drafts.items).toHaveLength(1);
  await app.call('invoices.issue', { id: drafts.items[0]!.id });
  const issued = (await app.call<{ items: { id: string; number: string }[] }>('invoices.list', { status: 'issued' })).items;
  expect(issued).toHaveLength(2);
  for (const invoice of issued) await app.call('mail.sendInvoice', { invoiceId: invoice.id });
  await expect.poll(() => server.received.length, { timeout: 30_000 }).toBe(2);

  const dir = tempDir('arnika-t590-mail-');
  const providers = new Set<string>();
  for (const received of server.received) {
    const mail = await simpleParser(received.raw);
    const attachment = mail.attachments[0]!;
    const invoice = issued.find((i) => attachment.filename === `Rechnung-${i.number}.pdf`)!;
    const archived = await app.call<{ contentBase64: string }>('invoices.pdf', { id: invoice.id });
    expect(attachment.content.equals(Buffer.from(archived.contentBase64, 'base64'))).toBe(true);
    const file = join(dir, attachment.filename!);
    writeFileSync(file, attachment.content);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Rückforderungsbeleg');
    expect(text).toContain(testTariff2026[0]![1]);
    providers.add(text.includes('B654321') ? 'Ben Muster' : 'Lea Brunner');
  }
  expect([...providers].sort()).toEqual(['Ben Muster', 'Lea Brunner']);
});

const samplePracticeTherapist = 'Lea Brunner';
