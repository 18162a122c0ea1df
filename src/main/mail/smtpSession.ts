/**
 * One reusable SMTP connection for one send profile: connect and log in once, then hand over
 * message after message (a bulk send does not pay the TLS handshake and login per invoice).
 *
 * It drives nodemailer's SMTPConnection itself rather than the pooled transport, for two reasons
 * that decide between "send again" and "maybe sent twice":
 * - It knows whether the message body had started to go out when something failed: the body is a
 *   stream that SMTPConnection starts reading only after the server's 354 to DATA. (The pooled
 *   transport reads a raw message early and hides its connection.)
 * - Nothing is retried behind the outbox's back: smtp-pool re-queues a message on its own when a
 *   connection closes. The one retry here is for a reused connection the server had already closed
 *   while idle, and only when not a byte of the message was sent.
 */
import { Readable } from 'node:stream';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { connectionOptions, productTimeouts, type SmtpCredentials, type SmtpEndpoint, type SmtpTimeouts } from './transport.js';

export interface SmtpEnvelope {
  from: string;
  to: string[];
}

export interface SmtpAccepted {
  response: string;
  accepted: string[];
  rejected: string[];
  /** Per rejected recipient, the server's refusal (responseCode, response, command 'RCPT TO'). */
  rejectedErrors: unknown[];
}

/** A failed hand-over, with the phase it failed in. */
export class SmtpSendError extends Error {
  constructor(
    override readonly cause: unknown,
    /** The body had started to go out (the server had accepted DATA). */
    readonly bodyStarted: boolean,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'SmtpSendError';
  }
}

/** Connecting failed (before the greeting and EHLO were through), as opposed to a refused login. */
export class SmtpConnectError extends Error {
  constructor(override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'SmtpConnectError';
  }
}

const maxMessagesPerConnection = 100;

export class SmtpSession {
  private connection: SMTPConnection | null = null;
  private alive = false;
  private messages = 0;
  /** Rejects the operation in progress when the connection reports an error between callbacks. */
  private onConnectionError: ((err: Error) => void) | null = null;

  constructor(
    readonly endpoint: SmtpEndpoint,
    private readonly credentials: SmtpCredentials | null,
    private readonly timeouts: SmtpTimeouts = productTimeouts,
  ) {}

  /** Same server, same login: the session can be reused for this profile as it is now. */
  matches(endpoint: SmtpEndpoint, credentials: SmtpCredentials | null): boolean {
    return (
      endpoint.host === this.endpoint.host && endpoint.port === this.endpoint.port && endpoint.security === this.endpoint.security &&
      (credentials?.user ?? null) === (this.credentials?.user ?? null) && (credentials?.pass ?? null) === (this.credentials?.pass ?? null)
    );
  }

  private step<T>(run: (done: (err?: Error | null, value?: T) => void) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const finish = (err?: Error | null, value?: T) => {
        if (settled) return;
        settled = true;
        this.onConnectionError = null;
        if (err) reject(err);
        else resolve(value as T);
      };
      this.onConnectionError = (err) => finish(err);
      run(finish);
    });
  }

  /** ready() has nothing to do: the connection is open, logged in and takes another message. */
  get isReady(): boolean {
    return this.connection !== null && this.alive && this.messages < maxMessagesPerConnection;
  }

  /**
   * Connected and logged in; opens a new connection when there is none (or the server closed it).
   * A failure before the greeting and EHLO were through rejects with SmtpConnectError.
   */
  async ready(): Promise<void> {
    if (this.isReady) return;
    this.close();
    const connection = new SMTPConnection(connectionOptions(this.endpoint, this.timeouts));
    this.connection = connection;
    this.messages = 0;
    // Every error of the session lands here, also late ones: an unhandled 'error' event would take
    // the whole main process down.
    connection.on('error', (err: Error) => {
      if (this.connection === connection) this.alive = false;
      if (this.connection === connection) this.onConnectionError?.(err);
    });
    connection.on('end', () => {
      if (this.connection === connection) this.alive = false;
    });
    try {
      await this.step<void>((done) => connection.connect((err) => done(err))).catch((err: unknown) => {
        throw new SmtpConnectError(err);
      });
      if (this.credentials) {
        const { user, pass } = this.credentials;
        await this.step<void>((done) => connection.login({ user, pass }, (err) => done(err)));
      }
      this.alive = true;
    } catch (err) {
      this.close();
      throw err;
    }
  }

  /**
   * Hands one message (its bytes as they go out: headers and body, before dot-stuffing) over and
   * resolves with the server's acceptance. Rejects with SmtpSendError, which says whether the body had
   * started to go out. Call ready() first: a failure to connect or log in then happens before the
   * caller commits 'sending'.
   */
  async send(envelope: SmtpEnvelope, message: Buffer): Promise<SmtpAccepted> {
    const reused = this.messages > 0;
    try {
      return await this.sendOnce(envelope, message);
    } catch (err) {
      const failure = err as SmtpSendError;
      // The server may close an idle connection just as we reuse it; not a byte of the message went out.
      if (reused && !failure.bodyStarted && isConnectionLoss(failure.cause)) {
        await this.ready().catch((e: unknown) => {
          throw new SmtpSendError(e instanceof SmtpConnectError ? e.cause : e, false);
        });
        return this.sendOnce(envelope, message);
      }
      throw err;
    }
  }

  private async sendOnce(envelope: SmtpEnvelope, message: Buffer): Promise<SmtpAccepted> {
    if (!this.connection || !this.alive) {
      await this.ready().catch((e: unknown) => {
        throw new SmtpSendError(e instanceof SmtpConnectError ? e.cause : e, false);
      });
    }
    const conn = this.connection!;
    let bodyStarted = false;
    // SMTPConnection reads this only after the server's 354 to DATA: that is when the body starts.
    const body = new Readable({
      read() {
        bodyStarted = true;
        this.push(message);
        this.push(null);
      },
    });
    try {
      const info = await this.step<SMTPConnection.SentMessageInfo>((done) =>
        conn.send({ from: envelope.from, to: envelope.to }, body, (err, result) => done(err, result)),
      );
      this.messages++;
      return {
        response: String(info.response ?? ''),
        accepted: (info.accepted ?? []).map(String),
        rejected: (info.rejected ?? []).map(String),
        rejectedErrors: info.rejectedErrors ?? [],
      };
    } catch (err) {
      // Whatever happened, this connection is not trusted with the next message.
      this.close();
      throw new SmtpSendError(err, bodyStarted);
    }
  }

  /** Ends the session: QUIT when idle and alive, else drop the socket (an in-flight send then fails). */
  close(): void {
    const connection = this.connection;
    this.connection = null;
    this.alive = false;
    this.onConnectionError = null;
    if (!connection) return;
    try {
      connection.close();
    } catch {
      // already closed
    }
  }

  /** Polite end after the queue ran dry: QUIT, then the server closes. */
  quit(): void {
    const connection = this.connection;
    if (connection && this.alive) {
      this.connection = null;
      this.alive = false;
      try {
        connection.quit();
      } catch {
        connection.close();
      }
      return;
    }
    this.close();
  }
}

function isConnectionLoss(err: unknown): boolean {
  const e = err as { code?: unknown; responseCode?: unknown };
  return (e.code === 'ECONNECTION' || e.code === 'ESOCKET' || e.code === 'EPIPE') && typeof e.responseCode !== 'number';
}
