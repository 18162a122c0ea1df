import { writeFileSync } from 'node:fs';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { makeApp, tempDir, type TestApp } from '../helpers/app.js';
import { issuedInvoice, setupPractice } from '../helpers/invoicing.js';
import { decodeQrOnPage, parseSwissQr, pdfText, pdfWorkspace } from '../helpers/pdf.js';

let app: TestApp;
let setup: Awaited<ReturnType<typeof setupPractice>>;
beforeEach(async () => {
  app = await makeApp();
  setup = await setupPractice(app, { iban: 'CH44 3199 9123 0008 8901 2', qrReferencePrefix: '' });
});
afterEach(() => app.cleanup());

async function pdfFile(invoiceId: string): Promise<string> {
  const ws = await pdfWorkspace();
  const { contentBase64 } = await app.call('invoices.pdf', { id: invoiceId });
  const file = join(ws.dir, 'invoice.pdf');
  writeFileSync(file, Buffer.from(contentBase64, 'base64'));
  return file;
}

test('an issued invoice from the API prints what the invoice says, and its QR-bill pays it', async () => {
  const { invoice } = await issuedInvoice(app, setup, { firstName: 'Zoë', lastName: 'Dvořák' });
  const file = await pdfFile(invoice.id);
  const text = await pdfText(file);
  for (const needle of ['Rechnung', '2026-00001', 'Zoë Dvořák', 'Manuelle Therapie', '166.95']) expect(text).toContain(needle);
  const qr = parseSwissQr((await decodeQrOnPage(file, 1))!);
  expect(qr).toMatchObject({ iban: 'CH4431999123000889012', amount: '166.95', currency: 'CHF', referenceType: 'QRR' });
  expect(qr.reference).toMatch(/^0+2026000011?\d$/);
  expect(qr.debtor.name).toBe('Zoë Dvořák');
});

test('a cancelled invoice prints its content with the cancellation on it', async () => {
  const { invoice } = await issuedInvoice(app, setup);
  await app.call('invoices.cancel', { id: invoice.id, reason: 'Doppelt erfasst' });
  const text = await pdfText(await pdfFile(invoice.id));
  // The large rotated stamp is drawn too (checked by eye); pdftotext reliably reads the note line.
  expect(text).toContain('Storniert am 23.11.2026: Doppelt erfasst. Bitte nicht bezahlen.');
  expect(text).toContain('2026-00001');
});

test('export writes the PDFs of a date range into a folder', async () => {
  await issuedInvoice(app, setup);
  await issuedInvoice(app, setup, { lastName: 'Zweite' });
  const folder = join(tempDir(), 'export', 'november');
  const r = await app.call('invoices.exportPdfs', { from: '2026-11-01', to: '2026-11-30', folder });
  expect(r.files).toEqual(['Rechnung-2026-00001.pdf', 'Rechnung-2026-00002.pdf']);
  expect(readdirSync(folder).sort()).toEqual(r.files);
  expect((await app.call('invoices.exportPdfs', { from: '2026-12-01', to: '2026-12-31', folder })).files).toEqual([]);
  expect((await app.fail('invoices.exportPdfs', { from: '2026-11-01', to: '2026-11-30', folder: 'relativ/ordner' })).details?.fields?.[0]?.key).toBe('v.folder_absolute');
});

test('a draft has no final document yet', async () => {
  const patient = await app.call('patients.list', {});
  expect(patient.total).toBe(0);
  const { invoice } = await issuedInvoice(app, setup);
  const draft = await app.call('invoices.createDraft', {
    patientId: invoice.patientId,
    draft: { consultationIds: [(await app.call('consultations.create', { consultation: { patientId: invoice.patientId, date: '2026-11-20', startTime: '08:00', durationMinutes: 30, items: [{ serviceId: setup.session.id, quantityHundredths: 100 }], notes: '' } })).id] },
  });
  expect((await app.fail('invoices.pdf', { id: draft.id })).code).toBe('invoice.not_issued');
});

test('on the desktop, "PDF öffnen" writes a private file in the data folder, hands it to the system viewer, and removes it when the app closes', async () => {
  const { existsSync, mkdirSync, statSync, readFileSync, writeFileSync } = await import('node:fs');
  const { createApp, viewerFolderName } = await import('../../src/main/app/createApp.js');
  const { silentLogger } = await import('../../src/main/app/log.js');
  const { invoice } = await issuedInvoice(app, setup);
  app.close();
  // A fake of the OS "open with default program" (shell.openPath), which cannot run here.
  const opened: string[] = [];
  const desktop = await createApp({ dataDir: app.dataDir, log: silentLogger, desktop: { openFile: async (p) => void opened.push(p) } });
  const r = await desktop.dispatch('invoices.openPdf', { id: invoice.id });
  expect(r).toEqual({ ok: true, data: { opened: true, fileName: 'Rechnung-2026-00001.pdf' } });
  expect(opened).toHaveLength(1);
  expect(readFileSync(opened[0]!).subarray(0, 5).toString()).toBe('%PDF-');
  // Patient data: only this user can read the file or list its folder, which is in the data folder
  // (not a fixed folder in a shared /tmp that another account could have created first).
  const viewer = join(app.dataDir, viewerFolderName);
  expect(opened[0]).toBe(join(viewer, 'Rechnung-2026-00001.pdf'));
  expect(statSync(opened[0]!).mode & 0o077).toBe(0);
  expect(statSync(viewer).mode & 0o077).toBe(0);
  desktop.close();
  expect(existsSync(viewer)).toBe(false);
  // One the viewer still held when the app went down (a crash, a locked file) goes at the next start.
  mkdirSync(viewer, { mode: 0o700 });
  writeFileSync(join(viewer, 'Rechnung-2026-00001.pdf'), 'left over');
  const browser = await makeApp({ dataDir: app.dataDir });
  expect(existsSync(viewer)).toBe(false);
  expect(await browser.call('invoices.openPdf', { id: invoice.id })).toEqual({ opened: false, fileName: 'Rechnung-2026-00001.pdf' });
  app = browser;
});

test('export can be limited to selected invoices; the invoice search knows both umlaut spellings', async () => {
  const first = await issuedInvoice(app, setup);
  await issuedInvoice(app, setup, { lastName: 'Zweite' });
  const folder = join(tempDir(), 'auswahl');
  const r = await app.call('invoices.exportPdfs', { from: '2026-11-01', to: '2026-11-30', folder, invoiceIds: [first.invoice.id] });
  expect(r.files).toEqual(['Rechnung-2026-00001.pdf']);
  for (const q of ['muller', 'mueller', 'MÜLLER']) expect((await app.call('invoices.list', { query: q })).items.map((i) => i.id), q).toEqual([first.invoice.id]);
});
