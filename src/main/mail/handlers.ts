/**
 * The mail domain's API handlers, keyed by contract method name. The composition root spreads them
 * into the dispatcher's handler map; tests construct them directly on a real database. Network
 * dependencies (DNS resolver, fetch, SMTP timeouts) are injectable so tests never leave 127.0.0.1.
 */
import type { MailHandlers, MailProfileFields } from '../../shared/contract/mail.js';
import { translate } from '../../shared/i18n/index.js';
import type { Clock } from '../app/clock.js';
import type { Logger } from '../app/log.js';
import type { Db } from '../db/open.js';
import { Practices } from '../practices/practices.js';
import type { SecretBox } from '../secrets/secrets.js';
import { detectMailSettings, type FetchLike, type MxResolver } from './detect.js';
import { MailProfiles } from './profiles.js';
import { MailTemplates } from './templates.js';
import { localFailure, sendSmtpTestMessage, testSmtpConnection, type ConnectionTarget } from './testConnection.js';
import { productTimeouts, type SmtpTimeouts } from './transport.js';

export interface MailDeps {
  db: Db;
  secrets: SecretBox;
  clock: Clock;
  /** DNS resolver for MX lookups; null = none. Default: the system's, with a short timeout. */
  resolver?: MxResolver | null;
  /** For autoconfig documents; null = none. Default: global fetch. */
  fetch?: FetchLike | null;
  autoconfigUrls?: (domain: string) => string[];
  detectTimeouts?: { stepMs: number; totalMs: number };
  smtpTimeouts?: SmtpTimeouts;
  log?: Logger;
}

type ConnectionFields = Pick<MailProfileFields, 'email' | 'host' | 'port' | 'security' | 'authMethod' | 'username'>;

function target(fields: ConnectionFields, password: string | null): ConnectionTarget | 'no_password' {
  if (fields.authMethod === 'none') return { ...endpointOf(fields), email: fields.email, credentials: null };
  if (password === null || password === '') return 'no_password';
  return { ...endpointOf(fields), email: fields.email, credentials: { user: fields.username, pass: password } };
}

function endpointOf(f: ConnectionFields) {
  return { host: f.host, port: f.port, security: f.security };
}

export function createMailHandlers(deps: MailDeps): MailHandlers {
  const profiles = new MailProfiles(deps.db, deps.secrets, deps.clock, deps.log);
  const templates = new MailTemplates(deps.db, deps.clock);
  const practices = new Practices(deps.db, deps.clock);
  const smtpTimeouts = deps.smtpTimeouts ?? productTimeouts;

  return {
    'mail.listProfiles': ({ practiceId }) => profiles.list(practiceId),
    'mail.saveProfile': (input) => profiles.save(input),
    'mail.deleteProfile': ({ id }) => profiles.delete(id),
    'mail.setDefaultProfile': ({ id }) => profiles.setDefault(id),

    'mail.detectSettings': ({ email }) =>
      detectMailSettings(email, {
        ...(deps.resolver !== undefined ? { resolver: deps.resolver } : {}),
        ...(deps.fetch !== undefined ? { fetch: deps.fetch } : {}),
        ...(deps.autoconfigUrls ? { autoconfigUrls: deps.autoconfigUrls } : {}),
        ...(deps.detectTimeouts ? { stepTimeoutMs: deps.detectTimeouts.stepMs, totalTimeoutMs: deps.detectTimeouts.totalMs } : {}),
      }),

    'mail.testConnection': async ({ profileId, profile, password }) => {
      let fields: ConnectionFields;
      let secret: string | null;
      if (profile) {
        // Unsaved form values; without a new password the stored one of that profile is used.
        fields = profile;
        secret = password !== undefined ? password : profileId ? profiles.withPassword(profileId).password : null;
      } else {
        const stored = profiles.withPassword(profileId!);
        fields = stored.profile;
        secret = stored.password;
      }
      const t = target(fields, secret);
      if (t === 'no_password') return localFailure('mail.no_password', 'No password is set for this profile.', fields.host);
      return testSmtpConnection(t, smtpTimeouts);
    },

    'mail.sendTestMessage': async ({ profileId }) => {
      const { profile, password } = profiles.withPassword(profileId);
      const t = target(profile, password);
      if (t === 'no_password') return localFailure('mail.no_password', 'No password is set for this profile.', profile.host);
      const language = practices.get(profile.practiceId).defaultLanguage;
      return sendSmtpTestMessage(
        t,
        {
          from: { name: profile.senderName, address: profile.email },
          replyTo: profile.replyTo || null,
          subject: translate(language, 'mail.test_message.subject'),
          text: translate(language, 'mail.test_message.body', { profile: profile.name }),
        },
        smtpTimeouts,
      );
    },

    'mail.listTemplates': ({ practiceId }) => templates.list(practiceId),
    'mail.saveTemplate': (input) => templates.save(input),
    'mail.resetTemplate': ({ practiceId, language, kind }) => templates.reset(practiceId, language, kind),
    'mail.previewTemplate': ({ practiceId, language, subject, body, values }) =>
      templates.preview(practiceId, language, { subject, body }, values ?? {}),
  };
}
