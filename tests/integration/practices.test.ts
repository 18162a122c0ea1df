import { afterEach, describe, expect, test } from 'vitest';
import { makeApp, type TestApp } from '../helpers/app.js';
import { practiceInput } from '../helpers/fixtures.js';

let app: TestApp;
afterEach(() => app?.cleanup());

describe('practices', () => {
  test('first run: no practice means setup is needed; the first practice becomes the default', async () => {
    app = await makeApp();
    expect((await app.call('app.info', {})).needsSetup).toBe(true);
    const p = await app.call('practices.create', { practice: practiceInput() });
    expect(p.isDefault).toBe(true);
    expect((await app.call('app.info', {})).needsSetup).toBe(false);
  });

  test('stores the IBAN formatted and recognises a QR-IBAN', async () => {
    app = await makeApp();
    const normal = await app.call('practices.create', { practice: practiceInput({ iban: 'ch9300762011623852957' }) });
    expect(normal.iban).toBe('CH93 0076 2011 6238 5295 7');
    expect(normal.ibanIsQr).toBe(false);
    const qr = await app.call('practices.update', { id: normal.id, practice: practiceInput({ iban: 'CH4431999123000889012', qrReferencePrefix: '123456' }) });
    expect(qr.ibanIsQr).toBe(true);
    expect(qr.qrReferencePrefix).toBe('123456');
  });

  test('several practices, exactly one default', async () => {
    app = await makeApp();
    const a = await app.call('practices.create', { practice: practiceInput({ name: 'Praxis Bern' }) });
    const b = await app.call('practices.create', { practice: practiceInput({ name: 'Praxis Thun' }) });
    expect(b.isDefault).toBe(false);
    await app.call('practices.setDefault', { id: b.id });
    const list = await app.call('practices.list', {});
    expect(list.filter((p) => p.isDefault).map((p) => p.id)).toEqual([b.id]);
    expect(list[0]!.id).toBe(b.id);
    const c = await app.call('practices.create', { practice: practiceInput({ name: 'Praxis Biel' }), makeDefault: true });
    expect((await app.call('practices.list', {})).filter((p) => p.isDefault).map((p) => p.id)).toEqual([c.id]);
    expect(a.id).not.toBe(c.id);
  });

  test('the default practice cannot be deleted; another one can', async () => {
    app = await makeApp();
    const a = await app.call('practices.create', { practice: practiceInput() });
    const b = await app.call('practices.create', { practice: practiceInput({ name: 'Zweitpraxis' }) });
    expect((await app.fail('practices.delete', { id: a.id })).code).toBe('practice.default_delete');
    await app.call('practices.delete', { id: b.id });
    expect((await app.call('practices.list', {})).map((p) => p.id)).toEqual([a.id]);
  });

  test.each([
    ['an invalid IBAN', { iban: 'CH93 0076 2011 6238 5295 8' }, 'practice.iban', 'v.iban'],
    ['a Swiss postal code with five digits', { address: { street: 'Weg', houseNumber: '1', postalCode: '80011', town: 'Zürich', country: 'CH' as const } }, 'practice.address.postalCode', 'v.postal_code'],
    ['a missing town', { address: { street: 'Weg', houseNumber: '1', postalCode: '8001', town: '', country: 'CH' as const } }, 'practice.address.town', 'v.required'],
    ['a payment term over a year', { paymentTermDays: 400 }, 'practice.paymentTermDays', 'v.too_big'],
    ['an invalid VAT number', { vatNumber: 'CHE-116.281.711' }, 'practice.vatNumber', 'v.vat'],
    ['an unknown currency', { currency: 'USD' as never }, 'practice.currency', 'v.choice'],
  ])('refuses %s with a field message and saves nothing', async (_what, overrides, path, key) => {
    app = await makeApp();
    const error = await app.fail('practices.create', { practice: practiceInput(overrides) });
    expect(error.code).toBe('validation');
    expect(error.details?.fields).toContainEqual(expect.objectContaining({ path, key }));
    expect(await app.call('practices.list', {})).toEqual([]);
  });
});
