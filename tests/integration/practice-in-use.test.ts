import { afterEach, expect, test } from 'vitest';
import { makeApp, type TestApp } from '../helpers/app.js';
import { issuedInvoice, setupPractice } from '../helpers/invoicing.js';
import { practiceInput } from '../helpers/fixtures.js';

let app: TestApp;
afterEach(() => app.cleanup());

test('a practice with services or invoices is refused with practice.in_use, not an internal error', async () => {
  app = await makeApp();
  await app.call('practices.create', { practice: practiceInput({ name: 'Hauptpraxis' }) });
  const second = await setupPractice(app, { name: 'Zweitpraxis' });
  await issuedInvoice(app, second);
  expect((await app.fail('practices.delete', { id: second.practice.id })).code).toBe('practice.in_use');
  expect((await app.call('practices.list', {})).map((p) => p.name)).toContain('Zweitpraxis');
});

test('a limit in a field message carries its value', async () => {
  app = await makeApp();
  const error = await app.fail('practices.create', { practice: practiceInput({ paymentTermDays: 999 }) });
  expect(error.details?.fields).toContainEqual({ path: 'practice.paymentTermDays', key: 'v.too_big', params: { max: 365 } });
});
