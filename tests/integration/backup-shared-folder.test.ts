/**
 * Two computers backing up into one NAS folder in the same minute: each verified backup takes a
 * name of its own (…-1203.arnika, …-1203-2.arnika, …), and none ever replaces another, also when
 * they reach the folder at the same moment. Real files in a temp folder.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { backupFileName, takeFreeName } from '../../src/main/backup/write.js';
import { tempDir } from '../helpers/app.js';

const name = backupFileName('Praxis Bergblick', new Date('2026-11-23T12:03:00'));

test('a backup of the same minute already there is kept; the new one takes the next name', async () => {
  const folder = tempDir('arnika-nas-');
  writeFileSync(join(folder, name), 'vom Hauptrechner');
  const partial = join(folder, '.mine.partial');
  writeFileSync(partial, 'vom Zweitrechner');
  const taken = await takeFreeName(folder, partial, name);
  expect(taken).toBe(name.replace('.arnika', '-2.arnika'));
  expect(readFileSync(join(folder, name), 'utf8')).toBe('vom Hauptrechner');
  expect(readFileSync(join(folder, taken), 'utf8')).toBe('vom Zweitrechner');
  expect(readdirSync(folder).sort()).toEqual([name, taken].sort());
});

test('five writers at the same moment: five names, every file as it was written', async () => {
  const folder = tempDir('arnika-nas-');
  const partials = [1, 2, 3, 4, 5].map((i) => {
    const p = join(folder, `.writer-${i}.partial`);
    writeFileSync(p, `Sicherung ${i}`);
    return p;
  });
  const taken = await Promise.all(partials.map((p) => takeFreeName(folder, p, name)));
  expect(new Set(taken).size).toBe(5);
  const contents = taken.map((n) => readFileSync(join(folder, n), 'utf8')).sort();
  expect(contents).toEqual(['Sicherung 1', 'Sicherung 2', 'Sicherung 3', 'Sicherung 4', 'Sicherung 5']);
  expect(readdirSync(folder).filter((n) => n.endsWith('.partial'))).toEqual([]);
});
