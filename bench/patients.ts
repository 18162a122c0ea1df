/**
 * Patients at practice scale: a data folder with 50,000 patients; backend start to ready; 200
 * searches and 200 pages of the unfiltered list (each sort order and direction, the first page and
 * pages deep in the list) through the HTTP bridge (p50/p95), each next to the same work as raw SQL
 * on the same file.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { createApp } from '../src/main/app/createApp.js';
import { silentLogger } from '../src/main/platform/log.js';
import { listOrder, Patients } from '../src/main/patients/patients.js';
import { ftsQuery, searchTerms } from '../src/main/patients/search.js';
import { PatientFields } from '../src/shared/contract/index.js';
import { ms, now, percentile, row } from './lib/stats.js';
import { startServer } from './lib/server.js';

const firstNames = ['Anna', 'Jörg', 'Zoé', 'Luca', 'Léa', 'Noah', 'Mia', 'Elias', 'Lena', 'Matteo', 'Sophie', 'Jan', 'Chiara', 'Björn', 'Ülkü', 'François'];
const lastNames = ['Müller', 'Meier', 'Schmid', 'Keller', 'Weber', 'Huber', 'Schneider', 'Meyer', 'Steiner', 'Fischer', 'Gerber', 'Brunner', 'Baumann', 'Frei', 'Zimmermann', 'Moser', 'Dvořák', 'Bühler', 'Känzig', 'Rossi', 'Favre', 'Rochat', 'Özdemir', 'Lüthi'];
const towns = [['8001', 'Zürich'], ['3000', 'Bern'], ['4051', 'Basel'], ['1003', 'Lausanne'], ['6900', 'Lugano'], ['9000', 'St. Gallen']] as const;

function pick<T>(list: readonly T[], i: number): T {
  return list[i % list.length]!;
}

export function seedPatients(db: Database.Database, count: number): void {
  const patients = new Patients(db, { now: () => new Date('2026-11-01T08:00:00Z') });
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const [postalCode, town] = pick(towns, i * 7);
      const year = 1930 + (i % 90);
      const birth = `${year}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
      const first = pick(firstNames, i);
      const last = `${pick(lastNames, Math.floor(i / 3))}${i % 5 === 0 ? '' : `-${pick(lastNames, i * 13 + 1)}`}`;
      patients.create(PatientFields.parse({
        salutation: i % 2 ? 'mr' : 'ms', firstName: first, lastName: last, birthDate: birth, sex: i % 2 ? 'male' : 'female', ahvNumber: '',
        address: { street: 'Bahnhofstrasse', houseNumber: String(i % 200), postalCode, town, country: 'CH' },
        phone: `044 ${String(100 + (i % 900))} ${String(10 + (i % 90))} ${String(10 + ((i * 7) % 90))}`, mobile: '',
        email: `p${i}@example.ch`, language: 'de', insuranceName: '', insuredNumber: '', billingRecipient: null, invoicesByPost: false,
        consentDate: null, anamnesis: '', notes: '', categories: [],
      }));
    }
  })();
}

const sorts = ['name', 'birthDate', 'createdAt', 'updatedAt'] as const;
/** The unfiltered list: every sort and direction, at the first page, the middle and the last page. */
const listPages = Array.from({ length: 200 }, (_, i) => ({
  sort: sorts[i % 4]!,
  direction: (['asc', 'desc'] as const)[Math.floor(i / 4) % 2]!,
  offset: [0, 25_000, 49_950][Math.floor(i / 8) % 3]!,
  limit: 50,
}));

const queries = ['muller', 'MÜLLER', 'mueller', 'meier anna', 'dvorak', 'zoe', 'keller', '12.03.1980', '044 123', 'p4711@', 'brunner-frei', 'lea', 'ozdemir', 'rossi', 'x-nobody', 'st'];

export async function benchPatients(root: string, dataDir: string): Promise<void> {
  const count = 50_000;
  console.log(`\nPatients (${count.toLocaleString('de-CH')} in one data folder)`);
  const seedStart = now();
  const app = await createApp({ dataDir, log: silentLogger });
  seedPatients(app.db!, count);
  app.close();
  row('seed 50,000 patients (one transaction)', ms(now() - seedStart));

  const server = await startServer(root, dataDir);
  row('backend start to ready (process spawn to ready line)', ms(server.startMs));

  const ours: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = now();
    const r = await server.call('patients.list', { query: queries[i % queries.length], limit: 50 });
    ours.push(now() - t);
    if (!r.ok) throw new Error(JSON.stringify(r));
  }
  const oursList: number[] = [];
  for (let i = 0; i < listPages.length; i++) {
    const t = now();
    const r = await server.call('patients.list', listPages[i]);
    oursList.push(now() - t);
    if (!r.ok) throw new Error(JSON.stringify(r));
  }
  await server.stop();

  // The raw library: the same searches, same SQL (count of the active hits in the trigram index; the page by walking the
  // name index for many hits, else the hits sorted; the page's rows), on the same file.
  const db = new Database(join(dataDir, 'arnika.sqlite'), { readonly: true });
  db.pragma('cache_size = -65536');
  const pageRows = (ids: string[]) =>
    ids.length === 0 ? [] : db.prepare(`SELECT id, first_name, last_name, birth_date, email, phone, mobile, town, categories, archived_at FROM patients WHERE id IN (${ids.map(() => '?').join(', ')})`).all(...ids);
  const rawTimes: number[] = [];
  const hitCount = db.prepare('SELECT count(*) FROM patients_fts WHERE patients_fts MATCH ?').pluck();
  const walk = db.prepare(`SELECT p.id FROM patients p INDEXED BY patients_list_name
    WHERE p.search_key IN (SELECT rowid FROM patients_fts WHERE patients_fts MATCH ?) ORDER BY sort_name, id LIMIT 50`).pluck();
  const sorted = db.prepare(`SELECT p.id FROM patients_fts CROSS JOIN patients p ON p.search_key = patients_fts.rowid
    WHERE patients_fts MATCH ? ORDER BY sort_name, id LIMIT 50`).pluck();
  for (let i = 0; i < 200; i++) {
    // Every bench query has terms of two letters or more: the index answers them alone.
    const match = ftsQuery(searchTerms(queries[i % queries.length]!))!;
    const active = `(${match}) NOT "${'\u0001'.repeat(3)}"`;
    const t = now();
    const hits = hitCount.get(active) as number;
    const ids = (hits >= 1000 ? walk : sorted).all(active) as string[];
    pageRows(ids);
    rawTimes.push(now() - t);
  }
  // The raw library on the unfiltered list: the counts and the page (ids from the sort index, then their rows).
  const rawList: number[] = [];
  for (const page of listPages) {
    const t = now();
    db.prepare('SELECT count(*) FROM patients').get();
    db.prepare('SELECT count(*) FROM patients WHERE archived_at IS NOT NULL').get();
    const ids = db.prepare(`SELECT id FROM patients WHERE archived_at IS NULL ORDER BY ${listOrder(page.sort, page.direction)} LIMIT ? OFFSET ?`).pluck().all(page.limit, page.offset) as string[];
    pageRows(ids);
    rawList.push(now() - t);
  }
  db.close();
  row('', 'p50', 'p95');
  row('patients.list search via HTTP bridge (200 searches)', ms(percentile(ours, 50)), ms(percentile(ours, 95)));
  row('same searches, raw better-sqlite3 SQL', ms(percentile(rawTimes, 50)), ms(percentile(rawTimes, 95)));
  row('patients.list unfiltered via HTTP bridge (200 pages)', ms(percentile(oursList, 50)), ms(percentile(oursList, 95)));
  for (const sort of sorts) {
    const times = oursList.filter((_, i) => listPages[i]!.sort === sort);
    row(`  sort ${sort} only`, ms(percentile(times, 50)), ms(percentile(times, 95)));
  }
  row('  first pages only', ms(percentile(oursList.filter((_, i) => listPages[i]!.offset === 0), 50)), ms(percentile(oursList.filter((_, i) => listPages[i]!.offset === 0), 95)));
  row('  at offset 49,950 only', ms(percentile(oursList.filter((_, i) => listPages[i]!.offset === 49_950), 50)), ms(percentile(oursList.filter((_, i) => listPages[i]!.offset === 49_950), 95)));
  row('same pages, raw better-sqlite3 SQL (count + page)', ms(percentile(rawList, 50)), ms(percentile(rawList, 95)));
}
