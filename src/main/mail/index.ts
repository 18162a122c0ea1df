/**
 * The mail domain: send profiles, settings detection, the connection test, email templates, and
 * sending invoices through the outbox, whose worker hands queued mail to the therapist's SMTP
 * server in the background. Network dependencies (DNS resolver, fetch, SMTP timeouts) are
 * injectable through createApp so tests never leave 127.0.0.1.
 */
import type { mailMethods, MailTestResult, OutboxEntry } from '../../shared/contract/mail.js';
import { translate } from '../../shared/i18n/index.js';
import type { InvoicesApi } from '../invoices/index.js';
import type { PatientsApi } from '../patients/index.js';
import type { DomainDeps, HandlersFor } from '../platform/domain.js';
import type { PracticesApi } from '../practices/index.js';
import { detectMailSettings, type FetchLike, type MxResolver } from './detect.js';
import { InvoiceMail } from './invoiceMail.js';
import { followBatch } from './bulkSendJob.js';
import { OutboxChanges } from './outboxChanges.js';
import { OutboxStore } from './outboxStore.js';
import { OutboxWorker, type OutboxWorkerOptions } from './outboxWorker.js';
import { MailProfiles, type SaveProfileInput } from './profiles.js';
import { providerBySmtpHost } from './providers.js';
import { RecentChecks, type ConnectionFields } from './recentChecks.js';
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

export type { OutboxWorker, OutboxWorkerOptions } from './outboxWorker.js';
export { countSealedPasswords, resealPasswords } from './profiles.js';
export { adoptRestoredOutbox } from './outboxStore.js';
export { mailExport } from './exportTables.js';

export interface MailOptions extends MailNetwork {
  smtpTimeouts?: SmtpTimeouts | undefined;
  /** Backoff and attempts of the outbox worker; its SMTP timeouts are `smtpTimeouts`. */
  outbox?: Omit<OutboxWorkerOptions, 'smtpTimeouts'>;
}

/** What mail reads of invoices: the invoice, its snapshot and its archived documents. */
export type MailInvoices = Pick<InvoicesApi, 'get' | 'status' | 'snapshotOf' | 'document' | 'documentInfo' | 'documentWithHash' | 'pdfFileName'>;

/** What other domains may ask of mail: send another archived document of an invoice (a reminder) through the outbox. */
export interface MailApi {
  documentEmailBlocker: InvoiceMail['documentEmailBlocker'];
  sendDocument: InvoiceMail['sendDocument'];
  /** An outbox row as the history shows it (its state now). */
  outboxEntry(id: string): OutboxEntry;
}

export interface MailPorts {
  invoices: MailInvoices;
  patients: PatientsApi;
  practices: PracticesApi;
}

function target(fields: ConnectionFields, password: string | null): ConnectionTarget | 'no_password' {
  if (fields.authMethod === 'none') return { ...endpointOf(fields), email: fields.email, credentials: null };
  if (password === null || password === '') return 'no_password';
  return { ...endpointOf(fields), email: fields.email, credentials: { user: fields.username, pass: password } };
}

function endpointOf(f: ConnectionFields) {
  return { host: f.host, port: f.port, security: f.security };
}

export function registerMail(deps: Pick<DomainDeps, 'db' | 'clock' | 'log' | 'secrets' | 'events' | 'jobs'>, ports: MailPorts, options: MailOptions = {}) {
  const profiles = new MailProfiles(deps.db, deps.secrets, deps.clock, deps.log);
  const { invoices, patients, practices } = ports;
  const templates = new MailTemplates(deps.db, deps.clock, practices);
  const smtpTimeouts = options.smtpTimeouts ?? productTimeouts;
  const changes = new OutboxChanges(deps.events);
  const store = new OutboxStore(deps.db, deps.clock, () => changes.notify(), (host) => providerBySmtpHost(host)?.name ?? null);
  const checks = new RecentChecks();
  const now = () => deps.clock.now().toISOString();

  /** A test ended: remember it for these settings, and on the saved profile if it has exactly these. */
  function recordTest(result: MailTestResult, fields: ConnectionFields, password: string | null, profileId: string | undefined): MailTestResult {
    const fingerprint = checks.fingerprint(fields, password);
    const outcome = { code: result.ok ? null : result.code, at: now() };
    checks.record(fingerprint, outcome);
    if (profileId) {
      const saved = profiles.withPassword(profileId);
      if (checks.fingerprint(saved.profile, saved.password) === fingerprint) profiles.recordCheck(profileId, outcome.code, outcome.at);
    }
    return result;
  }

  /**
   * Saves, then keeps the profile's check true to what is saved: the result of a test of exactly
   * these settings and password if there was one, unchanged if the connection did not change (a
   * new name), else "not tested".
   */
  function saveProfile(input: SaveProfileInput) {
    const before = input.id ? profiles.withPassword(input.id) : null;
    const saved = profiles.save(input);
    const after = profiles.withPassword(saved.id);
    const fingerprint = checks.fingerprint(after.profile, after.password);
    const tested = checks.find(fingerprint);
    if (tested) profiles.recordCheck(saved.id, tested.code, tested.at);
    else if (!before || checks.fingerprint(before.profile, before.password) !== fingerprint) profiles.clearCheck(saved.id);
    return profiles.get(saved.id);
  }
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
    { ...options.outbox, smtpTimeouts },
  );
  const invoiceMail = new InvoiceMail({ invoices, patients, profiles, templates, store, onQueued: () => outbox.kick() });

  const handlers: HandlersFor<typeof mailMethods> = {
    'mail.listProfiles': ({ practiceId }) => profiles.list(practiceId),
    'mail.saveProfile': (input) => saveProfile(input),
    'mail.deleteProfile': ({ id }) => profiles.delete(id),
    'mail.setDefaultProfile': ({ id }) => profiles.setDefault(id),

    'mail.detectSettings': ({ email }) =>
      detectMailSettings(email, {
        ...(options.resolver !== undefined ? { resolver: options.resolver } : {}),
        ...(options.fetch !== undefined ? { fetch: options.fetch } : {}),
        ...(options.autoconfigUrls ? { autoconfigUrls: options.autoconfigUrls } : {}),
        ...(options.detectTimeouts ? { stepTimeoutMs: options.detectTimeouts.stepMs, totalTimeoutMs: options.detectTimeouts.totalMs } : {}),
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
      return recordTest(await testSmtpConnection(t, smtpTimeouts), fields, secret, profileId);
    },

    'mail.sendTestMessage': async ({ profileId }) => {
      const { profile, password } = profiles.withPassword(profileId);
      const t = target(profile, password);
      if (t === 'no_password') return localFailure('mail.no_password', 'No password is set for this profile.', profile.host);
      const language = practices.get(profile.practiceId).defaultLanguage;
      const result = await sendSmtpTestMessage(
        t,
        {
          from: { name: profile.senderName, address: profile.email },
          replyTo: profile.replyTo || null,
          subject: translate(language, 'mail.test_message.subject'),
          text: translate(language, 'mail.test_message.body', { profile: profile.name }),
        },
        smtpTimeouts,
      );
      // A test message through the saved profile tests it as saved.
      recordTest(result.ok ? { ok: true } : result, profile, password, profileId);
      return result;
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
    'mail.bulkSend': async ({ invoiceIds, resend }) => {
      const queued = await invoiceMail.bulkSend(invoiceIds, resend);
      const job = deps.jobs.start('mail.bulkSend', (ctx) => followBatch(ctx, { store, changes }, queued.batchId), { total: queued.queued, ref: queued.batchId });
      return { ...queued, job };
    },
    'mail.batchStatus': ({ batchId }) => store.batch(batchId),
    'mail.cancelBatch': ({ batchId }) => store.cancelBatch(batchId),
    'mail.cancelOutbox': ({ outboxId }) => store.cancel(outboxId),
    'mail.listPauses': () => store.pauses(),
    'mail.resumeQueue': ({ profileId }) => {
      profiles.get(profileId); // not_found for an unknown profile
      const resumed = store.resumeProfile(profileId);
      outbox.kick();
      return { resumed };
    },
    'mail.cancelQueue': ({ profileId }) => {
      profiles.get(profileId);
      return { cancelled: store.cancelProfileQueue(profileId) };
    },
    'mail.resolveUncertain': ({ outboxId, action }) => {
      const entry = store.resolveUncertain(outboxId, action);
      if (action === 'resend') outbox.kick();
      return entry;
    },
    'mail.listOutbox': ({ states, limit }) => store.list(states, limit),
  };
  const api: MailApi = {
    documentEmailBlocker: (invoiceId, kind) => invoiceMail.documentEmailBlocker(invoiceId, kind),
    sendDocument: (input) => invoiceMail.sendDocument(input),
    outboxEntry: (id) => store.entry(id),
  };
  return { handlers, outbox, api };
}
