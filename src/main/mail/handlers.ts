/**
 * The mail domain's API handlers, keyed by contract method name, and the outbox worker that sends
 * what they queue. The composition root spreads the handlers into the dispatcher's handler map and
 * starts and stops the worker. Network dependencies (DNS resolver, fetch, SMTP timeouts) are
 * injectable through createApp so tests never leave 127.0.0.1.
 */
import type { MailHandlers, MailProfileFields } from '../../shared/contract/mail.js';
import { translate } from '../../shared/i18n/index.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/log.js';
import type { Db } from '../platform/db/open.js';
import type { Invoices } from '../invoices/invoices.js';
import type { Patients } from '../patients/patients.js';
import { Practices } from '../practices/practices.js';
import type { SecretBox } from '../platform/secrets.js';
import { detectMailSettings, type FetchLike, type MxResolver } from './detect.js';
import { InvoiceMail } from './invoiceMail.js';
import { OutboxStore } from './outboxStore.js';
import { OutboxWorker, type OutboxWorkerOptions } from './outboxWorker.js';
import { MailProfiles } from './profiles.js';
import { MailTemplates } from './templates.js';
import { localFailure, sendSmtpTestMessage, testSmtpConnection, type ConnectionTarget } from './testConnection.js';
import { productTimeouts, type SmtpTimeouts } from './transport.js';

/** Where the mail domain reaches the network besides SMTP: settings detection (MX, autoconfig). */
export interface MailNetwork {
  /** DNS resolver for MX lookups; null = none. Default: the system's, with a short timeout. */
  resolver?: MxResolver | null;
  /** For autoconfig documents; null = none. Default: global fetch. */
  fetch?: FetchLike | null;
  autoconfigUrls?: (domain: string) => string[];
  detectTimeouts?: { stepMs: number; totalMs: number };
}

export interface MailDeps extends MailNetwork {
  db: Db;
  secrets: SecretBox;
  clock: Clock;
  smtpTimeouts?: SmtpTimeouts | undefined;
  log?: Logger;
  invoices: Invoices;
  patients: Patients;
  /** Backoff and attempts of the outbox worker; its SMTP timeouts are `smtpTimeouts`. */
  outbox?: Omit<OutboxWorkerOptions, 'smtpTimeouts'>;
}

export interface MailDomain {
  handlers: MailHandlers;
  /** Sends what the handlers queue; the composition root starts it (start()) and stops it on close. */
  outbox: OutboxWorker;
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

export function createMailDomain(deps: MailDeps): MailDomain {
  const profiles = new MailProfiles(deps.db, deps.secrets, deps.clock, deps.log);
  const templates = new MailTemplates(deps.db, deps.clock);
  const practices = new Practices(deps.db, deps.clock);
  const smtpTimeouts = deps.smtpTimeouts ?? productTimeouts;
  const { invoices, patients } = deps;
  const store = new OutboxStore(deps.db, deps.clock);
  const outbox = new OutboxWorker(
    {
      store,
      profiles,
      invoices: {
        status: (id) => invoices.status(id),
        documentWithHash: (id, sha256) => invoices.documentWithHash(id, sha256),
        document: (id, kind) => invoices.document(id, kind),
      },
      clock: deps.clock,
      log: deps.log,
    },
    { ...deps.outbox, smtpTimeouts },
  );
  const invoiceMail = new InvoiceMail({ invoices, patients, profiles, templates, store, onQueued: () => outbox.kick() });

  const handlers: MailHandlers = {
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

    'mail.prepareInvoiceEmail': ({ invoiceId, profileId }) => invoiceMail.prepare(invoiceId, profileId),
    'mail.sendInvoice': (input) => invoiceMail.send(input),
    'mail.invoiceHistory': ({ invoiceId }) => {
      invoices.get(invoiceId); // not_found for an unknown id rather than an empty history
      return store.history(invoiceId);
    },
    'mail.invoiceSendStatus': ({ invoiceIds }) => store.sendStatus(invoiceIds),
    'mail.bulkPreflight': ({ invoiceIds }) => invoiceMail.preflight(invoiceIds),
    'mail.bulkSend': ({ invoiceIds }) => invoiceMail.bulkSend(invoiceIds),
    'mail.batchStatus': ({ batchId }) => store.batch(batchId),
    'mail.cancelBatch': ({ batchId }) => store.cancelBatch(batchId),
    'mail.cancelOutbox': ({ outboxId }) => store.cancel(outboxId),
    'mail.resolveUncertain': ({ outboxId, action }) => {
      const entry = store.resolveUncertain(outboxId, action);
      if (action === 'resend') outbox.kick();
      return entry;
    },
    'mail.listOutbox': ({ states, limit }) => store.list(states, limit),
  };
  return { handlers, outbox };
}
