/**
 * Prepared statements, kept per connection and SQL text. Preparing costs SQLite a parse and a plan
 * (tens of microseconds); paths that run per message or per row of a bulk operation use this instead of
 * db.prepare(). The cache is bounded by the fixed SQL texts in the code: never pass SQL built from data.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from './open.js';

const caches = new WeakMap<Db, Map<string, Statement>>();

export function cached(db: Db, sql: string): Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}
