/**
 * Owns how Arnika talks SMTP: the one place that turns a profile into nodemailer options. Every
 * connection (test, test message, and later invoices and bulk send) is built here, so the security
 * rules hold everywhere: implicit TLS or required STARTTLS, never a plain login; TLS 1.2 or newer;
 * certificates always verified (there is deliberately no option to turn that off: a test server is
 * trusted the standard Node way, with NODE_EXTRA_CA_CERTS).
 */
import { isIP } from 'node:net';
import nodemailer from 'nodemailer';
import type { SMTPConnectionOptions } from 'nodemailer/lib/smtp-connection';
import type { SMTPTransportOptions } from 'nodemailer/lib/smtp-transport';
import type { MailSecurity } from '../../shared/contract/mail.js';

export interface SmtpEndpoint {
  host: string;
  port: number;
  security: MailSecurity;
}

export interface SmtpCredentials {
  user: string;
  pass: string;
}

/** Milliseconds. Short enough that "Verbindung testen" answers while the therapist still looks at it. */
export interface SmtpTimeouts {
  /** Whole connection set-up: DNS, TCP, implicit TLS handshake. */
  connectionTimeout: number;
  /** From the TCP connection to the server's "220" greeting (and a STARTTLS upgrade). */
  greetingTimeout: number;
  /** Silence on an established connection. */
  socketTimeout: number;
  dnsTimeout: number;
}

export const productTimeouts: SmtpTimeouts = {
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  socketTimeout: 20_000,
  dnsTimeout: 5_000,
};

/** Connection options for one SMTP endpoint. */
export function connectionOptions(endpoint: SmtpEndpoint, timeouts: SmtpTimeouts = productTimeouts): SMTPConnectionOptions {
  const implicitTls = endpoint.security === 'tls';
  return {
    host: endpoint.host,
    port: endpoint.port,
    secure: implicitTls,
    // Without requireTLS nodemailer continues in plain text when the server offers no STARTTLS,
    // and the password would go out readable.
    requireTLS: !implicitTls,
    ignoreTLS: false,
    opportunisticTLS: false,
    tls: {
      // SNI and the name the certificate is checked against; RFC 6066 has no server name for an IP.
      ...(isIP(endpoint.host) ? {} : { servername: endpoint.host }),
      minVersion: 'TLSv1.2',
    },
    connectionTimeout: timeouts.connectionTimeout,
    greetingTimeout: timeouts.greetingTimeout,
    socketTimeout: timeouts.socketTimeout,
    dnsTimeout: timeouts.dnsTimeout,
    // nodemailer's logger would write the SMTP dialogue (with the AUTH line) to the console.
    logger: false,
    debug: false,
    transactionLog: false,
  };
}

/** Options for a sending transport. With credentials the login is forced even if the server does not announce AUTH: a password that is configured is never silently left unused. */
export function transportOptions(
  endpoint: SmtpEndpoint,
  credentials: SmtpCredentials | null,
  timeouts: SmtpTimeouts = productTimeouts,
): SMTPTransportOptions {
  return {
    ...connectionOptions(endpoint, timeouts),
    ...(credentials ? { auth: { user: credentials.user, pass: credentials.pass }, forceAuth: true } : {}),
  };
}

/** A transport for sending through a profile's server; the caller closes it. */
export function createMailTransport(endpoint: SmtpEndpoint, credentials: SmtpCredentials | null, timeouts?: SmtpTimeouts) {
  return nodemailer.createTransport(transportOptions(endpoint, credentials, timeouts));
}
