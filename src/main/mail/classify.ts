/**
 * Turns an SMTP failure into a stable mail.* code plus the server's own words. Reads what nodemailer
 * 10 puts on its errors: `code` (its own: EAUTH, ESOCKET, ETIMEDOUT...), `originalCode` (the system's
 * or OpenSSL's: ECONNREFUSED, DEPTH_ZERO_SELF_SIGNED_CERT...), `responseCode`, `response`, `command`
 * and `timeoutType`. Messages are matched only where providers put the decisive part in the text
 * (Microsoft's 5.7.139, Google's 5.7.9). Pure: tests/unit/mail-classify.test.ts covers every branch.
 */
import type { MailSecurity } from '../../shared/contract/mail.js';
import type { MailErrorCode } from '../../shared/mail/errorCodes.js';
import type { MailProviderEntry } from './providers.js';
import type { SmtpEndpoint } from './transport.js';

export interface ClassifiedFailure {
  code: MailErrorCode;
  details: string;
  suggestion: { port: number; security: MailSecurity } | null;
}

export interface FailureContext {
  endpoint: SmtpEndpoint;
  /** The provider running the host, if known: a refused login there may mean "app password needed". */
  provider?: MailProviderEntry | undefined;
  /** Removed from the details should a server ever echo it. */
  secret?: string | null | undefined;
  /** The failure came while connecting (up to the server's greeting and EHLO), before any login. */
  connecting?: boolean | undefined;
}

interface SmtpErrorLike {
  code?: unknown;
  originalCode?: unknown;
  responseCode?: unknown;
  response?: unknown;
  command?: unknown;
  message?: unknown;
  timeoutType?: unknown;
  cause?: unknown;
}

const dnsCodes = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'ENODATA', 'ESERVFAIL', 'EBADNAME', 'ETIMEOUT']);
const unreachableCodes = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EHOSTDOWN', 'EADDRNOTAVAIL']);
const untrustedCodes = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_UNTRUSTED', 'CERT_REJECTED', 'CERT_SIGNATURE_FAILURE', 'INVALID_CA',
]);
const expiredCodes = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
// What OpenSSL says when the first bytes it reads are not TLS (a plain "220 ..." greeting).
const notTlsCodes = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_UNKNOWN_PROTOCOL', 'ERR_SSL_HTTP_REQUEST']);

const suggestStarttls = { port: 587, security: 'starttls' } as const;
const suggestTls = { port: 465, security: 'tls' } as const;

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/**
 * A provider's sending limit, as opposed to a refusal of this one message: the account may not send
 * more now, and will again later. 'daily': a quota per day (Gmail's 550 5.4.5 "Daily user sending
 * limit exceeded", Microsoft's 554 5.2.0 SubmissionQuotaExceededException); 'rate': too many
 * messages or recipients in a short time (per minute); 'busy': Gmail's 421 4.7.0 "Try again later,
 * closing connection".
 */
export type SendingLimit = 'daily' | 'rate' | 'busy';

export function sendingLimitOf(err: unknown): SendingLimit | null {
  const e: SmtpErrorLike = typeof err === 'object' && err !== null ? (err as SmtpErrorLike) : {};
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : 0;
  if (responseCode < 400 || responseCode >= 600) return null;
  const text = `${str(e.response)}\n${str(e.message)}`;
  if (/SubmissionQuotaExceeded|\b5\.4\.5\b|daily (user )?sending (limit|quota)|sending (limit|quota) exceeded|daily (message |recipient )?(limit|quota)/i.test(text)) {
    return 'daily';
  }
  if (/too many (messages|mails|e-?mails|recipients)|message submission rate|sender thread limit|rate limit|ratelimit|per minute|slow down/i.test(text)) {
    return 'rate';
  }
  if (responseCode === 421 && /\b4\.7\.0\b/.test(text) && /try again later/i.test(text)) return 'busy';
  return null;
}

const limitCodes: Record<SendingLimit, MailErrorCode> = { daily: 'mail.limit_daily', rate: 'mail.limit_rate', busy: 'mail.limit_busy' };

export function classifySmtpError(err: unknown, ctx: FailureContext): ClassifiedFailure {
  const e: SmtpErrorLike = typeof err === 'object' && err !== null ? (err as SmtpErrorLike) : { message: String(err) };
  const code = str(e.code);
  const cause = typeof e.cause === 'object' && e.cause !== null ? (e.cause as SmtpErrorLike) : undefined;
  const codes = new Set([code, str(e.originalCode), str(cause?.code)].filter((c) => c !== ''));
  const hasCode = (set: Set<string>) => [...codes].some((c) => set.has(c));
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : 0;
  const command = str(e.command).toUpperCase();
  const response = str(e.response);
  const text = `${response}\n${str(e.message)}`;
  const security = ctx.endpoint.security;

  const result = (c: MailErrorCode, suggestion: ClassifiedFailure['suggestion'] = null): ClassifiedFailure => ({
    code: c,
    details: details(e, err, ctx.secret),
    suggestion,
  });

  // Reaching the server.
  if (code === 'EDNS' || hasCode(dnsCodes)) return result('mail.host_not_found');
  if (codes.has('ECONNREFUSED')) return result('mail.connection_refused');
  if (hasCode(unreachableCodes)) return result('mail.network_unreachable');

  // Certificates: checked before the protocol rules, a refused certificate ends the handshake either way.
  if (codes.has('ERR_TLS_CERT_ALTNAME_INVALID') || /does not match certificate's altnames/i.test(text)) {
    return result('mail.cert_hostname_mismatch');
  }
  if (hasCode(expiredCodes) || /certificate has expired|certificate is not yet valid/i.test(text)) return result('mail.cert_expired');
  if (hasCode(untrustedCodes) || /self[- ]signed certificate|unable to verify the first certificate|unable to get local issuer/i.test(text)) {
    return result('mail.cert_untrusted');
  }

  // SSL/TLS chosen where the server greets in plain text (587, 25): OpenSSL reads "220 ..." as a record.
  if (hasCode(notTlsCodes) || /wrong version number|packet length too long|unknown protocol/i.test(text)) {
    return security === 'tls' ? result('mail.tls_on_starttls_port', suggestStarttls) : result('mail.unknown');
  }

  // STARTTLS (or nothing) on an implicit-TLS port: the server waits for a TLS handshake, we for a greeting.
  if (code === 'ETIMEDOUT' || codes.has('ETIMEDOUT')) {
    if (e.timeoutType === 'GREETING_TIMEOUT' && security === 'starttls') return result('mail.starttls_on_tls_port', suggestTls);
    return result('mail.timeout');
  }
  if (code === 'ECONNECTION' && command === 'CONN' && responseCode === 0 && security === 'starttls' && ctx.endpoint.port === 465) {
    return result('mail.starttls_on_tls_port', suggestTls);
  }
  // The server took the connection and closed it without a word (a firewall or virus scanner that
  // blocks mail ports does this, as does a port where no mail server answers). With implicit TLS
  // the same shows as the socket closing during the handshake. Later in a session the same error
  // is a connection lost, which says nothing about the settings.
  if (ctx.connecting && responseCode === 0 && (
    (code === 'ECONNECTION' && /closed unexpectedly/i.test(text)) ||
    codes.has('ECONNRESET') || /socket disconnected before secure TLS connection/i.test(text))) {
    return result('mail.connection_closed');
  }

  // The server offers no STARTTLS (or refuses it), and requireTLS stops before anything is sent in clear.
  if ((code === 'ETLS' && command === 'STARTTLS') || (command === 'EHLO' && /STARTTLS/i.test(text))) {
    return result('mail.starttls_unavailable', security === 'starttls' ? suggestTls : null);
  }

  const limit = sendingLimitOf(err);
  if (limit) return result(limitCodes[limit]);

  // Provider policies that arrive as login failures (or, after Microsoft's final switch-off, at MAIL FROM).
  if (/\b5\.7\.139\b|basic authentication is disabled|SmtpClientAuthentication is disabled|\b5\.7\.30\b|basic authentication is not supported/i.test(text)) {
    return result('mail.auth_basic_disabled');
  }
  if ((responseCode === 534 && /\b5\.7\.9\b/.test(text)) || /application-specific password/i.test(text)) {
    return result('mail.auth_app_password_required');
  }

  if (code === 'EAUTH' || command.startsWith('AUTH')) {
    if (command === 'API' && /missing credentials/i.test(text)) return result('mail.no_password');
    // 500/502/504: AUTH unknown; 503: AUTH not allowed here (no login offered on this port).
    if ([500, 502, 503, 504].includes(responseCode)) return result('mail.auth_unsupported');
    // 454 4.7.0 "temporary authentication failure", 421: try again later, the password may well be right.
    if (responseCode >= 400 && responseCode < 500) return result('mail.server_busy');
    if (ctx.provider?.needsAppPassword === 'yes') return result('mail.auth_app_password_required');
    return result('mail.auth_failed');
  }

  if (code === 'ENOAUTH') return result('mail.auth_required_not_configured');
  // 530 5.7.0 "Authentication required", Exchange's 530 5.7.57 "Client was not authenticated",
  // Postfix's 554 5.7.1 "Relay access denied" at RCPT for a client that did not log in.
  if (responseCode === 530 || /authentication required|not authenticated/i.test(response) || (command === 'RCPT TO' && /relay/i.test(response))) {
    return result('mail.auth_required_not_configured');
  }
  // The account may not send as this address: Microsoft's 550 5.7.60 "does not have permissions to
  // send as this sender" (at the end of DATA), Postfix's 553 5.7.1 "not owned by user", GMX's
  // "Sender address is not allowed" (at MAIL FROM).
  if ((command === 'MAIL FROM' && responseCode >= 550) || /\b5\.7\.60\b|send as this sender|SendAsDenied|not owned by user|sender address (is )?not allowed/i.test(response)) {
    return result('mail.sender_rejected');
  }
  if (responseCode >= 400 && responseCode < 500) return result('mail.server_busy');
  return result('mail.unknown');
}

/** The server's own words (or the system's), then the technical codes, for the details line. */
function details(e: SmtpErrorLike, raw: unknown, secret: string | null | undefined): string {
  const words = (str(e.response) || str(e.message) || String(raw)).trim();
  const tech = [str(e.code), str(e.originalCode) !== str(e.code) ? str(e.originalCode) : '', str(e.command)].filter((s) => s !== '');
  let out = tech.length > 0 ? `${words} [${tech.join(', ')}]` : words;
  if (secret) out = out.split(secret).join('***');
  return out.length > 1000 ? `${out.slice(0, 999)}…` : out;
}
