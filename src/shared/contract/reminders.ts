/**
 * Contract for reminders (Mahnungen): the levels per practice, the reminder run (who is due for
 * which level today, with a preview), creating the reminders as archived documents and sending them
 * by email through the outbox or printing them (a job), an invoice's reminder history, and handing
 * an invoice over to debt collection after the last level.
 */
import { z } from 'zod';
import { Currency, DateInput, Id, languages, longText, requiredLongText, requiredText } from '../validation/fields.js';
import { method } from './define.js';
import { DownloadRef, JobStatus } from './jobs.js';

const int = z.number().int();

/** At most this many levels (by default all three: a reminder, then two dunning letters). */
export const maxReminderLevels = 3;

export const LevelText = z.strictObject({ title: requiredText(60), body: requiredLongText(2000) });
export type LevelText = z.infer<typeof LevelText>;

const LevelTexts = z.strictObject(Object.fromEntries(languages.map((l) => [l, LevelText.nullable()])) as Record<(typeof languages)[number], z.ZodNullable<typeof LevelText>>);

export const ReminderLevelFields = z.strictObject({
  /** Level 1: days after the invoice's due date; later levels: days after the previous reminder's due date. */
  daysAfter: z.number({ error: 'v.number' }).int({ error: 'v.integer' }).min(0, { error: 'v.too_small' }).max(365, { error: 'v.too_big' }),
  /** Charged only when the practice has fees switched on. */
  feeMinor: z.number({ error: 'v.number' }).int({ error: 'v.money' }).min(0, { error: 'v.money_negative' }).max(100_000, { error: 'v.too_big' }),
  /** The new payment term the reminder gives, in days from its date. */
  termDays: z.number({ error: 'v.number' }).int({ error: 'v.integer' }).min(1, { error: 'v.too_small' }).max(90, { error: 'v.too_big' }),
  /** The practice's own words per language; null: the built-in text. */
  texts: LevelTexts,
});
export type ReminderLevelFields = z.infer<typeof ReminderLevelFields>;

export const ReminderSettingsFields = z.strictObject({
  feesEnabled: z.boolean(),
  /** Default interest (Verzugszins), per day from the due date; 5 % a year by OR 104. */
  interestEnabled: z.boolean(),
  interestRateBasisPoints: z.number({ error: 'v.number' }).int({ error: 'v.integer' }).min(0, { error: 'v.too_small' }).max(2000, { error: 'v.too_big' }),
  /** No reminder for an invoice within this many days of its last one. */
  minGapDays: z.number({ error: 'v.number' }).int({ error: 'v.integer' }).min(0, { error: 'v.too_small' }).max(365, { error: 'v.too_big' }),
  levels: z.array(ReminderLevelFields).min(1, { error: 'v.required' }).max(maxReminderLevels, { error: 'v.too_big' }),
});
export type ReminderSettingsFields = z.infer<typeof ReminderSettingsFields>;

/** As stored, with every level's texts resolved (the built-in ones where the practice has none). */
export const ReminderSettings = ReminderSettingsFields.extend({
  practiceId: Id,
  resolvedTexts: z.array(z.record(z.enum(languages), LevelText)),
});
export type ReminderSettings = z.infer<typeof ReminderSettings>;

export const ReminderChannel = z.enum(['email', 'post']);
export type ReminderChannel = z.infer<typeof ReminderChannel>;

/** Why an invoice due for a reminder goes by post rather than email. */
export const postReasons = ['wants_post', 'no_email', 'no_profile', 'no_password', 'no_template', 'in_progress'] as const;

export const ReminderCandidate = z.object({
  invoiceId: Id,
  number: z.string(),
  practiceId: Id,
  patientId: Id,
  patientName: z.string(),
  currency: Currency,
  dueDate: z.string(),
  daysOverdue: int,
  openMinor: int,
  level: int,
  title: z.string(),
  feeMinor: int,
  interestMinor: int,
  totalMinor: int,
  newDueDate: z.string(),
  lastReminderDate: z.string().nullable(),
  channel: ReminderChannel,
  postReason: z.enum(postReasons).nullable(),
});
export type ReminderCandidate = z.infer<typeof ReminderCandidate>;

export const ReminderDelivery = z.object({
  channel: ReminderChannel,
  to: z.string(),
  at: z.string(),
  /** The outbox state for an email (queued, sent, failed, ...); 'printed' for the post. */
  state: z.string(),
});

export const Reminder = z.object({
  id: Id,
  invoiceId: Id,
  invoiceNumber: z.string(),
  patientId: Id,
  patientName: z.string(),
  practiceId: Id,
  level: int,
  title: z.string(),
  date: z.string(),
  dueDate: z.string(),
  feeMinor: int,
  interestMinor: int,
  totalMinor: int,
  currency: Currency,
  fileName: z.string(),
  deliveries: z.array(ReminderDelivery),
  createdAt: z.string(),
});
export type Reminder = z.infer<typeof Reminder>;

export const Handover = z.object({ invoiceId: Id, date: z.string(), note: z.string(), createdAt: z.string() });

export const reminderMethods = {
  'reminders.settings': method(z.strictObject({ practiceId: Id }), ReminderSettings),
  'reminders.saveSettings': method(z.strictObject({ practiceId: Id, settings: ReminderSettingsFields }), ReminderSettings),
  /** The reminder run's list: invoices due for their next level on `date` (today), with what each reminder would ask. */
  'reminders.preview': method(
    z.strictObject({ practiceId: Id.optional(), date: DateInput.optional() }),
    z.object({ asOf: z.string(), items: z.array(ReminderCandidate) }),
  ),
  /**
   * Creates the reminders for these invoices (each an archived document), queues the email ones in
   * the outbox and prepares one file of those to print (job; result jobKinds['reminders.run']).
   */
  'reminders.run': method(z.strictObject({ invoiceIds: z.array(Id).min(1, { error: 'v.required' }).max(5000, { error: 'v.too_big' }), date: DateInput.optional() }), JobStatus),
  'reminders.list': method(
    z.strictObject({ offset: z.number().int().min(0).max(100_000_000).default(0), limit: z.number().int().min(1).max(500).default(50) }),
    z.object({ total: int, items: z.array(Reminder) }),
  ),
  'reminders.forInvoice': method(
    z.strictObject({ invoiceId: Id }),
    z.object({ reminders: z.array(Reminder), handover: Handover.nullable(), canHandOver: z.boolean() }),
  ),
  'reminders.pdf': method(z.strictObject({ reminderId: Id }), z.object({ fileName: z.string(), contentBase64: z.string() })),
  /** The archived PDFs to print (one PDF, or a ZIP of several), recorded in the post history. */
  'reminders.print': method(z.strictObject({ reminderIds: z.array(Id).min(1).max(5000) }), DownloadRef),
  /** After the last level: handed over to debt collection (Inkasso/Betreibung); no more reminders. */
  'reminders.handOver': method(z.strictObject({ invoiceId: Id, date: DateInput.optional(), note: longText(200) }), Handover),
};
