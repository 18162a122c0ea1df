/**
 * The shapes of backups that job results carry (jobs.ts) as well as backup.ts: kept apart from
 * both so that neither imports the other.
 */
import { z } from 'zod';

const Keep = z.number({ error: 'v.number' }).int({ error: 'v.integer' }).min(0, { error: 'v.too_small' }).max(1000, { error: 'v.too_big' });

/** How many backups are kept in the folder: the newest of each of the last N days, weeks and months. */
export const BackupRetention = z.strictObject({ daily: Keep, weekly: Keep, monthly: Keep });
export type BackupRetention = z.infer<typeof BackupRetention>;
export const defaultRetention: BackupRetention = { daily: 7, weekly: 4, monthly: 12 };

/** An archived document whose bytes no longer have the hash it was archived with: named by its invoice's number. */
export const DamagedDocument = z.object({ id: z.string(), kind: z.string(), number: z.string() });
export type DamagedDocument = z.infer<typeof DamagedDocument>;

/** A backup that was written and then read back and checked. */
export const VerifiedBackup = z.object({
  at: z.string(),
  /** The folder it went to; null for "Jetzt sichern" (a download or a place chosen in the save dialog). */
  folder: z.string().nullable(),
  fileName: z.string(),
  size: z.number().int().nonnegative(),
  /** Mail passwords that did not open on this computer: not in the backup, to be entered again after a restore. */
  mailPasswordsMissing: z.number().int().nonnegative().default(0),
  /** Archived documents that were already damaged here: backed up as they are, and named so the user knows. */
  damagedDocuments: z.array(DamagedDocument).default([]),
});
export type VerifiedBackup = z.infer<typeof VerifiedBackup>;

/** What a backup file holds, shown before it is restored. */
export const BackupSummary = z.object({
  /** Hands the checked file to backup.restore (valid while the app runs, for an hour). */
  restoreId: z.string(),
  practiceName: z.string(),
  createdAt: z.string(),
  appVersion: z.string(),
  patients: z.number().int().nonnegative(),
  invoices: z.number().int().nonnegative(),
  documents: z.number().int().nonnegative(),
  /** Archived documents that were already damaged when the backup was written (it says so). */
  damagedDocuments: z.array(DamagedDocument),
});
export type BackupSummary = z.infer<typeof BackupSummary>;

export const restoreModes = ['replace', 'secondWorkstation'] as const;

export const RestoreResult = z.object({
  /** Where the data that was replaced was set aside (in the data folder's backups/); null when there was none. */
  safetyCopy: z.string().nullable(),
  /** Set up as a second workstation: this computer's invoice numbers, and the main computer's. */
  numberRange: z.object({ from: z.number().int(), to: z.number().int(), mainFrom: z.number().int(), mainTo: z.number().int() }).nullable(),
  /** Mail passwords that must be entered again (missing in the backup, or not opening with its key). */
  mailPasswordsMissing: z.number().int().nonnegative(),
});
export type RestoreResult = z.infer<typeof RestoreResult>;

