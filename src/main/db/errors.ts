/** Reading SQLite's refusals: better-sqlite3 reports them as SqliteError with an extended code. */

/**
 * A foreign key refused the change. Deferred keys report SQLITE_CONSTRAINT_FOREIGNKEY, while an
 * ON DELETE RESTRICT key reports SQLITE_CONSTRAINT_TRIGGER with "FOREIGN KEY" in the message.
 */
export function isForeignKeyRefusal(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e.code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || (e.code === 'SQLITE_CONSTRAINT_TRIGGER' && /FOREIGN KEY/i.test(e.message ?? ''));
}
