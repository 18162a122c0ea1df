/**
 * Migration 0014 on a database of version 13: the credit-note counters so far become the main
 * computer's block (1) with their values unchanged, and still only go forward.
 */
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { loadMigrations } from '../../src/main/platform/db/migrations.js';
import { openDatabase } from '../../src/main/platform/db/open.js';
import { Practices } from '../../src/main/practices/practices.js';
import { PracticeFields } from '../../src/shared/contract/practices.js';
import { tempDir } from '../helpers/app.js';
import { practiceInput } from '../helpers/fixtures.js';

test('0014 keeps every credit-note counter, in block 1, only forward', async () => {
  const all = loadMigrations();
  const v13 = all.findIndex((m) => m.name.startsWith('0013_')) + 1;
  const file = join(tempDir(), 'arnika.sqlite');
  const clock = { now: () => new Date('2026-10-01T08:00:00Z') };
  let practiceId: string;
  {
    const { db } = await openDatabase(file, { migrations: all.slice(0, v13) });
    practiceId = new Practices(db, clock).create(PracticeFields.parse(practiceInput())).id;
    // As version 13 wrote them: one counter per practice and year.
    db.prepare('INSERT INTO credit_note_counters (practice_id, year, next_value) VALUES (?, 2025, 7), (?, 2026, 3)').run(practiceId, practiceId);
    db.close();
  }
  const { db } = await openDatabase(file, { migrations: all });
  try {
    expect(db.prepare('SELECT practice_id, year, block_from, next_value FROM credit_note_counters ORDER BY year').all()).toEqual([
      { practice_id: practiceId, year: 2025, block_from: 1, next_value: 7 },
      { practice_id: practiceId, year: 2026, block_from: 1, next_value: 3 },
    ]);
    expect(() => db.prepare('UPDATE credit_note_counters SET next_value = 2 WHERE year = 2026').run()).toThrow(/never reused/);
    expect(db.pragma('foreign_key_check')).toEqual([]);
  } finally {
    db.close();
  }
});
