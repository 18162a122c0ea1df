/**
 * The outbox worker: takes queued rows one at a time, oldest due first, and hands them to the
 * profile's SMTP server. The order of commits is what makes it safe:
 *
 *   checks (invoice still issued, profile and password, the archived PDF with the pinned hash)
 *   -> the message composed from the row and that PDF
 *   -> connect and log in (a failure here leaves the row queued: nothing was handed over)
 *   -> commit 'sending' (synchronous=FULL: on disk when the commit returns)
 *   -> SMTP MAIL/RCPT/DATA and the body -> the server's OK -> commit 'sent'
 *
 * A crash anywhere between 'sending' and 'sent' leaves 'sending', which start() turns into
 * 'uncertain': the user decides (resend, mark as sent, discard); nothing is resent by itself. The
 * claim re-checks in SQL that the row is still queued, its invoice still issued and its send profile
 * unchanged (the checks before it may be a connect and a login old).
 * Temporary failures (4xx, connection lost/refused/timed out before the body went out) go back to
 * 'queued' with a backoff until maxAttempts; permanent ones become 'failed' with the reason.
 * A provider's sending limit (Gmail's daily limit, Microsoft's submission quota, too many per
 * minute) fails nothing: the profile's queue pauses (the store keeps its rows due at the pause's
 * end), the worker's timer wakes it then, and the first message that goes out ends the pause.
 *
 * The password is opened from the SecretBox only here, when a message is checked (once per run of
 * sessions: openedPasswords), and lives in memory only as long as the sessions (closed, and the
 * passwords forgotten, when the queue runs dry or the worker stops). Nothing here logs it.
 * Clock, backoff and SMTP timeouts are injected; processNext()/drain() let tests drive it step by step.
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import type { MailErrorCode } from '../../shared/mail/errorCodes.js';
import type { OutboxState } from '../../shared/mail/outbox.js';
import { AppError } from '../../shared/errors.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/log.js';
import { sha256Hex } from '../platform/hash.js';
import type { OutboxRow, OutboxStore } from './outboxStore.js';
import type { MailProfiles, OpenedPasswords } from './profiles.js';
import { providerBySmtpHost } from './providers.js';
import { classifySendFailure, pauseEnd, type SendFailure } from './sendOutcome.js';
import { SmtpConnectError, SmtpSendError, SmtpSession, type SmtpAccepted } from './smtpSession.js';
import { productTimeouts, type SmtpCredentials, type SmtpEndpoint, type SmtpTimeouts } from './transport.js';

/** What the worker needs from the invoices domain. */
export interface InvoiceDocuments {
  status(invoiceId: string): 'draft' | 'issued' | 'cancelled';
  /** The archived document of the invoice with exactly this hash, or null. */
  documentWithHash(invoiceId: string, sha256: string): { content: Buffer } | null;
  /** The invoice document; one issued before the archive existed is archived now (rendered once). */
  document(invoiceId: string, kind: 'invoice'): Promise<{ content: Buffer }>;
}

export interface OutboxWorkerOptions {
  /** Wait after the 1st, 2nd, 3rd... temporary failure (the last value repeats). Default 30 s, 2 min, 10 min. */
  backoffMs?: readonly number[];
  /** Hand-overs before a temporarily failing message counts as failed. Default: one more than backoffMs has entries. */
  maxAttempts?: number;
  smtpTimeouts?: SmtpTimeouts;
}

export interface ProcessResult {
  outboxId: string;
  state: OutboxState;
  code?: MailErrorCode;
}

export const defaultBackoffMs = [30_000, 120_000, 600_000] as const;

/** A message that passed the checks, composed, with what its hand-over needs. */
interface Ready {
  row: OutboxRow;
  profileId: string;
  /** The profile's updated_at when it was read: the claim goes through only if it is unchanged. */
  profileVersion: string;
  endpoint: SmtpEndpoint;
  credentials: SmtpCredentials | null;
  password: string | null;
  /** The message as it goes out, byte for byte. */
  message: Buffer;
}

/** The longest the worker sleeps before looking at the queue again when something is scheduled. */
const maxSleepMs = 10 * 60_000;

export class OutboxWorker {
  private readonly backoffMs: readonly number[];
  private readonly maxAttempts: number;
  private readonly timeouts: SmtpTimeouts;
  private readonly sessions = new Map<string, SmtpSession>();
  private tail: Promise<unknown> = Promise.resolve();
  private started = false;
  private stopped = false;
  /** The database is about to close: no more writes, whatever is in flight. */
  private aborted = false;
  private looping = false;
  private lookAgain = false;
  private timer: NodeJS.Timeout | null = null;
  /** Passwords opened for the sessions; forgotten with them. */
  private readonly openedPasswords: OpenedPasswords = new Map();

  constructor(
    private readonly deps: {
      store: OutboxStore;
      profiles: MailProfiles;
      invoices: InvoiceDocuments;
      clock: Clock;
      log?: Logger | undefined;
    },
    options: OutboxWorkerOptions = {},
  ) {
    this.backoffMs = options.backoffMs && options.backoffMs.length > 0 ? options.backoffMs : defaultBackoffMs;
    this.maxAttempts = options.maxAttempts ?? this.backoffMs.length + 1;
    this.timeouts = options.smtpTimeouts ?? productTimeouts;
  }

  /**
   * App start: rows a previous process left in 'sending' become 'uncertain' (before anything else
   * runs), then the queue is worked off in the background.
   */
  start(): void {
    if (this.started) return;
    this.started = true;
    const recovered = this.deps.store.recoverInterrupted();
    if (recovered > 0) this.deps.log?.info('outbox.interrupted_marked_uncertain', { count: recovered });
    this.kick();
  }

  /** Something was queued (or became due): look at the queue soon. No-op unless started. */
  kick(): void {
    if (!this.started || this.stopped) return;
    if (this.looping) {
      this.lookAgain = true;
      return;
    }
    this.clearTimer();
    void this.loop();
  }

  private async loop(): Promise<void> {
    this.looping = true;
    let failed = false;
    try {
      do {
        this.lookAgain = false;
        while (!this.stopped && (await this.processNext()) !== null) {
          // one message at a time
        }
      } while (this.lookAgain && !this.stopped);
    } catch (err) {
      failed = true;
      if (!this.aborted) this.deps.log?.error('outbox.worker_stopped', err);
    } finally {
      this.looping = false;
    }
    if (this.stopped) return;
    this.quitSessions();
    this.schedule(failed ? 5_000 : 0);
  }

  private schedule(minDelay: number): void {
    this.clearTimer();
    const at = this.deps.store.nextDueAt();
    if (at === null) return;
    const delay = Math.min(maxSleepMs, Math.max(minDelay, Date.parse(at) - this.deps.clock.now().getTime(), 0));
    this.timer = setTimeout(() => {
      this.timer = null;
      this.kick();
    }, delay);
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Runs `fn` after everything queued before it: one message at a time, whoever asks. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn);
    this.tail = run.catch(() => {});
    return run;
  }

  /** Processes the row that is due first. null: nothing is due (or the worker was stopped). */
  processNext(): Promise<ProcessResult | null> {
    return this.exclusive(async () => {
      if (this.stopped) return null;
      const row = this.deps.store.nextDue();
      if (!row) return null;
      try {
        const ready = await this.prepare(row);
        return 'state' in ready ? ready : await this.handOver(ready);
      } catch (err) {
        // The database is closing under us: leave the row as it is for the next start.
        if (this.aborted) return { outboxId: row.id, state: row.state };
        return this.unexpected(row, err);
      }
    });
  }

  /** Processes until nothing is due (rows waiting for a later retry stay queued). */
  async drain(): Promise<ProcessResult[]> {
    const results: ProcessResult[] = [];
    for (;;) {
      const r = await this.processNext();
      if (!r) return results;
      results.push(r);
    }
  }

  /**
   * A bug or a broken record must not block the queue (or loop on one row): a row not yet handed over
   * fails, one that may have been handed over becomes uncertain.
   */
  private unexpected(row: OutboxRow, err: unknown): ProcessResult {
    this.deps.log?.error('outbox.unexpected_error', err, { outboxId: row.id });
    const details = `Unexpected error: ${messageOf(err)}`;
    const state = this.deps.store.row(row.id).state;
    if (state === 'sending') {
      this.deps.store.markUncertain(row.id, 'mail.delivery_uncertain', details);
      return { outboxId: row.id, state: 'uncertain', code: 'mail.delivery_uncertain' };
    }
    if (state === 'queued') return this.fail(row, 'mail.unknown', details);
    return { outboxId: row.id, state };
  }

  private fail(row: OutboxRow, code: MailErrorCode, details: string): ProcessResult {
    this.deps.store.markFailed(row.id, code, details);
    this.deps.log?.info('outbox.failed', { outboxId: row.id, code });
    return { outboxId: row.id, state: 'failed', code };
  }

  /**
   * The checks that need no network, the archived PDF and the composed message. Their failures are
   * permanent (retrying gives the same answer) and are committed here.
   */
  private async prepare(row: OutboxRow): Promise<Ready | ProcessResult> {
    const status = this.deps.invoices.status(row.invoice_id);
    if (status !== 'issued') return this.fail(row, status === 'cancelled' ? 'mail.invoice_cancelled' : 'mail.invoice_not_issued', `The invoice is ${status}.`);
    if (row.profile_id === null) return this.fail(row, 'mail.no_profile', 'The send profile of this message was deleted.');
    let opened;
    try {
      opened = this.deps.profiles.withPassword(row.profile_id, this.openedPasswords);
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found') return this.fail(row, 'mail.no_profile', 'The send profile of this message was deleted.');
      throw err;
    }
    const { profile, password } = opened;
    if (profile.authMethod === 'password' && (password === null || password === '')) {
      return this.fail(row, 'mail.no_password', 'No password is stored for the send profile.');
    }
    const pdf = await this.pinnedDocument(row);
    if (this.aborted) return { outboxId: row.id, state: 'queued' };
    const actual = sha256Hex(pdf);
    if (actual !== row.attachment_sha256) {
      return this.fail(row, 'mail.attachment_changed', `PDF sha256 at enqueue ${row.attachment_sha256}, now ${actual}.`);
    }
    let message: Buffer;
    try {
      message = await this.compose(row, pdf);
    } catch (err) {
      return this.fail(row, 'mail.unknown', `The message could not be composed, so it was not sent: ${messageOf(err)}`);
    }
    return {
      row, profileId: profile.id, profileVersion: profile.updatedAt, password, message,
      endpoint: { host: profile.host, port: profile.port, security: profile.security },
      credentials: profile.authMethod === 'password' ? { user: profile.username, pass: password! } : null,
    };
  }

  /**
   * The PDF the row pinned: the archived document with that hash. A row queued before documents were
   * archived pinned the hash of a render: the invoice's document is archived now and must match it.
   */
  private async pinnedDocument(row: OutboxRow): Promise<Buffer> {
    const archived = this.deps.invoices.documentWithHash(row.invoice_id, row.attachment_sha256);
    if (archived) return archived.content;
    return (await this.deps.invoices.document(row.invoice_id, 'invoice')).content;
  }

  /** `rechecked`: the checks ran again because the claim refused what they had found. */
  private async handOver(ready: Ready, rechecked = false): Promise<ProcessResult> {
    const { row, profileId, endpoint, credentials, password } = ready;
    // Connect and log in. Nothing is handed over yet: a failure leaves the row queued.
    const session = this.sessionFor(profileId, endpoint, credentials);
    try {
      await session.ready();
    } catch (err) {
      this.dropSession(profileId);
      if (this.aborted) return { outboxId: row.id, state: 'queued' };
      const connecting = err instanceof SmtpConnectError;
      const cause = connecting ? err.cause : err;
      return this.afterFailure(row, classifySendFailure(cause, { ...this.failureContext(endpoint, password, false), connecting }), false, profileId);
    }
    if (this.aborted) {
      session.close();
      return { outboxId: row.id, state: 'queued' };
    }
    // Commit 'sending' before a byte of the message goes out. A row cancelled meanwhile, whose invoice
    // was cancelled or whose send profile was changed or deleted, is not claimed.
    let claimed: boolean;
    try {
      claimed = this.deps.store.claimForSending(row.id, { profileId, profileVersion: ready.profileVersion });
    } catch (err) {
      return this.fail(row, 'mail.unknown', `The outbox could not be written to disk, so the message was not sent: ${messageOf(err)}`);
    }
    if (!claimed) {
      // Still queued: the invoice or the profile changed after the checks ran. The checks run again
      // on what is there now (a cancelled invoice or a deleted profile fails, changed settings are used).
      const current = this.deps.store.row(row.id);
      if (current.state !== 'queued' || rechecked) return { outboxId: row.id, state: current.state };
      const again = await this.prepare(current);
      return 'state' in again ? again : this.handOver(again, true);
    }
    const envelope = { from: row.from_address, to: row.bcc ? [row.to_address, row.bcc] : [row.to_address] };
    let accepted: SmtpAccepted;
    try {
      accepted = await session.send(envelope, ready.message);
    } catch (err) {
      this.dropSession(profileId);
      const failure = err instanceof SmtpSendError ? err : new SmtpSendError(err, true);
      if (this.aborted) return { outboxId: row.id, state: 'sending' };
      return this.afterFailure(row, classifySendFailure(failure.cause, this.failureContext(endpoint, password, failure.bodyStarted)), true, profileId);
    }
    // After an abort the database is closing: the row stays 'sending' and becomes 'uncertain' at the next start.
    if (this.aborted) return { outboxId: row.id, state: 'sending' };

    // The blind copy to the sender may go through while the recipient was refused: that is no delivery.
    if (accepted.rejected.includes(row.to_address)) {
      const refusal = accepted.rejectedErrors.find((e) => (e as { recipient?: unknown }).recipient === row.to_address) ?? accepted.rejectedErrors[0];
      return this.afterFailure(row, classifySendFailure(refusal ?? { responseCode: 550, command: 'RCPT TO' }, this.failureContext(endpoint, password, false)), true, profileId);
    }
    this.deps.store.markSent({ id: row.id, serverResponse: accepted.response });
    // It went out: the profile works as it is set up, and a pause it had is over.
    this.deps.profiles.markWorking(profileId, ready.profileVersion, this.deps.clock.now().toISOString());
    if (this.deps.store.hasPause(profileId)) this.deps.store.clearPause(profileId);
    return { outboxId: row.id, state: 'sent' };
  }

  private failureContext(endpoint: SmtpEndpoint, password: string | null, bodyStarted: boolean) {
    return { endpoint, provider: providerBySmtpHost(endpoint.host), secret: password, bodyStarted };
  }

  /** `handedOver`: the row is in 'sending' (false: the connection failed before that commit). */
  private afterFailure(row: OutboxRow, failure: SendFailure, handedOver: boolean, profileId: string): ProcessResult {
    const { store, log } = this.deps;
    if (failure.kind === 'limit' && failure.limit) {
      const until = pauseEnd(failure.limit, this.deps.clock.now());
      store.pauseProfile(row.id, { profileId, kind: failure.limit, until, code: failure.code, details: failure.details });
      log?.info('outbox.profile_paused', { outboxId: row.id, profileId, kind: failure.limit, until: until.toISOString() });
      return { outboxId: row.id, state: 'queued', code: failure.code };
    }
    if (failure.kind === 'uncertain') {
      store.markUncertain(row.id, failure.code, failure.details);
      log?.info('outbox.uncertain', { outboxId: row.id, code: failure.code });
      return { outboxId: row.id, state: 'uncertain', code: failure.code };
    }
    const attempts = row.attempts + 1;
    if (failure.kind === 'temporary' && attempts < this.maxAttempts) {
      const wait = this.backoffMs[Math.min(attempts - 1, this.backoffMs.length - 1)]!;
      const at = new Date(this.deps.clock.now().getTime() + wait);
      if (handedOver) store.requeue(row.id, at, failure.code, failure.details);
      else store.postpone(row.id, at, failure.code, failure.details);
      log?.info('outbox.temporary_failure', { outboxId: row.id, code: failure.code, attempt: attempts, of: this.maxAttempts, next: at.toISOString() });
      return { outboxId: row.id, state: 'queued', code: failure.code };
    }
    const details = failure.kind === 'temporary' ? `${failure.details} (gave up after ${attempts} attempts)` : failure.details;
    return this.fail(row, failure.code, details);
  }

  /** The message exactly as committed, with the PDF that passed the hash check. */
  private compose(row: OutboxRow, pdf: Buffer): Promise<Buffer> {
    const composer = new MailComposer({
      from: row.from_name ? { name: row.from_name, address: row.from_address } : row.from_address,
      to: row.to_address,
      ...(row.reply_to ? { replyTo: row.reply_to } : {}),
      subject: row.subject,
      text: row.body,
      messageId: row.message_id,
      date: this.deps.clock.now(),
      attachments: [{ filename: row.attachment_name, content: pdf, contentType: 'application/pdf' }],
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    return new Promise<Buffer>((resolve, reject) => composer.compile().build((err, bytes) => (err ? reject(err) : resolve(bytes))));
  }

  private sessionFor(profileId: string, endpoint: SmtpEndpoint, credentials: SmtpCredentials | null): SmtpSession {
    const existing = this.sessions.get(profileId);
    if (existing && existing.matches(endpoint, credentials)) return existing;
    existing?.close();
    const session = new SmtpSession(endpoint, credentials, this.timeouts);
    this.sessions.set(profileId, session);
    return session;
  }

  private dropSession(profileId: string): void {
    this.sessions.get(profileId)?.close();
    this.sessions.delete(profileId);
  }

  /** The queue ran dry: say goodbye to the servers and forget the passwords. */
  private quitSessions(): void {
    for (const s of this.sessions.values()) s.quit();
    this.sessions.clear();
    this.openedPasswords.clear();
  }

  /**
   * Clean stop for app close: takes nothing new, lets the message being handed over finish (bounded
   * by the SMTP timeouts) and commits its outcome, then closes the connections.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimer();
    await this.tail;
    this.quitSessions();
  }

  /**
   * Immediate stop before the database closes: drops the connections at once. A message in the
   * middle of its hand-over stays 'sending' and is 'uncertain' at the next start.
   */
  stopNow(): void {
    this.stopped = true;
    this.aborted = true;
    this.clearTimer();
    for (const s of this.sessions.values()) s.close();
    this.sessions.clear();
    this.openedPasswords.clear();
  }
}

/** An error's own words, for a row's details. */
function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
