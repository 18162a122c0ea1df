/**
 * Owns the send profiles: the therapist's SMTP accounts per practice, one of them the default.
 * Passwords are sealed by the SecretBox before they reach SQLite and opened only when a transport
 * is built (`withPassword`); what leaves this module for the UI carries `hasPassword` only.
 * Also what the last connection test found for the profile as saved ("nicht geprüft", "Test
 * fehlgeschlagen am …"), and whether the therapist was warned about sending with it untested.
 */
import type { MailProfile, MailProfileFields, ProfileCheck } from '../../shared/contract/mail.js';
import type { MailErrorCode } from '../../shared/mail/errorCodes.js';
import { AppError } from '../../shared/errors.js';
import type { Clock } from '../platform/clock.js';
import { newId } from '../platform/ids.js';
import type { Logger } from '../platform/log.js';
import type { Db } from '../platform/db/open.js';
import { cached } from '../platform/db/statements.js';
import type { SecretBox } from '../platform/secrets.js';

interface ProfileRow {
  id: string; practice_id: string; name: string; sender_name: string; email: string; host: string; port: number;
  security: string; auth_method: string; username: string; password_sealed: Buffer | null; reply_to: string;
  bcc_self: number; is_default: number; created_at: string; updated_at: string;
  checked_at: string | null; check_code: string | null; check_warned: number;
}

function checkOf(r: ProfileRow): ProfileCheck {
  const warned = r.check_warned === 1;
  if (r.checked_at === null) return { state: 'unchecked', at: null, code: null, warned };
  if (r.check_code === null) return { state: 'ok', at: r.checked_at, code: null, warned };
  return { state: 'failed', at: r.checked_at, code: r.check_code as MailErrorCode, warned };
}

function fromRow(r: ProfileRow): MailProfile {
  return {
    id: r.id,
    practiceId: r.practice_id,
    name: r.name,
    senderName: r.sender_name,
    email: r.email,
    host: r.host,
    port: r.port,
    security: r.security as MailProfile['security'],
    authMethod: r.auth_method as MailProfile['authMethod'],
    username: r.username,
    replyTo: r.reply_to,
    bccSelf: r.bcc_self === 1,
    hasPassword: r.password_sealed !== null,
    isDefault: r.is_default === 1,
    check: checkOf(r),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toParams(p: MailProfileFields) {
  const login = p.authMethod === 'password';
  return {
    name: p.name, sender_name: p.senderName, email: p.email, host: p.host, port: p.port, security: p.security,
    auth_method: p.authMethod, username: login ? p.username : '', reply_to: p.replyTo, bcc_self: p.bccSelf ? 1 : 0,
  };
}

const columns = [
  'name', 'sender_name', 'email', 'host', 'port', 'security', 'auth_method', 'username', 'reply_to', 'bcc_self',
] as const satisfies readonly (keyof ReturnType<typeof toParams>)[];

export interface SaveProfileInput {
  id?: string | undefined;
  practiceId: string;
  profile: MailProfileFields;
  /** undefined = keep the stored password, '' = remove it, anything else = the new password. */
  password?: string | undefined;
}

/** A profile with its password opened: for building a transport in main, never for an API output. */
export interface ProfileWithPassword {
  profile: MailProfile;
  password: string | null;
}

/**
 * Passwords a caller has already opened, by profile id, with the sealed bytes they came from. The
 * caller owns it and decides how long the passwords stay in memory (the outbox: while its sessions live).
 */
export type OpenedPasswords = Map<string, { sealed: Buffer; password: string }>;

export class MailProfiles {
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
    private readonly log?: Logger,
  ) {}

  list(practiceId: string): MailProfile[] {
    this.requirePractice(practiceId);
    const rows = this.db
      .prepare('SELECT * FROM mail_profiles WHERE practice_id = ? ORDER BY is_default DESC, name, id')
      .all(practiceId) as ProfileRow[];
    return rows.map(fromRow);
  }

  get(id: string): MailProfile {
    return fromRow(this.row(id));
  }

  /** The practice's default profile, or null when it has none (sending then asks for one). */
  defaultFor(practiceId: string): MailProfile | null {
    const row = this.db.prepare('SELECT * FROM mail_profiles WHERE practice_id = ? AND is_default = 1').get(practiceId) as
      | ProfileRow
      | undefined;
    return row ? fromRow(row) : null;
  }

  save(input: SaveProfileInput): MailProfile {
    this.requirePractice(input.practiceId);
    const params = toParams(input.profile);
    const now = this.clock.now().toISOString();
    // No login, no secret: a password that is never used is not kept.
    const password = params.auth_method === 'password' ? input.password : '';
    const sealed = password === undefined || password === '' ? null : this.secrets.seal(password);

    if (input.id === undefined) {
      const id = newId();
      this.db.transaction(() => {
        const first = this.defaultFor(input.practiceId) === null;
        this.db
          .prepare(
            `INSERT INTO mail_profiles (id, practice_id, ${columns.join(', ')}, password_sealed, is_default, created_at, updated_at)
             VALUES (@id, @practice_id, ${columns.map((c) => `@${c}`).join(', ')}, @password_sealed, @is_default, @now, @now)`,
          )
          .run({ ...params, id, practice_id: input.practiceId, password_sealed: sealed, is_default: first ? 1 : 0, now });
      })();
      return this.get(id);
    }

    const existing = this.row(input.id);
    // A profile stays with its practice: an id from another practice is treated as unknown.
    if (existing.practice_id !== input.practiceId) throw new AppError('not_found', `Mail profile ${input.id} not found`);
    const passwordColumn = password === undefined ? '' : ', password_sealed = @password_sealed';
    this.db
      .prepare(`UPDATE mail_profiles SET ${columns.map((c) => `${c} = @${c}`).join(', ')}${passwordColumn}, updated_at = @now WHERE id = @id`)
      .run({ ...params, id: input.id, now, ...(password === undefined ? {} : { password_sealed: sealed }) });
    return this.get(input.id);
  }

  setDefault(id: string): MailProfile {
    const row = this.row(id);
    this.db.transaction(() => {
      this.db.prepare('UPDATE mail_profiles SET is_default = 0 WHERE practice_id = ? AND is_default = 1').run(row.practice_id);
      this.db.prepare('UPDATE mail_profiles SET is_default = 1 WHERE id = ?').run(id);
    })();
    return this.get(id);
  }

  /** Deleting the default hands the role to the oldest remaining profile, so a practice that has profiles always has a default. */
  delete(id: string): { id: string } {
    const row = this.row(id);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM mail_profiles WHERE id = ?').run(id);
      if (row.is_default === 1) {
        this.db
          .prepare(
            `UPDATE mail_profiles SET is_default = 1 WHERE id = (
               SELECT id FROM mail_profiles WHERE practice_id = ? ORDER BY created_at, id LIMIT 1)`,
          )
          .run(row.practice_id);
      }
    })();
    return { id };
  }

  /**
   * The profile with its password in clear, for a transport. A sealed password that no longer opens
   * (the key was lost with a reinstalled system keychain) counts as none: the user is asked to enter
   * it again instead of getting an internal error.
   * `opened`: the password is opened only when its sealed bytes changed since it went in there (a bulk
   * send asks for every message).
   */
  withPassword(id: string, opened?: OpenedPasswords): ProfileWithPassword {
    const row = this.row(id);
    let password: string | null = null;
    const sealed = row.password_sealed;
    if (sealed !== null) {
      const known = opened?.get(id);
      if (known && known.sealed.equals(sealed)) {
        password = known.password;
      } else {
        try {
          password = this.secrets.open(sealed);
          opened?.set(id, { sealed, password });
        } catch (err) {
          this.log?.error('mail.password_unreadable', err, { profileId: id });
        }
      }
    }
    return { profile: { ...fromRow(row), hasPassword: password !== null }, password };
  }

  // The profile's check ---------------------------------------------------------------------------

  /** A test of the profile as saved ended: `code` null = it worked. A failure is warned about again. */
  recordCheck(id: string, code: MailErrorCode | null, at: string): void {
    cached(this.db, `UPDATE mail_profiles SET checked_at = @at, check_code = @code,
                       check_warned = CASE WHEN @code IS NULL THEN check_warned ELSE 0 END WHERE id = @id`)
      .run({ id, code, at });
  }

  /** The connection settings or the password changed and no test of the new ones is known. */
  clearCheck(id: string): void {
    cached(this.db, 'UPDATE mail_profiles SET checked_at = NULL, check_code = NULL, check_warned = 0 WHERE id = ?').run(id);
  }

  /**
   * A message went out through the profile with the settings of `version` (its updated_at): it
   * works. Writes only when the profile was not marked as working yet.
   */
  markWorking(id: string, version: string, at: string): void {
    cached(this.db, `UPDATE mail_profiles SET checked_at = @at, check_code = NULL
                       WHERE id = @id AND updated_at = @version AND (checked_at IS NULL OR check_code IS NOT NULL)`)
      .run({ id, version, at });
  }

  /** What to warn about before sending with the profile, once: null when it is tested and works, or was warned about. */
  warning(id: string): { profileName: string; check: ProfileCheck } | null {
    const r = this.row(id);
    const check = checkOf(r);
    return check.state === 'ok' || check.warned ? null : { profileName: r.name, check };
  }

  /** The therapist sent with the profile after the warning: no second warning for this state. */
  noteWarned(id: string): void {
    cached(this.db, `UPDATE mail_profiles SET check_warned = 1
                       WHERE id = ? AND check_warned = 0 AND (checked_at IS NULL OR check_code IS NOT NULL)`).run(id);
  }

  private row(id: string): ProfileRow {
    const row = cached(this.db, 'SELECT * FROM mail_profiles WHERE id = ?').get(id) as ProfileRow | undefined;
    if (!row) throw new AppError('not_found', `Mail profile ${id} not found`);
    return row;
  }

  private requirePractice(practiceId: string): void {
    if (!this.db.prepare('SELECT 1 FROM practices WHERE id = ?').get(practiceId)) {
      throw new AppError('not_found', `Practice ${practiceId} not found`);
    }
  }
}

/**
 * For backups (src/main/backup): how many passwords `db` keeps sealed. A backup carries them sealed
 * under its own key, because this computer's keychain (or key file) does not go with it.
 */
export function countSealedPasswords(db: Db): number {
  return db.prepare('SELECT count(*) FROM mail_profiles WHERE password_sealed IS NOT NULL').pluck().get() as number;
}

/**
 * Opens every stored password in `db` with `from` and seals it with `to` (into a backup, or back out
 * of one). A password that does not open (sealed by a keychain that is gone) is removed: the
 * profile then asks for it, as it would here.
 */
export function resealPasswords(db: Db, from: SecretBox, to: SecretBox): { resealed: number; removed: number } {
  const rows = db.prepare('SELECT id, password_sealed FROM mail_profiles WHERE password_sealed IS NOT NULL').all() as { id: string; password_sealed: Buffer }[];
  const update = db.prepare('UPDATE mail_profiles SET password_sealed = ? WHERE id = ?');
  let resealed = 0;
  let removed = 0;
  db.transaction(() => {
    for (const row of rows) {
      let plain: string;
      try {
        plain = from.open(row.password_sealed);
      } catch {
        update.run(null, row.id);
        removed++;
        continue;
      }
      update.run(to.seal(plain), row.id);
      resealed++;
    }
  })();
  return { resealed, removed };
}
