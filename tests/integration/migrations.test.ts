import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { loadMigrations } from '../../src/main/platform/db/migrations.js';
import { openDatabase } from '../../src/main/platform/db/open.js';
import { makeApp, tempDir } from '../helpers/app.js';

const all = loadMigrations();
const opened: Database.Database[] = [];
afterEach(() => {
  while (opened.length) opened.pop()!.close();
});

describe('opening the database', () => {
  test('a new database gets every migration, WAL, synchronous=FULL, foreign keys and a busy timeout', async () => {
    const { db, toVersion } = await openDatabase(join(tempDir(), 'a.sqlite'));
    opened.push(db);
    expect(toVersion).toBe(all.length);
    expect(db.pragma('user_version', { simple: true })).toBe(all.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('cache_size', { simple: true })).toBe(-65536);
  });

  test('every table is STRICT', async () => {
    const { db } = await openDatabase(join(tempDir(), 'a.sqlite'));
    opened.push(db);
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string; sql: string }[];
    expect(tables.length).toBeGreaterThan(2);
    // FTS5 makes its own shadow tables (<name>_data, _idx, _content, _docsize, _config).
    const ours = tables.filter((t) => !t.sql.includes('VIRTUAL') && !/_fts_(data|idx|content|docsize|config)$/.test(t.name));
    // SQLite's own word for it (a table may also be WITHOUT ROWID: "STRICT, WITHOUT ROWID").
    const strict = new Map((db.pragma('table_list') as { name: string; strict: number }[]).map((r) => [r.name, r.strict]));
    for (const t of ours) expect(strict.get(t.name), t.name).toBe(1);
  });

  test('a database from a newer Arnika is refused with a clear code and left untouched', async () => {
    const file = join(tempDir(), 'newer.sqlite');
    const future = new Database(file);
    future.pragma(`user_version = ${all.length + 5}`);
    future.exec('CREATE TABLE mine (x INTEGER)');
    future.close();
    const before = readFileSync(file);
    await expect(openDatabase(file)).rejects.toMatchObject({ code: 'db.newer_version' });
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  test('the app still answers for a newer database, with the error in app.info', async () => {
    const dataDir = tempDir();
    const future = new Database(join(dataDir, 'arnika.sqlite'));
    future.pragma(`user_version = ${all.length + 1}`);
    future.close();
    const app = await makeApp({ dataDir });
    const info = await app.call('app.info', {});
    expect(info.startupError?.code).toBe('db.newer_version');
    expect((await app.fail('patients.list', {})).code).toBe('db.newer_version');
    app.cleanup();
  });

  test('a failing migration rolls back completely and leaves the version as it was', async () => {
    const file = join(tempDir(), 'a.sqlite');
    const broken = [...all, { version: all.length + 1, name: 'broken.sql', sql: 'CREATE TABLE half (x INTEGER) STRICT; INSERT INTO nowhere VALUES (1);' }];
    await expect(openDatabase(file, { migrations: broken })).rejects.toThrow();
    const db = new Database(file);
    opened.push(db);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name IN ('half', 'patients')").get()).toEqual({ n: 0 });
  });
});

describe('migrating an existing database', () => {
  /** A database at version 1 with rows in the shape version 1 wrote them. */
  function v1Database(file: string) {
    const db = new Database(file);
    db.exec(all[0]!.sql);
    db.pragma('user_version = 1');
    db.prepare(`INSERT INTO practices VALUES ('11111111-1111-4111-8111-111111111111', 'Praxis Alt', 'Eva Alt', 'massage',
      'Weg', '1', '3000', 'Bern', 'CH', '', '', '', 'CH9300762011623852957', '', '', '', '', 'CHF', 'de', 30, 1, '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')`).run();
    db.prepare(`INSERT INTO patients VALUES ('22222222-2222-4222-8222-222222222222', 'mr', 'Jörg', 'Bäcker', '1970-01-01', 'male', '', 'Gasse', '2', '3000', 'Bern', 'CH',
      '', '', '', 'de', '', '', NULL, 0, NULL, '', '', '[]', NULL, '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z', ' jorg backer joerg baecker ', 'backer jorg')`).run();
    db.close();
  }

  test('takes a backup with the backup API first, then migrates and keeps the rows', async () => {
    const dataDir = tempDir();
    v1Database(join(dataDir, 'arnika.sqlite'));
    const app = await makeApp({ dataDir });
    const backups = readdirSync(join(dataDir, 'backups'));
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(/^before-migration-v1-to-v\d+-.*\.sqlite$/);
    const backup = new Database(join(dataDir, 'backups', backups[0]!), { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(1);
    expect(backup.prepare('SELECT count(*) AS n FROM patients').get()).toEqual({ n: 1 });
    backup.close();

    // 0005 backfilled the search index: the old patient is found through it, in both spellings.
    for (const q of ['baecker', 'backer', 'jorg']) expect((await app.call('patients.list', { query: q })).items.map((p) => p.lastName), q).toEqual(['Bäcker']);
    // 0002 gave the old practice the default invoice number format.
    expect(await app.call('practices.list', {})).toMatchObject([{ name: 'Praxis Alt', invoiceNumberFormat: '{YYYY}-{NNNNN}' }]);
    app.cleanup();
  });

  test('a database that is already current is not backed up again', async () => {
    const dataDir = tempDir();
    (await makeApp({ dataDir })).close();
    (await makeApp({ dataDir })).close();
    expect(existsSync(join(dataDir, 'backups'))).toBe(false);
  });
});
