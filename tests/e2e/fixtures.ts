/**
 * Shared pieces of the end-to-end tests: an `app` fixture (the built app in browser mode on its
 * own fresh data folder, stopped and removed afterwards), sample data, and the German texts
 * looked up in the catalogs so that a wording change does not break the tests.
 */
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { translate } from '../../src/shared/i18n/index.js';
import { startBrowserApp, type BrowserApp } from '../helpers/browserApp.js';

export { expect };

export const test = base.extend<{ app: BrowserApp }>({
  // eslint-disable-next-line no-empty-pattern
  app: async ({}, use, testInfo) => {
    const app = await startBrowserApp();
    await use(app);
    if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('arnika.log', { body: app.log(), contentType: 'text/plain' });
    await app.dispose();
  },
});

/** A German message from the catalogs, with {placeholders} filled in. */
export const de = (key: string, params?: Record<string, string | number>) => translate('de', key, params);

export const samplePractice = {
  name: 'Physiotherapie Bergblick',
  therapistName: 'Lea Brunner',
  profession: 'physiotherapy',
  address: { street: 'Bahnhofstrasse', houseNumber: '12', postalCode: '8001', town: 'Zürich', country: 'CH' },
  phone: '+41 44 123 45 67',
  email: 'praxis@bergblick.ch',
  website: 'www.bergblick.ch',
  iban: 'CH93 0076 2011 6238 5295 7',
  qrReferencePrefix: '',
  zsrNumber: '',
  glnNumber: '',
  vatNumber: '',
  currency: 'CHF',
  defaultLanguage: 'de',
  paymentTermDays: 30,
};

export function patientFields(overrides: Record<string, unknown> = {}) {
  return {
    salutation: 'none',
    firstName: 'Anna',
    lastName: 'Müller',
    birthDate: null,
    sex: 'unknown',
    ahvNumber: '',
    address: { street: '', houseNumber: '', postalCode: '', town: '', country: 'CH' },
    phone: '',
    mobile: '',
    email: '',
    language: 'de',
    insuranceName: '',
    insuredNumber: '',
    billingRecipient: null,
    invoicesByPost: false,
    consentDate: null,
    anamnesis: '',
    notes: '',
    categories: [],
    ...overrides,
  };
}

export async function createPractice(app: BrowserApp, overrides: Record<string, unknown> = {}): Promise<{ id: string }> {
  return app.call('practices.create', { practice: { ...samplePractice, ...overrides } });
}

export async function createPatient(app: BrowserApp, overrides: Record<string, unknown> = {}): Promise<{ id: string }> {
  return app.call('patients.create', { patient: patientFields(overrides) });
}

export async function countPatients(app: BrowserApp): Promise<number> {
  return (await app.call<{ total: number }>('patients.list', { status: 'all' })).total;
}

/** Opens the app the way the ready line says and waits for the shell. */
export async function openApp(page: Page, app: BrowserApp): Promise<void> {
  // From the same origin a goto would only change the hash; start a fresh document instead.
  if (page.url() !== 'about:blank') await page.goto('about:blank');
  await page.goto(app.url);
  await expect(page.getByRole('navigation', { name: de('nav.label') })).toBeVisible();
}

/** A link in the sidebar's navigation, whatever the UI language. */
export function nav(page: Page, label: string) {
  return page.getByRole('complementary').getByRole('navigation').getByRole('link', { name: label, exact: true });
}

/** Puts a confirmation toast that is still showing away (Escape), e.g. before a screenshot. */
export async function dismissToast(page: Page): Promise<void> {
  const toast = page.locator('.toast-region .toast');
  if (await toast.isVisible()) await page.keyboard.press('Escape');
  await expect(toast).toBeHidden();
}

/**
 * A date or time field (ui/DateTime.tsx) by its label: the group of its parts (day, month, year;
 * hours, minutes), each a spin button named "Tag, <label>" and so on.
 */
export function dateField(scope: Page | Locator, label: string): Locator {
  return scope.getByRole('group', { name: label, exact: true });
}

/**
 * Types a date into a date field (dateField) the way a person does: click into it and type the
 * digits of dd.mm.yyyy; each part moves on to the next by itself. `iso` is YYYY-MM-DD.
 */
export async function fillDate(field: Locator, iso: string): Promise<void> {
  const [y, m, d] = iso.split('-');
  await field.getByRole('spinbutton').first().click();
  await field.page().keyboard.type(`${d}${m}${y}`);
}

/** Types a time (HH:MM, 24 h) into a time field, like fillDate. */
export async function fillTime(field: Locator, hhmm: string): Promise<void> {
  await field.getByRole('spinbutton').first().click();
  await field.page().keyboard.type(hhmm.replace(':', ''));
}

/** What a date or time field shows, e.g. "12.01.2026" or "09:30" (its parts, as on screen). */
export async function shownValue(field: Locator): Promise<string> {
  return ((await field.textContent()) ?? '').replace(/[\u2066-\u2069\u200e\u200f]/g, '').trim();
}

/**
 * A fake for the one thing headless Chromium cannot do: print a PDF (print() on the frame that holds
 * it crashes the page now and then). The print frame (ui/PdfViewer's PdfPrintFrame) gets a window
 * whose print() only notes the frame's src; `printed(page)` reads the notes.
 */
export async function fakePrinting(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const real = Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, 'contentWindow')!;
    Object.defineProperty(HTMLIFrameElement.prototype, 'contentWindow', {
      configurable: true,
      get(this: HTMLIFrameElement) {
        if (!this.classList.contains('pdf-print-frame')) return real.get!.call(this);
        const src = this.src;
        const notes = window as unknown as { printedFrames?: string[] };
        return { print: () => (notes.printedFrames = [...(notes.printedFrames ?? []), src]) };
      },
    });
  });
}

export function printed(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { printedFrames?: string[] }).printedFrames ?? []);
}
