/**
 * Einstellungen → Leistungen flags each service whose Tarif 590 code or text is not in the tariff
 * version valid today, or that has no code while the practice bills on the form. The flag comes
 * from main with the list (services.list), so these tests read it there: a code missing from the
 * list, a text that differs, a code that is fine, no code, and the flag gone after the fix.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Service } from '../../src/shared/contract/index.js';
import { makeApp, type TestApp } from '../helpers/app.js';
import { importTariff, setupTarif590, testTariff2026 } from '../helpers/tarif590.js';

let app: TestApp;
beforeEach(async () => {
  app = await makeApp();
});
afterEach(() => app.cleanup());

const flags = (list: Service[]) => Object.fromEntries(list.map((s) => [s.code, s.tariffFlag]));

describe('the services list flags services that do not match the tariff list valid today', () => {
  test('a code missing from the list, a text that differs, no code: each flagged with its reason; a matching code and a missed appointment are not', async () => {
    const s = await setupTarif590(app);
    const practiceId = s.practice.id;
    const base = { unit: 'min5' as const, priceMinor: 1_000, vatRateBasisPoints: 0, active: true };
    const tx = (row: [string, string, string, string]) => ({ de: row[1], fr: row[2], it: row[3] });
    await app.call('services.create', { practiceId, service: { ...base, code: 'T2', names: { de: 'Zwei', fr: '', it: '', en: '' }, tariffCode: '1002', tariffTexts: { ...tx(testTariff2026[1]!), de: 'Testmethode Zwei (von Hand geändert)' } } });
    await app.call('services.create', { practiceId, service: { ...base, code: 'T3', names: { de: 'Drei', fr: '', it: '', en: '' }, tariffCode: '1003', tariffTexts: tx(testTariff2026[2]!) } });
    await app.call('services.create', { practiceId, service: { ...base, code: 'T0', names: { de: 'Ohne Ziffer', fr: '', it: '', en: '' } } });

    // Today (23.11.2026) the 2026 list is valid: 1003 is in it, 1002's text differs; T0 and the
    // practice's older services (1200, M1, S1) have no code while it bills VVG cases on the form.
    const noCode = { reason: 'code_missing', code: '', versionFrom: null };
    expect(flags(await app.call('services.list', { practiceId, includeInactive: true }))).toEqual({
      T1: null, ABS: null, T3: null,
      T2: { reason: 'text_differs', code: '1002', versionFrom: '2026-01-01' },
      T0: noCode, 1200: noCode, M1: noCode, S1: noCode,
    });

    // The 2027 list drops 1003: from 1 January 2027 on the service is flagged with that version's date.
    await importTariff(app, [testTariff2026[0]!, testTariff2026[1]!], '2027-01-01', 'Testversion 2027');
    expect(flags(await app.call('services.list', { practiceId, includeInactive: false })).T3).toBeNull();
    app.clock.set('2027-01-04T09:00:00Z');
    const list = await app.call('services.list', { practiceId, includeInactive: false });
    expect(flags(list).T3).toEqual({ reason: 'code_unknown', code: '1003', versionFrom: '2027-01-01' });
    expect(flags(list).T1).toBeNull();

    // Fixing the text takes the flag away (services.update answers with the service as listed).
    const t2 = list.find((x) => x.code === 'T2')!;
    const { id, practiceId: _p, inUse: _u, tariffFlag: _f, ...fields } = t2;
    const fixed = await app.call('services.update', { id, service: { ...fields, tariffTexts: tx(testTariff2026[1]!) } });
    expect(fixed.tariffFlag).toBeNull();
    expect(flags(await app.call('services.list', { practiceId, includeInactive: false })).T2).toBeNull();
  });

  test('a practice that always bills the standard invoice sees no "no code" flag; one that always bills Tarif 590 does, coded services or not', async () => {
    const s = await setupTarif590(app);
    const practiceId = s.practice.id;
    const settings = { biller: 'therapist' as const, canton: 'ZH' as const, reimbursement: 'TG' as const, patientCopy: false };
    await app.call('services.create', { practiceId, service: { code: 'T0', names: { de: 'Ohne Ziffer', fr: '', it: '', en: '' }, unit: 'session', priceMinor: 1_000, vatRateBasisPoints: 0, active: true } });
    await app.call('tarif590.updateSettings', { practiceId, settings: { ...settings, invoiceForm: 'standard' } });
    expect(flags(await app.call('services.list', { practiceId, includeInactive: false })).T0).toBeNull();
    await app.call('tarif590.updateSettings', { practiceId, settings: { ...settings, invoiceForm: 'tarif590' } });
    expect(flags(await app.call('services.list', { practiceId, includeInactive: false })).T0).toEqual({ reason: 'code_missing', code: '', versionFrom: null });
  });

  test('with no tariff list valid today a coded service says so', async () => {
    const s = await setupTarif590(app);
    app.clock.set('2025-06-01T09:00:00Z');
    expect(flags(await app.call('services.list', { practiceId: s.practice.id, includeInactive: false })).T1).toEqual({ reason: 'no_list', code: '1001', versionFrom: null });
  });
});
