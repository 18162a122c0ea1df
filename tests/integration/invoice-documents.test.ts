/**
 * Invoice documents through the API: what an issued invoice prints and pays, the archive (the bytes
 * stored at issue are what every later view, export and email gets, whatever the renderer does now),
 * the cancellation notice beside the untouched original, export, and "PDF öffnen" on the desktop.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { renderInvoicePdf } from '../../src/main/invoices/pdf/render.js';
import { catalogs } from '../../src/shared/i18n/index.js';
import { InvoiceSnapshot } from '../../src/main/invoices/snapshot.js';
import { makeApp, type TestApp } from '../helpers/app.js';
import { issuedInvoice, setupPractice } from '../helpers/invoicing.js';
import { decodeQrOnPage, parseSwissQr, pdfText, pdfWorkspace, qrCodesInPdf } from '../helpers/pdf.js';
import { fakeDesktop } from '../helpers/desktop.js';
import { jobResult, zipEntries } from '../helpers/jobs.js';

let app: TestApp;
let setup: Awaited<ReturnType<typeof setupPractice>>;
beforeEach(async () => {
  app = await makeApp();
  setup = await setupPractice(app, { iban: 'CH44 3199 9123 0008 8901 2', qrReferencePrefix: '' });
});
afterEach(() => app.cleanup());

async function pdfBytes(invoiceId: string, kind: 'invoice' | 'cancellation' = 'invoice'): Promise<Buffer> {
  return Buffer.from((await app.call('invoices.pdf', { id: invoiceId, kind })).contentBase64, 'base64');
}

async function pdfFile(invoiceId: string, kind: 'invoice' | 'cancellation' = 'invoice'): Promise<string> {
  const ws = await pdfWorkspace();
  const file = join(ws.dir, `${kind}.pdf`);
  writeFileSync(file, await pdfBytes(invoiceId, kind));
  return file;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

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

test('issuing archives the PDF: its bytes and SHA-256 are stored, and every view, export and re-send gets them even after the renderer changed', async () => {
  const { invoice } = await issuedInvoice(app, setup);
  const issued = await app.call('invoices.get', { id: invoice.id });
  const archived = await pdfBytes(invoice.id);
  expect(issued.documents).toEqual([{ kind: 'invoice', fileName: 'Rechnung-2026-00001.pdf', sha256: sha256(archived), createdAt: issued.issuedAt, archivedLater: false }]);

  // A later Arnika prints a label differently. Rendered now, the invoice would come out changed...
  const snapshot = InvoiceSnapshot.parse(JSON.parse(app.db!.prepare('SELECT snapshot FROM invoices WHERE id = ?').pluck().get(invoice.id) as string));
  const label = catalogs.de['doc.colText'];
  catalogs.de['doc.colText'] = 'Behandlung';
  try {
    const renderedNow = await renderInvoicePdf(snapshot, { check: false });
    expect(sha256(renderedNow)).not.toBe(sha256(archived));
    expect(await pdfText(await (await pdfWorkspace()).write(renderedNow))).toContain('Behandlung');

    // ...but what was issued is what the practice sees, saves and exports, byte for byte.
    expect((await pdfBytes(invoice.id)).equals(archived)).toBe(true);
    const exported = await jobResult(app, await app.call('invoices.exportPdfs', { from: '2026-11-01', to: '2026-11-30' }), 'invoices.exportPdfs');
    expect((await zipEntries(app, exported.download!)).get('Rechnung-2026-00001.pdf')!.equals(archived)).toBe(true);
    // The email attaches the archived document (tests/integration/mail-send.test.ts checks the bytes that arrive).
    const profileless = await app.call('mail.prepareInvoiceEmail', { invoiceId: invoice.id });
    expect(profileless.attachmentName).toBe('Rechnung-2026-00001.pdf');
  } finally {
    catalogs.de['doc.colText'] = label;
  }
});

test('cancelling archives a cancellation notice without any payment part ("nicht bezahlen", the reason) beside the invoice as it was sent', async () => {
  const { invoice } = await issuedInvoice(app, setup);
  const asSent = await pdfBytes(invoice.id);
  const cancelled = await app.call('invoices.cancel', { id: invoice.id, reason: 'Doppelt erfasst' });
  expect(cancelled.documents.map((d) => [d.kind, d.fileName, d.archivedLater])).toEqual([
    ['invoice', 'Rechnung-2026-00001.pdf', false], ['cancellation', 'Storno-2026-00001.pdf', false],
  ]);

  // The original stays archived exactly as it went out, QR-bill and all.
  expect((await pdfBytes(invoice.id)).equals(asSent)).toBe(true);
  expect(await qrCodesInPdf(await pdfFile(invoice.id))).toHaveLength(1);

  // The notice cannot be paid from: no QR code on any page, no payment part, and it says so.
  const notice = await pdfFile(invoice.id, 'cancellation');
  expect(await qrCodesInPdf(notice)).toEqual([]);
  const text = (await pdfText(notice)).replace(/\s+/g, ' ');
  expect(text).toContain('Storno der Rechnung 2026-00001');
  expect(text).toContain('Storniert am 23.11.2026 – nicht bezahlen');
  expect(text).toContain('Grund: Doppelt erfasst');
  expect(text).toContain('Bitte bezahlen Sie diese Rechnung');
  for (const payable of ['Zahlteil', 'Empfangsschein', 'Referenz', 'Bitte bezahlen Sie den Betrag']) expect(text).not.toContain(payable);
  expect(sha256(readFileSync(notice))).toBe(cancelled.documents[1]!.sha256);

  // Only a cancelled invoice has a notice.
  const other = await issuedInvoice(app, setup, { lastName: 'Offen' });
  expect((await app.fail('invoices.pdf', { id: other.invoice.id, kind: 'cancellation' })).code).toBe('not_found');
});

test('a cancellation reason the PDF font cannot print is refused at the field; nothing is cancelled', async () => {
  const { invoice } = await issuedInvoice(app, setup);
  const refused = await app.fail('invoices.cancel', { id: invoice.id, reason: 'Doppelt 🙈' });
  expect(refused.details?.fields).toEqual([{ path: 'reason', key: 'inv.chars_not_allowed', params: { char: '🙈', codePoint: 'U+1F648' } }]);
  expect(await app.call('invoices.get', { id: invoice.id })).toMatchObject({ status: 'issued', documents: [{ kind: 'invoice' }] });
});

test('export is a job that puts the archived PDFs of a date range into one ZIP to save', async () => {
  await issuedInvoice(app, setup);
  await issuedInvoice(app, setup, { lastName: 'Zweite' });
  const exportRange = async (from: string, to: string) => jobResult(app, await app.call('invoices.exportPdfs', { from, to }), 'invoices.exportPdfs');
  const r = await exportRange('2026-11-01', '2026-11-30');
  expect(r).toMatchObject({ count: 2, download: { fileName: 'Rechnungen-2026-11-01-2026-11-30.zip', mime: 'application/zip' } });
  const files = await zipEntries(app, r.download!);
  expect([...files.keys()]).toEqual(['Rechnung-2026-00001.pdf', 'Rechnung-2026-00002.pdf']);
  expect(files.get('Rechnung-2026-00002.pdf')!.equals(await pdfBytes((await app.call('invoices.list', { query: 'Zweite' })).items[0]!.id))).toBe(true);
  // A cancelled invoice: the invoice as it was sent, and its cancellation notice.
  await app.call('invoices.cancel', { id: (await app.call('invoices.list', { query: 'Zweite' })).items[0]!.id, reason: 'Falsch' });
  const again = await exportRange('2026-11-01', '2026-11-30');
  expect([...(await zipEntries(app, again.download!)).keys()]).toEqual(['Rechnung-2026-00001.pdf', 'Rechnung-2026-00002.pdf', 'Storno-2026-00002.pdf']);
  // Nothing in the range: the job says so and leaves no file.
  expect(await exportRange('2026-12-01', '2026-12-31')).toEqual({ download: null, count: 0 });
});

test('an export stopped half-way leaves no file behind and says it was stopped', async () => {
  for (const lastName of ['Eins', 'Zwei', 'Drei']) await issuedInvoice(app, setup, { lastName });
  const started = await app.call('invoices.exportPdfs', { from: '2026-11-01', to: '2026-11-30' });
  await app.call('jobs.cancel', { id: started.id });
  expect(await app.jobs.settled(started.id)).toMatchObject({ state: 'cancelled', result: null });
  expect(readdirSync(join(app.dataDir, 'tmp'))).toEqual([]);
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
  const { silentLogger } = await import('../../src/main/platform/log.js');
  const { invoice } = await issuedInvoice(app, setup);
  app.close();
  // A fake of the OS "open with default program" (shell.openPath), which cannot run here.
  const opened: string[] = [];
  const desktop = await createApp({ dataDir: app.dataDir, log: silentLogger, desktop: fakeDesktop({ openFile: async (p) => void opened.push(p) }) });
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
  const r = await jobResult(app, await app.call('invoices.exportPdfs', { from: '2026-11-01', to: '2026-11-30', invoiceIds: [first.invoice.id] }), 'invoices.exportPdfs');
  expect([...(await zipEntries(app, r.download!)).keys()]).toEqual(['Rechnung-2026-00001.pdf']);
  for (const q of ['muller', 'mueller', 'MÜLLER']) expect((await app.call('invoices.list', { query: q })).items.map((i) => i.id), q).toEqual([first.invoice.id]);
});
