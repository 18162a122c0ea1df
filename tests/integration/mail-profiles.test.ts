/**
 * Send profiles through the real app (createApp on a real SQLite file, all migrations, 0003_mail
 * included, with a key-file SecretBox) and its dispatcher, so every answer is the error envelope the
 * UI gets: saving, listing, the default per practice, and the password: sealed in the database,
 * never in an output, kept when omitted on update, removed with ''.
 */
import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MethodInput, MethodName } from '../../src/shared/contract/index.js';
import { mailMethods, type MailProfileFieldsInput } from '../../src/shared/contract/mail.js';
import type { PracticeFieldsInput } from '../../src/shared/contract/practices.js';
import { loadMigrations } from '../../src/main/platform/db/migrations.js';
import { openDatabase, type Db } from '../../src/main/platform/db/open.js';
import { MailProfiles } from '../../src/main/mail/profiles.js';
import { keyFileSecretBox, type SecretBox } from '../../src/main/platform/secrets.js';
import { makeApp, type TestApp } from '../helpers/app.js';

/** The field errors the dispatcher answers for this input (none when the input passes validation). */
async function inputErrors<M extends MethodName>(method: M, input: unknown) {
  const r = await app.dispatch(method, input as MethodInput<M>);
  return !r.ok && r.error.code === 'validation' ? (r.error.details?.fields ?? []) : [];
}

const practiceInput = (name: string): PracticeFieldsInput => ({
  name, therapistName: 'Anna Test', profession: 'massage',
  address: { street: 'Hauptstrasse', houseNumber: '5', postalCode: '3011', town: 'Bern', country: 'CH' },
  phone: '', email: '', website: '', iban: '', qrReferencePrefix: '', zsrNumber: '', glnNumber: '', vatNumber: '',
  currency: 'CHF', defaultLanguage: 'de', paymentTermDays: 30,
});

const password = 'Sehr-Geheim-7b3f9e';
const profileFields = (over: Partial<MailProfileFieldsInput> = {}): MailProfileFieldsInput => ({
  name: 'Praxis', senderName: 'Praxis Bern', email: 'info@praxis-bern.ch', host: 'Mail.Infomaniak.com', port: 465,
  security: 'tls', authMethod: 'password', username: 'info@praxis-bern.ch', replyTo: '', bccSelf: true, ...over,
});

let app: TestApp;
let dir: string;
let db: Db;
let secrets: SecretBox;
let practiceId: string;
/** Each step of the app's clock is a second later than the one before, as in real use. */
const clock = { now: () => (app.clock.advance(1000), app.clock.now()) };

beforeEach(async () => {
  app = await makeApp({ now: '2026-03-02T09:00:00Z', app: { mail: { network: { resolver: null, fetch: null } } } });
  dir = app.dataDir;
  db = app.db!;
  // The key file the app itself uses: sealing here and opening there (and back) must agree.
  secrets = keyFileSecretBox(dir);
  practiceId = (await app.call('practices.create', { practice: practiceInput('Praxis Bern') })).id;
});

afterEach(() => app?.cleanup());

/** A mail method through the dispatcher; its data, or the test fails with the error envelope. */
const invoke = <M extends MethodName>(method: M, input: MethodInput<M>) => (app.clock.advance(1000), app.call(method, input));

const sealedOf = (id: string) =>
  (db.prepare('SELECT password_sealed FROM mail_profiles WHERE id = ?').get(id) as { password_sealed: Buffer | null }).password_sealed;

describe('migration 0003', () => {
  it('adds the mail tables to a version-1 database without touching its practices', async () => {
    const file = join(dir, 'old.sqlite');
    const old = await openDatabase(file, { migrations: loadMigrations().slice(0, 1) });
    // A practice row in the shape 0001 wrote it (other migrations may add practice columns since).
    const practiceIdOld = '3b0e7a52-6c1d-4f8e-9a2b-5d4c3e2f1a00';
    old.db
      .prepare(
        `INSERT INTO practices (id, name, therapist_name, profession, street, house_number, postal_code, town, country, phone,
           email, website, iban, qr_reference_prefix, zsr_number, gln_number, vat_number, currency, default_language,
           payment_term_days, is_default, created_at, updated_at)
         VALUES (?, 'Alte Praxis', 'Anna Test', 'massage', 'Hauptstrasse', '5', '3011', 'Bern', 'CH', '', '', '', '', '', '',
           '', '', 'CHF', 'de', 30, 1, '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')`,
      )
      .run(practiceIdOld);
    old.db.close();

    const migrated = await openDatabase(file);
    try {
      expect(migrated.fromVersion).toBe(1);
      expect(migrated.backupPath).not.toBeNull();
      expect(migrated.db.prepare('SELECT name FROM practices WHERE id = ?').get(practiceIdOld)).toEqual({ name: 'Alte Praxis' });
      const tables = migrated.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'mail_%' ORDER BY name").all();
      // mail_pauses comes with migration 0010 (a provider's sending limit pauses the queue).
      expect(tables).toEqual([{ name: 'mail_pauses' }, { name: 'mail_profiles' }, { name: 'mail_templates' }]);
      const profiles = new MailProfiles(migrated.db, secrets, clock);
      const profile = mailMethods['mail.saveProfile'].input.parse({ practiceId: practiceIdOld, profile: profileFields() }).profile;
      expect(profiles.save({ practiceId: practiceIdOld, profile }).isDefault).toBe(true);
    } finally {
      migrated.db.close();
    }
  });

  it('keeps one default per practice even against a direct write', () => {
    const a = new MailProfiles(db, secrets, clock);
    const profile = mailMethods['mail.saveProfile'].input.parse({ practiceId, profile: profileFields() }).profile;
    a.save({ practiceId, profile });
    const second = a.save({ practiceId, profile });
    expect(() => db.prepare('UPDATE mail_profiles SET is_default = 1 WHERE id = ?').run(second.id)).toThrow(/UNIQUE/);
  });
});

describe('saving and listing', () => {
  it('makes the first profile of a practice its default and lists the default first', async () => {
    const first = await invoke('mail.saveProfile', { practiceId, profile: profileFields({ name: 'Zürich' }), password });
    const second = await invoke('mail.saveProfile', { practiceId, profile: profileFields({ name: 'Aarau' }) });
    expect(first.isDefault).toBe(true);
    expect(second.isDefault).toBe(false);
    expect((await invoke('mail.listProfiles', { practiceId })).map((p) => p.name)).toEqual(['Zürich', 'Aarau']);
  });

  it('stores what was entered, host in lower case', async () => {
    const saved = await invoke('mail.saveProfile', { practiceId, profile: profileFields({ replyTo: 'empfang@praxis-bern.ch' }), password });
    expect(saved).toMatchObject({
      practiceId, name: 'Praxis', senderName: 'Praxis Bern', email: 'info@praxis-bern.ch', host: 'mail.infomaniak.com', port: 465,
      security: 'tls', authMethod: 'password', username: 'info@praxis-bern.ch', replyTo: 'empfang@praxis-bern.ch', bccSelf: true,
      hasPassword: true,
    });
    expect(saved.createdAt).toMatch(/^2026-03-02T09:\d\d:\d\d\.000Z$/);
    expect(saved.updatedAt).toBe(saved.createdAt);
  });

  it('moves the default with setDefaultProfile, per practice', async () => {
    const other = (await app.call('practices.create', { practice: practiceInput('Praxis Thun') })).id;
    const a = await invoke('mail.saveProfile', { practiceId, profile: profileFields({ name: 'A' }) });
    const b = await invoke('mail.saveProfile', { practiceId, profile: profileFields({ name: 'B' }) });
    const c = await invoke('mail.saveProfile', { practiceId: other, profile: profileFields({ name: 'C' }) });
    expect((await invoke('mail.setDefaultProfile', { id: b.id })).isDefault).toBe(true);
    const list = await invoke('mail.listProfiles', { practiceId });
    expect(list.map((p) => [p.name, p.isDefault])).toEqual([['B', true], ['A', false]]);
    expect((await invoke('mail.listProfiles', { practiceId: other }))[0]).toMatchObject({ id: c.id, isDefault: true });
    expect(a.isDefault).toBe(true);
  });

  it('hands the default on when the default profile is deleted', async () => {
    const a = await invoke('mail.saveProfile', { practiceId, profile: profileFields({ name: 'A' }) });
    const b = await invoke('mail.saveProfile', { practiceId, profile: profileFields({ name: 'B' }) });
    await invoke('mail.saveProfile', { practiceId, profile: profileFields({ name: 'C' }) });
    expect(await invoke('mail.deleteProfile', { id: a.id })).toEqual({ id: a.id });
    const list = await invoke('mail.listProfiles', { practiceId });
    expect(list.map((p) => [p.name, p.isDefault])).toEqual([['B', true], ['C', false]]);
    expect(list[0]!.id).toBe(b.id);
  });

  it('answers not_found for unknown ids, unknown practices and a profile of another practice', async () => {
    const other = (await app.call('practices.create', { practice: practiceInput('Praxis Thun') })).id;
    const foreign = await invoke('mail.saveProfile', { practiceId: other, profile: profileFields() });
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const call of [
      () => app.fail('mail.deleteProfile', { id: unknown }),
      () => app.fail('mail.setDefaultProfile', { id: unknown }),
      () => app.fail('mail.listProfiles', { practiceId: unknown }),
      () => app.fail('mail.saveProfile', { practiceId: unknown, profile: profileFields() }),
      () => app.fail('mail.saveProfile', { id: foreign.id, practiceId, profile: profileFields() }),
    ]) {
      expect((await call()).code).toBe('not_found');
    }
  });

  it('keeps a practice with send profiles from being deleted (foreign key RESTRICT)', async () => {
    const other = (await app.call('practices.create', { practice: practiceInput('Praxis Thun') })).id;
    await invoke('mail.saveProfile', { practiceId: other, profile: profileFields() });
    // RESTRICT reports SQLITE_CONSTRAINT_TRIGGER; Practices.delete maps it to practice.in_use.
    const refusal = await app.fail('practices.delete', { id: other });
    expect(refusal).toMatchObject({ code: 'practice.in_use' });
    expect((await app.call('practices.list', {})).map((p) => p.id)).toContain(other);
    expect((await app.call('practices.get', { id: other })).name).toBe('Praxis Thun');
  });
});

describe('the password', () => {
  it('is sealed: no database file (main, WAL, SHM) holds it in clear, and it opens again', async () => {
    const saved = await invoke('mail.saveProfile', { practiceId, profile: profileFields(), password });
    const sealed = sealedOf(saved.id);
    expect(sealed).toBeInstanceOf(Buffer);
    expect(secrets.open(sealed!)).toBe(password);

    const check = () => {
      const files = readdirSync(dir).filter((f) => f.startsWith('arnika.sqlite'));
      expect(files).toContain('arnika.sqlite');
      for (const f of files) {
        const bytes = readFileSync(join(dir, f));
        expect(bytes.includes(Buffer.from(password, 'utf8')), f).toBe(false);
        expect(bytes.includes(Buffer.from(password, 'utf16le')), f).toBe(false);
      }
    };
    check(); // the row may still sit in the WAL file
    db.pragma('wal_checkpoint(TRUNCATE)');
    check();
    const raw = new Database(join(dir, 'arnika.sqlite'), { readonly: true });
    const dump = JSON.stringify(raw.prepare('SELECT * FROM mail_profiles').all());
    raw.close();
    expect(dump).not.toContain(password);
  });

  it('never appears in an output: only hasPassword', async () => {
    const saved = await invoke('mail.saveProfile', { practiceId, profile: profileFields(), password });
    const listed = await invoke('mail.listProfiles', { practiceId });
    for (const p of [saved, listed[0]!, await invoke('mail.setDefaultProfile', { id: saved.id })]) {
      expect(Object.keys(p).filter((k) => /password|secret|sealed/i.test(k))).toEqual(['hasPassword']);
      expect(JSON.stringify(p)).not.toContain(password);
    }
    // Even if the repository leaked a field, the contract's output schema would cut it.
    const leaked = mailMethods['mail.saveProfile'].output.parse({ ...saved, password, passwordSealed: 'x' });
    expect(JSON.stringify(leaked)).not.toContain(password);
  });

  it('is kept when an update leaves it out, replaced when given, removed with an empty string', async () => {
    const saved = await invoke('mail.saveProfile', { practiceId, profile: profileFields(), password });
    const profiles = new MailProfiles(db, secrets, clock);

    const renamed = await invoke('mail.saveProfile', { id: saved.id, practiceId, profile: profileFields({ name: 'Umbenannt' }) });
    expect(renamed).toMatchObject({ name: 'Umbenannt', hasPassword: true });
    expect(renamed.updatedAt > saved.updatedAt).toBe(true);
    expect(profiles.withPassword(saved.id).password).toBe(password);

    await invoke('mail.saveProfile', { id: saved.id, practiceId, profile: profileFields(), password: 'Neues-Passwort-1' });
    expect(profiles.withPassword(saved.id).password).toBe('Neues-Passwort-1');

    const cleared = await invoke('mail.saveProfile', { id: saved.id, practiceId, profile: profileFields(), password: '' });
    expect(cleared.hasPassword).toBe(false);
    expect(sealedOf(saved.id)).toBeNull();
  });

  it('is opened once for a caller that keeps the opened passwords, and again as soon as it was changed', async () => {
    const saved = await invoke('mail.saveProfile', { practiceId, profile: profileFields(), password });
    // OBSERVER around the real SecretBox (it still opens every password): counts the openings.
    let openings = 0;
    const counted: SecretBox = { ...secrets, open: (sealed) => (openings++, secrets.open(sealed)) };
    const profiles = new MailProfiles(db, counted, clock);
    const opened = new Map();
    expect(profiles.withPassword(saved.id, opened).password).toBe(password);
    expect(profiles.withPassword(saved.id, opened).password).toBe(password);
    expect(openings).toBe(1);

    await invoke('mail.saveProfile', { id: saved.id, practiceId, profile: profileFields(), password: 'Neues-Passwort-1' });
    expect(profiles.withPassword(saved.id, opened).password).toBe('Neues-Passwort-1');
    expect(openings).toBe(2);
    await invoke('mail.saveProfile', { id: saved.id, practiceId, profile: profileFields(), password: '' });
    expect(profiles.withPassword(saved.id, opened)).toMatchObject({ password: null, profile: { hasPassword: false } });
    // Without the map, every call opens.
    profiles.withPassword(saved.id);
    await invoke('mail.saveProfile', { id: saved.id, practiceId, profile: profileFields(), password });
    profiles.withPassword(saved.id);
    profiles.withPassword(saved.id);
    expect(openings).toBe(4);
  });

  it('is taken exactly as typed (spaces included)', async () => {
    const saved = await invoke('mail.saveProfile', { practiceId, profile: profileFields(), password: ' abcd efgh ijkl mnop ' });
    expect(new MailProfiles(db, secrets, clock).withPassword(saved.id).password).toBe(' abcd efgh ijkl mnop ');
  });

  it('is dropped, with the username, when the profile logs in without a password', async () => {
    const saved = await invoke('mail.saveProfile', { practiceId, profile: profileFields(), password });
    const none = await invoke('mail.saveProfile', { id: saved.id, practiceId, profile: profileFields({ authMethod: 'none', username: '' }) });
    expect(none).toMatchObject({ authMethod: 'none', username: '', hasPassword: false });
    expect(sealedOf(saved.id)).toBeNull();
  });

  it('counts as missing when it can no longer be opened (a lost key), instead of failing', async () => {
    const saved = await invoke('mail.saveProfile', { practiceId, profile: profileFields(), password });
    const otherKey = keyFileSecretBox(join(dir, 'other-key'));
    const errors: string[] = [];
    const profiles = new MailProfiles(db, otherKey, clock, { error: (m) => errors.push(m), info: () => {} });
    expect(profiles.withPassword(saved.id)).toMatchObject({ password: null, profile: { hasPassword: false } });
    expect(errors).toHaveLength(1);
    expect(errors[0]).not.toContain(password);
  });
});

describe('validation (the contract schema, applied by the dispatcher)', () => {
  const base = { practiceId: '6f1c2a4e-8d3b-4c1a-9e7f-2b5d8c0a1e34' };
  it('refuses a host with spaces or a scheme, a port out of range, an invalid sender', async () => {
    expect(await inputErrors('mail.saveProfile', { ...base, profile: profileFields({ host: 'smtp gmail.com' }) })).toEqual([
      { path: 'profile.host', key: 'v.mail_host' },
    ]);
    expect((await inputErrors('mail.saveProfile', { ...base, profile: profileFields({ host: 'https://smtp.gmail.com' }) }))[0]?.key).toBe('v.mail_host');
    expect(await inputErrors('mail.saveProfile', { ...base, profile: profileFields({ port: 0 }) })).toEqual([expect.objectContaining({ path: 'profile.port', key: 'v.mail_port' })]);
    expect((await inputErrors('mail.saveProfile', { ...base, profile: profileFields({ port: 70000 }) }))[0]?.key).toBe('v.mail_port');
    expect(await inputErrors('mail.saveProfile', { ...base, profile: profileFields({ email: '' }) })).toEqual([{ path: 'profile.email', key: 'v.required' }]);
    expect((await inputErrors('mail.saveProfile', { ...base, profile: profileFields({ email: 'praxis' }) }))[0]?.key).toBe('v.email');
  });

  it('requires a username for a password login', async () => {
    expect(await inputErrors('mail.saveProfile', { ...base, profile: profileFields({ username: '' }) })).toEqual([
      { path: 'profile.username', key: 'v.required' },
    ]);
    expect(await inputErrors('mail.saveProfile', { ...base, profile: profileFields({ authMethod: 'none', username: '' }) })).toEqual([]);
  });

  it('refuses unknown fields, an oauth2 profile (not yet supported) and control characters in a password', async () => {
    expect((await inputErrors('mail.saveProfile', { ...base, profile: profileFields(), passwordSealed: 'x' }))[0]?.key).toBe('v.unknown_field');
    expect((await inputErrors('mail.saveProfile', { ...base, profile: { ...profileFields(), authMethod: 'oauth2' } }))[0]).toEqual({
      path: 'profile.authMethod', key: 'v.choice',
    });
    expect((await inputErrors('mail.saveProfile', { ...base, profile: profileFields(), password: 'a\r\nb' }))[0]).toEqual({ path: 'password', key: 'v.control_chars' });
  });

  it('wants a profile id or form values for a connection test', async () => {
    expect(await inputErrors('mail.testConnection', {})).toEqual([{ path: 'profile', key: 'v.required' }]);
  });
});
