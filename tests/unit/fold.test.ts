import { describe, expect, test } from 'vitest';
import { buildSearchText, searchTerms } from '../../src/main/patients/search.js';
import { fold, foldGerman } from '../../src/shared/text/fold.js';
import { PatientFields } from '../../src/shared/contract/index.js';
import { patientInput } from '../helpers/fixtures.js';

describe('folding for search without ICU', () => {
  test('ignores case and accents', () => {
    expect(fold('MÜLLER')).toBe('muller');
    expect(fold('Dvořák')).toBe('dvorak');
    expect(fold('Łukasz Ærø Straße')).toBe('lukasz aero strasse');
  });

  test('also yields the German digraph spelling', () => {
    expect(foldGerman('Müller Größe')).toBe('mueller groesse');
  });

  test('the search text holds both spellings, phone digits and both date notations', () => {
    const text = buildSearchText(PatientFields.parse(patientInput()));
    for (const needle of ['muller', 'mueller', '0311234567', '41795551234', '1980-03-12', '12.03.1980', 'anna.mueller@example.ch']) {
      expect(text).toContain(needle);
    }
  });

  test('query terms are folded, phone numbers reduced to digits, dates padded', () => {
    expect(searchTerms('  MÜLLER  anna ')).toEqual(['muller', 'anna']);
    expect(searchTerms('079 555 12 34')).toEqual(['0795551234']);
    expect(searchTerms('+41795551234')).toEqual(['41795551234']);
    expect(searchTerms('2.3.1980')).toEqual(['02.03.1980']);
  });
});
