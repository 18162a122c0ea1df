/**
 * Owns how this installation backs up, kept under `backup.*` in the settings table: the passphrase
 * (sealed by this computer's SecretBox, never in clear), the folder, how many backups are kept, the
 * last verified backup, the last failure, and the files this installation wrote there (only those
 * are ever deleted by retention).
 *
 * These keys describe this computer, not the practice: a backup file leaves them out, and a restore
 * keeps the ones of the computer it runs on (restore.ts).
 */
import { BackupRetention, defaultRetention, VerifiedBackup } from '../../shared/contract/backupResults.js';
import type { Db } from '../platform/db/open.js';
import type { SecretBox } from '../platform/secrets.js';
import { SettingsStore } from '../platform/settings.js';
import { z } from 'zod';

export const backupSettingsPrefix = 'backup.';

const keys = {
  passphrase: 'backup.passphrase',
  folder: 'backup.folder',
  retention: 'backup.retention',
  lastVerified: 'backup.lastVerified',
  lastFailure: 'backup.lastFailure',
  written: 'backup.written',
} as const;

const Failure = z.object({ at: z.string(), code: z.string() });
const Written = z.array(z.object({ folder: z.string(), fileName: z.string(), at: z.string() }));
export type WrittenBackup = z.infer<typeof Written>[number];

function parsed<T>(schema: z.ZodType<T>, raw: string | undefined): T | null {
  if (raw === undefined) return null;
  try {
    const r = schema.safeParse(JSON.parse(raw));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

export class BackupSettings {
  private readonly store: SettingsStore;

  constructor(db: Db, private readonly secrets: SecretBox) {
    this.store = new SettingsStore(db);
  }

  hasPassphrase(): boolean {
    return this.store.getValue(keys.passphrase) !== undefined;
  }

  /** The passphrase in clear, for writing a backup; null when none is stored or it no longer opens here. */
  passphrase(): string | null {
    const sealed = this.store.getValue(keys.passphrase);
    if (sealed === undefined) return null;
    try {
      return this.secrets.open(Buffer.from(sealed, 'base64'));
    } catch {
      return null;
    }
  }

  setPassphrase(passphrase: string): void {
    this.store.setValue(keys.passphrase, this.secrets.seal(passphrase).toString('base64'));
  }

  folder(): string | null {
    return this.store.getValue(keys.folder) || null;
  }

  setFolder(folder: string | null): void {
    this.store.setValue(keys.folder, folder ?? '');
  }

  retention(): BackupRetention {
    return parsed(BackupRetention, this.store.getValue(keys.retention)) ?? defaultRetention;
  }

  setRetention(r: BackupRetention): void {
    this.store.setValue(keys.retention, JSON.stringify(r));
  }

  lastVerified(): VerifiedBackup | null {
    return parsed(VerifiedBackup, this.store.getValue(keys.lastVerified));
  }

  lastFailure(): { at: string; code: string } | null {
    return parsed(Failure, this.store.getValue(keys.lastFailure));
  }

  written(): WrittenBackup[] {
    return parsed(Written, this.store.getValue(keys.written)) ?? [];
  }

  setWritten(list: WrittenBackup[]): void {
    this.store.setValue(keys.written, JSON.stringify(list));
  }

  /** A verified backup: remembered as the last one; one in the folder joins the files retention looks after. */
  recordVerified(backup: VerifiedBackup): void {
    this.store.setValue(keys.lastVerified, JSON.stringify(backup));
    // A saved download says nothing about the folder: its last failure still stands.
    if (backup.folder !== null) this.store.setValue(keys.lastFailure, '');
    if (backup.folder !== null) this.setWritten([...this.written(), { folder: backup.folder, fileName: backup.fileName, at: backup.at }]);
  }

  recordFailure(at: string, code: string): void {
    this.store.setValue(keys.lastFailure, JSON.stringify({ at, code }));
  }
}

/** This computer's backup settings, as rows to carry into a restored database. */
export function backupSettingRows(db: Db): { key: string; value: string }[] {
  return db.prepare(`SELECT key, value FROM settings WHERE key LIKE 'backup.%'`).all() as { key: string; value: string }[];
}
