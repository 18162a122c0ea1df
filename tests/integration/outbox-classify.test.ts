/**
 * classifySendFailure, branch by branch, with errors shaped as nodemailer 10 makes them (code,
 * originalCode, responseCode, response, command): what is retried, what fails for good, and what is
 * uncertain. The real-server tests (mail-send-retry, outbox-crash) show the same paths end to end.
 */
import { describe, expect, it } from 'vitest';
import { classifySendFailure, pauseEnd } from '../../src/main/mail/sendOutcome.js';

const endpoint = { host: 'smtp.praxis-test.ch', port: 465, security: 'tls' as const };
const before = { endpoint, bodyStarted: false };
const after = { endpoint, bodyStarted: true };

function smtpError(fields: Record<string, unknown>): Error {
  return Object.assign(new Error(String(fields.response ?? fields.code ?? 'error')), fields);
}

describe('the server answered: its reply decides, whatever the phase', () => {
  it.each([
    ['451 at RCPT', { code: 'EENVELOPE', responseCode: 451, command: 'RCPT TO', response: '451 4.3.0 Try again later' }, 'temporary', 'mail.server_busy'],
    ['452 at RCPT', { code: 'EENVELOPE', responseCode: 452, command: 'RCPT TO', response: '452 4.2.2 Mailbox full' }, 'temporary', 'mail.server_busy'],
    ['451 after the body', { code: 'EMESSAGE', responseCode: 451, command: 'DATA', response: '451 4.7.1 Greylisted' }, 'temporary', 'mail.server_busy'],
    ['421 closing mid-session', { code: 'ECONNECTION', responseCode: 421, command: 'CONN', response: '421 4.4.2 Timeout' }, 'temporary', 'mail.server_busy'],
    ['454 temporary auth failure', { code: 'EAUTH', responseCode: 454, command: 'AUTH PLAIN', response: '454 4.7.0 Temporary authentication failure' }, 'temporary', 'mail.server_busy'],
    ['550 unknown recipient', { code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO', response: '550 5.1.1 User unknown' }, 'permanent', 'mail.recipient_rejected'],
    ['553 bad recipient', { code: 'EENVELOPE', responseCode: 553, command: 'RCPT TO', response: '553 5.1.3 Bad recipient address syntax' }, 'permanent', 'mail.recipient_rejected'],
    ['554 relay denied (no login)', { code: 'EENVELOPE', responseCode: 554, command: 'RCPT TO', response: '554 5.7.1 Relay access denied' }, 'permanent', 'mail.auth_required_not_configured'],
    ['552 after the body', { code: 'EMESSAGE', responseCode: 552, command: 'DATA', response: '552 5.3.4 Message size exceeds fixed limit' }, 'permanent', 'mail.message_rejected'],
    ['554 spam after the body', { code: 'EMESSAGE', responseCode: 554, command: 'DATA', response: '554 5.7.1 Message rejected as spam' }, 'permanent', 'mail.message_rejected'],
    ['553 sender refused', { code: 'EENVELOPE', responseCode: 553, command: 'MAIL FROM', response: '553 5.7.1 Sender address rejected: not owned by user' }, 'permanent', 'mail.sender_rejected'],
    ['535 login refused', { code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN', response: '535 5.7.8 Authentication failed' }, 'permanent', 'mail.auth_failed'],
  ])('%s', (_what, fields, kind, code) => {
    for (const ctx of [before, after]) expect(classifySendFailure(smtpError(fields), ctx)).toMatchObject({ kind, code });
  });
});

describe('a provider\'s sending limit: neither retried as a failure nor failed, the profile pauses', () => {
  it.each([
    ['Gmail\'s daily limit at MAIL FROM', { code: 'EENVELOPE', responseCode: 550, command: 'MAIL FROM', response: '550 5.4.5 Daily user sending limit exceeded.' }, 'daily', 'mail.limit_daily'],
    ['Microsoft\'s submission quota after the body', { code: 'EMESSAGE', responseCode: 554, command: 'DATA', response: '554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException; Failed to process message' }, 'daily', 'mail.limit_daily'],
    ['too many recipients per minute', { code: 'EENVELOPE', responseCode: 451, command: 'RCPT TO', response: '451 4.7.1 Too many recipients per minute' }, 'rate', 'mail.limit_rate'],
    ['Gmail\'s try again later (the connection closes)', { code: 'EENVELOPE', responseCode: 421, command: 'MAIL FROM', response: '421 4.7.0 Try again later, closing connection. (MAIL)' }, 'busy', 'mail.limit_busy'],
  ])('%s', (_what, fields, limit, code) => {
    for (const ctx of [before, after]) expect(classifySendFailure(smtpError(fields), ctx)).toMatchObject({ kind: 'limit', limit, code });
  });

  it('a daily limit pauses until the next 08:00 on this machine\'s clock, the others for minutes', () => {
    const local = (y: number, m: number, d: number, h: number, min = 0) => new Date(y, m - 1, d, h, min);
    expect(pauseEnd('daily', local(2026, 11, 23, 14, 30))).toEqual(local(2026, 11, 24, 8));
    expect(pauseEnd('daily', local(2026, 11, 23, 6, 0))).toEqual(local(2026, 11, 23, 8));
    expect(pauseEnd('daily', local(2026, 11, 23, 8, 0))).toEqual(local(2026, 11, 24, 8));
    expect(pauseEnd('daily', local(2026, 12, 31, 22, 0))).toEqual(local(2027, 1, 1, 8));
    expect(pauseEnd('rate', local(2026, 11, 23, 14, 30))).toEqual(local(2026, 11, 23, 14, 32));
    expect(pauseEnd('busy', local(2026, 11, 23, 14, 30))).toEqual(local(2026, 11, 23, 14, 45));
  });
});

describe('no answer', () => {
  it.each([
    ['connection refused', { code: 'ESOCKET', originalCode: 'ECONNREFUSED', command: 'CONN' }, 'mail.connection_refused'],
    ['connection lost', { code: 'ECONNECTION', command: 'CONN', message: 'Connection closed unexpectedly' }, 'mail.unknown'],
    ['reset', { code: 'ESOCKET', originalCode: 'ECONNRESET', command: 'CONN' }, 'mail.unknown'],
    ['socket timeout', { code: 'ETIMEDOUT', command: 'CONN', timeoutType: 'SOCKET_TIMEOUT' }, 'mail.timeout'],
    ['DNS down (offline laptop)', { code: 'EDNS', originalCode: 'EAI_AGAIN', command: 'CONN' }, 'mail.host_not_found'],
  ])('before the body went out, %s is temporary', (_what, fields, code) => {
    expect(classifySendFailure(smtpError(fields), before)).toMatchObject({ kind: 'temporary', code });
  });

  it.each([
    ['connection lost', { code: 'ECONNECTION', command: 'CONN', message: 'Connection closed unexpectedly' }],
    ['reset', { code: 'ESOCKET', originalCode: 'ECONNRESET', command: 'CONN' }],
    ['socket timeout waiting for the answer', { code: 'ETIMEDOUT', command: 'CONN', timeoutType: 'SOCKET_TIMEOUT' }],
  ])('after the body started, %s is uncertain', (_what, fields) => {
    const r = classifySendFailure(smtpError(fields), after);
    expect(r).toMatchObject({ kind: 'uncertain', code: 'mail.delivery_uncertain' });
    expect(r.details).not.toBe('');
  });

  it.each([
    ['untrusted certificate', { code: 'ESOCKET', originalCode: 'SELF_SIGNED_CERT_IN_CHAIN', command: 'CONN' }, 'mail.cert_untrusted'],
    ['certificate for another host', { code: 'ESOCKET', originalCode: 'ERR_TLS_CERT_ALTNAME_INVALID', command: 'CONN' }, 'mail.cert_hostname_mismatch'],
    ['TLS on a STARTTLS port', { code: 'ESOCKET', originalCode: 'ERR_SSL_WRONG_VERSION_NUMBER', command: 'CONN' }, 'mail.tls_on_starttls_port'],
    ['no STARTTLS offered', { code: 'ETLS', command: 'STARTTLS' }, 'mail.starttls_unavailable'],
    ['missing credentials', { code: 'EAUTH', command: 'API', message: 'Missing credentials for "PLAIN"' }, 'mail.no_password'],
  ])('a setting problem (%s) is permanent: retrying gives the same answer', (_what, fields, code) => {
    expect(classifySendFailure(smtpError(fields), before)).toMatchObject({ kind: 'permanent', code });
  });

  it('keeps the password out of the details', () => {
    const r = classifySendFailure(smtpError({ code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN', response: '535 bad password Geheim-123' }), { ...before, secret: 'Geheim-123' });
    expect(r.details).not.toContain('Geheim-123');
  });
});
