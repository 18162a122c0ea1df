/**
 * Decides what a failed hand-over means for an outbox row: try again later (temporary), give up
 * (permanent), or "we cannot know whether it arrived" (uncertain). The sentence for the user comes
 * from classifySmtpError; this adds the two questions that matter for never losing and never
 * doubling a message:
 *
 * - Did the server answer? A 4xx/5xx reply is the server's word that it did not take the message
 *   (4xx: try later; 5xx: it never will), whatever the phase.
 * - Without an answer: had the message body started to go out (the server had said 354 to DATA)?
 *   If not, nothing can have been delivered and a lost/refused/timed-out connection is worth another
 *   try. If it had, the server may have the whole message and only its "250 OK" got lost: uncertain.
 *
 * - Is it a provider's sending limit (a daily quota, too many per minute, "try again later")? Then
 *   the message was refused for now, not for good, and neither was anything else of the profile's
 *   queue: 'limit', and the queue pauses (outboxWorker) instead of spending attempts.
 *
 * Pure; tests/integration/outbox-classify.test.ts covers each branch.
 */
import type { MailErrorCode } from '../../shared/mail/errorCodes.js';
import type { PauseKind } from '../../shared/mail/outbox.js';
import { classifySmtpError, sendingLimitOf, type FailureContext } from './classify.js';

export type SendFailureKind = 'temporary' | 'permanent' | 'uncertain' | 'limit';

export interface SendFailure {
  kind: SendFailureKind;
  code: MailErrorCode;
  details: string;
  /** For 'limit': which one. */
  limit?: PauseKind;
}

/**
 * When a profile paused by a sending limit tries again: a daily quota at the next 08:00 on this
 * machine's clock (the providers count a rolling day; a morning start is what a practice expects,
 * and a limit still in force then only pauses it again), too many per minute after 2 minutes,
 * "try again later" after a quarter of an hour.
 */
export function pauseEnd(kind: PauseKind, now: Date): Date {
  if (kind === 'rate') return new Date(now.getTime() + 2 * 60_000);
  if (kind === 'busy') return new Date(now.getTime() + 15 * 60_000);
  const next = new Date(now);
  next.setHours(8, 0, 0, 0);
  if (next.getTime() <= now.getTime()) next.setDate(next.getDate() + 1);
  return next;
}

/** nodemailer's (and the system's) codes for "the connection did not work out", as opposed to a refusal. */
const connectionCodes = new Set([
  'ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS', 'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'EHOSTUNREACH',
  'ENETUNREACH', 'ENETDOWN', 'EHOSTDOWN', 'EADDRNOTAVAIL', 'EAI_AGAIN', 'ENOTFOUND', 'ETIMEOUT',
]);

/** Connection failures that are a setting or certificate problem: another try gives the same answer. */
const settingProblems = new Set<MailErrorCode>([
  'mail.cert_untrusted', 'mail.cert_hostname_mismatch', 'mail.cert_expired', 'mail.tls_on_starttls_port', 'mail.starttls_unavailable',
]);

interface ErrorFields {
  code?: unknown;
  originalCode?: unknown;
  responseCode?: unknown;
  command?: unknown;
}

export function classifySendFailure(err: unknown, ctx: FailureContext & { bodyStarted: boolean }): SendFailure {
  const e: ErrorFields = typeof err === 'object' && err !== null ? (err as ErrorFields) : {};
  const c = classifySmtpError(err, ctx);
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : 0;
  const command = typeof e.command === 'string' ? e.command.toUpperCase() : '';

  const limit = sendingLimitOf(err);
  if (limit) return { kind: 'limit', limit, code: c.code, details: c.details };

  if (responseCode >= 400 && responseCode < 600) {
    let code = c.code;
    if (responseCode >= 500 && (code === 'mail.unknown' || code === 'mail.server_busy')) {
      if (command === 'RCPT TO') code = 'mail.recipient_rejected';
      else if (command === 'DATA') code = 'mail.message_rejected';
    }
    return { kind: responseCode < 500 ? 'temporary' : 'permanent', code, details: c.details };
  }

  if (ctx.bodyStarted) return { kind: 'uncertain', code: 'mail.delivery_uncertain', details: c.details };

  const codes = [e.code, e.originalCode].filter((v): v is string => typeof v === 'string');
  if (codes.some((x) => connectionCodes.has(x)) && !settingProblems.has(c.code)) {
    return { kind: 'temporary', code: c.code, details: c.details };
  }
  return { kind: 'permanent', code: c.code, details: c.details };
}
