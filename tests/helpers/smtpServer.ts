/**
 * Real SMTP servers for the mail tests, on 127.0.0.1 with a random port: `smtp-server` with
 * implicit TLS, STARTTLS or no STARTTLS at all, AUTH PLAIN/LOGIN against a users table, replies that
 * imitate real providers (Gmail's 534 5.7.9, Microsoft's 535 5.7.139, 535 5.7.8), and a collector of
 * received messages; for the outbox tests also refusals at RCPT or after the body (451/550), and a
 * server that stalls or hangs up in the middle of DATA; refusals at MAIL FROM (a sender the account
 * may not use, the providers' sending limits). Plus a server that accepts connections and never says
 * a word, and one that hangs up at once. Certificates come from tests/helpers/tlsGlobalSetup.ts (ARNIKA_TEST_TLS_DIR).
 * Clients connect to "localhost".
 */
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { TLSSocket } from 'node:tls';
import { dnsCache } from 'nodemailer/lib/shared';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

// Node 20 crashes the whole process (SIGSEGV in SSL_get_version) when TLSSocket#getProtocol() is
// called on a socket whose TLS state was already freed; smtp-server calls it to describe a TLS error,
// which happens when a test closes the server while a client is still in its handshake (seen after a
// failing test: the fork died instead of reporting). Test helper only: the product never serves TLS,
// and nodemailer's client does not call it.
{
  const getProtocol = TLSSocket.prototype.getProtocol;
  TLSSocket.prototype.getProtocol = function guardedGetProtocol(this: TLSSocket & { ssl?: unknown }) {
    return this.ssl ? getProtocol.call(this) : null;
  };
}

export type SmtpMode =
  /** Implicit TLS from the first byte (like port 465). */
  | 'tls'
  /** Plain greeting, STARTTLS offered (like port 587). */
  | 'starttls'
  /** Plain greeting, STARTTLS neither offered nor accepted. */
  | 'no-starttls';

export type TestCert = 'trusted' | 'untrusted' | 'wrong-name';

/** A reply the server gives instead of checking the password; `lines` > 1 makes a multi-line reply. */
export interface ForcedReply {
  code: number;
  lines: string[];
}

export interface SmtpServerOptions {
  mode: SmtpMode;
  cert?: TestCert;
  /** username -> password. With no users and no forced replies the server needs no login. */
  users?: Record<string, string>;
  /** username -> the reply that login gets. */
  forcedReplies?: Record<string, ForcedReply>;
  /**
   * username (in `users`) -> the reply a wrong password gets instead of 535 5.7.8, while the right
   * one still logs in: Gmail answers the account password with 534 5.7.9 and takes the app password.
   */
  wrongPasswordReplies?: Record<string, ForcedReply>;
  /** The server does not know AUTH at all. */
  disableAuth?: boolean;
  /**
   * Like Postfix on a submission port: MAIL FROM is accepted from anyone, RCPT TO refused with
   * "554 5.7.1 Relay access denied" unless the client logged in.
   */
  relayNeedsLogin?: boolean;
  /** SASL mechanisms offered; default PLAIN and LOGIN (nodemailer then picks PLAIN). */
  authMethods?: ('PLAIN' | 'LOGIN')[];
  /** Listen on this port instead of a free one (a server that "comes back" where it was down). */
  port?: number;
  /**
   * Decides each MAIL FROM: a reply refuses it (553 5.7.1 not owned by user, Gmail's 550 5.4.5 daily
   * limit, 421 4.7.0 try again later: a 421 also closes the connection, as smtp-server does and Gmail).
   */
  mailFromReply?: (address: string, user: string | null) => ForcedReply | null | undefined;
  /**
   * Decides each RCPT TO: a reply refuses that recipient (451 4.3.0 try later, 550 5.1.1 no such user);
   * 'drop' hangs up without a word (a connection lost before DATA).
   */
  rcptReply?: (address: string) => ForcedReply | 'drop' | null | undefined;
  /**
   * Runs when a message has arrived in full, before the server answers the final dot: a reply refuses
   * it (it then lands in `refused`, not `received`). It may wait; the client waits for the answer meanwhile.
   */
  messageReply?: (message: ReceivedMessage) => ForcedReply | null | undefined | Promise<ForcedReply | null | undefined>;
  /**
   * What the server does when a message body starts to arrive: 'stall' stops reading and never answers
   * (the client hangs in DATA until it gives up or dies), 'drop' cuts the connection. Default 'accept'.
   */
  dataBehaviour?: 'accept' | 'stall' | 'drop';
  /** Told when a message body starts to arrive (after the server's 354). */
  onBodyStart?: () => void;
  /** Told when a client sends AUTH, before the server answers it. */
  onLogin?: (username: string) => void;
}

export interface ReceivedMessage {
  mailFrom: string;
  rcptTo: string[];
  user: string | null;
  raw: Buffer;
}

export interface TestSmtpServer {
  host: 'localhost';
  port: number;
  /** Messages the server accepted (answered 250 to), in order. */
  received: ReceivedMessage[];
  /** Messages that arrived in full and were refused by `messageReply`. */
  refused: ReceivedMessage[];
  /** Message bodies that started to arrive (accepted, refused, stalled or dropped). */
  bodyStarts: number;
  logins: { method: string; username: string }[];
  errors: Error[];
  close(): Promise<void>;
}

export function tlsDir(): string {
  const dir = process.env.ARNIKA_TEST_TLS_DIR;
  if (!dir) {
    throw new Error(
      'ARNIKA_TEST_TLS_DIR is not set: vitest.config.ts must list tests/helpers/tlsGlobalSetup.ts under test.globalSetup',
    );
  }
  return dir;
}

function certFiles(cert: TestCert): { key: Buffer; cert: Buffer } {
  const base = { trusted: 'localhost', untrusted: 'untrusted', 'wrong-name': 'wrong-name' }[cert];
  return { key: readFileSync(join(tlsDir(), `${base}.key`)), cert: readFileSync(join(tlsDir(), `${base}.pem`)) };
}

/**
 * nodemailer resolves host names with c-ares, which skips /etc/hosts and would ask the machine's DNS
 * server about "localhost" before falling back. Pinning the answer in nodemailer's own cache keeps
 * every test connection on loopback without a single DNS packet leaving the process.
 */
export function pinLocalhostDns(): void {
  dnsCache.set('localhost', { value: { addresses: ['127.0.0.1'] }, expires: Number.MAX_SAFE_INTEGER });
}

function smtpError(code: number, lines: string[]): Error {
  const err = Object.assign(new Error(lines.join(' ')), { responseCode: code });
  // smtp-server sends an array message as a multi-line reply ("534-5.7.9 ...\r\n534 5.7.9 ..."), the
  // way Gmail answers; a string would be a single line.
  if (lines.length > 1) Object.defineProperty(err, 'message', { value: lines });
  return err;
}

export async function startSmtpServer(options: SmtpServerOptions): Promise<TestSmtpServer> {
  pinLocalhostDns();
  const users = options.users ?? {};
  const forced = options.forcedReplies ?? {};
  const needsLogin = !options.disableAuth && (Object.keys(users).length > 0 || Object.keys(forced).length > 0);
  const received: ReceivedMessage[] = [];
  const refused: ReceivedMessage[] = [];
  let bodyStarts = 0;
  const logins: TestSmtpServer['logins'] = [];
  const errors: Error[] = [];

  const disabledCommands: string[] = [];
  if (options.mode === 'no-starttls') disabledCommands.push('STARTTLS');
  if (options.disableAuth || !needsLogin) disabledCommands.push('AUTH');

  const serverOptions: SMTPServerOptions = {
    ...certFiles(options.cert ?? 'trusted'),
    secure: options.mode === 'tls',
    name: 'localhost',
    banner: 'Arnika test SMTP',
    logger: false,
    // smtp-server would otherwise ask the machine's DNS server for the client's PTR record.
    disableReverseLookup: true,
    // hideSTARTTLS alone only drops it from EHLO; the command would still work. Disabling it makes
    // "server offers no STARTTLS" real for a client that tries anyway (requireTLS does).
    hideSTARTTLS: options.mode === 'no-starttls',
    disabledCommands,
    authMethods: options.authMethods ?? ['PLAIN', 'LOGIN'],
    authOptional: !needsLogin || options.relayNeedsLogin === true,
    closeTimeout: 200,
    socketTimeout: 5_000,
    onAuth(auth, _session, callback) {
      const username = auth.username ?? '';
      logins.push({ method: auth.method, username });
      options.onLogin?.(username);
      const reply = forced[username];
      if (reply) return callback(smtpError(reply.code, reply.lines));
      if (users[username] !== undefined && users[username] === auth.password) return callback(null, { user: username });
      const wrong = options.wrongPasswordReplies?.[username];
      if (wrong && users[username] !== undefined) return callback(smtpError(wrong.code, wrong.lines));
      return callback(smtpError(535, ['5.7.8 Error: authentication failed: credentials invalid']));
    },
    onMailFrom(address, session, callback) {
      const reply = options.mailFromReply?.(address.address, typeof session.user === 'string' ? session.user : null);
      if (reply) return callback(smtpError(reply.code, reply.lines));
      return callback();
    },
    onRcptTo(address, session, callback) {
      if (options.relayNeedsLogin && !session.user) return callback(smtpError(554, [`5.7.1 <${address.address}>: Relay access denied`]));
      const reply = options.rcptReply?.(address.address);
      if (reply === 'drop') return connectionOf(server, session.id)?.destroy();
      if (reply) return callback(smtpError(reply.code, reply.lines));
      return callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      const behaviour = options.dataBehaviour ?? 'accept';
      let started = false;
      stream.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        if (started) return;
        started = true;
        bodyStarts++;
        options.onBodyStart?.();
        if (behaviour === 'stall') stream.pause();
        if (behaviour === 'drop') connectionOf(server, session.id)?.destroy();
      });
      // A client that goes away mid-message destroys the stream with an error: no answer is owed then.
      stream.on('error', () => {});
      if (behaviour !== 'accept') return;
      stream.on('end', () => {
        const message: ReceivedMessage = {
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          user: typeof session.user === 'string' ? session.user : null,
          raw: Buffer.concat(chunks),
        };
        void Promise.resolve(options.messageReply?.(message)).then((reply) => {
          if (reply) {
            refused.push(message);
            return callback(smtpError(reply.code, reply.lines));
          }
          received.push(message);
          callback();
        });
      });
    },
  };

  const server = new SMTPServer(serverOptions);
  server.on('error', (err: Error) => errors.push(err));
  const port = await new Promise<number>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve((server.server.address() as AddressInfo).port));
  });
  return {
    host: 'localhost',
    port,
    received,
    refused,
    get bodyStarts() {
      return bodyStarts;
    },
    logins,
    errors,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The socket of the server's connection with this session id (smtp-server keeps them in a Set). */
function connectionOf(server: SMTPServer, sessionId: string): Socket | undefined {
  const connections = (server as unknown as { connections: Set<{ id: string; _socket: Socket }> }).connections;
  for (const c of connections) if (c.id === sessionId) return c._socket;
  return undefined;
}

/** Accepts TCP connections and never sends a byte: a server that never greets. */
export async function startSilentServer(): Promise<{ host: 'localhost'; port: number; close(): Promise<void> }> {
  pinLocalhostDns();
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {}); // the client hangs up when it gives up; that is the point
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('error', () => {});
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
  return {
    host: 'localhost',
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * Accepts TCP connections and closes each at once, before a greeting: what a firewall or virus
 * scanner that blocks mail ports does (and a port where something else answers and hangs up).
 */
export async function startClosingServer(): Promise<{ host: 'localhost'; port: number; connections: number; close(): Promise<void> }> {
  pinLocalhostDns();
  let connections = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    socket.end();
  });
  server.on('error', () => {});
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
  return {
    host: 'localhost',
    port,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 where nothing listens (taken and released again). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
