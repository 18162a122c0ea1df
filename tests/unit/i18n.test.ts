import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { errorCodes } from '../../src/shared/errors.js';
import { catalogs, translate, translatePlural } from '../../src/shared/i18n/index.js';
import { pluralKey } from '../../src/shared/i18n/plural.js';

const de = catalogs.de as Record<string, string>;
/** "rinunciarvi" (to give it up) ends like a voi form but is an infinitive with a pronoun. */
const rinunciarvi = (_key: string, text: string) => /\brinunciarvi\b/.test(text) && !/\b\p{L}+(ate|ete|ite)(ci|vi|lo|la|li|le|ne)\b/iu.test(text.replace(/\brinunciarvi\b/g, ''));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : /\.tsx?$/.test(name) ? [p] : [];
  });
}

describe('catalogs', () => {
  test.each(['fr', 'it', 'en'] as const)('%s holds exactly the German keys', (lang) => {
    const keys = Object.keys(catalogs[lang]).sort();
    expect(keys).toEqual(Object.keys(de).sort());
  });

  test.each(['de', 'fr', 'it', 'en'] as const)('%s has no empty message and the same placeholders as German', (lang) => {
    for (const [key, text] of Object.entries(catalogs[lang] as Record<string, string>)) {
      expect(text.trim(), key).not.toBe('');
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      // A French letter greets with "Madame," alone: its greetings may leave the name out.
      if (lang === 'fr' && key.startsWith('mail.greeting.')) expect(de[key]!.match(/\{\w+\}/g) ?? [], key).toEqual(expect.arrayContaining(text.match(/\{\w+\}/g) ?? []));
      else expect(names(text), key).toEqual(names(de[key]!));
    }
  });

  test('every error code has a German message', () => {
    for (const code of errorCodes) expect(de[`error.${code}`], code).toBeTruthy();
  });

  test('every validation key the source code uses exists', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(join(__dirname, '../../src'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/['"](v\.[a-z_]+)['"]/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(10);
    for (const key of used) expect(de[key], key).toBeTruthy();
  });

  test('German uses Swiss orthography (no ß), but for what a German practice prints (doc.eur.*)', () => {
    for (const [key, text] of Object.entries(de)) if (!key.startsWith('doc.eur.')) expect(text, key).not.toContain('ß');
  });

  // Italian speaks to the user with Lei throughout (a Swiss translator found about 40 voi strings):
  // voi pronouns and verb forms anywhere, and voi imperatives where a sentence starts with them
  // (there only, since "selezionate", "salvate", "annullate" are also participles: "fatture selezionate").
  test.each([
    ['vostro/vostra/vostri/vostre', /\bvostr[oaie]\b/i],
    ['voi, vi preghiamo', /\b(per voi|a voi|vi preghiamo)\b/i],
    ['avete, siete, potete, dovete, volete, sapete, trovate i', /\b(avete|siete|potete|dovete|volete|sapete|trovate i)\b/i],
    ['a voi imperative with a pronoun (contattateci, rivolgetevi, salvatelo)', /\b\p{L}+(ate|ete|ite)(ci|vi|lo|la|li|le|ne)\b/iu],
    ['voi imperatives of common verbs', /\b(cliccate|premete|digitate|scegliete|correggete|aggiungete|riprovate|attendete|verificate|controllate|chiudete|copiate|ripristinate|lavorate|emettete)\b/i],
    ['a sentence that starts with a voi imperative', /(^|[.:;!?]\s+|«)(Salvate|Inserite|Selezionate|Modificate|Registrate|Eliminate|Annullate|Create|Usate|Aprite|Indicate|Scegliete)\s/],
  ])('Italian uses Lei, never voi: %s', (_what, voi) => {
    const found = Object.entries(catalogs.it as Record<string, string>).filter(([key, text]) => voi.test(text) && !rinunciarvi(key, text));
    expect(found).toEqual([]);
  });

  test('French calls a draft "brouillon", never "projet" (which reads as "project")', () => {
    const found = Object.entries(catalogs.fr as Record<string, string>).filter(([, text]) => /\bprojets?\b/i.test(text));
    expect(found).toEqual([]);
  });

  test('French: a narrow no-break space before ; : ? ! and inside « », one style throughout', () => {
    for (const [key, text] of Object.entries(catalogs.fr as Record<string, string>)) {
      expect(text, key).not.toMatch(/[^\u202f][;:?!](\s|$)/);
      expect(text, key).not.toMatch(/«[^\u202f]|[^\u202f]»/);
    }
  });

  test.each(['de', 'fr', 'it', 'en'] as const)('%s: the cancellation dialog\'s confirm button is not a second "Cancel" beside the dialog\'s own', (lang) => {
    const cancel = translate(lang, 'action.cancel');
    expect(translate(lang, 'invoice.cancelConfirm').toLowerCase().startsWith(cancel.toLowerCase()), translate(lang, 'invoice.cancelConfirm')).toBe(false);
  });

  test('the translator\'s terms: no German calque for sex, one term for a number range and for cancelled in Italian, QR-fattura', () => {
    expect([translate('fr', 'sex.other'), translate('it', 'sex.other'), translate('en', 'sex.other')]).toEqual(['autre', 'altro', 'other']);
    const it = Object.values(catalogs.it as Record<string, string>).join('\n');
    // "Fornitore di prestazioni" is the Tarif 590 form's own term for the Leistungserbringer; a mail provider is a "provider".
    expect(it).not.toMatch(/intervall[oi] di numeri|storna|fattura QR|fornitore(?! di prestazioni)/i);
    const en = Object.values(catalogs.en as Record<string, string>).join('\n');
    expect(en).not.toMatch(/consultation of \{date\}|for good|application password|anamnesis|bill-to|invoice recipient/i);
  });

  test('placeholders are filled in', () => {
    expect(translate('de', 'v.too_big', { max: 365 })).toBe('Der Wert ist zu gross (höchstens 365).');
  });
});

describe('plurals', () => {
  test('pick the family member by the language’s rules, not by count === 1', () => {
    expect(translatePlural('de', 'invoices.count', 0, { count: 0 })).toBe('0 Rechnungen');
    expect(translatePlural('de', 'invoices.count', 1, { count: 1 })).toBe('1 Rechnung');
    expect(translatePlural('de', 'invoices.count', 2, { count: 2 })).toBe('2 Rechnungen');
    // French counts zero as singular: "0 facture".
    expect(translatePlural('fr', 'invoices.count', 0, { count: 0 })).toBe('0 facture');
    expect(translatePlural('fr', 'invoices.count', 1, { count: 1 })).toBe('1 facture');
    expect(translatePlural('fr', 'invoices.count', 2, { count: 2 })).toBe('2 factures');
    expect(translatePlural('fr', 'sendUi.bulk.sendN', 0, { count: 0 })).toBe('Envoyer 0 facture');
    expect(translatePlural('it', 'invoices.count', 0, { count: 0 })).toBe('0 fatture');
  });

  test('a category a language has but the catalog lacks falls back to .other', () => {
    expect(pluralKey('fr', 'invoices.count', 1_000_000, () => false)).toBe('invoices.count.other');
  });

  test('every plural family has .other, and a .one message never writes the number out (French zero is "one" too)', () => {
    const bases = Object.keys(de).filter((k) => k.endsWith('.one')).map((k) => k.slice(0, -'.one'.length));
    expect(bases.length).toBeGreaterThan(5);
    for (const lang of ['de', 'fr', 'it', 'en'] as const) {
      const catalog = catalogs[lang] as Record<string, string>;
      for (const base of bases) {
        expect(catalog[`${base}.other`], `${lang} ${base}`).toBeTruthy();
        expect(catalog[`${base}.one`], `${lang} ${base}`).not.toMatch(/(^|\D)1(\D|$)/);
      }
    }
  });
});
