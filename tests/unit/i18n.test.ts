import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { errorCodes } from '../../src/shared/errors.js';
import { catalogs, translate } from '../../src/shared/i18n/index.js';

const de = catalogs.de as Record<string, string>;

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
      expect(names(text), key).toEqual(names(de[key]!));
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

  test('German uses Swiss orthography (no ß)', () => {
    for (const [key, text] of Object.entries(de)) expect(text, key).not.toContain('ß');
  });

  test('placeholders are filled in', () => {
    expect(translate('de', 'v.too_big', { max: 365 })).toBe('Der Wert ist zu gross (höchstens 365).');
  });
});
