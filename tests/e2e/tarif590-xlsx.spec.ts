/**
 * Tarif 590 in Chromium against the built app: the tariff list imported from an Excel workbook
 * through the preview (the sheet it was read from, the changed and the removed code), an old .xls
 * refused with its message; and Einstellungen → Leistungen flagging a service whose official text
 * differs from the list valid today, the flag gone once the text is fixed. Screenshots go to
 * /tmp/arnika-shots/t590-xlsx-*.png. The codes and texts are made-up test data.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { tempDir } from '../helpers/tempDir.js';
import { tariffXlsx, testTariff2026 } from '../helpers/tarif590.js';
import { createPractice, de, dismissToast, expect, nav, openApp, test } from './fixtures.js';

const shotsDir = '/tmp/arnika-shots';
async function shot(page: Page, name: string) {
  mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: join(shotsDir, `t590-xlsx-${name}.png`), fullPage: true });
}

async function openSettings(page: Page, tab: string) {
  await nav(page, de('nav.settings')).click();
  await page.getByRole('link', { name: de(tab), exact: true }).click();
}

/** Picks the file, names the version and asks for the preview. */
async function previewFile(page: Page, path: string, label: string, validFrom: string) {
  await page.getByLabel(de('t590ui.catalogue.file')).setInputFiles(path);
  await page.getByLabel(de('t590ui.catalogue.label')).fill(label);
  await page.getByLabel(de('t590ui.catalogue.validFrom')).fill(validFrom);
  await page.getByRole('button', { name: de('t590ui.catalogue.preview') }).click();
}

test('the tariff list from an Excel workbook: the preview shows what changes, nothing is stored before the import; an old .xls is refused with its message', async ({ page, app }) => {
  await createPractice(app);
  const dir = tempDir('arnika-t590-xlsx-');
  const first = join(dir, 'tarif590-2026.xlsx');
  writeFileSync(first, await tariffXlsx(testTariff2026, { sheet: 'Tarif 590 2026' }));
  await openApp(page, app);
  await openSettings(page, 'settings.tab.tarif590');
  await expect(page.getByLabel(de('t590ui.catalogue.file'))).toHaveAttribute('accept', /\.xlsx/);

  await previewFile(page, first, 'Testversion 2026', '2026-01-01');
  const preview = page.getByRole('region', { name: de('t590ui.catalogue.preview') });
  await expect(preview).toContainText(de('t590ui.catalogue.summary', { count: 3, added: 3, changed: 0, removed: 0 }));
  await preview.getByRole('button', { name: de('t590ui.catalogue.import') }).click();
  await expect(page.getByText(de('t590ui.catalogue.version', { label: 'Testversion 2026', from: '01.01.2026', count: 3 }))).toBeVisible();
  await dismissToast(page);

  // The next year's workbook: 1002 with a new text, 1003 gone, 1004 new.
  const next = join(dir, 'tarif590-2027.xlsx');
  writeFileSync(next, await tariffXlsx([
    testTariff2026[0]!,
    ['1002', 'Testmethode Zwei, neuer Text (Prüfdaten)', testTariff2026[1]![2], testTariff2026[1]![3]],
    ['1004', 'Testmethode Vier (Prüfdaten)', 'Méthode test quatre (données de test)', 'Metodo di prova quattro (dati di test)'],
  ], { sheet: 'Tarif 590 2027' }));
  await previewFile(page, next, 'Testversion 2027', '2027-01-01');
  await expect(preview).toContainText(de('t590ui.catalogue.summary', { count: 3, added: 1, changed: 1, removed: 1 }));
  await expect(preview).toContainText(de('t590ui.catalogue.sheet', { sheet: 'Tarif 590 2027' }));
  await expect(preview).toContainText('Testmethode Zwei, neuer Text (Prüfdaten)');
  await preview.scrollIntoViewIfNeeded();
  await preview.screenshot({ path: join(shotsDir, 't590-xlsx-preview.png') });
  expect((await app.call<unknown[]>('tariff.versions', {})).length).toBe(1);
  await preview.getByRole('button', { name: de('t590ui.catalogue.import') }).click();
  await expect(page.getByText(de('t590ui.catalogue.version', { label: 'Testversion 2027', from: '01.01.2027', count: 3 }))).toBeVisible();

  // An Excel 97-2003 file: the message says to save it as .xlsx or CSV.
  const xls = join(dir, 'alt.xls');
  writeFileSync(xls, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]));
  await previewFile(page, xls, 'Alt', '2028-01-01');
  await expect(page.getByRole('alert')).toContainText(de('error.tariff.xls_old'));
  expect((await app.call<unknown[]>('tariff.versions', {})).length).toBe(2);
});

test('Einstellungen → Leistungen flags a service whose official text differs from the list valid today; fixing the text takes the flag away', async ({ page, app }) => {
  const practice = await createPractice(app);
  const dir = tempDir('arnika-t590-flag-');
  const file = join(dir, 'tarif590.xlsx');
  writeFileSync(file, await tariffXlsx(testTariff2026));
  const [, de1001, fr1001, it1001] = testTariff2026[0]!;
  await app.call('services.create', {
    practiceId: practice.id,
    service: {
      code: 'T1', names: { de: 'Testmethode', fr: '', it: '', en: '' }, unit: 'min5', priceMinor: 1_000, vatRateBasisPoints: 0, active: true,
      tariffCode: '1001', tariffTexts: { de: 'Testmethode Eins (alter Text)', fr: fr1001, it: it1001 },
    },
  });
  await app.call('services.create', {
    practiceId: practice.id,
    service: { code: 'T9', names: { de: 'Methode ohne Listenplatz', fr: '', it: '', en: '' }, unit: 'min5', priceMinor: 1_000, vatRateBasisPoints: 0, active: true, tariffCode: '1009', tariffTexts: { de: 'Eigene Methode', fr: 'Méthode propre', it: 'Metodo proprio' } },
  });
  await app.call('services.create', {
    practiceId: practice.id,
    service: { code: 'A1', names: { de: 'Verpasster Termin', fr: '', it: '', en: '' }, unit: 'session', priceMinor: 5_000, vatRateBasisPoints: 0, active: true, absence: true },
  });
  await openApp(page, app);
  await openSettings(page, 'settings.tab.tarif590');
  await previewFile(page, file, 'Testversion 2026', '2026-01-01');
  await page.getByRole('region', { name: de('t590ui.catalogue.preview') }).getByRole('button', { name: de('t590ui.catalogue.import') }).click();
  await expect(page.getByText(de('t590ui.catalogue.version', { label: 'Testversion 2026', from: '01.01.2026', count: 3 }))).toBeVisible();
  await dismissToast(page);

  await page.getByRole('link', { name: de('settings.tab.services'), exact: true }).click();
  const row = page.getByRole('row', { name: /Testmethode/ });
  await expect(row).toContainText(de('services.tariffFlag.text_differs'));
  await expect(page.getByRole('row', { name: /Methode ohne Listenplatz/ })).toContainText(de('services.tariffFlag.code_unknown', { code: '1009', from: '01.01.2026' }));
  // The flagged services come first; the filter leaves only them.
  const body = page.locator('.services-table tbody tr');
  await expect(body).toHaveCount(3);
  await expect(body.nth(2)).toContainText('Verpasster Termin');
  await shot(page, 'services-flag');
  await page.getByLabel(de('services.tariffFlag.filter.other', { count: 2 })).check();
  await expect(body).toHaveCount(2);
  await page.getByLabel(de('services.tariffFlag.filter.other', { count: 2 })).uncheck();

  await row.getByRole('button', { name: de('services.tariffFlag.fixNamed', { name: 'Testmethode' }) }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(de('t590ui.service.tariffText', { lang: 'DE' })).fill(de1001);
  await dialog.getByRole('button', { name: de('action.save'), exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(row).not.toContainText(de('services.tariffFlag.text_differs'));
  await expect(page.getByLabel(de('services.tariffFlag.filter.one'))).toBeVisible();
});
