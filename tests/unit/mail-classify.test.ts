/**
 * The failure classifier branch by branch, with error objects shaped like nodemailer 10's (the shapes
 * were taken from real failures against the test servers; the integration test makes most of them
 * real), plus the transport options every connection is built with, and the mail messages.
 */
import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../src/shared/errors.js';
import { catalogs, translate } from '../../src/shared/i18n/index.js';
import { mailErrorCodes } from '../../src/shared/mail/errorCodes.js';
import { classifySmtpError, sendingLimitOf } from '../../src/main/mail/classify.js';
import { providerById } from '../../src/main/mail/providers.js';
import { connectionOptions, productTimeouts, transportOptions, type SmtpEndpoint } from '../../src/main/mail/transport.js';

const tls: SmtpEndpoint = { host: 'smtp.example.ch', port: 465, security: 'tls' };
const starttls: SmtpEndpoint = { host: 'smtp.example.ch', port: 587, security: 'starttls' };
const code = (err: unknown, endpoint: SmtpEndpoint = tls, provider?: string) =>
  classifySmtpError(err, { endpoint, provider: provider ? providerById(provider) : undefined }).code;

const authError = (responseCode: number, response: string) => ({
  code: 'EAUTH', responseCode, response, command: 'AUTH PLAIN', message: `Invalid login: ${response}`,
});

describe('classifySmtpError', () => {
  it('reaching the server', () => {
    expect(code({ code: 'EDNS', originalCode: 'ENOTFOUND', command: 'CONN' })).toBe('mail.host_not_found');
    expect(code({ code: 'EDNS', originalCode: 'EAI_AGAIN', command: 'CONN' })).toBe('mail.host_not_found');
    expect(code({ code: 'ESOCKET', originalCode: 'ECONNREFUSED', command: 'CONN' })).toBe('mail.connection_refused');
    expect(code({ code: 'ESOCKET', originalCode: 'ENETUNREACH', command: 'CONN' })).toBe('mail.network_unreachable');
    expect(code({ code: 'ETIMEDOUT', timeoutType: 'CONNECT_TIMEOUT', command: 'CONN' })).toBe('mail.timeout');
    expect(code({ code: 'ETIMEDOUT', timeoutType: 'SOCKET_TIMEOUT', command: 'CONN' }, starttls)).toBe('mail.timeout');
  });

  it('ports and encryption, with a suggestion', () => {
    const wrongVersion = { code: 'ESOCKET', originalCode: 'ERR_SSL_WRONG_VERSION_NUMBER', command: 'CONN', message: 'ssl3_get_record:wrong version number' };
    expect(classifySmtpError(wrongVersion, { endpoint: tls })).toMatchObject({ code: 'mail.tls_on_starttls_port', suggestion: { port: 587, security: 'starttls' } });
    const greeting = { code: 'ETIMEDOUT', timeoutType: 'GREETING_TIMEOUT', command: 'CONN', message: 'Greeting never received' };
    expect(classifySmtpError(greeting, { endpoint: { ...starttls, port: 465 } })).toMatchObject({ code: 'mail.starttls_on_tls_port', suggestion: { port: 465, security: 'tls' } });
    expect(code({ code: 'ECONNECTION', command: 'CONN', message: 'Connection closed unexpectedly' }, { ...starttls, port: 465 })).toBe('mail.starttls_on_tls_port');
    expect(code({ code: 'ETLS', responseCode: 502, response: '502 5.5.1 Unrecognized command', command: 'STARTTLS' }, starttls)).toBe('mail.starttls_unavailable');
    expect(code({ code: 'ECONNECTION', responseCode: 500, command: 'EHLO', message: 'EHLO failed but HELO does not support required STARTTLS' }, starttls)).toBe('mail.starttls_unavailable');
  });

  it('certificates, from the OpenSSL code or (after a STARTTLS upgrade) the message', () => {
    expect(code({ code: 'ESOCKET', originalCode: 'DEPTH_ZERO_SELF_SIGNED_CERT' })).toBe('mail.cert_untrusted');
    expect(code({ code: 'ESOCKET', originalCode: 'SELF_SIGNED_CERT_IN_CHAIN' })).toBe('mail.cert_untrusted');
    expect(code({ code: 'ESOCKET', originalCode: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' })).toBe('mail.cert_untrusted');
    expect(code({ code: 'ETLS', message: 'Error initiating TLS - unable to verify the first certificate' }, starttls)).toBe('mail.cert_untrusted');
    expect(code({ code: 'ESOCKET', originalCode: 'ERR_TLS_CERT_ALTNAME_INVALID' })).toBe('mail.cert_hostname_mismatch');
    expect(code({ code: 'ESOCKET', originalCode: 'CERT_HAS_EXPIRED' })).toBe('mail.cert_expired');
    expect(code({ code: 'ETLS', message: 'Error initiating TLS - certificate has expired' })).toBe('mail.cert_expired');
  });

  it('logins', () => {
    expect(code(authError(535, '535 5.7.8 Username and Password not accepted.'))).toBe('mail.auth_failed');
    expect(code(authError(534, '534-5.7.9 Application-specific password required.\n534 5.7.9 https://support.google.com/mail/?p=InvalidSecondFactor'))).toBe('mail.auth_app_password_required');
    expect(code(authError(535, '535 5.7.139 Authentication unsuccessful, basic authentication is disabled.'))).toBe('mail.auth_basic_disabled');
    expect(code(authError(535, '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.'))).toBe('mail.auth_basic_disabled');
    expect(code({ code: 'EENVELOPE', responseCode: 550, response: '550 5.7.30 Basic authentication is not supported for Client Submission.', command: 'MAIL FROM' })).toBe('mail.auth_basic_disabled');
    expect(code(authError(502, '502 5.5.2 Error: command not recognized'))).toBe('mail.auth_unsupported');
    expect(code(authError(503, '503 5.5.1 Error: authentication not enabled'))).toBe('mail.auth_unsupported');
    expect(code(authError(454, '454 4.7.0 Temporary authentication failure'))).toBe('mail.server_busy');
    expect(code({ code: 'EAUTH', command: 'API', message: 'Missing credentials for "PLAIN"' })).toBe('mail.no_password');
  });

  it('a refused login at a provider known to need an app password says so', () => {
    const refused = authError(535, '535-5.7.8 Username and Password not accepted.');
    expect(code(refused, { ...tls, host: 'smtp.gmail.com' }, 'gmail')).toBe('mail.auth_app_password_required');
    expect(code(refused, { ...starttls, host: 'smtp.mail.me.com' }, 'icloud')).toBe('mail.auth_app_password_required');
    expect(code(refused, { ...tls, host: 'mail.gmx.net' }, 'gmx')).toBe('mail.auth_failed'); // only with 2FA there
  });

  it('envelope and everything else', () => {
    expect(code({ code: 'ENOAUTH', message: 'Authentication info was not provided' })).toBe('mail.auth_required_not_configured');
    expect(code({ code: 'EENVELOPE', responseCode: 530, response: '530 5.7.0 Authentication required', command: 'MAIL FROM' })).toBe('mail.auth_required_not_configured');
    expect(code({ code: 'EENVELOPE', responseCode: 530, response: '530 5.7.57 Client not authenticated to send mail', command: 'MAIL FROM' })).toBe('mail.auth_required_not_configured');
    expect(code({ code: 'EENVELOPE', responseCode: 554, response: '554 5.7.1 <a@b.ch>: Relay access denied', command: 'RCPT TO' })).toBe('mail.auth_required_not_configured');
    expect(code({ code: 'EENVELOPE', responseCode: 550, response: '550 Sender address is not allowed.', command: 'MAIL FROM' })).toBe('mail.sender_rejected');
    expect(code({ code: 'ECONNECTION', responseCode: 421, response: '421 4.3.2 Service not available', command: 'CONN' })).toBe('mail.server_busy');
    expect(code({ code: 'EPROTOCOL', message: 'Invalid greeting. response=HTTP/1.1 400', command: 'CONN' })).toBe('mail.unknown');
    expect(code('a string')).toBe('mail.unknown');
    expect(code(null)).toBe('mail.unknown');
  });

  it('an account that may not send as the address: at MAIL FROM, or Microsoft\'s 5.7.60 after the message', () => {
    expect(code({ code: 'EENVELOPE', responseCode: 553, response: '553 5.7.1 <info@praxis.ch>: Sender address rejected: not owned by user anna@praxis.ch', command: 'MAIL FROM' })).toBe('mail.sender_rejected');
    expect(code({ code: 'EMESSAGE', responseCode: 550, response: '550 5.7.60 SMTP; Client does not have permissions to send as this sender [AM0PR01MB1234.eurprd01.prod.exchangelabs.com]', command: 'DATA' })).toBe('mail.sender_rejected');
    expect(translate('de', 'error.mail.sender_rejected')).toMatch(/eigene Adresse des Kontos.*Alias/);
  });

  it('a server that closes the connection at once (while connecting) has its own code; later the same error does not', () => {
    const closed = { code: 'ECONNECTION', command: 'CONN', message: 'Connection closed unexpectedly' };
    const reset = { code: 'ESOCKET', originalCode: 'ECONNRESET', command: 'CONN', message: 'read ECONNRESET' };
    const tlsClosed = { code: 'ESOCKET', command: 'CONN', message: 'Client network socket disconnected before secure TLS connection was established' };
    for (const err of [closed, reset, tlsClosed]) {
      expect(classifySmtpError(err, { endpoint: starttls, connecting: true }).code).toBe('mail.connection_closed');
      expect(classifySmtpError(err, { endpoint: starttls }).code).toBe('mail.unknown');
    }
    // STARTTLS chosen on 465 keeps its own, more precise answer.
    expect(classifySmtpError(closed, { endpoint: { ...starttls, port: 465 }, connecting: true }).code).toBe('mail.starttls_on_tls_port');
  });

  it('providers\' sending limits: daily, too many per minute, try again later', () => {
    const gmailDaily = { code: 'EENVELOPE', responseCode: 550, command: 'MAIL FROM', response: '550-5.4.5 Daily user sending limit exceeded. For more information on Gmail\n550-5.4.5 sending limits go to\n550 5.4.5  https://support.google.com/a/answer/166852 - gsmtp' };
    const microsoftQuota = { code: 'EMESSAGE', responseCode: 554, command: 'DATA', response: '554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException; Failed to process message due to a permanent exception with message [BeginDiagnosticData]Message submission quota exceeded.[EndDiagnosticData]' };
    const perMinute = { code: 'EENVELOPE', responseCode: 450, command: 'MAIL FROM', response: '450 4.7.1 Too many messages per minute, slow down' };
    const gmailLater = { code: 'EENVELOPE', responseCode: 421, command: 'MAIL FROM', response: '421 4.7.0 Try again later, closing connection. (MAIL) - gsmtp' };
    expect([gmailDaily, microsoftQuota, perMinute, gmailLater].map((e) => sendingLimitOf(e))).toEqual(['daily', 'daily', 'rate', 'busy']);
    expect([gmailDaily, microsoftQuota, perMinute, gmailLater].map((e) => code(e))).toEqual(['mail.limit_daily', 'mail.limit_daily', 'mail.limit_rate', 'mail.limit_busy']);
    // Not limits: a mailbox full, a temporary login failure, a server going down.
    expect(sendingLimitOf({ responseCode: 452, response: '452 4.2.2 Mailbox full' })).toBeNull();
    expect(sendingLimitOf({ responseCode: 454, response: '454 4.7.0 Temporary authentication failure' })).toBeNull();
    expect(sendingLimitOf({ responseCode: 421, response: '421 4.3.2 Service not available' })).toBeNull();
  });

  it('details carry the server\'s words and the codes, never the secret, and stay short', () => {
    const r = classifySmtpError(authError(535, '535 5.7.8 Bad password hunter2'), { endpoint: tls, secret: 'hunter2' });
    expect(r.details).toBe('535 5.7.8 Bad password *** [EAUTH, AUTH PLAIN]');
    const sys = classifySmtpError({ code: 'ESOCKET', originalCode: 'ECONNREFUSED', command: 'CONN', message: 'connect ECONNREFUSED 1.2.3.4:465' }, { endpoint: tls });
    expect(sys.details).toBe('connect ECONNREFUSED 1.2.3.4:465 [ESOCKET, ECONNREFUSED, CONN]');
    expect(classifySmtpError({ message: 'x'.repeat(5000) }, { endpoint: tls }).details.length).toBeLessThanOrEqual(1000);
  });
});

describe('transport options', () => {
  it('465/SSL: implicit TLS; 587/STARTTLS: STARTTLS required; both TLS 1.2+ with SNI', () => {
    expect(connectionOptions(tls)).toMatchObject({ secure: true, tls: { servername: 'smtp.example.ch', minVersion: 'TLSv1.2' } });
    expect(connectionOptions(starttls)).toMatchObject({ secure: false, requireTLS: true, ignoreTLS: false, opportunisticTLS: false });
  });

  it('never turns certificate verification off, and logs nothing', () => {
    for (const o of [connectionOptions(tls), transportOptions(starttls, { user: 'u', pass: 'p' })]) {
      expect(JSON.stringify(o)).not.toMatch(/rejectUnauthorized|checkServerIdentity/);
      expect(o).toMatchObject({ logger: false, debug: false });
    }
  });

  it('forces the login when credentials are set, so a password is never silently unused', () => {
    expect(transportOptions(tls, { user: 'u', pass: 'p' })).toMatchObject({ auth: { user: 'u', pass: 'p' }, forceAuth: true });
    expect(transportOptions(tls, null)).not.toHaveProperty('auth');
  });

  it('sends no server name for an IP address (RFC 6066) and has short product timeouts', () => {
    expect(connectionOptions({ host: '127.0.0.1', port: 1025, security: 'starttls' }).tls).toEqual({ minVersion: 'TLSv1.2' });
    expect(productTimeouts.connectionTimeout).toBeLessThanOrEqual(10_000);
    expect(connectionOptions(tls)).toMatchObject(productTimeouts);
  });
});

describe('mail messages', () => {
  it('every mail error code is an app error code with a message in all four languages', () => {
    for (const c of mailErrorCodes) {
      expect(errorCodes).toContain(c);
      for (const lang of ['de', 'fr', 'it', 'en'] as const) expect((catalogs[lang] as Record<string, string>)[`error.${c}`], `${lang} ${c}`).toBeTruthy();
    }
  });

  it('fr, it and en hold exactly the German mail keys, with the same placeholders', async () => {
    const { mailDe } = await import('../../src/shared/i18n/mail/de.js');
    const names = (t: string) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const lang of ['fr', 'it', 'en'] as const) {
      const catalog = catalogs[lang] as Record<string, string>;
      for (const [key, text] of Object.entries(mailDe)) {
        expect(catalog[key]?.trim(), `${lang} ${key}`).toBeTruthy();
        // A French letter greets with "Madame," alone: its greetings may leave the name out.
        if (lang === 'fr' && key.startsWith('mail.greeting.')) expect(names(text), key).toEqual(expect.arrayContaining(names(catalog[key]!)));
        else expect(names(catalog[key]!), `${lang} ${key}`).toEqual(names(text));
      }
    }
  });

  it('German messages use Swiss orthography and name the fix', () => {
    const de = catalogs.de as Record<string, string>;
    for (const [key, text] of Object.entries(de).filter(([k]) => k.includes('mail'))) expect(text, key).not.toContain('ß');
    expect(de['error.mail.auth_app_password_required']).toContain('App-Passwort');
    expect(de['error.mail.tls_on_starttls_port']).toContain('587');
    expect(de['error.mail.starttls_on_tls_port']).toContain('465');
  });
});
