/**
 * "Verbindung testen" and "Testnachricht senden": connect to the profile's server with the product's
 * transport rules, log in, and report the outcome as data ({ok:true} or a classified failure).
 *
 * The connection test drives nodemailer's SMTPConnection itself rather than transport.verify():
 * verify() reports success without logging in when the server does not announce AUTH, so a wrong
 * password could pass the test. Here a configured login is always attempted, and then the real
 * question is asked: does the server take mail from this sender? MAIL FROM and RCPT TO with the
 * profile's own address, then RSET, so nothing is ever delivered by a test. MAIL FROM finds an
 * address the account may not send as (553 "not owned by user"), and a provider's sending limit;
 * RCPT matters for servers that accept MAIL FROM from anyone and refuse only at RCPT (Postfix-style
 * relay checks for a client that did not log in).
 */
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { MailTestFailure, MailTestMessageResult, MailTestResult } from '../../shared/contract/mail.js';
import { classifySmtpError } from './classify.js';
import { providerBySmtpHost } from './providers.js';
import {
  connectionOptions, createMailTransport, productTimeouts, type SmtpCredentials, type SmtpEndpoint, type SmtpTimeouts,
} from './transport.js';

export interface ConnectionTarget extends SmtpEndpoint {
  email: string;
  /** null: the profile logs in with no credentials at all (authMethod 'none'). */
  credentials: SmtpCredentials | null;
}

function failure(err: unknown, target: ConnectionTarget, connecting = false): MailTestFailure {
  const provider = providerBySmtpHost(target.host);
  const c = classifySmtpError(err, { endpoint: target, provider, secret: target.credentials?.pass, connecting });
  return { ok: false, code: c.code, details: c.details, suggestion: c.suggestion, providerId: provider?.id ?? null };
}

/** A failure decided before any network traffic (no password stored, and so on). */
export function localFailure(code: MailTestFailure['code'], details: string, host: string): MailTestFailure {
  return { ok: false, code, details, suggestion: null, providerId: providerBySmtpHost(host)?.id ?? null };
}

const probeMethod = 'X-ARNIKA-RELAY-PROBE';

interface ProbeReply {
  command: 'MAIL FROM' | 'RCPT TO';
  status: number;
  response: string;
}

export async function testSmtpConnection(target: ConnectionTarget, timeouts: SmtpTimeouts = productTimeouts): Promise<MailTestResult> {
  if (/[\r\n<>]/.test(target.email)) throw new Error('invalid sender address for the relay probe');
  let probeReply: ProbeReply | null = null;
  const connection = new SMTPConnection({
    ...connectionOptions(target, timeouts),
    // nodemailer's public hook for sending raw commands on an established session is a custom
    // authentication handler: the probe uses it for MAIL FROM, RCPT TO and RSET, nothing else. It
    // runs as a second "login" after the real one (or as the only one without credentials), which
    // SMTPConnection allows: login() with a custom method only calls the handler.
    customAuth: {
      [probeMethod]: async (ctx) => {
        const from = await ctx.sendCommand(`MAIL FROM:<${target.email}>`);
        probeReply = { command: 'MAIL FROM', status: from.status, response: from.response };
        if (from.status < 400) {
          const rcpt = await ctx.sendCommand(`RCPT TO:<${target.email}>`);
          probeReply = { command: 'RCPT TO', status: rcpt.status, response: rcpt.response };
        }
        // After a 421 the server closes the connection: nothing more to say.
        if (probeReply.status !== 421) await ctx.sendCommand('RSET');
      },
    },
  });
  // Every error of the session, including late ones after we are done, lands here: an
  // unhandled 'error' event would take the whole main process down.
  const failed = new Promise<never>((_, reject) => connection.on('error', reject));
  failed.catch(() => {});
  const step = <T>(run: (done: (err?: Error | null, value?: T) => void) => void) =>
    Promise.race([new Promise<T>((resolve, reject) => run((err, value) => (err ? reject(err) : resolve(value as T)))), failed]);

  let connecting = true;
  try {
    await step<void>((done) => connection.connect((err?: Error | null) => done(err)));
    connecting = false;
    if (target.credentials) {
      const { user, pass } = target.credentials;
      await step<boolean>((done) => connection.login({ user, pass }, (err, ok) => done(err, ok)));
    }
    await step<boolean>((done) => connection.login({ method: probeMethod, user: '-', pass: '-' }, (err, ok) => done(err, ok)));
    const reply = probeReply as ProbeReply | null;
    if (reply && reply.status >= 400) {
      connection.close();
      return probeFailure(reply, target);
    }
    connection.quit();
    return { ok: true };
  } catch (err) {
    connection.close();
    // A refusal that the server followed by closing the connection: the refusal is what counts.
    const reply = probeReply as ProbeReply | null;
    return reply && reply.status >= 400 ? probeFailure(reply, target) : failure(err, target, connecting);
  }
}

/**
 * A refusal of the probe. The profile's own address refused as a recipient is not about a
 * patient's address (what mail.recipient_rejected says when an invoice is sent): it gets its own
 * sentence, unless the refusal says more (a login is needed, a sending limit).
 */
function probeFailure(reply: ProbeReply, target: ConnectionTarget): MailTestFailure {
  const result = failure({ code: 'EENVELOPE', responseCode: reply.status, response: reply.response, command: reply.command }, target);
  if (reply.command === 'RCPT TO' && reply.status >= 500 && result.code === 'mail.unknown') return { ...result, code: 'mail.test_recipient_rejected' };
  return result;
}

export interface TestMessage {
  from: { name: string; address: string };
  replyTo: string | null;
  subject: string;
  text: string;
}

/** Sends `message` to the profile's own address through a real transport (the path invoices will take). */
export async function sendSmtpTestMessage(
  target: ConnectionTarget,
  message: TestMessage,
  timeouts: SmtpTimeouts = productTimeouts,
): Promise<MailTestMessageResult> {
  const transport = createMailTransport(target, target.credentials, timeouts);
  try {
    const info = await transport.sendMail({
      from: message.from.name ? { name: message.from.name, address: message.from.address } : message.from.address,
      to: target.email,
      ...(message.replyTo ? { replyTo: message.replyTo } : {}),
      subject: message.subject,
      text: message.text,
    });
    return { ok: true, to: target.email, messageId: info.messageId };
  } catch (err) {
    return failure(err, target);
  } finally {
    transport.close();
  }
}
