/** Damages a test's database file the way a failing disk would (for the "database damaged" screen). */
import Database from 'better-sqlite3';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Overwrites the header of a table's root page, as a failing disk would. */
export function damageTable(dataDir: string, table: string): void {
  const file = join(dataDir, 'arnika.sqlite');
  const db = new Database(file, { readonly: true });
  const { rootpage } = db.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').get(table) as { rootpage: number };
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(64, 0xa5), 0, 64, (rootpage - 1) * pageSize);
  closeSync(fd);
}
