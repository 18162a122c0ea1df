/**
 * Long-running work as jobs, and what main pushes to the renderer on its own.
 *
 * A job has an id, progress (done of total, and the step it is in, as a catalog key), and ends with
 * a result or an error. A method that starts long work returns the job at once; progress then
 * arrives as `job` events (Server-Sent Events in browser mode, IPC events on the desktop), and
 * `jobs.get`/`jobs.list` answer for a screen that was closed meanwhile. Each job kind declares its
 * result schema here, so the renderer reads a typed result for the kind it started.
 */
import { z } from 'zod';
import { Id, text } from '../validation/fields.js';
import { BackupSummary, RestoreResult, VerifiedBackup } from './backupResults.js';
import { method } from './define.js';

/** A file main prepared for the user to save (a download in browser mode, a save dialog on the desktop). */
export const DownloadRef = z.object({
  downloadId: Id,
  fileName: z.string(),
  mime: z.string(),
  size: z.number().int().nonnegative(),
});
export type DownloadRef = z.infer<typeof DownloadRef>;

/** A file the user handed in (file input, drag and drop, an open dialog), stored by main until used. */
export const UploadRef = z.object({
  uploadId: Id,
  fileName: z.string(),
  size: z.number().int().nonnegative(),
});
export type UploadRef = z.infer<typeof UploadRef>;

export const jobStates = ['running', 'done', 'failed', 'cancelled'] as const;
export type JobState = (typeof jobStates)[number];

export const JobError = z.object({
  code: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});

export const JobStatus = z.object({
  id: Id,
  /** What the job does, e.g. 'invoices.exportPdfs'; see jobKinds. */
  kind: z.string(),
  /** What it works on, set by whoever started it (a bulk send's batch id), so a screen opened later finds it. */
  ref: z.string().nullable(),
  state: z.enum(jobStates),
  done: z.number().int().nonnegative(),
  /** null while the amount of work is not known yet. */
  total: z.number().int().nonnegative().nullable(),
  /** A catalog key saying what it is doing now ('job.step.rendering'), with its parameters. */
  step: z.object({ key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() }).nullable(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  /** The job kind's result once done (see jobKinds), else null. */
  result: z.unknown(),
  error: JobError.nullable(),
});
export type JobStatus = z.infer<typeof JobStatus>;

/**
 * Each job kind and the shape of its result. A domain that adds a kind adds it here; main checks a
 * finished job's result against this schema before it is stored.
 */
export const jobKinds = {
  /** The ZIP of the archived PDFs (null when the range held none), and how many files it holds. */
  'invoices.exportPdfs': z.object({ download: DownloadRef.nullable(), count: z.number().int().nonnegative() }),
  /** One PDF of the chosen invoices to print (each as archived, in the order given), all recorded as sent by post. */
  'invoices.printPdfs': z.object({ download: DownloadRef, count: z.number().int().nonnegative() }),
  /** A bulk send followed to its end: how its messages ended (the batch itself: mail.batchStatus with the job's ref). */
  'mail.bulkSend': z.object({
    sent: z.number().int().nonnegative(),
    failed: z.number().int().nonnegative(),
    uncertain: z.number().int().nonnegative(),
    cancelled: z.number().int().nonnegative(),
  }),
  /** A backup written and checked: into the folder, or as a download for "Jetzt sichern". */
  'backup.run': z.object({ backup: VerifiedBackup, download: DownloadRef.nullable() }),
  /** A backup file decrypted and checked, ready to be restored. */
  'backup.inspect': BackupSummary,
  /** The restored data is in place and the app runs on it. */
  'backup.restore': RestoreResult,
  /** The ZIP of everything: tables as CSV, archived PDFs. */
  'backup.exportAll': z.object({ download: DownloadRef, tables: z.number().int().nonnegative(), documents: z.number().int().nonnegative() }),
  /** A bank file read and matched: the preview is stored under importId (payments.importSummary, payments.importLines). */
  'payments.readBankFile': z.object({ importId: Id, lineCount: z.number().int().nonnegative() }),
  /** Lines of a bank file booked in one transaction. */
  'payments.bookImport': z.object({ booked: z.number().int().nonnegative(), amountMinor: z.number().int(), skipped: z.number().int().nonnegative() }),
  /** A reminder run: reminders created, queued as email, or gathered in one file to print. */
  'reminders.run': z.object({
    created: z.number().int().nonnegative(),
    emailed: z.number().int().nonnegative(),
    printed: z.number().int().nonnegative(),
    skipped: z.array(z.object({ invoiceId: Id, number: z.string(), reason: z.string() })),
    printDownload: DownloadRef.nullable(),
  }),
} satisfies Record<string, z.ZodType>;
export type JobKind = keyof typeof jobKinds;
export type JobResult<K extends JobKind> = z.infer<(typeof jobKinds)[K]>;

/** What main pushes without being asked. */
export const ServerEvent = z.discriminatedUnion('type', [
  /** A job started, moved on, or ended. */
  z.object({ type: z.literal('job'), job: JobStatus }),
  /**
   * Data changed behind the renderer's back (the outbox sent a message, a job booked payments): the
   * renderer refetches what it shows from these method prefixes ('mail.', 'invoices.list').
   */
  z.object({ type: z.literal('changed'), methods: z.array(z.string()) }),
]);
export type ServerEvent = z.infer<typeof ServerEvent>;

export const jobMethods = {
  'jobs.get': method(z.strictObject({ id: Id }), JobStatus),
  /** Running jobs, and those that ended in the last minutes; newest first. */
  'jobs.list': method(z.strictObject({ kind: text(100).optional() }), z.array(JobStatus)),
  /** Asks the job to stop; it ends as 'cancelled' at its next step (what it finished stays done). */
  'jobs.cancel': method(z.strictObject({ id: Id }), JobStatus),
  /**
   * Desktop only: asks where to save a prepared file (the system's save dialog) and writes it there.
   * Browser mode downloads it instead (GET /api/downloads/<id>) and never calls this.
   */
  'files.save': method(z.strictObject({ downloadId: Id }), z.object({ saved: z.boolean() })),
  /** Desktop only: the system's open dialog; the chosen file is handed in as an upload. null: cancelled. */
  'files.open': method(
    z.strictObject({ filters: z.array(z.strictObject({ name: text(100), extensions: z.array(text(20)).max(20) })).max(10).optional() }),
    UploadRef.nullable(),
  ),
};
