/**
 * Forms as a new user meets them (issue 13): a field that gets focus, by Tab or by a click on the
 * part still showing, is never left under the sticky save bar; dates are dd.mm.yyyy and times 24 h
 * in the German UI of a browser whose locale is English (en-US, where the native inputs showed
 * mm/dd/yyyy and AM/PM); a dialog with typed input asks before Escape or "Abbrechen" throws it away.
 * Screenshots go to test-results/shots/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { createPatient, createPractice, dateField, de, expect, fillDate, fillTime, openApp, shownValue, test } from './fixtures.js';

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(join('test-results', 'shots'), { recursive: true });
  await page.screenshot({ path: join('test-results', 'shots', `forms-${name}.png`) });
}

/** How much of `el` the save bar covers (0: none). */
async function coveredByBar(el: Locator, bar: Locator): Promise<number> {
  const field = await el.boundingBox();
  const b = await bar.boundingBox();
  if (!field || !b) return 0;
  return Math.max(0, Math.min(field.y + field.height, b.y + b.height) - Math.max(field.y, b.y));
}

test('a focused field is never under the sticky save bar, by keyboard or by mouse', async ({ page, app }) => {
  test.setTimeout(120_000);
  await createPractice(app);
  // A short window, so the long patient form scrolls behind the bar.
  await page.setViewportSize({ width: 1280, height: 640 });
  await openApp(page, app);
  await page.getByRole('link', { name: de('patients.new') }).first().click();
  await expect(page.getByRole('heading', { name: de('patient.newTitle'), level: 1 })).toBeVisible();
  const bar = page.locator('.form-actions.sticky');
  await expect(bar).toBeVisible();

  // Tab through the whole form: every field that gets focus is clear of the bar.
  await page.getByLabel(de('person.firstName'), { exact: true }).first().focus();
  let checked = 0;
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    if (await bar.locator(':focus').count()) break;
    expect(await coveredByBar(focused, bar), `field ${i} (${await focused.getAttribute('id')}) under the save bar`).toBe(0);
    checked++;
  }
  expect(checked).toBeGreaterThan(15);

  // Back at the top, a field whose upper edge just peeks out above the bar is clicked there.
  const content = page.locator('.content');
  await content.evaluate((el) => el.scrollTo({ top: 0 }));
  const notes = page.getByLabel(de('patient.notes'), { exact: true });
  const peeking = await content.evaluate((el, barTop) => {
    const target = [...el.querySelectorAll<HTMLElement>('input, textarea, select')].find((f) => {
      const r = f.getBoundingClientRect();
      return r.top < barTop - 4 && r.bottom > barTop;
    });
    return target?.id ?? null;
  }, (await bar.boundingBox())!.y);
  const field = peeking ? page.locator(`[id="${peeking}"]`) : notes;
  const box = (await field.boundingBox())!;
  const barTop = (await bar.boundingBox())!.y;
  await page.mouse.click(box.x + 10, Math.min(box.y + 3, barTop - 2));
  await expect(field).toBeFocused();
  expect(await coveredByBar(field, bar)).toBe(0);
  await shot(page, 'focus-above-save-bar');
});

test.describe('in a browser whose locale is English (en-US)', () => {
  test.use({ locale: 'en-US' });

  test('dates show and are typed as dd.mm.yyyy and times as 24 h in the German UI', async ({ page, app }) => {
    const practice = await createPractice(app);
    await app.call('services.create', {
      practiceId: practice.id,
      service: { code: 'S1', names: { de: 'Sitzung', fr: '', it: '', en: '' }, unit: 'session', priceMinor: 9_000, vatRateBasisPoints: 0, active: true },
    });
    const patient = await createPatient(app, { firstName: 'Anna', lastName: 'Müller', birthDate: '1984-03-14' });
    await openApp(page, app);
    expect(await page.evaluate(() => navigator.language)).toBe('en-US');

    // The stored birth date shows as 14.03.1984; a new one is typed as day, month, year.
    await page.goto(`${app.origin}#/patients/${patient.id}`);
    const birth = dateField(page, de('patient.birthDate'));
    await expect(birth).toBeVisible();
    expect(await shownValue(birth)).toBe('14.03.1984');
    await expect(birth.getByRole('spinbutton')).toHaveCount(3);
    await expect(birth.getByRole('spinbutton').first()).toHaveAccessibleName(/^Tag/);
    await fillDate(birth, '1985-12-01');
    expect(await shownValue(birth)).toBe('01.12.1985');
    await shot(page, 'birth-date-en-us');
    await page.getByRole('button', { name: de('action.save'), exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: de('patient.saved') })).toBeVisible();
    expect((await app.call<{ birthDate: string }>('patients.get', { id: patient.id })).birthDate).toBe('1985-12-01');

    // A consultation at half past two in the afternoon: 14:30, never 2:30 PM.
    await page.goto(`${app.origin}#/patients/${patient.id}/consultations`);
    await page.getByRole('button', { name: de('consultations.new') }).click();
    const dialog = page.getByRole('dialog');
    const date = dateField(dialog, de('consultation.date'));
    const time = dateField(dialog, de('consultation.startTime'));
    expect(await shownValue(date)).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
    await fillDate(date, '2026-01-12');
    await fillTime(time, '14:30');
    expect(await shownValue(date)).toBe('12.01.2026');
    expect(await shownValue(time)).toBe('14:30');
    await expect(time).not.toContainText(/AM|PM/);
    await expect(time.getByRole('spinbutton')).toHaveCount(2);
    // The calendar opens in German, inside the dialog, and picks a day.
    await date.getByRole('button', { name: de('date.openCalendar') }).click();
    const calendar = page.getByRole('dialog', { name: de('date.calendar') });
    await expect(calendar.getByRole('grid')).toHaveAccessibleName(/Januar 2026/);
    await shot(page, 'consultation-calendar-en-us');
    await calendar.getByRole('button', { name: /^Dienstag, 20\. Januar 2026/ }).click();
    expect(await shownValue(date)).toBe('20.01.2026');
    await dialog.getByLabel('Leistung (1)').selectOption({ label: 'S1 · Sitzung' });
    await dialog.getByRole('button', { name: de('action.save'), exact: true }).click();
    await expect(dialog).toBeHidden();
    const saved = await app.call<{ date: string; startTime: string }[]>('consultations.list', { patientId: patient.id });
    expect(saved.map((c) => [c.date, c.startTime])).toEqual([['2026-01-20', '14:30']]);
  });
});

test('a dialog with typed text asks before Escape (or Abbrechen) throws it away', async ({ page, app }) => {
  const practice = await createPractice(app);
  await app.call('services.create', {
    practiceId: practice.id,
    service: { code: 'S1', names: { de: 'Sitzung', fr: '', it: '', en: '' }, unit: 'session', priceMinor: 9_000, vatRateBasisPoints: 0, active: true },
  });
  const patient = await createPatient(app, { firstName: 'Anna', lastName: 'Müller' });
  await openApp(page, app);
  await page.goto(`${app.origin}#/patients/${patient.id}/consultations`);

  // Nothing typed: Escape closes at once.
  await page.getByRole('button', { name: de('consultations.new') }).click();
  const dialog = page.getByRole('dialog', { name: de('consultation.newTitle') });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // Typed notes: Escape asks; "Weiter bearbeiten" keeps everything as it was.
  await page.getByRole('button', { name: de('consultations.new') }).click();
  const notes = dialog.getByLabel(de('consultation.notes'), { exact: true });
  await notes.fill('Schulter rechts, Mobilisation');
  await page.keyboard.press('Escape');
  const ask = page.getByRole('dialog', { name: de('unsaved.title') });
  await expect(ask).toBeVisible();
  await shot(page, 'escape-asks');
  await ask.getByRole('button', { name: de('unsaved.stay') }).click();
  await expect(ask).toBeHidden();
  await expect(dialog).toBeVisible();
  await expect(notes).toHaveValue('Schulter rechts, Mobilisation');

  // "Abbrechen" asks the same; "Verwerfen" closes, and nothing was saved.
  await dialog.getByRole('button', { name: de('action.cancel') }).click();
  await ask.getByRole('button', { name: de('unsaved.discard') }).click();
  await expect(dialog).toBeHidden();
  expect(await app.call<unknown[]>('consultations.list', { patientId: patient.id })).toEqual([]);
});

test('a long list jumps to the first, the last or a typed page, and a page change shows the top of the list', async ({ page, app }) => {
  test.setTimeout(120_000);
  await createPractice(app);
  for (let i = 1; i <= 160; i++) await createPatient(app, { firstName: `Vorname${i}`, lastName: `Person${String(i).padStart(3, '0')}` });
  await openApp(page, app);
  const pages = page.getByRole('navigation', { name: de('pagination.label') });
  await expect(pages).toContainText('1–50 von 160');
  await expect(pages.getByRole('textbox', { name: de('pagination.page') })).toHaveValue('1');
  await expect(pages).toContainText(de('pagination.of', { pages: 4 }));

  // "Weiter" at the bottom of the list: the next page starts at its top, in view.
  await pages.getByRole('button', { name: de('pagination.next') }).click();
  await expect(pages).toContainText('51–100 von 160');
  const firstRow = page.getByRole('row').nth(1);
  await expect(firstRow).toContainText('Person051');
  await expect(firstRow).toBeInViewport();
  await shot(page, 'pagination-next-top');

  await pages.getByRole('button', { name: de('pagination.last') }).click();
  await expect(pages).toContainText('151–160 von 160');
  await expect(pages.getByRole('button', { name: de('pagination.last') })).toBeDisabled();
  await pages.getByRole('button', { name: de('pagination.first') }).click();
  await expect(pages).toContainText('1–50 von 160');

  // A page number typed and Enter; one out of range goes to the nearest page.
  const box = pages.getByRole('textbox', { name: de('pagination.page') });
  await box.fill('3');
  await box.press('Enter');
  await expect(pages).toContainText('101–150 von 160');
  await expect(page.getByRole('row').nth(1)).toContainText('Person101');
  await box.fill('99');
  await box.press('Enter');
  await expect(pages).toContainText('151–160 von 160');
  await expect(box).toHaveValue('4');
});
