/** What the backup domain asks of the others; createApp passes closures (ARCHITECTURE.md, "Adding a domain"). */
import type { RestoreResult } from '../../shared/contract/backupResults.js';
import type { DataExport } from '../platform/dataExport.js';
import type { Db } from '../platform/db/open.js';
import type { SecretBox } from '../platform/secrets.js';

/**
 * The archive of issued documents (invoices), read in batches: each document's id, its stored hash,
 * whether its bytes still have it (only when `contents`: else the bytes are not read and it says
 * true), and its kind and invoice number (to name a damaged one).
 */
export interface DocumentArchivePort {
  batch(db: Db, afterRowid: number, limit: number, contents?: boolean): { next: number | null; rows: { id: string; sha256: string; intact: boolean; kind: string; number: string }[] };
}

/** Secrets stored in the database (mail passwords): counted, and sealed again under another box. */
export interface StoredSecretsPort {
  count(db: Db): number;
  /** Opens each with `from` and seals it with `to`; one that does not open is removed (the user enters it again). */
  reseal(db: Db, from: SecretBox, to: SecretBox): { resealed: number; removed: number };
}

export interface BackupPorts {
  documents: DocumentArchivePort;
  secrets: StoredSecretsPort;
  /** Every domain's tables and files for "Alle Daten exportieren". */
  exports: readonly DataExport[];
  /** The default practice's name (file names, what a backup says it holds), or null. */
  practiceName(): string | null;
  /** True when the database is damaged: it is not backed up (the copy would be damaged too). */
  databaseDamaged(): boolean;
  /** Since when (ms) this installation keeps a practice's data; null: none yet. Backups are missed from then on. */
  dataSince(): number | null;
}

export interface RestorePorts {
  documents: DocumentArchivePort;
  secrets: StoredSecretsPort;
  /**
   * The restored data, before it goes live, adjusted for the computer it now runs on: mail that was
   * queued when the backup was taken waits for the user (it may have been sent since); a second
   * workstation takes its own invoice-number range.
   */
  adopt(db: Db, options: { secondWorkstation: string | null }): { numberRange: RestoreResult['numberRange'] };
  /** This computer's backup settings (settings rows 'backup.*'), kept across the restore. */
  currentBackupSettings(): { key: string; value: string }[];
  /**
   * Stops the app's work on the current database, sets it aside as a safety copy, puts `file` (a
   * complete, flushed database in the data folder's tmp/) in its place in one rename, and runs on it.
   */
  replaceDatabase(file: string, onStep: (step: 'safety_copy' | 'swap') => void): Promise<{ safetyCopy: string | null }>;
}
