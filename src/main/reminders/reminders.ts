/**
 * Owns reminders (Mahnungen): the reminder run (which invoices are due for their next level on a
 * day, and what each reminder would ask), creating a reminder as an immutable archived document with
 * its fee and interest charged to the invoice's account in the same transaction, sending it through
 * the outbox or gathering it to print (the post history), an invoice's reminder history, and handing
 * an invoice over to debt collection after the last level.
 *
 * An invoice is due for level n when it is issued and something is open on it, it was not handed
 * over, level n-1 was its last reminder, the level's days have passed since the due date (level 1:
 * the invoice's; later: the last reminder's new one), and its last reminder is at least the
 * practice's minimum gap old. So a payment that covers the open amount stops all further reminders
 * by itself, and a partial payment lowers the next one.
 */
import { Zip, ZipPassThrough } from 'fflate';
import { addDays, daysBetween } from '../../shared/calendar.js';
import type { Reminder, ReminderCandidate } from '../../shared/contract/reminders.js';
import type { DownloadRef } from '../../shared/contract/jobs.js';
import { formatDate } from '../../shared/dates.js';
import { AppError } from '../../shared/errors.js';
import { translate } from '../../shared/i18n/index.js';
import { formatMoneyWithCurrency, roundChf5 } from '../../shared/money.js';
import type { InvoicesApi, Receivable } from '../invoices/index.js';
import type { MailApi } from '../mail/index.js';
import type { PaymentsApi } from '../payments/index.js';
import type { InvoiceAccount } from '../../shared/contract/payments.js';
import { localDate, type Clock } from '../platform/clock.js';
import type { Db } from '../platform/db/open.js';
import { cached } from '../platform/db/statements.js';
import type { EventBus } from '../platform/events.js';
import type { FileStore } from '../platform/files.js';
import { newId } from '../platform/ids.js';
import type { JobContext } from '../platform/jobs.js';
import type { Logger } from '../platform/log.js';
import { renderReminder, reminderFileName, ReminderSnapshot } from './letter.js';
import type { ReminderSettingsStore } from './settings.js';

export interface RemindersDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  events: EventBus;
  invoices: InvoicesApi;
  payments: PaymentsApi;
  mail: MailApi;
  settings: ReminderSettingsStore;
}

interface ReminderRow {
  id: string; invoice_id: string; practice_id: string; patient_id: string; level: number; date: string; due_date: string; fee_minor: number;
  interest_minor: number; total_minor: number; snapshot: string; document_id: string; created_at: string;
}

interface Last {
  level: number;
  date: string;
  dueDate: string;
}

/** What a reminder for an invoice would be on a day, before it exists. */
interface Plan {
  receivable: Receivable;
  account: InvoiceAccount;
  candidate: ReminderCandidate;
  interest: ReminderSnapshot['interest'];
}

const mailKinds = ['reminder1', 'reminder2', 'reminder3'] as const;

/** Interest on `principal` at `rateBp` a year for `days` days, to the minor unit (half up); CHF to 5 Rappen. */
export function simpleInterest(principalMinor: number, rateBp: number, days: number, currency: 'CHF' | 'EUR'): number {
  if (principalMinor <= 0 || rateBp <= 0 || days <= 0) return 0;
  const numerator = BigInt(principalMinor) * BigInt(rateBp) * BigInt(days);
  const denominator = 10_000n * 365n;
  const minor = Number((numerator * 2n + denominator) / (2n * denominator));
  return currency === 'CHF' ? roundChf5(minor) : minor;
}

class RenderedStale extends Error {}

export class Reminders {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: RemindersDeps) {}

  private get db(): Db {
    return this.deps.db;
  }

  today(): string {
    return localDate(this.deps.clock);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => {});
    return run;
  }

  // The run ------------------------------------------------------------------------------------

  private lastOf(invoiceId: string): Last | null {
    const row = cached(this.db, 'SELECT level, date, due_date FROM reminders WHERE invoice_id = ? ORDER BY level DESC LIMIT 1').get(invoiceId) as
      | { level: number; date: string; due_date: string }
      | undefined;
    return row ? { level: row.level, date: row.date, dueDate: row.due_date } : null;
  }

  private handedOver(invoiceId: string): boolean {
    return cached(this.db, 'SELECT 1 FROM collection_handovers WHERE invoice_id = ?').get(invoiceId) !== undefined;
  }

  /** The reminder an invoice is due for on `date`, or why not (a reminders.* code). */
  private plan(receivable: Receivable, account: InvoiceAccount, date: string): Plan | { refused: 'reminders.not_open' | 'reminders.no_next_level' | 'reminders.handed_over' | 'reminders.not_due' } {
    if (receivable.status !== 'issued' || account.openMinor <= 0) return { refused: 'reminders.not_open' };
    if (this.handedOver(receivable.id)) return { refused: 'reminders.handed_over' };
    const last = this.lastOf(receivable.id);
    const level = (last?.level ?? 0) + 1;
    const settings = this.deps.settings.fields(receivable.practiceId);
    if (level > settings.levels.length) return { refused: 'reminders.no_next_level' };
    const lv = settings.levels[level - 1]!;
    const base = last ? last.dueDate : receivable.dueDate;
    if (date < addDays(base, lv.daysAfter) || date <= base) return { refused: 'reminders.not_due' };
    if (last && daysBetween(last.date, date) < settings.minGapDays) return { refused: 'reminders.not_due' };

    const feeMinor = settings.feesEnabled ? lv.feeMinor : 0;
    let interest: ReminderSnapshot['interest'] = null;
    if (settings.interestEnabled && settings.interestRateBasisPoints > 0) {
      // From the due date, or from the last reminder (which charged the interest up to its date), on the invoice amount still open.
      const from = last ? (last.date > receivable.dueDate ? last.date : receivable.dueDate) : receivable.dueDate;
      const days = daysBetween(from, date);
      interest = { minor: simpleInterest(account.openPrincipalMinor, settings.interestRateBasisPoints, days, receivable.currency), rateBasisPoints: settings.interestRateBasisPoints, from, to: date, days, onMinor: account.openPrincipalMinor };
    }
    const blocker = this.deps.mail.documentEmailBlocker(receivable.id, mailKinds[level - 1]!);
    const title = this.deps.settings.text(receivable.practiceId, level, receivable.language).title;
    const candidate: ReminderCandidate = {
      invoiceId: receivable.id, number: receivable.number, practiceId: receivable.practiceId, patientId: receivable.patientId, patientName: receivable.patientName,
      currency: receivable.currency, dueDate: receivable.dueDate, daysOverdue: account.daysOverdue, openMinor: account.openMinor, level, title, feeMinor,
      interestMinor: interest?.minor ?? 0, totalMinor: account.openMinor + feeMinor + (interest?.minor ?? 0), newDueDate: addDays(date, lv.termDays),
      lastReminderDate: last?.date ?? null, channel: blocker === null ? 'email' : 'post', postReason: blocker,
    };
    return { receivable, account, candidate, interest };
  }

  /** The invoices due for their next level on `date`, oldest debt first. */
  preview(q: { practiceId?: string | undefined; date?: string | undefined }): { asOf: string; items: ReminderCandidate[] } {
    const date = q.date ?? this.today();
    const items = this.deps.payments.accounts({ practiceId: q.practiceId }, date)
      .filter(({ account }) => account.openMinor > 0 && date > account.dueDate)
      .flatMap(({ receivable, account }) => {
        const p = this.plan(receivable, account, date);
        return 'refused' in p ? [] : [p.candidate];
      })
      .sort((a, b) => b.daysOverdue - a.daysOverdue || a.number.localeCompare(b.number));
    return { asOf: date, items };
  }

  private planFor(invoiceId: string, date: string): ReturnType<Reminders['plan']> {
    const receivable = this.deps.invoices.receivable(invoiceId);
    return this.plan(receivable, this.deps.payments.account(invoiceId, date), date);
  }

  /** The frozen data of the reminder a plan describes. */
  private snapshotOf(p: Plan, date: string): ReminderSnapshot {
    const inv = this.deps.invoices.snapshotOf(p.receivable.id);
    const c = p.candidate;
    const text = this.deps.settings.text(p.receivable.practiceId, c.level, inv.language);
    const money = (minor: number) => formatMoneyWithCurrency(minor, inv.currency, inv.language);
    const body = text.body.replace(/\{(\w+)\}/g, (m, name: string) => {
      const values: Record<string, string> = {
        invoiceNumber: inv.invoiceNumber, invoiceDate: formatDate(inv.invoiceDate), originalDueDate: formatDate(inv.dueDate), dueDate: formatDate(c.newDueDate),
        total: money(c.totalMinor), open: money(c.openMinor), practiceName: inv.practice.name,
      };
      return values[name] ?? m;
    });
    const payments = (cached(this.db, "SELECT date, amount_minor FROM payments WHERE invoice_id = ? AND kind = 'payment' AND NOT EXISTS (SELECT 1 FROM payments r WHERE r.reverses_id = payments.id) ORDER BY date, created_at")
      .all(p.receivable.id) as { date: string; amount_minor: number }[]).map((r) => ({ date: r.date, amountMinor: r.amount_minor }));
    return {
      schemaVersion: 1, level: c.level, title: text.title, body, number: `${inv.invoiceNumber}-M${c.level}`, date, dueDate: c.newDueDate,
      language: inv.language, currency: inv.currency,
      invoice: { number: inv.invoiceNumber, date: inv.invoiceDate, dueDate: inv.dueDate, totalMinor: inv.totals.totalMinor },
      reductionsMinor: p.account.reductionsMinor, earlierChargesMinor: p.account.chargesMinor, paidMinor: p.account.paidMinor, payments,
      openMinor: p.account.openMinor, feeMinor: c.feeMinor, interest: p.interest, totalMinor: c.totalMinor,
      reference: inv.paymentReference, allocation: 'charges_first',
      practice: inv.practice, recipient: inv.recipient, patientName: inv.patient.name,
    };
  }

  /**
   * Creates the reminder an invoice is due for: rendered first, then committed with its archived
   * document and its charges in one transaction, if it is still exactly what was rendered (a payment
   * that arrived meanwhile makes it render again, or not be made at all).
   */
  create(invoiceId: string, date: string): Promise<{ reminder: Reminder; candidate: ReminderCandidate } | { refused: string }> {
    return this.serial(async () => {
      for (let attempt = 1; ; attempt++) {
        const p = this.planFor(invoiceId, date);
        if ('refused' in p) return p;
        const snapshot = this.snapshotOf(p, date);
        const content = await renderReminder(snapshot, this.deps.invoices.snapshotOf(invoiceId));
        const json = JSON.stringify(snapshot);
        const id = newId();
        try {
          this.db.transaction(() => {
            const again = this.planFor(invoiceId, date);
            if ('refused' in again || JSON.stringify(this.snapshotOf(again, date)) !== json) throw new RenderedStale();
            const now = this.deps.clock.now().toISOString();
            const doc = this.deps.invoices.archive({ invoiceId, kind: 'reminder', fileName: reminderFileName(snapshot), content, createdAt: now });
            cached(this.db, `INSERT INTO reminders (id, invoice_id, practice_id, patient_id, level, date, due_date, fee_minor, interest_minor, total_minor, snapshot, document_id, created_at)
                             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
              .run(id, invoiceId, p.receivable.practiceId, p.receivable.patientId, snapshot.level, date, snapshot.dueDate, snapshot.feeMinor,
                snapshot.interest?.minor ?? 0, snapshot.totalMinor, json, doc.id, now);
            this.deps.payments.charge(invoiceId, [{ kind: 'reminder_fee', amountMinor: snapshot.feeMinor }, { kind: 'interest', amountMinor: snapshot.interest?.minor ?? 0 }], date, id);
          }).immediate();
          return { reminder: this.reminder(id), candidate: p.candidate };
        } catch (err) {
          if (!(err instanceof RenderedStale) || attempt === 3) throw err;
        }
      }
    });
  }

  /** The job of a reminder run: create each reminder, queue the email ones, gather the others into one file to print. */
  async run(job: JobContext, files: FileStore, invoiceIds: readonly string[], date: string) {
    job.progress(0, { total: invoiceIds.length, step: { key: 'reminders.step.creating' } });
    const skipped: { invoiceId: string; number: string; reason: string }[] = [];
    const toPrint: Reminder[] = [];
    let created = 0;
    let emailed = 0;
    for (const [i, invoiceId] of invoiceIds.entries()) {
      job.throwIfCancelled();
      const result = await this.create(invoiceId, date);
      if ('refused' in result) {
        skipped.push({ invoiceId, number: this.deps.invoices.receivable(invoiceId).number, reason: result.refused });
      } else {
        created++;
        const { reminder, candidate } = result;
        if (candidate.channel === 'email' && this.sendByEmail(reminder)) emailed++;
        else toPrint.push(reminder);
      }
      job.progress(i + 1);
    }
    const printDownload = toPrint.length > 0 ? await this.print(toPrint.map((r) => r.id), files) : null;
    this.changed();
    return { created, emailed, printed: toPrint.length, skipped, printDownload };
  }

  /** Queues the reminder's email; false when it cannot go (it is printed instead). */
  private sendByEmail(reminder: Reminder): boolean {
    const row = this.row(reminder.id);
    const doc = this.deps.invoices.archived(row.document_id);
    const snapshot = ReminderSnapshot.parse(JSON.parse(row.snapshot));
    try {
      const entry = this.deps.mail.sendDocument({
        invoiceId: row.invoice_id, kind: mailKinds[row.level - 1]!, amount: formatMoneyWithCurrency(row.total_minor, snapshot.currency, snapshot.language),
        dueDate: formatDate(row.due_date), attachment: { fileName: doc.fileName, sha256: doc.sha256 },
      });
      cached(this.db, "INSERT INTO reminder_deliveries (id, reminder_id, channel, outbox_id, to_address, created_at) VALUES (?, ?, 'email', ?, ?, ?)")
        .run(newId(), reminder.id, entry.outboxId, entry.to, this.deps.clock.now().toISOString());
      return true;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      this.deps.log.info('reminders.email_refused', { code: err.code });
      return false;
    }
  }

  /** The archived PDFs to print: one PDF, or a ZIP of several; each goes into the post history. */
  async print(reminderIds: readonly string[], files: FileStore): Promise<DownloadRef> {
    const rows = reminderIds.map((id) => this.row(id));
    const docs = rows.map((r) => this.deps.invoices.archived(r.document_id));
    const now = this.deps.clock.now().toISOString();
    this.db.transaction(() => {
      for (const r of rows) {
        const s = ReminderSnapshot.parse(JSON.parse(r.snapshot));
        cached(this.db, "INSERT INTO reminder_deliveries (id, reminder_id, channel, outbox_id, to_address, created_at) VALUES (?, ?, 'post', NULL, ?, ?)")
          .run(newId(), r.id, [...s.recipient.nameLines, `${s.recipient.address.postalCode} ${s.recipient.address.town}`].join(', '), now);
      }
    })();
    if (docs.length === 1) return files.putDownload(docs[0]!.fileName, 'application/pdf', docs[0]!.content);
    return files.writeDownload(`${translate(this.uiLanguageOf(rows[0]!), 'reminders.printZip')}-${now.slice(0, 10)}.zip`, 'application/zip', async (out) => {
      const done = new Promise<void>((resolve, reject) => {
        (out as NodeJS.WritableStream).on('finish', resolve);
        (out as NodeJS.WritableStream).on('error', reject);
      });
      const zip = new Zip((err, chunk, final) => {
        if (err) throw err;
        out.write(chunk);
        if (final) out.end();
      });
      for (const doc of docs) {
        const entry = new ZipPassThrough(doc.fileName);
        zip.add(entry);
        entry.push(doc.content, true);
      }
      zip.end();
      await done;
    });
  }

  private uiLanguageOf(row: ReminderRow): 'de' | 'fr' | 'it' | 'en' {
    return ReminderSnapshot.parse(JSON.parse(row.snapshot)).language;
  }

  // Reading ------------------------------------------------------------------------------------

  private row(id: string): ReminderRow {
    const row = cached(this.db, 'SELECT * FROM reminders WHERE id = ?').get(id) as ReminderRow | undefined;
    if (!row) throw new AppError('not_found', `Reminder ${id} not found`);
    return row;
  }

  private toReminder(r: ReminderRow): Reminder {
    const s = ReminderSnapshot.parse(JSON.parse(r.snapshot));
    const deliveries = (cached(this.db, 'SELECT channel, outbox_id, to_address, created_at FROM reminder_deliveries WHERE reminder_id = ? ORDER BY created_at, rowid').all(r.id) as
      { channel: 'email' | 'post'; outbox_id: string | null; to_address: string; created_at: string }[])
      .map((d) => {
        if (d.channel === 'post' || !d.outbox_id) return { channel: d.channel, to: d.to_address, at: d.created_at, state: 'printed' };
        const entry = this.deps.mail.outboxEntry(d.outbox_id);
        return { channel: d.channel, to: d.to_address, at: entry.at, state: entry.state };
      });
    const doc = this.deps.invoices.archived(r.document_id);
    return {
      id: r.id, invoiceId: r.invoice_id, invoiceNumber: s.invoice.number, patientId: r.patient_id, patientName: s.patientName, practiceId: r.practice_id,
      level: r.level, title: s.title, date: r.date, dueDate: r.due_date, feeMinor: r.fee_minor, interestMinor: r.interest_minor, totalMinor: r.total_minor,
      currency: s.currency, fileName: doc.fileName, deliveries, createdAt: r.created_at,
    };
  }

  reminder(id: string): Reminder {
    return this.toReminder(this.row(id));
  }

  list(q: { offset: number; limit: number }): { total: number; items: Reminder[] } {
    const total = (cached(this.db, 'SELECT count(*) AS n FROM reminders').get() as { n: number }).n;
    const rows = cached(this.db, 'SELECT * FROM reminders ORDER BY date DESC, created_at DESC, rowid DESC LIMIT ? OFFSET ?').all(q.limit, q.offset) as ReminderRow[];
    return { total, items: rows.map((r) => this.toReminder(r)) };
  }

  forInvoice(invoiceId: string) {
    const receivable = this.deps.invoices.receivable(invoiceId);
    const reminders = (cached(this.db, 'SELECT * FROM reminders WHERE invoice_id = ? ORDER BY level').all(invoiceId) as ReminderRow[]).map((r) => this.toReminder(r));
    const handover = cached(this.db, 'SELECT invoice_id AS invoiceId, date, note, created_at AS createdAt FROM collection_handovers WHERE invoice_id = ?').get(invoiceId) as
      | { invoiceId: string; date: string; note: string; createdAt: string }
      | undefined;
    const open = receivable.status === 'issued' && this.deps.payments.account(invoiceId).openMinor > 0;
    const last = this.deps.settings.fields(receivable.practiceId).levels.length;
    return { reminders, handover: handover ?? null, canHandOver: !handover && open && reminders.some((r) => r.level >= last) };
  }

  pdf(id: string): { fileName: string; content: Buffer } {
    const doc = this.deps.invoices.archived(this.row(id).document_id);
    return { fileName: doc.fileName, content: doc.content };
  }

  /** The highest level sent per invoice (for the open items). */
  levels(): Map<string, number> {
    const rows = cached(this.db, 'SELECT invoice_id, max(level) AS level FROM reminders GROUP BY invoice_id').all() as { invoice_id: string; level: number }[];
    return new Map(rows.map((r) => [r.invoice_id, r.level]));
  }

  handOver(invoiceId: string, date: string, note: string) {
    const state = this.forInvoice(invoiceId);
    if (state.handover) throw new AppError('reminders.handed_over', 'The invoice was handed over already');
    if (this.deps.payments.account(invoiceId).openMinor <= 0) throw new AppError('reminders.not_open', 'Nothing is open on the invoice');
    if (!state.canHandOver) throw new AppError('reminders.not_after_last_level', 'Only after the last reminder level');
    const now = this.deps.clock.now().toISOString();
    cached(this.db, 'INSERT INTO collection_handovers (invoice_id, date, note, created_at) VALUES (?, ?, ?, ?)').run(invoiceId, date, note, now);
    this.changed();
    return { invoiceId, date, note, createdAt: now };
  }

  private changed(): void {
    this.deps.events.emit({ type: 'changed', methods: ['reminders.', 'payments.openItems', 'mail.'] });
  }
}
