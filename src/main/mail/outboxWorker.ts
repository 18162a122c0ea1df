/**
 * The outbox worker: takes queued rows one at a time, oldest due first, and hands them to the
 * profile's SMTP server. The order of commits is what makes it safe:
 *
 *   checks (invoice still issued, profile and password, PDF re-rendered with the pinned hash)
 *   -> composing the message from the row and that PDF starts
 *   -> connect and log in (a failure here leaves the row queued: nothing was handed over)
 *   -> commit 'sending'  -> SMTP MAIL/RCPT/DATA, then the body once composed (a failure to compose
 *      fails the row: the end of the data never went out), while that commit is synced to disk
 *   -> end of data, once it is on disk  -> server's OK  -> commit 'sent' (synced with the next 'sending')
 *
 * In a bulk send, 'sent' is committed in the same transaction as the next message's 'sending' (one
 * commit per message). It waits only through synchronous checks for that: before anything that takes
 * a while (rendering a PDF, connecting) or when the queue runs dry, it is committed on its own. And
 * the next message is checked and composed while the current one is on its way (peek), so after the
 * server's OK the next claim follows at once, and its bytes are ready when the server asks for them.
 * The claim itself re-checks in SQL that the row is still queued, its invoice still issued and its
 * send profile unchanged.
 *
 * A crash anywhere between 'sending' and 'sent' leaves 'sending', which start() turns into
 * 'uncertain': the user decides (resend, mark as sent, discard); nothing is resent by itself. A power
 * cut may lose a 'sending' that is not yet on disk, but then the end of the data had not gone out
 * either, so the server accepted nothing and sending it again is right.
 * (src/main/db/durability.ts has the two kinds of commit.)
 * Temporary failures (4xx, connection lost/refused/timed out before the body went out) go back to
 * 'queued' with a backoff until maxAttempts; permanent ones become 'failed' with the reason.
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
import type { Clock } from '../app/clock.js';
import type { Logger } from '../app/log.js';
import { pdfSha256 } from './invoiceMail.js';
import type { OutboxRow, OutboxStore, SentMessage } from './outboxStore.js';
import type { MailProfiles, OpenedPasswords } from './profiles.js';
import { providerBySmtpHost } from './providers.js';
import { classifySendFailure, type SendFailure } from './sendOutcome.js';
import { SmtpSendError, SmtpSession, type EndOfDataGate, type MessageBytes, type SmtpAccepted } from './smtpSession.js';
import { productTimeouts, type SmtpCredentials, type SmtpEndpoint, type SmtpTimeouts } from './transport.js';

/** What the worker needs from the invoices domain. */
export interface InvoiceDocuments {
  status(invoiceId: string): 'draft' | 'issued' | 'cancelled';
  /** The PDF of the invoice in that state if it is at hand without rendering, else null. */
  cachedDocument(invoiceId: string, status: 'issued'): Buffer | null;
  pdf(invoiceId: string): Promise<{ fileName: string; content: Buffer }>;
}

/**
 * TEST HOOKS ONLY. They let the crash tests stop a real worker at exact points; the app never sets
 * them (createApp passes through what its caller gives, and no product caller gives any).
 */
export interface OutboxTestHooks {
  /** After the server accepted the message (250) and before 'sent' is committed. */
  afterSmtpOk?: (outboxId: string) => Promise<void> | void;
}

export interface OutboxWorkerOptions {
  /** Wait after the 1st, 2nd, 3rd... temporary failure (the last value repeats). Default 30 s, 2 min, 10 min. */
  backoffMs?: readonly number[];
  /** Hand-overs before a temporarily failing message counts as failed. Default: one more than backoffMs has entries. */
  maxAttempts?: number;
  smtpTimeouts?: SmtpTimeouts;
  testHooks?: OutboxTestHooks;
}

export interface ProcessResult {
  outboxId: string;
  state: OutboxState;
  code?: MailErrorCode;
}

export const defaultBackoffMs = [30_000, 120_000, 600_000] as const;

/** A message that passed the checks, with what its hand-over needs. */
interface Ready {
  row: OutboxRow;
  profileId: string;
  /** The profile's updated_at when it was read: the claim goes through only if it is unchanged. */
  profileVersion: string;
  endpoint: SmtpEndpoint;
  credentials: SmtpCredentials | null;
  password: string | null;
  /** The message composed from the row and the checked PDF, as it will go out (composing started when the checks passed). */
  message: Promise<MessageBytes>;
}

/** What the checks found: everything but the message, and the PDF if it was at hand (null: it must be rendered). */
type Checked = Omit<Ready, 'message'> & { pdf: Buffer | null };

/** Why a message cannot go (a permanent failure). */
interface Refusal {
  code: MailErrorCode;
  details: string;
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
  /** The server accepted this message; its 'sent' goes in with the next claim (or flushSent). */
  private pendingSent: SentMessage | null = null;
  /** The next message, checked while the current one was on its way (peek). */
  private ahead: Ready | null = null;
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
    private readonly options: OutboxWorkerOptions = {},
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
        while (!this.stopped && (await this.next(true)) !== null) {
          // one message at a time
        }
      } while (this.lookAgain && !this.stopped);
    } catch (err) {
      failed = true;
      this.ahead = null;
      if (!this.aborted) {
        this.deps.log?.error('outbox.worker_stopped', err);
        this.flushSentQuietly();
      }
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
    return this.next(false);
  }

  /**
   * `bulk`: the caller goes on with the next message at once, so a 'sent' may wait for the next
   * claim, and the next message is checked while this one is on its way.
   */
  private next(bulk: boolean): Promise<ProcessResult | null> {
    return this.exclusive(async () => {
      const ahead = this.ahead;
      this.ahead = null;
      if (this.stopped) return null;
      const row = ahead?.row ?? this.deps.store.nextDue();
      if (!row) {
        this.flushSent();
        return null;
      }
      let result: ProcessResult;
      try {
        result = await this.deliver(row, ahead, bulk);
      } catch (err) {
        // The database is closing under us: leave the row as it is for the next start.
        if (this.aborted) return { outboxId: row.id, state: row.state };
        result = this.unexpected(row, err);
      }
      if (!bulk && !this.aborted) this.flushSent();
      return result;
    });
  }

  /** Commits a 'sent' still waiting for the next claim. */
  private flushSent(): void {
    const sent = this.pendingSent;
    if (!sent) return;
    this.deps.store.markSent(sent);
    this.pendingSent = null;
  }

  /** On the way out of an error or a stop: a 'sent' that cannot be committed stays 'sending' (uncertain at the next start). */
  private flushSentQuietly(): void {
    try {
      this.flushSent();
    } catch (err) {
      this.deps.log?.error('outbox.sent_not_committed', err, { outboxId: this.pendingSent?.id });
      this.pendingSent = null;
    }
  }

  /**
   * A bug or a broken record must not block the queue (or loop on one row): a row not yet handed over
   * fails, one that may have been handed over becomes uncertain.
   */
  private unexpected(row: OutboxRow, err: unknown): ProcessResult {
    this.deps.log?.error('outbox.unexpected_error', err, { outboxId: row.id });
    this.flushSentQuietly();
    const details = `Unexpected error: ${messageOf(err)}`;
    const state = this.deps.store.row(row.id).state;
    if (state === 'sending') {
      this.deps.store.markUncertain(row.id, 'mail.delivery_uncertain', details);
      return { outboxId: row.id, state: 'uncertain', code: 'mail.delivery_uncertain' };
    }
    if (state === 'queued') return this.fail(row, 'mail.unknown', details);
    return { outboxId: row.id, state };
  }

  /** Processes until nothing is due (rows waiting for a later retry stay queued). */
  async drain(): Promise<ProcessResult[]> {
    const results: ProcessResult[] = [];
    for (;;) {
      const r = await this.next(true);
      if (!r) return results;
      results.push(r);
    }
  }

  private fail(row: OutboxRow, code: MailErrorCode, details: string): ProcessResult {
    this.deps.store.markFailed(row.id, code, details);
    this.deps.log?.info('outbox.failed', { outboxId: row.id, code });
    return { outboxId: row.id, state: 'failed', code };
  }

  /** Checks, then hands over. `ahead`: this row was already checked by peek(). */
  private async deliver(row: OutboxRow, ahead: Ready | null, lookAhead: boolean): Promise<ProcessResult> {
    const ready = ahead ?? (await this.prepare(row));
    if ('state' in ready) return ready;
    return this.handOver(ready, lookAhead);
  }

  /**
   * 1. The checks that need no network, read-only. Their failures are permanent: retrying gives the
   * same answer. `pdf` null: the PDF is not at hand and must be rendered.
   */
  private check(row: OutboxRow): Refusal | Checked {
    const status = this.invoiceStatus(row.invoice_id);
    if (status !== 'issued') return { code: status === 'cancelled' ? 'mail.invoice_cancelled' : 'mail.invoice_not_issued', details: `The invoice is ${status}.` };
    if (row.profile_id === null) return { code: 'mail.no_profile', details: 'The send profile of this message was deleted.' };
    let opened;
    try {
      opened = this.deps.profiles.withPassword(row.profile_id, this.openedPasswords);
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found') return { code: 'mail.no_profile', details: 'The send profile of this message was deleted.' };
      throw err;
    }
    const { profile, password } = opened;
    if (profile.authMethod === 'password' && (password === null || password === '')) {
      return { code: 'mail.no_password', details: 'No password is stored for the send profile.' };
    }
    const credentials: SmtpCredentials | null = profile.authMethod === 'password' ? { user: profile.username, pass: password! } : null;
    const endpoint: SmtpEndpoint = { host: profile.host, port: profile.port, security: profile.security };
    const pdf = this.deps.invoices.cachedDocument(row.invoice_id, status);
    if (pdf) {
      const changed = this.attachmentChanged(row, pdf);
      if (changed) return changed;
    }
    return { row, profileId: profile.id, profileVersion: profile.updatedAt, endpoint, credentials, password, pdf };
  }

  private attachmentChanged(row: OutboxRow, pdf: Buffer): Refusal | null {
    const actual = pdfSha256(pdf);
    return actual === row.attachment_sha256 ? null : { code: 'mail.attachment_changed', details: `PDF sha256 at enqueue ${row.attachment_sha256}, now ${actual}.` };
  }

  /** The checks, and the PDF rendered again when it is not at hand. A failure is committed here. */
  private async prepare(row: OutboxRow): Promise<Ready | ProcessResult> {
    const checked = this.check(row);
    if ('code' in checked) return this.fail(row, checked.code, checked.details);
    if (checked.pdf) return this.composed(checked, checked.pdf);
    // Rendering takes a while: the previous message's 'sent' does not wait for it.
    this.flushSent();
    let pdf: Buffer;
    try {
      pdf = (await this.deps.invoices.pdf(row.invoice_id)).content;
    } catch (err) {
      if (this.aborted) return { outboxId: row.id, state: 'queued' };
      return this.fail(row, 'mail.unknown', `The invoice PDF could not be rendered: ${messageOf(err)}`);
    }
    // Stopped while rendering: the row stays queued for the next start.
    if (this.aborted) return { outboxId: row.id, state: 'queued' };
    const changed = this.attachmentChanged(row, pdf);
    if (changed) return this.fail(row, changed.code, changed.details);
    return this.composed(checked, pdf);
  }

  /** Checked and with its PDF: composing the message starts now, to be ready by the hand-over. */
  private composed(checked: Checked, pdf: Buffer): Ready {
    const { pdf: _atHand, ...rest } = checked;
    return { ...rest, message: this.compose(checked.row, pdf) };
  }

  /**
   * The row due next, checked, if everything it needs is at hand (nothing is rendered or written
   * here): a bulk send checks the next message while the current one is on its way. Anything else
   * (a failed check, a PDF to render) is left to prepare() when its turn comes. The claim makes sure
   * the row is still queued and its invoice still issued.
   */
  private peek(): Ready | null {
    try {
      const row = this.deps.store.nextDue();
      if (!row) return null;
      const checked = this.check(row);
      return 'code' in checked || checked.pdf === null ? null : this.composed(checked, checked.pdf);
    } catch {
      // Not this message's problem: the next one meets the error again in its own turn.
      return null;
    }
  }

  /** `rechecked`: the checks ran again because the claim refused what peek() had checked. */
  private async handOver(ready: Ready, lookAhead: boolean, rechecked = false): Promise<ProcessResult> {
    const { row, profileId, endpoint, credentials, password } = ready;
    // 2. Connect and log in. Nothing is handed over yet: a failure leaves the row queued.
    const session = this.sessionFor(profileId, endpoint, credentials);
    // Connecting and logging in take round trips: the previous 'sent' does not wait for them.
    if (!session.isReady) this.flushSent();
    try {
      await session.ready();
    } catch (err) {
      this.dropSession(profileId);
      if (this.aborted) return { outboxId: row.id, state: 'queued' };
      return this.afterFailure(row, classifySendFailure(err, this.failureContext(endpoint, password, false)), false);
    }
    if (this.aborted) {
      session.close();
      return { outboxId: row.id, state: 'queued' };
    }
    // 3. Commit 'sending', then hand the message over while the commit is synced to disk; only the
    //    end of the data (on which the server accepts) waits for it. A row cancelled meanwhile, whose
    //    invoice was cancelled or whose send profile was changed or deleted, is not claimed.
    const claim = this.deps.store.claimForSending(row.id, { profileId, profileVersion: ready.profileVersion }, this.pendingSent);
    this.pendingSent = null;
    // Watched: handled also when the body is never asked for (recipient refused).
    const onDisk = watched(claim.durable.onDisk);
    const durable: EndOfDataGate = { isOpen: () => claim.durable.isOnDisk(), opened: onDisk.promise };
    if (!claim.claimed) {
      // Still queued: the invoice or the profile changed after the checks ran. The checks run again
      // on what is there now (a cancelled invoice or a deleted profile fails, changed settings are used).
      const current = this.deps.store.row(row.id);
      if (current.state !== 'queued' || rechecked) return { outboxId: row.id, state: current.state };
      const again = await this.prepare(current);
      return 'state' in again ? again : this.handOver(again, lookAhead, true);
    }
    // The message goes to the session still being composed (in a bulk send it started while the
    // previous one was on its way): the session waits for it only when the server asks for the body.
    const message = watched(ready.message);
    const envelope = { from: row.from_address, to: row.bcc ? [row.to_address, row.bcc] : [row.to_address] };
    const handedOver = session.send(envelope, message.promise, durable);
    // While this one is on its way (the envelope, the disk sync), check and compose the next.
    if (lookAhead && !this.stopped) this.ahead = this.peek();
    let accepted: SmtpAccepted;
    try {
      accepted = await handedOver;
    } catch (err) {
      this.dropSession(profileId);
      const failure = err instanceof SmtpSendError ? err : new SmtpSendError(err, true);
      if (this.aborted) return { outboxId: row.id, state: 'sending' };
      // Either way the end of the data never went out, so the server accepted nothing. Failed: the user can send again.
      if (message.failed()) {
        return this.fail(row, 'mail.unknown', `The message could not be composed, so it was not sent: ${messageOf(message.failure)}`);
      }
      if (onDisk.failed()) {
        return this.fail(row, 'mail.unknown', `The outbox could not be written to disk, so the message was not sent: ${messageOf(onDisk.failure)}`);
      }
      return this.afterFailure(row, classifySendFailure(failure.cause, this.failureContext(endpoint, password, failure.bodyStarted)), true);
    }

    // The blind copy to the sender may go through while the recipient was refused: that is no delivery.
    if (accepted.rejected.includes(row.to_address)) {
      if (this.aborted) return { outboxId: row.id, state: 'sending' };
      const refusal = accepted.rejectedErrors.find((e) => (e as { recipient?: unknown }).recipient === row.to_address) ?? accepted.rejectedErrors[0];
      return this.afterFailure(row, classifySendFailure(refusal ?? { responseCode: 550, command: 'RCPT TO' }, this.failureContext(endpoint, password, false)), true);
    }

    await this.options.testHooks?.afterSmtpOk?.(row.id);
    // After an abort the database is closing: the row stays 'sending' and becomes 'uncertain' at the next start.
    if (this.aborted) return { outboxId: row.id, state: 'sending' };
    this.pendingSent = { id: row.id, serverResponse: accepted.response };
    return { outboxId: row.id, state: 'sent' };
  }

  private invoiceStatus(invoiceId: string): 'draft' | 'issued' | 'cancelled' {
    return this.deps.invoices.status(invoiceId);
  }

  private failureContext(endpoint: SmtpEndpoint, password: string | null, bodyStarted: boolean) {
    return { endpoint, provider: providerBySmtpHost(endpoint.host), secret: password, bodyStarted };
  }

  /** `handedOver`: the row is in 'sending' (false: the connection failed before that commit). */
  private afterFailure(row: OutboxRow, failure: SendFailure, handedOver: boolean): ProcessResult {
    const { store, log } = this.deps;
    if (failure.kind === 'uncertain') {
      store.markUncertain(row.id, failure.code, failure.details);
      // The server's own words stay in the outbox row: they can name the recipient.
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

  /**
   * The message exactly as committed, with the PDF that passed the hash check. A message composed
   * ahead may never be sent (the worker stopped, the claim was refused): its failure is then nobody's.
   */
  private compose(row: OutboxRow, pdf: Buffer): Promise<MessageBytes> {
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
    const message = new Promise<MessageBytes>((resolve, reject) => composer.compile().build((err, bytes) => (err ? reject(err) : resolve(bytes))));
    message.catch(() => {});
    return message;
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
    this.ahead = null;
  }

  /**
   * Clean stop for app close: takes nothing new, lets the message being handed over finish (bounded
   * by the SMTP timeouts) and commits its outcome, then closes the connections.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.ahead = null;
    this.clearTimer();
    await this.tail;
    this.flushSentQuietly();
    this.quitSessions();
    this.deps.store.close();
  }

  /**
   * Immediate stop before the database closes: drops the connections at once. A message in the
   * middle of its hand-over stays 'sending' and is 'uncertain' at the next start.
   */
  stopNow(): void {
    this.stopped = true;
    this.aborted = true;
    this.ahead = null;
    this.clearTimer();
    for (const s of this.sessions.values()) s.close();
    this.sessions.clear();
    this.openedPasswords.clear();
    // The server accepted that one: say so while the database is still open.
    this.flushSentQuietly();
    this.deps.store.close();
  }
}

/** An error's own words, for a row's details. */
function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A promise and, once it rejected, why; handled even if nobody else ever waits for it. */
function watched<T>(promise: Promise<T>): { promise: Promise<T>; failed(): boolean; readonly failure: unknown } {
  const w = { promise, failure: undefined as unknown, rejected: false, failed: () => w.rejected };
  promise.catch((err: unknown) => {
    w.rejected = true;
    w.failure = err;
  });
  return w;
}
