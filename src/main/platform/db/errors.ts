/** Reading SQLite's refusals: better-sqlite3 reports them as SqliteError with an extended code. */

/**
 * A foreign key refused the change. Deferred keys report SQLITE_CONSTRAINT_FOREIGNKEY, while an
 * ON DELETE RESTRICT key reports SQLITE_CONSTRAINT_TRIGGER with "FOREIGN KEY" in the message.
 */
export function isForeignKeyRefusal(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e.code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || (e.code === 'SQLITE_CONSTRAINT_TRIGGER' && /FOREIGN KEY/i.test(e.message ?? ''));
}

/** What went wrong with the storage underneath, in terms a user can act on. */
export type StorageFault = 'storage.corrupt' | 'storage.disk_full' | 'storage.io_error' | 'storage.busy' | 'storage.read_only';

/**
 * Reads a fault of the disk or the database file from an error of SQLite (its extended result
 * code, e.g. SQLITE_IOERR_WRITE) or of Node's fs (errno code, e.g. ENOSPC), also when it is the
 * cause of another error. Anything else is not a storage fault (null).
 */
export function storageFault(err: unknown): StorageFault | null {
  for (let e = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    // SQLite's extended codes add a suffix to the primary one: SQLITE_IOERR_WRITE is an SQLITE_IOERR.
    const base = code.startsWith('SQLITE_') ? code.split('_').slice(0, 2).join('_') : code;
    switch (base) {
      case 'SQLITE_CORRUPT':
      case 'SQLITE_NOTADB':
        return 'storage.corrupt';
      case 'SQLITE_FULL':
      case 'ENOSPC':
      case 'EDQUOT':
        return 'storage.disk_full';
      case 'SQLITE_IOERR':
      case 'SQLITE_CANTOPEN':
      case 'EIO':
        return 'storage.io_error';
      case 'SQLITE_BUSY':
      case 'SQLITE_LOCKED':
        return 'storage.busy';
      case 'SQLITE_READONLY':
      case 'EACCES':
      case 'EPERM':
      case 'EROFS':
        return 'storage.read_only';
    }
  }
  return null;
}
