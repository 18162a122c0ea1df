/**
 * Backups, restore, a second workstation, and the export of everything (src/main/backup). A backup
 * is one encrypted file (the age format, with the passphrase chosen when backups are set up);
 * writing, checking, restoring and exporting are jobs.
 */
import { z } from 'zod';
import { Id, singleLineProblem, text, requiredText } from '../validation/fields.js';
import { DownloadRef, JobStatus } from './jobs.js';
import { BackupRetention, VerifiedBackup, restoreModes } from './backupResults.js';

export * from './backupResults.js';
import { method } from './define.js';

/** At least this many characters: the file is protected by nothing else once it leaves the practice. */
export const minPassphraseLength = 10;

/** A passphrase as typed: never trimmed (spaces are part of it), one line, no control characters. */
export const Passphrase = z
  .string({ error: 'v.text' })
  .max(200, { error: 'v.too_long' })
  .superRefine((s, ctx) => {
    const problem = singleLineProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const NewPassphrase = Passphrase.refine((s) => [...s].length >= minPassphraseLength, { error: 'v.passphrase_short', params: { min: minPassphraseLength } });

/**
 * An absolute path as the main process's OS reads it: /… (macOS, Linux), C:\… or \\server\share (Windows).
 * A relative one would depend on where Arnika happens to start; written here without node:path,
 * because the renderer checks the same schema.
 */
export function isAbsolutePath(s: string): boolean {
  return s.startsWith('/') || /^[A-Za-z]:[\\/]/.test(s) || /^\\\\[^\\/]+[\\/][^\\/]+/.test(s);
}

/** The backup folder as typed (browser mode) or chosen; '' or null: none. */
export const BackupFolder = text(1000).refine((s) => s === '' || isAbsolutePath(s), { error: 'v.backup_folder_absolute' });

export const backupWarnings = ['none', 'not_set_up', 'stale', 'folder_unavailable', 'failed', 'documents_damaged'] as const;

export const BackupStatus = z.object({
  /** A passphrase is stored: "Jetzt sichern" works. */
  configured: z.boolean(),
  /** Where automatic backups go; null: none (then only "Jetzt sichern"). */
  folder: z.string().nullable(),
  retention: BackupRetention,
  lastVerified: VerifiedBackup.nullable(),
  /** The last automatic backup that did not succeed (and none succeeded since): when, and why (an error code). */
  lastFailure: z.object({ at: z.string(), code: z.string() }).nullable(),
  /** Whether the folder can be written now; null when there is none. */
  folderAvailable: z.boolean().nullable(),
  /** What the home screen says: nothing, no backups set up, none verified for 7 days, the folder is not there, the last one failed, the last one carried damaged documents. */
  warning: z.enum(backupWarnings),
  /** Which kind of Arnika asks: the desktop chooses a folder in a dialog, browser mode types its path. */
  folderDialog: z.boolean(),
});
export type BackupStatus = z.infer<typeof BackupStatus>;

export const backupMethods = {
  'backup.status': method(z.strictObject({}), BackupStatus),
  /** Sets backups up or changes them; the passphrase is needed the first time and kept sealed (keychain or key file). */
  'backup.configure': method(
    z.strictObject({ folder: BackupFolder.nullable(), passphrase: NewPassphrase.optional(), retention: BackupRetention }),
    BackupStatus,
  ),
  /** Desktop: the system's folder dialog. null: cancelled. */
  'backup.chooseFolder': method(z.strictObject({}), z.object({ folder: z.string().nullable() })),
  /** "Jetzt sichern" (target download: saved through the host) or a backup into the folder now. */
  'backup.run': method(z.strictObject({ target: z.enum(['download', 'folder']) }), JobStatus),
  /**
   * "Jetzt sichern": the renderer says the download of backup.run's result was saved (the save
   * dialog completed, or the browser took the file); only then it is the last verified backup.
   */
  'backup.downloadSaved': method(z.strictObject({ downloadId: Id }), BackupStatus),
  /** Decrypts and checks a backup file the user handed in; the job's result is its BackupSummary. */
  'backup.inspect': method(z.strictObject({ uploadId: z.uuid({ error: 'v.id' }), passphrase: Passphrase }), JobStatus),
  /** Replaces the data with the checked backup (the current data is set aside first), or sets this computer up as a second workstation. */
  'backup.restore': method(
    z
      .strictObject({ restoreId: z.uuid({ error: 'v.id' }), mode: z.enum(restoreModes), workstationName: requiredText(40).optional() })
      .superRefine((input, ctx) => {
        // A second workstation's range is named after it: without a name there is nothing to claim.
        if (input.mode === 'secondWorkstation' && input.workstationName === undefined) ctx.addIssue({ code: 'custom', path: ['workstationName'], message: 'v.required' });
      }),
    JobStatus,
  ),
  /** One ZIP with every table as CSV (UTF-8 with BOM, semicolons) and every archived PDF. */
  'backup.exportAll': method(z.strictObject({}), JobStatus),
  /** The printable emergency sheet (PDF): where backups go, how to restore, a box for the passphrase written by hand. */
  'backup.emergencySheet': method(z.strictObject({}), DownloadRef),
};

