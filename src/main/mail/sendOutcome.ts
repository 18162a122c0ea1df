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
 * Pure; tests/integration/outbox-classify.test.ts covers each branch.
 */
import type { MailErrorCode } from '../../shared/mail/errorCodes.js';
import { classifySmtpError, type FailureContext } from './classify.js';

export type SendFailureKind = 'temporary' | 'permanent' | 'uncertain';

export interface SendFailure {
  kind: SendFailureKind;
  code: MailErrorCode;
  details: string;
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
