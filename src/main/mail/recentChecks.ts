/**
 * Remembers the outcome of recent connection tests by what was tested: server, port, encryption,
 * sender, login and password. The form tests unsaved values, so when the profile is saved right
 * after, the save looks up whether exactly these settings were tested, and with what result.
 *
 * Kept in memory only, and keyed by an HMAC under a key made at start: no password, nor a plain
 * hash of one that could be guessed back, is kept anywhere.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { MailErrorCode } from '../../shared/mail/errorCodes.js';
import type { MailProfileFields } from '../../shared/contract/mail.js';

/** What decides whether a connection works: not the profile's name, reply-to or blind copy. */
export type ConnectionFields = Pick<MailProfileFields, 'email' | 'host' | 'port' | 'security' | 'authMethod' | 'username'>;

export interface CheckOutcome {
  /** null: the test passed. */
  code: MailErrorCode | null;
  at: string;
}

/** Enough for a session of trying settings out; the oldest are forgotten first. */
const capacity = 50;

export class RecentChecks {
  private readonly key = randomBytes(32);
  private readonly outcomes = new Map<string, CheckOutcome>();

  /** Stands for these settings and password; equal only for the same settings and password. */
  fingerprint(f: ConnectionFields, password: string | null): string {
    const login = f.authMethod === 'password' ? [f.username, password ?? ''] : null;
    const parts = [f.email, f.host, f.port, f.security, login];
    return createHmac('sha256', this.key).update(JSON.stringify(parts)).digest('hex');
  }

  record(fingerprint: string, outcome: CheckOutcome): void {
    this.outcomes.delete(fingerprint);
    this.outcomes.set(fingerprint, outcome);
    if (this.outcomes.size > capacity) this.outcomes.delete(this.outcomes.keys().next().value!);
  }

  find(fingerprint: string): CheckOutcome | undefined {
    return this.outcomes.get(fingerprint);
  }
}
