/**
 * Each rule of the Tarif 590 pre-issue checker on its own: a clean form has no problem, and each
 * test breaks exactly one thing and expects exactly that rule's problem (so a rule taken out makes
 * its test fail). The codes and texts are made-up test data.
 */
import { describe, expect, test } from 'vitest';
import { checkTarif590, type Tarif590CheckContext } from '../../src/main/invoices/tarif590Check.js';
import type { InvoiceSnapshot, SnapshotPricedLine } from '../../src/main/invoices/snapshot.js';
import { cantons, isCardNumber, isPrintedSwissVatNumber, resolveInvoiceForm, vatCodeOf } from '../../src/shared/tarif590/rules.js';
import { isValidAhv, isValidGln, isValidZsr } from '../../src/shared/validation/checksums.js';
import { finishSnapshot, line } from '../helpers/pdf.js';
import { tarif590Block, tarif590Snapshot } from '../helpers/tarif590Snapshot.js';

const catalogue: Record<string, { de: string; fr: string; it: string }> = {};
for (const lang of ['de', 'fr', 'it'] as const) {
  for (const l of tarif590Snapshot(lang).lines as SnapshotPricedLine[]) {
    catalogue[l.tariffCode!] = { ...(catalogue[l.tariffCode!] ?? { de: '', fr: '', it: '' }), [lang]: l.tariffText! };
  }
}
const ctx = (over: Partial<Tarif590CheckContext> = {}): Tarif590CheckContext => ({
  lookup: (code) => ({ version: 'Testversion 2026', entry: catalogue[code] ? { texts: catalogue[code]! } : null }),
  therapistCount: 1,
  ...over,
});

/** The clean snapshot with a change, totals recomputed the way issuing does. */
function changed(change: (s: InvoiceSnapshot) => InvoiceSnapshot): InvoiceSnapshot {
  const { totals: _t, paymentReference: _p, ...rest } = change(tarif590Snapshot('de'));
  return finishSnapshot(rest);
}
const f = tarif590Block;
const keysOf = (s: InvoiceSnapshot, c = ctx()) => checkTarif590(s, c).map((p) => p.key);
const withLine = (s: InvoiceSnapshot, i: number, patch: Partial<SnapshotPricedLine>) =>
  ({ ...s, lines: s.lines.map((l, k) => (k === i ? line({ ...(l as SnapshotPricedLine), ...patch }) : l)) });

describe('the checker', () => {
  test('a complete form in each language has no problem', () => {
    for (const lang of ['de', 'fr', 'it'] as const) expect(checkTarif590(tarif590Snapshot(lang), ctx())).toEqual([]);
  });

  test('an invoice in euros cannot go on the form (francs only)', () => expect(keysOf(changed((s) => ({ ...s, currency: 'EUR' })))).toEqual(['t590.currency_not_chf']));

  describe('identity', () => {
    test('the provider without a ZSR number', () => expect(keysOf(changed((s) => ({ ...s, tarif590: f({ provider: { ...f().provider, zsr: '' } }) })))).toEqual(['t590.provider_zsr_missing']));
    test('the biller without a ZSR number', () => expect(keysOf(changed((s) => ({ ...s, tarif590: f({ biller: { ...f().biller, zsr: '' } }) })))).toEqual(['t590.biller_zsr_missing']));
    test('a malformed ZSR number (letter and six digits needed)', () => expect(keysOf(changed((s) => ({ ...s, tarif590: f({ provider: { ...f().provider, zsr: '1234567' } }) })))).toEqual(['t590.zsr_invalid']));
    test('a GLN with a wrong check digit', () => expect(keysOf(changed((s) => ({ ...s, tarif590: f({ biller: { ...f().biller, gln: '7601000000003' } }) })))).toEqual(['t590.gln_invalid']));
    test("the referring doctor's GLN with a wrong check digit", () =>
      expect(keysOf(changed((s) => ({ ...s, treatmentCase: { ...s.treatmentCase!, referrer: { ...s.treatmentCase!.referrer!, gln: '7601000000009' } } })))).toEqual(['t590.gln_invalid']));
    test('an AHV number with a wrong check digit', () => expect(keysOf(changed((s) => ({ ...s, tarif590: f({ patient: { ...f().patient, ahv: '756.1234.5678.98' } }) })))).toEqual(['t590.ahv_invalid']));
    test('a canton that is not one of the 26', () => {
      expect(keysOf(changed((s) => ({ ...s, tarif590: f({ canton: 'XX' }) })))).toEqual(['t590.canton_invalid']);
      expect(keysOf(changed((s) => ({ ...s, tarif590: f({ canton: '' }) })))).toEqual(['t590.canton_invalid']);
    });
    test('an insurance card number of the wrong shape', () => expect(keysOf(changed((s) => ({ ...s, tarif590: f({ patient: { ...f().patient, cardNumber: '80756123' } }) })))).toEqual(['t590.card_invalid']));
  });

  describe('patient', () => {
    test('no address', () => expect(keysOf(changed((s) => ({ ...s, tarif590: f({ patient: { ...f().patient, address: { ...f().patient.address, street: '', town: '' } } }) })))).toEqual(['t590.patient_incomplete', 't590.patient_incomplete']));
    test('no first name', () => expect(keysOf(changed((s) => ({ ...s, tarif590: f({ patient: { ...f().patient, firstName: ' ' } }) })))).toEqual(['t590.patient_incomplete']));
    test('no birth date', () => expect(keysOf(changed((s) => ({ ...s, tarif590: f({ patient: { ...f().patient, birthDate: null } }) })))).toEqual(['t590.birth_date_missing']));
    test('sex unknown', () => expect(keysOf(changed((s) => ({ ...s, tarif590: f({ patient: { ...f().patient, sex: 'unknown' } }) })))).toEqual(['t590.sex_missing']));
    test('born after the first service', () => expect(keysOf(changed((s) => ({ ...s, tarif590: f({ patient: { ...f().patient, birthDate: '2026-02-03' } }) })))).toEqual(['t590.birth_after_service']));
    test('treated on the day of birth passes (a newborn)', () => expect(keysOf(changed((s) => ({ ...s, tarif590: f({ patient: { ...f().patient, birthDate: '2026-02-02' } }) })))).toEqual([]));
  });

  describe('case', () => {
    test('no law', () => expect(keysOf(changed((s) => ({ ...s, treatmentCase: { ...s.treatmentCase!, law: null } })))).toEqual(['t590.law_missing']));
    test('no reason', () => expect(keysOf(changed((s) => ({ ...s, treatmentCase: { ...s.treatmentCase!, reason: null } })))).toEqual(['t590.reason_missing']));
    test('a service after the end of the case', () => expect(keysOf(changed((s) => ({ ...s, treatmentCase: { ...s.treatmentCase!, endDate: '2026-02-05' } })))).toEqual(['t590.outside_case_period']));
    test('a service before the start of the case', () => expect(keysOf(changed((s) => ({ ...s, treatmentCase: { ...s.treatmentCase!, startDate: '2026-02-03' } })))).toEqual(['t590.outside_case_period']));
    test('UVG without accident date and claim number', () =>
      expect(keysOf(changed((s) => ({ ...s, treatmentCase: { ...s.treatmentCase!, law: 'uvg', reason: 'accident' } })))).toEqual(['t590.uvg_accident_date', 't590.uvg_claim_number']));
  });

  test('more than one therapist on the invoice', () => expect(keysOf(tarif590Snapshot('de'), ctx({ therapistCount: 2 }))).toEqual(['t590.mixed_therapists']));

  describe('services', () => {
    test('a service without a Tarif 590 code', () => expect(keysOf(changed((s) => withLine(s, 0, { tariffCode: undefined, tariffText: undefined })))).toEqual(['t590.code_missing']));
    test('a code not in the version valid on the service date', () => expect(keysOf(changed((s) => withLine(s, 0, { tariffCode: '1009' })))).toEqual(['t590.code_unknown']));
    test('no catalogue valid on the service date', () => expect(keysOf(tarif590Snapshot('de'), ctx({ lookup: () => ({ version: null, entry: null }) }))).toEqual(['t590.no_catalogue', 't590.no_catalogue']));
    test('a text that is not verbatim (one character differs)', () => expect(keysOf(changed((s) => withLine(s, 0, { tariffText: 'Testmethode Eins (Prüfdaten).' })))).toEqual(['t590.text_differs']));
    test('the French form compares with the French text', () => {
      const fr = tarif590Snapshot('fr');
      expect(keysOf({ ...fr, lines: fr.lines.map((l, i) => (i === 0 ? { ...(l as SnapshotPricedLine), tariffText: 'Testmethode Eins (Prüfdaten)' } : l)) })).toEqual(['t590.text_differs']);
    });
    test('a code whose official text in the invoice language is empty (an old import without the French text)', () => {
      const fr = tarif590Snapshot('fr');
      const noFrench = ctx({ lookup: (code) => ({ version: 'Testversion 2026', entry: catalogue[code] ? { texts: { ...catalogue[code]!, fr: code === '1001' ? '' : catalogue[code]!.fr } } : null }) });
      const lines = fr.lines.map((l, i) => (i === 0 ? { ...(l as SnapshotPricedLine), tariffText: '' } : l));
      expect(keysOf({ ...fr, lines }, noFrench)).toEqual(['t590.text_empty']);
    });
    test('code 999 without a free text', () => expect(keysOf(changed((s) => withLine(s, 0, { tariffCode: '999', tariffText: '' })))).toEqual(['t590.free_code_text']));
    test('code 999 with a free text passes', () => expect(keysOf(changed((s) => withLine(s, 0, { tariffCode: '999', tariffText: 'Eigene Methode' })))).toEqual([]));
    test('a quantity that is not whole 5-minute periods', () => expect(keysOf(changed((s) => withLine(s, 0, { quantityHundredths: 1250 })))).toEqual(['t590.quantity_not_periods']));
    test('a per-session line is not in 5-minute periods', () => expect(keysOf(changed((s) => withLine(s, 0, { unit: 'session', quantityHundredths: 100 })))).toEqual(['t590.quantity_not_periods']));
    test('line amounts that do not add up to the total', () => {
      const s = tarif590Snapshot('de');
      expect(keysOf({ ...s, totals: { ...s.totals, subtotalMinor: s.totals.subtotalMinor + 5 } })).toEqual(['t590.sum_mismatch']);
    });
    test('a missed appointment on the insurer form', () => expect(keysOf(changed((s) => withLine(s, 1, { absence: true })))).toEqual(['t590.absence_line']));
  });

  describe('VAT', () => {
    const liable = (s: InvoiceSnapshot, vatNumber = 'CHE-116.281.710 MWST') => ({ ...s, practice: { ...s.practice, vatNumber } });
    test('a liable practice at the normal rate passes', () =>
      expect(keysOf(changed((s) => liable(withLine(withLine(s, 0, { vatRateBasisPoints: 810 }), 1, { vatRateBasisPoints: 810 }))))).toEqual([]));
    test('a VAT number not printed as CHE-xxx.xxx.xxx MWST', () =>
      expect(keysOf(changed((s) => liable(withLine(withLine(s, 0, { vatRateBasisPoints: 810 }), 1, { vatRateBasisPoints: 810 }), 'CHE116281710')))).toEqual(['t590.vat_number_format']));
    test('an old rate (7.7 %) is no code on the form', () =>
      expect(keysOf(changed((s) => liable(withLine(withLine(s, 0, { vatRateBasisPoints: 770 }), 1, { vatRateBasisPoints: 810 }))))).toEqual(['t590.vat_rate_unknown']));
    test('a practice that is not liable has code 0 only', () => expect(keysOf(changed((s) => withLine(s, 0, { vatRateBasisPoints: 810 })))).toEqual(['t590.vat_not_liable']));
  });
});

describe('the rules underneath', () => {
  test('GLN: 13 digits, EAN-13 check digit', () => {
    expect(isValidGln('7601000000002')).toBe(true);
    expect(isValidGln('7601000000003')).toBe(false);
    expect(isValidGln('760100000000')).toBe(false);
  });
  test('AHV: 756, 13 digits, EAN-13 check digit', () => {
    expect(isValidAhv('756.1234.5678.97')).toBe(true);
    expect(isValidAhv('756.1234.5678.98')).toBe(false);
    expect(isValidAhv('757.1234.5678.97')).toBe(false);
  });
  test('ZSR: a letter and six digits, also as printed with space and point', () => {
    expect(isValidZsr('A123456')).toBe(true);
    expect(isValidZsr('A 1234.56')).toBe(true);
    expect(isValidZsr('1234567')).toBe(false);
    expect(isValidZsr('A12345')).toBe(false);
  });
  test('26 cantons, VAT codes of the rates in force, the card number and the printed VAT number', () => {
    expect(cantons).toHaveLength(26);
    expect(new Set(cantons).size).toBe(26);
    expect([0, 810, 260, 380, 770].map(vatCodeOf)).toEqual(['0', '1', '2', '3', null]);
    expect(isCardNumber('80756 00000 00000 00001')).toBe(true);
    expect(isCardNumber('80757000000000000001')).toBe(false);
    expect(isPrintedSwissVatNumber('CHE-116.281.710 MWST')).toBe(true);
    expect(isPrintedSwissVatNumber('CHE-116.281.710')).toBe(false);
  });
  test('the form: the invoice, then the case, then the practice decide; by cover VVG is Tarif 590', () => {
    expect(resolveInvoiceForm(null, null, 'by_cover', 'vvg')).toBe('tarif590');
    expect(resolveInvoiceForm(null, null, 'by_cover', 'uvg')).toBe('standard');
    expect(resolveInvoiceForm(null, 'standard', 'tarif590', 'vvg')).toBe('standard');
    expect(resolveInvoiceForm(null, null, 'tarif590', 'private')).toBe('tarif590');
    expect(resolveInvoiceForm('standard', 'tarif590', 'tarif590', 'vvg')).toBe('standard');
  });
});
