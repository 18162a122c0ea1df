/**
 * "Verbindung testen" and the test message against real SMTP servers on 127.0.0.1 (smtp-server, see
 * tests/helpers/smtpServer.ts), through the real app (createApp) and its dispatcher: every failure
 * mode is made real, and each result must carry the right code and a German sentence that names the
 * fix. Certificates are verified for real; the test CA is trusted through NODE_EXTRA_CA_CERTS
 * (tests/helpers/tlsGlobalSetup.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodInput, MethodName, MethodOutput } from '../../src/shared/contract/index.js';
import type { MailProfileFieldsInput, MailTestFailure } from '../../src/shared/contract/mail.js';
import { translate } from '../../src/shared/i18n/index.js';
import { makeApp, type TestApp } from '../helpers/app.js';
import { closedPort, startClosingServer, startSilentServer, startSmtpServer, type TestSmtpServer } from '../helpers/smtpServer.js';

/** A method through the app's dispatcher: input validated, output cut to the contract, errors as the envelope. */
const invoke = <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> => app.call(method, input);

// Short, so the never-greets cases cost about a second each; the product uses ~10 s.
const smtpTimeouts = { connectionTimeout: 1_500, greetingTimeout: 1_000, socketTimeout: 3_000, dnsTimeout: 1_000 };

const anna = { user: 'anna@praxis-test.ch', pass: 'Richtig-Passwort-123' };
const gmailLike = 'therapeutin@gmail-like.test';
const microsoftLike = 'praxis@m365-like.test';
const notAccepted = 'someone@provider-like.test';
const echoing = 'echo@provider-like.test';

let app: TestApp;
let practiceId: string;
const servers: Record<string, TestSmtpServer> = {};
let silent: { port: number; close(): Promise<void> };

function fields(server: { port: number }, security: 'tls' | 'starttls', over: Partial<MailProfileFieldsInput> = {}): MailProfileFieldsInput {
  return {
    name: 'Praxis', senderName: 'Praxis Test', email: anna.user, host: 'localhost', port: server.port, security,
    authMethod: 'password', username: anna.user, replyTo: '', bccSelf: false, ...over,
  };
}

async function test(server: { port: number }, security: 'tls' | 'starttls', over: Partial<MailProfileFieldsInput> = {}, password = anna.pass) {
  return invoke('mail.testConnection', { profile: fields(server, security, over), password });
}

function failed(result: MethodOutput<'mail.testConnection'>): MailTestFailure {
  if (result.ok) throw new Error('expected the test to fail');
  return result;
}

const german = (code: string) => translate('de', `error.${code}`);

beforeAll(async () => {
  app = await makeApp({ now: '2026-03-02T09:00:00Z', app: { mail: { smtpTimeouts, network: { resolver: null, fetch: null } } } });
  const practice = await app.call('practices.create', {
    practice: {
      name: 'Praxis Test', therapistName: 'Anna Test', profession: 'physiotherapy',
      address: { street: 'Bahnhofstrasse', houseNumber: '1', postalCode: '8001', town: 'Zürich', country: 'CH' },
      phone: '', email: '', website: '', iban: '', qrReferencePrefix: '', zsrNumber: '', glnNumber: '', vatNumber: '',
      currency: 'CHF', defaultLanguage: 'de', paymentTermDays: 30,
    },
  });
  practiceId = practice.id;

  const users = { [anna.user]: anna.pass };
  const forcedReplies = {
    [gmailLike]: { code: 534, lines: ['5.7.9 Application-specific password required. Learn more at', '5.7.9 https://support.google.com/mail/?p=InvalidSecondFactor'] },
    [microsoftLike]: { code: 535, lines: ['5.7.139 Authentication unsuccessful, basic authentication is disabled. [ZR0P278CA0020.CHEP278.PROD.OUTLOOK.COM]'] },
    [notAccepted]: { code: 535, lines: ['5.7.8 Username and Password not accepted. For more information, go to', '5.7.8 https://support.google.com/mail/?p=BadCredentials'] },
    [echoing]: { code: 535, lines: [`5.7.8 Bad password ${anna.pass}`] },
  };
  const started = await Promise.all([
    startSmtpServer({ mode: 'tls', users, forcedReplies }),
    startSmtpServer({ mode: 'starttls', users, authMethods: ['LOGIN'] }),
    startSmtpServer({ mode: 'no-starttls', users }),
    startSmtpServer({ mode: 'tls', cert: 'untrusted', users }),
    startSmtpServer({ mode: 'starttls', cert: 'wrong-name', users }),
    startSmtpServer({ mode: 'starttls', disableAuth: true }),
    startSmtpServer({ mode: 'starttls', users, relayNeedsLogin: true }),
  ]);
  [servers.tls, servers.starttls, servers.noStarttls, servers.untrusted, servers.wrongName, servers.open, servers.postfixLike] = started;
  silent = await startSilentServer();
});

afterAll(async () => {
  await Promise.all([...Object.values(servers).map((s) => s.close()), silent?.close()]);
  app?.cleanup();
});

describe('successful connections', () => {
  it('runs in a worker that trusts the test CA through NODE_EXTRA_CA_CERTS (set by the globalSetup)', () => {
    const bundle = process.env.NODE_EXTRA_CA_CERTS;
    expect(bundle).toBeTruthy();
    expect(readFileSync(bundle!, 'utf8')).toContain(readFileSync(join(process.env.ARNIKA_TEST_TLS_DIR!, 'ca.pem'), 'utf8').trim());
  });

  it('implicit TLS with AUTH PLAIN, through a saved profile and its sealed password', async () => {
    const profile = await invoke('mail.saveProfile', { practiceId, profile: fields(servers.tls!, 'tls'), password: anna.pass });
    expect(await invoke('mail.testConnection', { profileId: profile.id })).toEqual({ ok: true });
    expect(servers.tls!.logins.at(-1)).toEqual({ method: 'PLAIN', username: anna.user });
  });

  it('STARTTLS with AUTH LOGIN', async () => {
    expect(await test(servers.starttls!, 'starttls')).toEqual({ ok: true });
    expect(servers.starttls!.logins.at(-1)).toEqual({ method: 'LOGIN', username: anna.user });
  });

  it('a profile without login, at a server that needs none', async () => {
    expect(await test(servers.open!, 'starttls', { authMethod: 'none', username: '' })).toEqual({ ok: true });
    expect(servers.open!.received).toHaveLength(0); // the relay probe delivers nothing
  });

  it('unsaved form values with the stored password of the profile being edited', async () => {
    const saved = await invoke('mail.saveProfile', { practiceId, profile: fields(servers.tls!, 'tls', { name: 'Edit' }), password: anna.pass });
    // The therapist switched the form to the STARTTLS server and did not retype the password.
    expect(await invoke('mail.testConnection', { profileId: saved.id, profile: fields(servers.starttls!, 'starttls') })).toEqual({ ok: true });
  });
});

describe('login failures', () => {
  it('wrong password: mail.auth_failed with the server reply as details', async () => {
    const r = failed(await test(servers.tls!, 'tls', {}, 'falsch'));
    expect(r.code).toBe('mail.auth_failed');
    expect(r.details).toContain('535');
    expect(german(r.code)).toContain('Passwort');
  });

  it('"535 5.7.8 Username and Password not accepted" at an unknown provider: mail.auth_failed', async () => {
    const r = failed(await test(servers.tls!, 'tls', { username: notAccepted }));
    expect(r.code).toBe('mail.auth_failed');
    expect(r.details).toContain('Username and Password not accepted');
  });

  it('Gmail\'s multi-line "534-5.7.9 Application-specific password required": mail.auth_app_password_required', async () => {
    const r = failed(await test(servers.tls!, 'tls', { username: gmailLike }));
    expect(r.code).toBe('mail.auth_app_password_required');
    expect(r.details).toContain('534-5.7.9 Application-specific password required');
    expect(r.details).toContain('InvalidSecondFactor');
    expect(german(r.code)).toContain('App-Passwort');
  });

  it('Microsoft\'s "535 5.7.139 basic authentication is disabled": mail.auth_basic_disabled', async () => {
    const r = failed(await test(servers.tls!, 'tls', { username: microsoftLike }));
    expect(r.code).toBe('mail.auth_basic_disabled');
    expect(r.details).toContain('5.7.139');
    expect(german(r.code)).toContain('SMTP AUTH');
  });

  it('never repeats the password in the details, even when the server echoes it', async () => {
    const r = failed(await test(servers.tls!, 'tls', { username: echoing }));
    expect(r.details).toContain('Bad password ***');
    expect(r.details).not.toContain(anna.pass);
  });

  it('a server that offers no login at all: mail.auth_unsupported', async () => {
    const r = failed(await test(servers.open!, 'starttls'));
    expect(r.code).toBe('mail.auth_unsupported');
    expect(german(r.code)).toContain('587');
  });

  it('a server that requires a login the profile does not have: mail.auth_required_not_configured', async () => {
    const r = failed(await test(servers.starttls!, 'starttls', { authMethod: 'none', username: '' }));
    expect(r.code).toBe('mail.auth_required_not_configured');
    expect(r.details).toContain('530');
    expect(german(r.code)).toContain('Anmeldung mit Passwort');
  });

  it('a server that refuses only at RCPT TO ("554 5.7.1 Relay access denied"): mail.auth_required_not_configured', async () => {
    const r = failed(await test(servers.postfixLike!, 'starttls', { authMethod: 'none', username: '' }));
    expect(r.code).toBe('mail.auth_required_not_configured');
    expect(r.details).toContain('Relay access denied');
    expect(servers.postfixLike!.received).toHaveLength(0);
    // With the login, the same server takes mail.
    expect(await test(servers.postfixLike!, 'starttls')).toEqual({ ok: true });
  });

  it('a saved profile without a password: mail.no_password, without connecting', async () => {
    const before = servers.tls!.logins.length;
    const profile = await invoke('mail.saveProfile', { practiceId, profile: fields(servers.tls!, 'tls', { name: 'Ohne Passwort' }) });
    const r = failed(await invoke('mail.testConnection', { profileId: profile.id }));
    expect(r.code).toBe('mail.no_password');
    expect(servers.tls!.logins.length).toBe(before);
    expect(german(r.code)).toContain('Passwort');
  });
});

describe('after the login, the test asks whether the server takes mail from this sender (nothing is delivered)', () => {
  const alias = 'info@praxis-test.ch';
  let probing: TestSmtpServer;
  beforeAll(async () => {
    probing = await startSmtpServer({
      mode: 'tls',
      users: { [anna.user]: anna.pass },
      // The account may send only as itself (Postfix's reject_sender_login_mismatch).
      mailFromReply: (address, user) => (address !== user ? { code: 553, lines: [`5.7.1 <${address}>: Sender address rejected: not owned by user ${user}`] } : null),
      rcptReply: (address) => (address === 'nobody@praxis-test.ch' ? { code: 550, lines: ['5.1.1 <nobody@praxis-test.ch>: Recipient address rejected: User unknown'] } : null),
    });
  });
  afterAll(() => probing.close());

  it('a sender address the account may not use (553 at MAIL FROM) fails with the alias sentence', async () => {
    const r = failed(await test(probing, 'tls', { email: alias }));
    expect(r.code).toBe('mail.sender_rejected');
    expect(r.details).toContain('not owned by user');
    expect(r.details).toContain('MAIL FROM');
    expect(german(r.code)).toContain('als Alias');
    expect(probing.received).toHaveLength(0);
  });

  it('the same account with its own address passes; a server that refuses the address as a recipient does not', async () => {
    expect(await test(probing, 'tls')).toEqual({ ok: true });
    const r = failed(await test(probing, 'tls', { email: 'nobody@praxis-test.ch', username: anna.user }));
    // MAIL FROM is refused first for this one; a server that takes any sender and refuses at RCPT:
    expect(r.code).toBe('mail.sender_rejected');
    const anySender = await startSmtpServer({ mode: 'tls', users: { [anna.user]: anna.pass }, rcptReply: () => ({ code: 550, lines: ['5.1.1 Recipient address rejected: User unknown in virtual mailbox table'] }) });
    try {
      const refused = failed(await test(anySender, 'tls'));
      expect(refused.code).toBe('mail.test_recipient_rejected');
      expect(refused.details).toContain('User unknown');
      expect(anySender.received).toHaveLength(0);
    } finally {
      await anySender.close();
    }
  });

  it('a provider\'s sending limit shows in the test as what it is', async () => {
    const limited = await startSmtpServer({ mode: 'tls', users: { [anna.user]: anna.pass }, mailFromReply: () => ({ code: 550, lines: ['5.4.5 Daily user sending limit exceeded.'] }) });
    try {
      expect(failed(await test(limited, 'tls')).code).toBe('mail.limit_daily');
    } finally {
      await limited.close();
    }
  });
});

describe('a server that closes the connection at once', () => {
  it.each(['starttls', 'tls'] as const)('(%s): mail.connection_closed, which names the firewall, the antivirus and the port', async (security) => {
    const closing = await startClosingServer();
    try {
      const r = failed(await test(closing, security));
      expect(r.code).toBe('mail.connection_closed');
      expect(closing.connections).toBe(1);
      expect(german(r.code)).toMatch(/Firewall.*Virenschutz.*Port/);
    } finally {
      await closing.close();
    }
  });
});

describe('the profile remembers its last test ("nicht geprüft", "Test fehlgeschlagen am …") and warns once', () => {
  it('saved without a test: unchecked; a test of the form values, then save: ok; settings changed: unchecked again', async () => {
    const fresh = await startSmtpServer({ mode: 'tls', users: { [anna.user]: anna.pass } });
    afterAll(() => fresh.close());
    const saved = await invoke('mail.saveProfile', { practiceId, profile: fields(fresh, 'tls', { name: 'Neu' }), password: anna.pass });
    expect(saved.check).toEqual({ state: 'unchecked', at: null, code: null, warned: false });
    expect(await invoke('mail.testConnection', { profileId: saved.id })).toEqual({ ok: true });
    expect((await invoke('mail.listProfiles', { practiceId })).find((p) => p.id === saved.id)!.check).toEqual({ state: 'ok', at: '2026-03-02T09:00:00.000Z', code: null, warned: false });

    // A new profile tested in the form before it was saved, then saved: the test counts.
    const values = fields(servers.starttls!, 'starttls', { name: 'Geprüft' });
    expect(await invoke('mail.testConnection', { profile: values, password: anna.pass })).toEqual({ ok: true });
    expect((await invoke('mail.saveProfile', { practiceId, profile: values, password: anna.pass })).check.state).toBe('ok');
    // Renamed only: still ok. Another password: that one was never tested.
    expect((await invoke('mail.saveProfile', { id: saved.id, practiceId, profile: fields(fresh, 'tls', { name: 'Umbenannt' }) })).check.state).toBe('ok');
    expect((await invoke('mail.saveProfile', { id: saved.id, practiceId, profile: fields(fresh, 'tls', { name: 'Umbenannt' }), password: 'anders' })).check.state).toBe('unchecked');
  });

  it('a failed test is kept with its date and code; testing other values in the form does not touch the saved profile', async () => {
    const saved = await invoke('mail.saveProfile', { practiceId, profile: fields(servers.tls!, 'tls', { name: 'Falsch' }), password: 'falsch' });
    expect(failed(await invoke('mail.testConnection', { profileId: saved.id })).code).toBe('mail.auth_failed');
    const check = (await invoke('mail.listProfiles', { practiceId })).find((p) => p.id === saved.id)!.check;
    expect(check).toEqual({ state: 'failed', at: '2026-03-02T09:00:00.000Z', code: 'mail.auth_failed', warned: false });
    // The form tries the right password without saving: the saved (wrong) one is still the failed one.
    expect(await invoke('mail.testConnection', { profileId: saved.id, profile: fields(servers.tls!, 'tls', { name: 'Falsch' }), password: anna.pass })).toEqual({ ok: true });
    expect((await invoke('mail.listProfiles', { practiceId })).find((p) => p.id === saved.id)!.check.state).toBe('failed');
    // Saved with it: now the tested password is the saved one.
    expect((await invoke('mail.saveProfile', { id: saved.id, practiceId, profile: fields(servers.tls!, 'tls', { name: 'Falsch' }), password: anna.pass })).check.state).toBe('ok');
  });
});

// Concurrent: the never-greets cases each wait out a timeout, and each has its own server.
describe.concurrent('encryption and ports', () => {
  it('SSL/TLS on a STARTTLS port ("wrong version number"): mail.tls_on_starttls_port, suggests 587/STARTTLS', async () => {
    const r = failed(await test(servers.starttls!, 'tls'));
    expect(r.code).toBe('mail.tls_on_starttls_port');
    expect(r.details).toMatch(/wrong version number/i);
    expect(r.suggestion).toEqual({ port: 587, security: 'starttls' });
    expect(german(r.code)).toContain('587');
    expect(german(r.code)).toContain('STARTTLS');
  });

  it('STARTTLS on an implicit-TLS port (no greeting): mail.starttls_on_tls_port, suggests 465/SSL', async () => {
    const started = Date.now();
    const r = failed(await test(servers.tls!, 'starttls'));
    expect(r.code).toBe('mail.starttls_on_tls_port');
    expect(r.suggestion).toEqual({ port: 465, security: 'tls' });
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(german(r.code)).toContain('465');
    expect(german(r.code)).toMatch(/Firewall|Virenschutz/);
  });

  it('a server that never greets, with STARTTLS: mail.starttls_on_tls_port', async () => {
    const r = failed(await test(silent, 'starttls'));
    expect(r.code).toBe('mail.starttls_on_tls_port');
    expect(r.details).toContain('Greeting never received');
  });

  it('a server that never answers the TLS handshake: mail.timeout', async () => {
    const r = failed(await test(silent, 'tls'));
    expect(r.code).toBe('mail.timeout');
    expect(german(r.code)).toContain('Firewall');
  });

  it('a server without STARTTLS: mail.starttls_unavailable, and the password never went out', async () => {
    const r = failed(await test(servers.noStarttls!, 'starttls'));
    expect(r.code).toBe('mail.starttls_unavailable');
    expect(servers.noStarttls!.logins).toHaveLength(0);
    expect(german(r.code)).toContain('unverschlüsselt');
  });

  it('a self-signed certificate nobody trusts: mail.cert_untrusted (antivirus hint)', async () => {
    const r = failed(await test(servers.untrusted!, 'tls'));
    expect(r.code).toBe('mail.cert_untrusted');
    expect(r.details).toMatch(/self-signed/i);
    expect(servers.untrusted!.logins).toHaveLength(0);
    expect(german(r.code)).toContain('Virenschutz');
  });

  it('a trusted certificate for another name, after STARTTLS: mail.cert_hostname_mismatch', async () => {
    const r = failed(await test(servers.wrongName!, 'starttls'));
    expect(r.code).toBe('mail.cert_hostname_mismatch');
    expect(r.details).toContain('mail.wrong-name.test');
    expect(servers.wrongName!.logins).toHaveLength(0);
    expect(german(r.code)).toContain('Servernamen');
  });
});

describe('reaching the server', () => {
  it('an unknown host: mail.host_not_found', async () => {
    // A label longer than 63 characters is refused by the resolver libraries themselves, so the
    // lookup fails inside this machine without a DNS query going out.
    const r = failed(await test({ port: 465 }, 'tls', { host: `${'x'.repeat(70)}.invalid` }));
    expect(r.code).toBe('mail.host_not_found');
    expect(german(r.code)).toContain('Schreibweise');
  });

  it('nothing listening on the port: mail.connection_refused', async () => {
    const r = failed(await test({ port: await closedPort() }, 'tls'));
    expect(r.code).toBe('mail.connection_refused');
    expect(r.details).toContain('ECONNREFUSED');
    expect(german(r.code)).toContain('Port');
  });
});

describe('mail.sendTestMessage', () => {
  it('arrives at the profile\'s own address with the right From, Reply-To and subject', async () => {
    const profile = await invoke('mail.saveProfile', {
      practiceId,
      profile: fields(servers.starttls!, 'starttls', { name: 'Versand', senderName: 'Physio Müller', replyTo: 'empfang@praxis-test.ch' }),
      password: anna.pass,
    });
    const result = await invoke('mail.sendTestMessage', { profileId: profile.id });
    expect(result).toMatchObject({ ok: true, to: anna.user });

    const message = servers.starttls!.received.at(-1)!;
    expect(message.mailFrom).toBe(anna.user);
    expect(message.rcptTo).toEqual([anna.user]);
    expect(message.user).toBe(anna.user);
    const parsed = await simpleParser(message.raw);
    expect(parsed.from?.value[0]).toEqual({ name: 'Physio Müller', address: anna.user });
    expect((parsed.to as AddressObject).value[0]?.address).toBe(anna.user);
    expect(parsed.replyTo?.value[0]?.address).toBe('empfang@praxis-test.ch');
    expect(parsed.subject).toBe('Arnika: Testnachricht');
    expect(parsed.text).toContain('«Versand»');
    if (result.ok) expect(parsed.messageId).toBe(result.messageId);
  });

  it('reports a failure as a classified result, not as an API error', async () => {
    const profile = await invoke('mail.saveProfile', {
      practiceId, profile: fields(servers.tls!, 'tls', { name: 'Falsch', username: gmailLike }), password: 'normales-passwort',
    });
    const result = await invoke('mail.sendTestMessage', { profileId: profile.id });
    expect(result).toMatchObject({ ok: false, code: 'mail.auth_app_password_required' });
  });

  it('a profile without login at a server that requires one: mail.auth_required_not_configured', async () => {
    const profile = await invoke('mail.saveProfile', {
      practiceId, profile: fields(servers.starttls!, 'starttls', { name: 'Ohne Login', authMethod: 'none', username: '' }),
    });
    const result = await invoke('mail.sendTestMessage', { profileId: profile.id });
    expect(result).toMatchObject({ ok: false, code: 'mail.auth_required_not_configured' });
  });
});
