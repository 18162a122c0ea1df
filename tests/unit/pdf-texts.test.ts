import { describe, expect, it } from 'vitest';
import { professions } from '../../src/shared/contract/practices.js';
import {
  countryNames, eurOverrides, fill, formatDate, formatQuantity, invoiceTextTables, invoiceTexts, professionLabels,
} from '../../src/main/invoices/pdf/texts.js';
import { isPrintableCharacter } from '../../src/main/invoices/snapshot.js';
import { languages } from '../../src/shared/validation/fields.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('invoice texts', () => {
  it('has the same keys in all four languages, none empty', () => {
    const keys = Object.keys(invoiceTextTables.de).sort();
    for (const lang of languages) {
      expect(Object.keys(invoiceTextTables[lang]).sort(), lang).toEqual(keys);
      for (const [key, value] of Object.entries(invoiceTextTables[lang])) expect(value.trim(), `${lang}.${key}`).not.toBe('');
    }
  });

  it('uses the same placeholders in every language, and EUR overrides only known keys', () => {
    for (const key of Object.keys(invoiceTextTables.de) as (keyof typeof invoiceTextTables.de)[]) {
      for (const lang of languages) expect(placeholders(invoiceTextTables[lang][key]), `${lang}.${key}`).toEqual(placeholders(invoiceTextTables.de[key]));
    }
    for (const lang of languages) {
      for (const [key, value] of Object.entries(eurOverrides[lang])) {
        expect(Object.keys(invoiceTextTables.de), `${lang}.${key}`).toContain(key);
        expect(placeholders(value as string)).toEqual(placeholders(invoiceTextTables.de[key as keyof typeof invoiceTextTables.de]));
      }
    }
  });

  it('has country names and profession labels for every language', () => {
    const countries = Object.keys(countryNames.de).sort();
    for (const lang of languages) {
      expect(Object.keys(countryNames[lang]).sort()).toEqual(countries);
      expect(Object.keys(professionLabels[lang]).sort()).toEqual([...professions].sort());
    }
  });

  it('prints only characters the embedded font carries', () => {
    for (const lang of languages) {
      for (const currency of ['CHF', 'EUR'] as const) {
        for (const value of Object.values(invoiceTexts(lang, currency))) {
          for (const ch of value) expect(isPrintableCharacter(ch.codePointAt(0) as number), `${lang} ${value}`).toBe(true);
        }
      }
    }
  });

  it('speaks German differently in Germany', () => {
    expect(invoiceTexts('de', 'CHF').vatOn).toContain('MWST');
    expect(invoiceTexts('de', 'EUR').vatOn).toContain('USt.');
    expect(invoiceTexts('de', 'EUR').vatExempt).toContain('§ 4 Nr. 14 UStG');
    expect(invoiceTexts('fr', 'CHF').invoice).toBe('Facture');
  });

  it('formats dates dd.mm.yyyy in every language and quantities with the currency style', () => {
    expect(formatDate('2026-02-04')).toBe('04.02.2026');
    expect(formatQuantity(150, 'CHF')).toBe('1.5');
    expect(formatQuantity(150, 'EUR')).toBe('1,5');
    expect(formatQuantity(1200, 'CHF')).toBe('12');
    expect(formatQuantity(25, 'CHF')).toBe('0.25');
    expect(fill('Seite {page} von {pages}', { page: 1, pages: 2 })).toBe('Seite 1 von 2');
  });
});
