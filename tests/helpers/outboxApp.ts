/**
 * The app for the sending and outbox tests: the real createApp on a real SQLite file, with a clock
 * the test moves by hand, short backoffs and SMTP timeouts, and the outbox worker either running in
 * the background (as in the product) or driven step by step with drain(). Plus a send profile that
 * points at a test SMTP server, and helpers to read what arrived.
 */
import Database from 'better-sqlite3';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { join } from 'node:path';
import { databaseFileName } from '../../src/main/app/createApp.js';
import type { OutboxWorker } from '../../src/main/mail/outboxWorker.js';
import type { MailProfileFieldsInput } from '../../src/shared/contract/mail.js';
import { makeApp, tempDir, type TestApp } from './app.js';

/** The therapist's mailbox at the test server. */
export const account = { user: 'praxis@praxis-arnika.ch', pass: 'Versand-Passwort-123' };
export const replyTo = 'empfang@praxis-arnika.ch';

/** Short, so failure cases cost about a second; the product uses ~10-20 s. */
export const testSmtpTimeouts = { connectionTimeout: 1_500, greetingTimeout: 1_000, socketTimeout: 2_000, dnsTimeout: 1_000 };
export const testBackoffMs = [1_000, 2_000, 4_000];

export interface MailTestApp extends TestApp {
  outbox: OutboxWorker;
}

export async function makeMailApp(
  options: { dataDir?: string; now?: string; autoStart?: boolean; backoffMs?: number[]; maxAttempts?: number } = {},
): Promise<MailTestApp> {
  const app = await makeApp({
    dataDir: options.dataDir ?? tempDir('arnika-mail-'),
    ...(options.now ? { now: options.now } : {}),
    app: {
      mail: {
        autoStart: options.autoStart ?? false,
        backoffMs: options.backoffMs ?? testBackoffMs,
        ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
        smtpTimeouts: testSmtpTimeouts,
      },
    },
  });
  return { ...app, outbox: app.outbox! };
}

export interface OutboxRowOnDisk {
  id: string;
  state: string;
  message_id: string;
  attempts: number;
}

/**
 * The outbox rows in the order they were queued, read through a connection of their own: what a
 * restart would find (the app may be running, closed, or killed).
 */
export function outboxOnDisk(dataDir: string): OutboxRowOnDisk[] {
  const db = new Database(join(dataDir, databaseFileName), { readonly: true });
  try {
    return db.prepare('SELECT id, state, message_id, attempts FROM outbox ORDER BY created_at, position, rowid').all() as OutboxRowOnDisk[];
  } finally {
    db.close();
  }
}

/** Just the states of outboxOnDisk. */
export function outboxStatesOnDisk(dataDir: string): string[] {
  return outboxOnDisk(dataDir).map((r) => r.state);
}

export function profileFields(server: { port: number }, over: Partial<MailProfileFieldsInput> = {}): MailProfileFieldsInput {
  return {
    name: 'Praxis', senderName: 'Praxis Arnika', email: account.user, host: 'localhost', port: server.port, security: 'tls',
    authMethod: 'password', username: account.user, replyTo, bccSelf: false, ...over,
  };
}

/** A send profile of the practice that points at `server` (implicit TLS, the test account's login). */
export async function addProfile(app: TestApp, practiceId: string, server: { port: number }, over: Partial<MailProfileFieldsInput> = {}, password = account.pass) {
  return app.call('mail.saveProfile', { practiceId, profile: profileFields(server, over), password });
}

export async function parse(raw: Buffer): Promise<ParsedMail> {
  return simpleParser(raw);
}

export function firstAddress(a: AddressObject | AddressObject[] | undefined): { address?: string; name: string } | undefined {
  const obj = Array.isArray(a) ? a[0] : a;
  return obj?.value[0];
}

/** The Message-ID header of a raw message. */
export function messageIdOf(raw: Buffer): string | null {
  const head = raw.toString('latin1').split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  return /^message-id:\s*(<[^>]+>)/im.exec(head)?.[1] ?? null;
}

/** Waits until `check` holds (polling), or fails after `ms`. */
export async function waitFor(check: () => boolean | Promise<boolean>, ms = 20_000, what = 'condition'): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
