/**
 * Owns the schema version. Migrations are the numbered plain-SQL files in /migrations; the version
 * lives in PRAGMA user_version. Everything pending runs in one transaction with foreign keys off
 * and a foreign_key_check before COMMIT (open.ts); an existing database is copied with SQLite's
 * backup API first; a database from a newer Arnika is refused untouched.
 *
 * A migration that changes a table beyond ADD/RENAME/DROP COLUMN (a CHECK, a foreign key) rebuilds
 * it as sqlite.org/lang_altertable.html describes: CREATE TABLE x_new, INSERT INTO x_new SELECT,
 * DROP TABLE x, ALTER TABLE x_new RENAME TO x, then x's indexes and triggers again. Triggers of
 * other tables that name x are dropped before and created again after (the RENAME refuses to run
 * while one of them names a table that is gone). tests/integration/migration-rebuild.test.ts shows it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Finds the migrations folder from wherever this module was bundled or run from. */
export function findMigrationsDir(start = dirname(fileURLToPath(import.meta.url))): string {
  const fromEnv = process.env.ARNIKA_MIGRATIONS_DIR;
  if (fromEnv) return fromEnv;
  let dir = start;
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'migrations');
    if (existsSync(join(candidate, '0001_init.sql'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`migrations folder not found above ${start}`);
}

export function loadMigrations(dir = findMigrationsDir()): Migration[] {
  const migrations = readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((file) => ({ version: Number(file.slice(0, 4)), name: file, sql: readFileSync(join(dir, file), 'utf8') }));
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration numbering has a gap or duplicate at ${m.name}`);
  });
  return migrations;
}
