/**
 * The app's own PDF viewer (ui/PdfViewer, issue 13): an issued invoice's PDF drawn by pdf.js with
 * its text selectable in a text layer; Escape closes the viewer even while the focus is on the page
 * (the browser's plugin viewer swallowed it) and gives the focus back to the button that opened it;
 * zoom changes the page's width; a multipage invoice says "Seite 1 / 2"; "Drucken" still records
 * the post entry after "Gedruckt"; a reminder's PDF opens in the same viewer. With SHOTS=1 the viewer is saved to /tmp/arnika-shots/pdf-*.png.
 */
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { addDays } from '../../src/shared/calendar.js';
import { todayIso } from '../../src/shared/dates.js';
import type { BrowserApp } from '../helpers/browserApp.js';
import { createPatient, createPractice, de, expect, fakePrinting, openApp, printed, test } from './fixtures.js';

const year = new Date().getFullYear();
const address = { street: 'Dorfstrasse', houseNumber: '3', postalCode: '3011', town: 'Bern', country: 'CH' };

async function shot(page: Page, name: string) {
  if (!process.env.SHOTS) return;
  mkdirSync('/tmp/arnika-shots', { recursive: true });
  await page.screenshot({ path: join('/tmp/arnika-shots', `pdf-${name}.png`) });
}

/** An issued invoice with `sittings` consultations (one line each), for a patient who wants paper or not. */
async function issuedInvoice(app: BrowserApp, sittings: number, byPost = false, invoiceDate?: string) {
  const practice = await createPractice(app);
  const service = await app.call<{ id: string }>('services.create', {
    practiceId: practice.id, service: { code: '7301', names: { de: 'Sitzungspauschale', fr: '', it: '', en: '' }, unit: 'session', priceMinor: 9_000, vatRateBasisPoints: 0, active: true },
  });
  const patient = await createPatient(app, { firstName: 'Ruth', lastName: 'Aebi', address, invoicesByPost: byPost, email: byPost ? '' : 'ruth@example.ch' });
  const ids: string[] = [];
  for (let i = 0; i < sittings; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const month = String(1 + Math.floor(i / 28)).padStart(2, '0');
    const c = await app.call<{ id: string }>('consultations.create', { consultation: { patientId: patient.id, date: invoiceDate ?? `${year}-${month}-${day}`, startTime: '09:00', durationMinutes: 30, items: [{ serviceId: service.id }], notes: '' } });
    ids.push(c.id);
  }
  const draft = await app.call<{ id: string }>('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: ids, ...(invoiceDate ? { invoiceDate } : {}) } });
  return app.call<{ id: string; number: string }>('invoices.issue', { id: draft.id });
}

async function openInvoice(page: Page, app: BrowserApp, invoice: { id: string; number: string }) {
  await openApp(page, app);
  await page.goto(`${app.url.split('#')[0]}#/invoices/${invoice.id}`);
  await expect(page.getByRole('heading', { name: new RegExp(`Rechnung ${invoice.number}`) })).toBeVisible();
}

test('the viewer draws the invoice with selectable text; Escape on the page closes it and the focus goes back', async ({ page, app }) => {
  const invoice = await issuedInvoice(app, 1);
  await openInvoice(page, app, invoice);
  const opener = page.getByRole('button', { name: de('invoice.openPdf') });
  await opener.click();
  const viewer = page.getByRole('dialog', { name: `Rechnung ${invoice.number}` });
  const pages = viewer.getByRole('region', { name: de('invoice.pdfFrame', { name: `Rechnung-${invoice.number}.pdf` }) });
  // No plugin frame any more: the page is ours, drawn on a canvas with its text laid over it.
  await expect(viewer.locator('iframe')).toHaveCount(0);
  const first = pages.getByRole('group', { name: de('pdf.page', { page: 1 }) });
  await expect(first.locator('canvas')).toBeVisible();
  const text = first.locator('.textLayer');
  await expect(text).toContainText(invoice.number);
  await expect(text).toContainText('Zahlteil');
  await expect(viewer.getByText(de('pdf.pageOf', { page: 1, count: 1 }))).toBeVisible();
  // The canvas really holds the drawing (not a blank white sheet).
  const inked = await first.locator('canvas').evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i]! < 128) dark++;
    return dark;
  });
  expect(inked).toBeGreaterThan(1000);
  await shot(page, '1-invoice');

  // The text is selectable: a double click on the invoice number selects it.
  await first.locator('.textLayer span', { hasText: invoice.number }).first().dblclick();
  expect(await page.evaluate(() => window.getSelection()?.toString() ?? '')).toContain(invoice.number.split('-').at(-1));

  // Focus on the page (a click), then Escape: the viewer closes, the focus is back on "PDF öffnen".
  await first.click({ position: { x: 40, y: 40 } });
  await expect(pages).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();
  await expect(opener).toBeFocused();
});

test('zoom buttons change the page width; the keyboard scrolls; a long invoice says "Seite 1 / 2"', async ({ page, app }) => {
  const invoice = await issuedInvoice(app, 40);
  await openInvoice(page, app, invoice);
  await page.getByRole('button', { name: de('invoice.openPdf') }).click();
  const viewer = page.getByRole('dialog', { name: `Rechnung ${invoice.number}` });
  const pages = viewer.getByRole('region', { name: de('invoice.pdfFrame', { name: `Rechnung-${invoice.number}.pdf` }) });
  const first = pages.getByRole('group', { name: de('pdf.page', { page: 1 }) });
  await expect(first.locator('.textLayer')).toContainText(invoice.number);
  await expect(viewer.getByText(de('pdf.pageOf', { page: 1, count: 2 }))).toBeVisible();
  await shot(page, '2-multipage');

  const width = async () => (await first.boundingBox())!.width;
  // Fit width: the page fills the area's width (less its grey margin).
  const areaWidth = (await pages.boundingBox())!.width;
  const fitted = await width();
  expect(fitted).toBeGreaterThan(areaWidth - 60);
  await viewer.getByRole('button', { name: de('pdf.zoomOut') }).click();
  await expect.poll(width).toBeLessThan(fitted - 10);
  const smaller = await width();
  await viewer.getByRole('button', { name: de('pdf.zoomIn') }).click();
  await viewer.getByRole('button', { name: de('pdf.zoomIn') }).click();
  await expect.poll(width).toBeGreaterThan(smaller + 50);
  await shot(page, '3-zoomed');
  await viewer.getByRole('button', { name: de('pdf.fitWidth') }).click();
  await expect.poll(width).toBe(fitted);

  // The keyboard scrolls the pages (End goes to the last one), and the count follows.
  await pages.focus();
  await page.keyboard.press('End');
  await expect(viewer.getByText(de('pdf.pageOf', { page: 2, count: 2 }))).toBeVisible();
  await expect(pages.getByRole('group', { name: de('pdf.page', { page: 2 }) }).locator('.textLayer')).toContainText('Zahlteil');
  await page.keyboard.press('Home');
  await expect(viewer.getByText(de('pdf.pageOf', { page: 1, count: 2 }))).toBeVisible();
});

test('"Drucken" prints the PDF from a hidden frame, the viewer shows it, and "Gedruckt" records the post entry', async ({ page, app }) => {
  const invoice = await issuedInvoice(app, 1, true);
  await fakePrinting(page);
  await openInvoice(page, app, invoice);
  await page.getByRole('button', { name: de('post.print'), exact: true }).click();
  const viewer = page.getByRole('dialog', { name: new RegExp(`Rechnung ${invoice.number}`) });
  await expect(viewer.locator('.textLayer').first()).toContainText(invoice.number);
  // The browser got the archived PDF to print (its own frame, unseen), not our page.
  const frame = viewer.locator('iframe.pdf-print-frame');
  await expect(frame).toHaveAttribute('src', /^blob:/);
  // Printed once it loaded: the same archived bytes that "PDF speichern" saves.
  const save = viewer.getByRole('link', { name: de('invoice.savePdf') });
  const src = await frame.getAttribute('src');
  expect(src).toBe(await save.getAttribute('href'));
  await expect.poll(() => printed(page)).toEqual([src]);
  const saving = page.waitForEvent('download');
  await save.click();
  expect((await readFile((await (await saving).path())!)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  await expect(frame).toBeHidden();
  await expect(viewer.locator('iframe:not(.pdf-print-frame)')).toHaveCount(0);
  // "Drucken" in the viewer prints again.
  await viewer.getByRole('button', { name: de('post.print'), exact: true }).click();
  await expect.poll(async () => (await printed(page)).length).toBe(2);
  await viewer.getByRole('button', { name: de('post.confirmPrinted') }).click();
  await expect(viewer).toBeHidden();
  await expect(page.getByRole('region', { name: de('sendUi.history.title') }).getByRole('listitem')).toHaveCount(1);
});

test('a reminder\'s "PDF" opens the same viewer (not a download); Escape closes it and the focus goes back', async ({ page, app }) => {
  const invoice = await issuedInvoice(app, 1, true, addDays(todayIso(), -60));
  await app.call('reminders.run', { invoiceIds: [invoice.id] });
  await expect.poll(async () => (await app.call<{ reminders: unknown[] }>('reminders.forInvoice', { invoiceId: invoice.id })).reminders.length).toBe(1);
  await openInvoice(page, app, invoice);
  const reminders = page.getByRole('region', { name: de('reminders.invoice.title') });
  const button = reminders.getByRole('button', { name: de('payments.pdf'), exact: true });
  await button.click();
  const viewer = page.getByRole('dialog', { name: /\.pdf$/ });
  await expect(viewer.locator('.textLayer').first()).toContainText(invoice.number);
  await expect(viewer.getByRole('link', { name: de('pdf.save') })).toHaveAttribute('href', /^blob:/);
  await shot(page, '4-reminder');
  await viewer.getByRole('group', { name: de('pdf.page', { page: 1 }) }).click({ position: { x: 30, y: 30 } });
  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();
  await expect(button).toBeFocused();
});
