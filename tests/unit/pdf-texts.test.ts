import { describe, expect, it } from 'vitest';
import { professions } from '../../src/shared/contract/practices.js';
import { countryName, fill, formatDate, formatQuantity, invoiceTexts, professionLabel } from '../../src/main/invoices/pdf/texts.js';
import { catalogs } from '../../src/shared/i18n/index.js';
import { isPrintableCharacter } from '../../src/main/invoices/snapshot.js';
import { languages, type Language } from '../../src/shared/validation/fields.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('invoice texts', () => {
  const docKeys = (lang: Language) => Object.keys(catalogs[lang]).filter((k) => k.startsWith('doc.')) as (keyof typeof catalogs.de)[];

  it('has every document text in all four languages, none empty', () => {
    for (const lang of languages) {
      expect(docKeys(lang).sort(), lang).toEqual(docKeys('de').sort());
      for (const key of docKeys(lang)) expect(catalogs[lang][key].trim(), `${lang}.${key}`).not.toBe('');
    }
  });

  it('uses the same placeholders in every language, and an EUR text the same as the text it replaces', () => {
    for (const key of docKeys('de')) {
      for (const lang of languages) expect(placeholders(catalogs[lang][key]), `${lang}.${key}`).toEqual(placeholders(catalogs.de[key]));
      if (key.startsWith('doc.eur.')) {
        const base = key.replace('doc.eur.', 'doc.') as keyof typeof catalogs.de;
        expect(catalogs.de[base], key).toBeDefined();
        expect(placeholders(catalogs.de[key])).toEqual(placeholders(catalogs.de[base]));
      }
    }
  });

  it('has country names and profession labels for every language', () => {
    for (const lang of languages) {
      for (const code of ['CH', 'LI', 'DE', 'AT', 'FR', 'IT']) expect(countryName(lang, code), `${lang} ${code}`).not.toBe(code);
      for (const p of professions) if (p !== 'other') expect(professionLabel(p, lang), `${lang} ${p}`).not.toBe('');
    }
    expect(countryName('de', 'CH')).toBe('Schweiz');
    expect(countryName('fr', 'DE')).toBe('Allemagne');
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
