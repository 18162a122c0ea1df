/**
 * Owns the outbox tables (outbox, outbox_batches, mail_pauses): every state change of a send is one small
 * synchronous statement or transaction here, committed before the next step happens (synchronous=FULL),
 * so after a crash the table says exactly how far each message got. The transitions themselves are
 * guarded in SQL (`WHERE state = ...`): a row cancelled while the worker was connecting is not
 * marked 'sending' afterwards. States: src/shared/mail/outbox.ts.
 *
 * A pause (a provider's sending limit) is kept in the rows themselves: every queued row of the
 * profile is due no earlier than the pause's end, and a row queued for the profile meanwhile too.
 * So the worker's question "what is due next" stays one index read, and the queue goes on by itself.
 */
import type { BatchStatus, MailPause, OutboxEntry } from '../../shared/contract/mail.js';
import { AppError } from '../../shared/errors.js';
import type { MailErrorCode } from '../../shared/mail/errorCodes.js';
import { activeOutboxStates, outboxStates, type OutboxState, type PauseKind, type UncertainAction } from '../../shared/mail/outbox.js';
import type { Clock } from '../platform/clock.js';
import { newId } from '../platform/ids.js';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../platform/db/open.js';
import { cached } from '../platform/db/statements.js';

export interface OutboxRow {
  id: string; invoice_id: string; batch_id: string | null; position: number; profile_id: string | null; from_name: string;
  from_address: string; reply_to: string; bcc: string; to_address: string; subject: string; body: string;
  attachment_name: string; attachment_sha256: string; message_id: string; state: OutboxState; attempts: number;
  next_attempt_at: string | null; error_code: string | null; error_details: string | null; server_response: string | null;
  resolution: UncertainAction | null; created_at: string; updated_at: string; sending_at: string | null; sent_at: string | null;
}

type EntryRow = OutboxRow & { invoice_number: string | null };

/** The send profile as the worker's checks saw it: the claim refuses a row whose profile changed since. */
export interface CheckedProfile {
  profileId: string;
  /** mail_profiles.updated_at */
  profileVersion: string;
}

/** A message the server accepted: its row becomes 'sent' with the server's answer. */
export interface SentMessage {
  id: string;
  serverResponse: string;
}

/** A message to commit: everything that will go out, fixed now. */
export interface NewOutboxMessage {
  invoiceId: string;
  profileId: string;
  fromName: string;
  fromAddress: string;
  replyTo: string;
  bcc: string;
  to: string;
  subject: string;
  body: string;
  attachmentName: string;
  attachmentSha256: string;
  messageId: string;
}

/** A provider's sending limit on a profile, as the worker found it. */
export interface NewPause {
  profileId: string;
  kind: PauseKind;
  until: Date;
  code: MailErrorCode;
  details: string;
}

interface PauseRow {
  profile_id: string; kind: PauseKind; until: string; error_code: string; error_details: string; paused_at: string;
  profile_name: string; host: string; queued: number;
}

const activeList = activeOutboxStates.map((s) => `'${s}'`).join(', ');
const selectEntry = 'SELECT o.*, i.number AS invoice_number FROM outbox o JOIN invoices i ON i.id = o.invoice_id';

export function toEntry(r: EntryRow): OutboxEntry {
  return {
    outboxId: r.id,
    invoiceId: r.invoice_id,
    invoiceNumber: r.invoice_number ?? '',
    batchId: r.batch_id,
    state: r.state,
    at: r.state === 'sent' && r.sent_at ? r.sent_at : r.updated_at,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    to: r.to_address,
    from: r.from_address,
    subject: r.subject,
    attachmentName: r.attachment_name,
    messageId: r.message_id,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    serverResponse: r.server_response,
    resolution: r.resolution,
    ...(r.error_code ? { error: { code: r.error_code as MailErrorCode, details: r.error_details ?? '' } } : {}),
  };
}

function isActiveSendConflict(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e.code === 'SQLITE_CONSTRAINT_UNIQUE' && /outbox\.invoice_id/.test(e.message ?? '');
}

export class OutboxStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    /** Called after every committed change of a row or batch (the screens and bulk-send jobs follow it). */
    private readonly onChange: () => void = () => {},
    /** The provider's name for a server (the pause banner says "Das Tageslimit von Gmail"). */
    private readonly providerName: (host: string) => string | null = () => null,
  ) {}

  /** Tells whoever follows the outbox that it changed; passes `value` through. */
  private changed<T>(value: T): T {
    this.onChange();
    return value;
  }

  /** Prepared once: a bulk send runs the same few statements for every message. */
  private stmt(sql: string): Statement {
    return cached(this.db, sql);
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  // Enqueue ------------------------------------------------------------------------------------

  /** Invoices among `ids` that have a live send (queued, sending, uncertain). */
  activeInvoiceIds(ids: readonly string[]): Set<string> {
    const out = new Set<string>();
    const stmt = this.stmt(`SELECT 1 FROM outbox WHERE invoice_id = ? AND state IN (${activeList}) LIMIT 1`);
    for (const id of ids) if (stmt.get(id)) out.add(id);
    return out;
  }

  /**
   * Commits the messages as queued rows, due now (or when their profile's pause ends), in one transaction; with `batch` they form a new
   * batch in the given order. `stillSendable` is asked inside the transaction (the invoice may have
   * been cancelled while the messages were prepared): a message it refuses is not queued. Returns the ids of
   * the queued rows, in order; a live send of the same invoice refuses the whole call.
   */
  enqueue(
    messages: readonly NewOutboxMessage[],
    options: { batch: boolean; stillSendable: (invoiceId: string) => boolean },
  ): { batchId: string | null; ids: string[]; refused: string[] } {
    const now = this.now();
    const insert = this.stmt(
      `INSERT INTO outbox (id, invoice_id, batch_id, position, profile_id, from_name, from_address, reply_to, bcc, to_address,
         subject, body, attachment_name, attachment_sha256, message_id, state, attempts, next_attempt_at, created_at, updated_at)
       VALUES (@id, @invoiceId, @batchId, @position, @profileId, @fromName, @fromAddress, @replyTo, @bcc, @to,
         @subject, @body, @attachmentName, @attachmentSha256, @messageId, 'queued', 0,
         coalesce((SELECT until FROM mail_pauses WHERE profile_id = @profileId AND until > @now), @now), @now, @now)`,
    );
    try {
      const queued = this.db.transaction(() => {
        const batchId = options.batch ? newId() : null;
        if (batchId) this.stmt('INSERT INTO outbox_batches (id, created_at) VALUES (?, ?)').run(batchId, now);
        const ids: string[] = [];
        const refused: string[] = [];
        messages.forEach((m, position) => {
          if (!options.stillSendable(m.invoiceId)) {
            refused.push(m.invoiceId);
            return;
          }
          if (this.activeInvoiceIds([m.invoiceId]).size > 0) {
            if (!batchId) throw new AppError('mail.send_in_progress', `Invoice ${m.invoiceId} already has a live send`);
            refused.push(m.invoiceId);
            return;
          }
          const id = newId();
          insert.run({ ...m, id, batchId, position, now });
          ids.push(id);
        });
        return { batchId, ids, refused };
      }).immediate();
      return this.changed(queued);
    } catch (err) {
      // The partial unique index is the backstop for the check above.
      if (isActiveSendConflict(err)) throw new AppError('mail.send_in_progress', 'The invoice already has a live send');
      throw err;
    }
  }

  // The worker's transitions -------------------------------------------------------------------

  row(id: string): OutboxRow {
    const row = this.stmt('SELECT * FROM outbox WHERE id = ?').get(id) as OutboxRow | undefined;
    if (!row) throw new AppError('not_found', `Outbox entry ${id} not found`);
    return row;
  }

  /**
   * The queued row that is due first, if any; ties in the order they were queued. The partial index
   * answers this without sorting (the planner alone picks outbox_state and sorts every queued row).
   */
  nextDue(): OutboxRow | undefined {
    return this.stmt(
      `SELECT * FROM outbox INDEXED BY outbox_due WHERE state = 'queued' AND next_attempt_at <= ?
       ORDER BY next_attempt_at, created_at, position, rowid LIMIT 1`,
    )
      .get(this.now()) as OutboxRow | undefined;
  }

  /** When the next queued row falls due (ISO), or null when nothing is queued. */
  nextDueAt(): string | null {
    const r = this.stmt(`SELECT min(next_attempt_at) AS at FROM outbox WHERE state = 'queued'`).get() as { at: string | null };
    return r.at;
  }

  /**
   * queued -> sending, before the message is handed to SMTP; committed, and with synchronous=FULL on
   * disk, when this returns. false: the row was no longer queued, its invoice no longer issued
   * (cancelled meanwhile), or its send profile changed or deleted since `checked` was read.
   */
  claimForSending(id: string, checked: CheckedProfile): boolean {
    const now = this.now();
    return this.changed(this.stmt(`UPDATE outbox SET state = 'sending', attempts = attempts + 1, next_attempt_at = NULL, sending_at = @now, updated_at = @now
                      WHERE id = @id AND state = 'queued' AND profile_id = @profileId
                        AND EXISTS (SELECT 1 FROM invoices WHERE id = outbox.invoice_id AND status = 'issued')
                        AND EXISTS (SELECT 1 FROM mail_profiles WHERE id = @profileId AND updated_at = @profileVersion)`)
      .run({ now, id, profileId: checked.profileId, profileVersion: checked.profileVersion }).changes === 1);
  }

  /** sending -> sent, with the server's answer. */
  markSent(sent: SentMessage): void {
    const now = this.now();
    this.stmt(`UPDATE outbox SET state = 'sent', sent_at = ?, server_response = ?, error_code = NULL, error_details = NULL, updated_at = ?
               WHERE id = ? AND state = 'sending'`)
      .run(now, sent.serverResponse, now, sent.id);
    this.changed(null);
  }

  /** queued or sending -> failed: the server refused, or a check before sending failed. */
  markFailed(id: string, code: MailErrorCode, details: string): void {
    this.stmt(`UPDATE outbox SET state = 'failed', next_attempt_at = NULL, error_code = ?, error_details = ?, updated_at = ?
                WHERE id = ? AND state IN ('queued', 'sending')`)
      .run(code, details, this.now(), id);
    this.changed(null);
  }

  /** sending -> queued after a temporary failure, due again at `at`; the reason stays visible meanwhile. */
  requeue(id: string, at: Date, code: MailErrorCode, details: string): void {
    this.stmt(`UPDATE outbox SET state = 'queued', next_attempt_at = ?, error_code = ?, error_details = ?, updated_at = ?
                WHERE id = ? AND state = 'sending'`)
      .run(at.toISOString(), code, details, this.now(), id);
    this.changed(null);
  }

  /**
   * queued -> queued, due later: connecting or logging in failed for a passing reason (server down,
   * no network) before anything was handed over. Counts as an attempt.
   */
  postpone(id: string, at: Date, code: MailErrorCode, details: string): void {
    this.stmt(`UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, error_code = ?, error_details = ?, updated_at = ?
                WHERE id = ? AND state = 'queued'`)
      .run(at.toISOString(), code, details, this.now(), id);
    this.changed(null);
  }

  /** sending -> uncertain: the message may have arrived. Never resent without the user. */
  markUncertain(id: string, code: MailErrorCode, details: string): void {
    this.stmt(`UPDATE outbox SET state = 'uncertain', error_code = ?, error_details = ?, updated_at = ? WHERE id = ? AND state = 'sending'`)
      .run(code, details, this.now(), id);
    this.changed(null);
  }

  /**
   * At worker start: rows left in 'sending' by a process that stopped mid-send become 'uncertain'.
   * Whether the server got them cannot be known from here, so they wait for the user's decision.
   */
  recoverInterrupted(): number {
    return this.changed(this.stmt(`UPDATE outbox SET state = 'uncertain', error_code = 'mail.delivery_uncertain',
                  error_details = 'Arnika stopped while this message was being handed to the mail server.', updated_at = ?
                WHERE state = 'sending'`)
      .run(this.now()).changes);
  }

  // Sending limits ---------------------------------------------------------------------------------

  /**
   * The provider refused more mail for now: the profile pauses until `pause.until`. The row that met
   * the limit goes back to 'queued' (from 'sending', or stays queued when the refusal came at login),
   * without counting the attempt, and it and every other queued row of the profile are due then.
   */
  pauseProfile(rowId: string, pause: NewPause): void {
    const now = this.now();
    const until = pause.until.toISOString();
    this.db.transaction(() => {
      this.stmt(`INSERT INTO mail_pauses (profile_id, kind, until, error_code, error_details, paused_at)
                 VALUES (@profileId, @kind, @until, @code, @details, @now)
                 ON CONFLICT (profile_id) DO UPDATE SET kind = excluded.kind, until = excluded.until, error_code = excluded.error_code,
                   error_details = excluded.error_details, paused_at = excluded.paused_at`)
        .run({ profileId: pause.profileId, kind: pause.kind, until, code: pause.code, details: pause.details, now });
      this.stmt(`UPDATE outbox SET state = 'queued', attempts = attempts - (CASE WHEN state = 'sending' THEN 1 ELSE 0 END),
                   next_attempt_at = @until, error_code = @code, error_details = @details, updated_at = @now
                 WHERE id = @id AND state IN ('queued', 'sending')`)
        .run({ id: rowId, until, code: pause.code, details: pause.details, now });
      this.stmt(`UPDATE outbox SET next_attempt_at = @until WHERE profile_id = @profileId AND state = 'queued' AND next_attempt_at < @until`)
        .run({ profileId: pause.profileId, until });
    }).immediate();
    this.changed(null);
  }

  /** The profile's pause, also one whose end has passed (until it is cleared), or undefined. */
  hasPause(profileId: string): boolean {
    return this.stmt('SELECT 1 FROM mail_pauses WHERE profile_id = ?').get(profileId) !== undefined;
  }

  /** A message went out through the profile after its pause: the pause is over. */
  clearPause(profileId: string): void {
    if (this.stmt('DELETE FROM mail_pauses WHERE profile_id = ? AND until <= ?').run(profileId, this.now()).changes > 0) this.changed(null);
  }

  /** Pauses still in force, with how many messages of each profile wait. */
  pauses(profileId?: string): MailPause[] {
    const rows = this.stmt(
      `SELECT p.*, m.name AS profile_name, m.host AS host,
         (SELECT count(*) FROM outbox o WHERE o.profile_id = p.profile_id AND o.state = 'queued') AS queued
       FROM mail_pauses p JOIN mail_profiles m ON m.id = p.profile_id
       WHERE p.until > @now AND (@profileId IS NULL OR p.profile_id = @profileId) ORDER BY p.until, p.profile_id`,
    ).all({ now: this.now(), profileId: profileId ?? null }) as PauseRow[];
    return rows.map((r) => ({
      profileId: r.profile_id,
      profileName: r.profile_name,
      providerName: this.providerName(r.host),
      kind: r.kind,
      until: r.until,
      queued: r.queued,
      error: { code: r.error_code as MailErrorCode, details: r.error_details },
    }));
  }

  /** "Jetzt fortsetzen": the pause ends now and the profile's queued messages are due at once. */
  resumeProfile(profileId: string): number {
    const now = this.now();
    const resumed = this.db.transaction(() => {
      this.stmt('DELETE FROM mail_pauses WHERE profile_id = ?').run(profileId);
      return this.stmt(`UPDATE outbox SET next_attempt_at = @now WHERE profile_id = @profileId AND state = 'queued' AND next_attempt_at > @now`)
        .run({ profileId, now }).changes;
    }).immediate();
    return this.changed(resumed);
  }

  /** Cancels every message still queued for the profile, and its pause. */
  cancelProfileQueue(profileId: string): number {
    const now = this.now();
    const cancelled = this.db.transaction(() => {
      this.stmt('DELETE FROM mail_pauses WHERE profile_id = ?').run(profileId);
      return this.stmt(`UPDATE outbox SET state = 'cancelled', next_attempt_at = NULL, updated_at = ? WHERE profile_id = ? AND state = 'queued'`)
        .run(now, profileId).changes;
    }).immediate();
    return this.changed(cancelled);
  }

  // The user's actions -------------------------------------------------------------------------

  cancel(id: string): OutboxEntry {
    const row = this.row(id);
    const changed = this.stmt(`UPDATE outbox SET state = 'cancelled', next_attempt_at = NULL, updated_at = ? WHERE id = ? AND state = 'queued'`)
      .run(this.now(), row.id).changes;
    if (changed === 0) throw new AppError('mail.outbox_not_queued', `Outbox entry ${id} is ${row.state}, not queued`);
    this.changed(null);
    return this.entry(id);
  }

  resolveUncertain(id: string, action: UncertainAction): OutboxEntry {
    const row = this.row(id);
    const now = this.now();
    const sql = {
      // Same row, same Message-ID: a recipient's mail program may recognise a copy it already has.
      resend: `UPDATE outbox SET state = 'queued', attempts = 0, next_attempt_at = @now, resolution = 'resend', updated_at = @now
               WHERE id = @id AND state = 'uncertain'`,
      mark_sent: `UPDATE outbox SET state = 'sent', sent_at = @now, resolution = 'mark_sent', error_code = NULL, error_details = NULL, updated_at = @now
                  WHERE id = @id AND state = 'uncertain'`,
      discard: `UPDATE outbox SET state = 'cancelled', resolution = 'discard', updated_at = @now WHERE id = @id AND state = 'uncertain'`,
    }[action];
    if (this.stmt(sql).run({ id: row.id, now }).changes === 0) {
      throw new AppError('mail.outbox_not_uncertain', `Outbox entry ${id} is ${row.state}, not uncertain`);
    }
    this.changed(null);
    return this.entry(id);
  }

  /** Cancels what is still queued in the batch; the message being handed over now finishes. */
  cancelBatch(batchId: string): BatchStatus {
    this.requireBatch(batchId);
    const now = this.now();
    this.db.transaction(() => {
      this.stmt('UPDATE outbox_batches SET cancelled_at = coalesce(cancelled_at, ?) WHERE id = ?').run(now, batchId);
      this.stmt(`UPDATE outbox SET state = 'cancelled', next_attempt_at = NULL, updated_at = ? WHERE batch_id = ? AND state = 'queued'`)
        .run(now, batchId);
    })();
    this.changed(null);
    return this.batch(batchId);
  }

  // Reading ------------------------------------------------------------------------------------

  entry(id: string): OutboxEntry {
    const row = this.stmt(`${selectEntry} WHERE o.id = ?`).get(id) as EntryRow | undefined;
    if (!row) throw new AppError('not_found', `Outbox entry ${id} not found`);
    return toEntry(row);
  }

  /** Every send of the invoice, oldest first. */
  history(invoiceId: string): OutboxEntry[] {
    const rows = this.stmt(`${selectEntry} WHERE o.invoice_id = ? ORDER BY o.created_at, o.position, o.rowid`).all(invoiceId) as EntryRow[];
    return rows.map(toEntry);
  }

  sendStatus(invoiceIds: readonly string[]) {
    const latest = this.stmt('SELECT state FROM outbox WHERE invoice_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1');
    const lastSent = this.stmt(
      `SELECT sent_at, to_address, (SELECT count(*) FROM outbox WHERE invoice_id = @id AND state = 'sent') AS n
       FROM outbox WHERE invoice_id = @id AND state = 'sent' ORDER BY sent_at DESC, rowid DESC LIMIT 1`,
    );
    return invoiceIds.map((invoiceId) => {
      const last = latest.get(invoiceId) as { state: OutboxState } | undefined;
      const sent = lastSent.get({ id: invoiceId }) as { sent_at: string; to_address: string; n: number } | undefined;
      return {
        invoiceId,
        sent: sent !== undefined,
        lastSentAt: sent?.sent_at ?? null,
        lastTo: sent?.to_address ?? null,
        state: last?.state ?? null,
        sendCount: sent?.n ?? 0,
      };
    });
  }

  private requireBatch(batchId: string): { id: string; created_at: string; cancelled_at: string | null } {
    const batch = this.stmt('SELECT * FROM outbox_batches WHERE id = ?').get(batchId) as
      | { id: string; created_at: string; cancelled_at: string | null }
      | undefined;
    if (!batch) throw new AppError('not_found', `Mail batch ${batchId} not found`);
    return batch;
  }

  batch(batchId: string): BatchStatus {
    const batch = this.requireBatch(batchId);
    const rows = this.stmt(`${selectEntry} WHERE o.batch_id = ? ORDER BY o.position`).all(batchId) as EntryRow[];
    const counts = Object.fromEntries(outboxStates.map((s) => [s, 0])) as Record<OutboxState, number>;
    for (const r of rows) counts[r.state]++;
    const waiting = rows.find((r) => r.state === 'queued' && r.profile_id !== null);
    return {
      batchId,
      createdAt: batch.created_at,
      cancelledAt: batch.cancelled_at,
      total: rows.length,
      ...counts,
      done: counts.queued === 0 && counts.sending === 0,
      pause: waiting ? (this.pauses(waiting.profile_id!)[0] ?? null) : null,
      items: rows.map((r) => {
        const e = toEntry(r);
        return { outboxId: e.outboxId, invoiceId: e.invoiceId, invoiceNumber: e.invoiceNumber, to: e.to, state: e.state, ...(e.error ? { error: e.error } : {}) };
      }),
    };
  }

  /** Newest first. Default: everything that needs an eye (queued, sending, failed, uncertain). */
  list(states: readonly OutboxState[] = ['queued', 'sending', 'failed', 'uncertain'], limit = 100): OutboxEntry[] {
    const marks = states.map(() => '?').join(', ');
    const rows = this.db.prepare(`${selectEntry} WHERE o.state IN (${marks}) ORDER BY o.updated_at DESC, o.rowid DESC LIMIT ?`)
      .all(...states, limit) as EntryRow[];
    return rows.map(toEntry);
  }
}

/**
 * For a restored backup (src/main/backup), before it goes live: mail that was queued or being sent
 * when the backup was taken may have gone out since, so it is never sent again by itself. After a
 * restore it waits for the user's decision ('uncertain'); on a second workstation it is the main
 * computer's business and is cancelled (with what was already waiting for a decision).
 */
export function adoptRestoredOutbox(db: Db, now: string, options: { secondWorkstation: boolean }): number {
  if (options.secondWorkstation) {
    return db.prepare(`UPDATE outbox SET state = 'cancelled', next_attempt_at = NULL, updated_at = ? WHERE state IN ('queued', 'sending', 'uncertain')`).run(now).changes;
  }
  return db.prepare(`UPDATE outbox SET state = 'uncertain', next_attempt_at = NULL, error_code = 'mail.delivery_uncertain',
                       error_details = 'Restored from a backup: this message may have been sent after the backup was made.', updated_at = ?
                     WHERE state IN ('queued', 'sending')`).run(now).changes;
}
