/**
 * The patient search at practice scale (issue 10; migration 0013). A common name matches more than a
 * thousand patients: the search then walks the name index instead of sorting every hit, and counts
 * from the search index, which knows who is archived. Whatever way a page is found, it must be exactly
 * the page a plain, index-free query gives: same patients, same order, same total, for each status,
 * both directions, any offset; and the index must follow archiving, unarchiving, edits and deletes.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { loadMigrations } from '../../src/main/platform/db/migrations.js';
import { openDatabase } from '../../src/main/platform/db/open.js';
import { Patients } from '../../src/main/patients/patients.js';
import { PatientFields } from '../../src/shared/contract/patients.js';
import { makeApp, tempDir, type TestApp } from '../helpers/app.js';
import { patientInput, practiceInput } from '../helpers/fixtures.js';

const lastNames = ['Muster', 'Muster-Keller', 'Keller-Muster', 'Mustermann', 'Musterli', 'Brunner'];
const firstNames = ['Anna', 'Jörg', 'Zoé', 'Luca', 'Léa', 'Noah', 'Mia'];

/** 1,500 patients, 1,250 of them named Muster in some form, every 9th archived. */
function seed(db: Database.Database, clock: { now: () => Date }): void {
  const patients = new Patients(db, clock);
  db.transaction(() => {
    for (let i = 0; i < 1_500; i++) {
      const p = patients.create(PatientFields.parse(patientInput({
        firstName: firstNames[i % firstNames.length]!, lastName: lastNames[i % lastNames.length]!,
        birthDate: i % 10 === 0 ? null : `19${String(10 + (i % 89)).padStart(2, '0')}-0${(i % 9) + 1}-1${i % 9}`,
        email: `p${i}@example.ch`, phone: '', mobile: '', ahvNumber: '',
      })));
      if (i % 9 === 0) patients.setArchived(p.id, true);
    }
  })();
}

/** What the list must show, from the rows alone: every term a substring of search_text (no index, no marker). */
function expected(db: Database.Database, terms: string[], status: 'active' | 'archived' | 'all', order: string) {
  const where = [...terms.map(() => 'instr(search_text, ?) > 0'),
    ...(status === 'active' ? ['archived_at IS NULL'] : status === 'archived' ? ['archived_at IS NOT NULL'] : [])];
  return db.prepare(`SELECT id FROM patients WHERE ${where.join(' AND ')} ORDER BY ${order}`).pluck().all(...terms) as string[];
}

let app: TestApp;
beforeEach(async () => {
  app = await makeApp();
  await app.call('practices.create', { practice: practiceInput() });
  seed(app.db!, app.clock);
});
afterEach(() => app.cleanup());

describe('a search with more than a thousand hits', () => {
  test.each([
    ['active', 'asc'], ['active', 'desc'], ['archived', 'asc'], ['all', 'desc'],
  ] as const)('finds exactly the pages a plain query gives (%s, %s by name)', async (status, direction) => {
    const all = expected(app.db!, ['muster'], status, `sort_name ${direction}, id ${direction}`);
    if (status !== 'archived') expect(all.length).toBeGreaterThan(1_000);
    for (const offset of [0, 50, 500, all.length - 20, all.length + 5]) {
      const page = await app.call('patients.list', { query: 'Muster', status, sort: 'name', direction, limit: 50, offset });
      expect(page.total, `offset ${offset}`).toBe(all.length);
      expect(page.items.map((p) => p.id), `offset ${offset}`).toEqual(all.slice(offset, offset + 50));
    }
  });

  test('other sort orders and searches of several terms give the same pages as a plain query', async () => {
    const byBirth = expected(app.db!, ['muster'], 'active', 'birth_date IS NULL, birth_date DESC, id DESC');
    const page = await app.call('patients.list', { query: 'muster', sort: 'birthDate', direction: 'desc', limit: 50, offset: 100 });
    expect(page.total).toBe(byBirth.length);
    expect(page.items.map((p) => p.id)).toEqual(byBirth.slice(100, 150));

    const two = expected(app.db!, ['muster', 'keller'], 'active', 'sort_name, id');
    const both = await app.call('patients.list', { query: 'Keller muster', limit: 50, offset: 20 });
    expect(both.total).toBe(two.length);
    expect(both.items.map((p) => p.id)).toEqual(two.slice(20, 70));
  });

  test('the index follows archiving, unarchiving, renaming an archived patient and deleting', async () => {
    const count = async (status: 'active' | 'archived' | 'all') => (await app.call('patients.list', { query: 'muster', status, limit: 1 })).total;
    const [active, archived] = [await count('active'), await count('archived')];
    const first = (await app.call('patients.list', { query: 'muster', limit: 1 })).items[0]!;

    await app.call('patients.archive', { id: first.id });
    expect([await count('active'), await count('archived')]).toEqual([active - 1, archived + 1]);
    expect((await app.call('patients.list', { query: 'muster', limit: 1 })).items[0]!.id).not.toBe(first.id);

    // Renaming while archived keeps the patient archived in the index, under the new name only.
    const stored = await app.call('patients.get', { id: first.id });
    const { id: _id, archivedAt: _a, createdAt: _c, updatedAt: _u, ...fields } = stored as typeof stored & Record<string, unknown>;
    await app.call('patients.update', { id: first.id, patient: { ...fields, lastName: 'Zuber' } as never });
    expect([await count('active'), await count('archived')]).toEqual([active - 1, archived]);
    expect((await app.call('patients.list', { query: 'zuber', status: 'archived' })).items.map((p) => p.id)).toEqual([first.id]);
    expect((await app.call('patients.list', { query: 'zuber' })).total).toBe(0);

    await app.call('patients.unarchive', { id: first.id });
    expect((await app.call('patients.list', { query: 'zuber' })).items.map((p) => p.id)).toEqual([first.id]);
    expect((await app.call('patients.list', { query: 'zuber', status: 'archived' })).total).toBe(0);

    await app.call('patients.delete', { id: first.id });
    expect((await app.call('patients.list', { query: 'zuber', status: 'all' })).total).toBe(0);
  });
});

test('0013 on a database of version 12: archived patients are marked in the rebuilt index, the name index carries the search key', async () => {
  const all = loadMigrations();
  const v12 = all.findIndex((m) => m.name.startsWith('0012_')) + 1;
  const dataDir = tempDir();
  const file = join(dataDir, 'arnika.sqlite');
  const clock = { now: () => new Date('2026-10-01T08:00:00Z') };
  {
    const { db } = await openDatabase(file, { migrations: all.slice(0, v12) });
    expect(db.pragma('user_version', { simple: true })).toBe(v12);
    // Rows as version 12 wrote them: its patient code is today's (0013 adds no column).
    seed(db, clock);
    db.close();
  }
  const { db } = await openDatabase(file, { migrations: all });
  try {
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThan(v12);
    const patients = new Patients(db, clock);
    for (const status of ['active', 'archived', 'all'] as const) {
      const want = expected(db, ['muster'], status, 'sort_name, id');
      const page = patients.list({ query: 'muster', status, sort: 'name', direction: 'asc', limit: 50, offset: 0 });
      expect(page.total, status).toBe(want.length);
      expect(page.items.map((p) => p.id), status).toEqual(want.slice(0, 50));
    }
    const columns = db.prepare("SELECT name FROM pragma_index_info('patients_list_name') ORDER BY seqno").pluck().all();
    expect(columns).toEqual(['sort_name', 'id', 'archived_at', 'search_key']);
    const triggers = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'patients_fts_%' ORDER BY name").pluck().all();
    expect(triggers).toEqual(['patients_fts_delete', 'patients_fts_insert', 'patients_fts_update']);
  } finally {
    db.close();
  }
});
