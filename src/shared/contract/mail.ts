/**
 * The mail domain's part of the contract: send profiles (the therapist's own SMTP account),
 * provider detection, connection test, test message, the email templates, and sending invoices
 * through the outbox (one invoice, bulk with preflight, history, uncertain sends to resolve).
 * A profile never leaves main with its password: outputs carry `hasPassword` only, and outputs are
 * plain (stripping) objects, so even a stray field from the repository is cut off by the dispatcher.
 */
import { z } from 'zod';
import { mailErrorCodes } from '../mail/errorCodes.js';
import { bulkSkipReasons, outboxStates, pauseKinds, uncertainActions } from '../mail/outbox.js';
import { placeholders, templateKinds, unknownPlaceholders } from '../mail/templates.js';
import { Email, Id, Language, longText, multiLineProblem, requiredText, text } from '../validation/fields.js';
import { JobStatus } from './jobs.js';
import { method, type MethodSpec } from './define.js';

export const mailSecurities = ['tls', 'starttls'] as const;
/** 'tls' = implicit TLS from the first byte (port 465); 'starttls' = plain greeting, then STARTTLS, required (587). */
export const MailSecurity = z.enum(mailSecurities, { error: 'v.choice' });
export type MailSecurity = z.infer<typeof MailSecurity>;

// 'oauth2' is reserved (the table's CHECK already allows it) for Microsoft and Google accounts later.
export const mailAuthMethods = ['password', 'none'] as const;
export const MailAuthMethod = z.enum(mailAuthMethods, { error: 'v.choice' });
export type MailAuthMethod = z.infer<typeof MailAuthMethod>;

/** An address that must be there (a profile's sender, the address to detect settings for). */
export const MailAddress = Email.refine((s) => s !== '', { error: 'v.required' });

/** A host name or IPv4 address; stored lower case, without a trailing dot. */
export const MailHost = text(253)
  .refine((s) => s !== '', { error: 'v.required' })
  .transform((s) => s.toLowerCase().replace(/\.$/, ''))
  .refine((s) => /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/.test(s), { error: 'v.mail_host' });

export const MailPort = z
  .number({ error: 'v.mail_port' })
  .int({ error: 'v.mail_port' })
  .min(1, { error: 'v.mail_port' })
  .max(65535, { error: 'v.mail_port' });

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const hasControlChar = (s: string) => /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(s);

/** Passwords are taken exactly as typed (never trimmed); only control characters and broken characters are refused. */
export const MailPassword = z
  .string({ error: 'v.text' })
  .max(1000, { error: 'v.too_long' })
  .refine((s) => !hasControlChar(s), { error: 'v.control_chars' })
  .refine((s) => multiLineProblem(s) !== 'v.invalid_chars', { error: 'v.invalid_chars' });

export const MailProfileFields = z
  .strictObject({
    /** What the therapist calls this account ("Praxis", "Gmail privat"). */
    name: requiredText(70),
    /** Display name in From; empty = the address alone. */
    senderName: text(70),
    email: MailAddress,
    host: MailHost,
    port: MailPort,
    security: MailSecurity,
    authMethod: MailAuthMethod,
    username: text(254),
    replyTo: Email,
    /** Send a blind copy of every mail to the profile's own address (a record in the inbox). */
    bccSelf: z.boolean({ error: 'v.type' }),
  })
  .superRefine((p, ctx) => {
    if (p.authMethod === 'password' && p.username === '') {
      ctx.addIssue({ code: 'custom', path: ['username'], message: 'v.required' });
    }
  });
export type MailProfileFields = z.infer<typeof MailProfileFields>;
export type MailProfileFieldsInput = z.input<typeof MailProfileFields>;

export const MailErrorCode = z.enum(mailErrorCodes);

/**
 * What the last connection test (or a successful send) found for the profile as it is saved now:
 * 'unchecked' ("nicht geprüft": never tested since its settings or password changed), 'ok', or
 * 'failed' (with the failure's code and when: "Test fehlgeschlagen am …").
 */
export const ProfileCheck = z.object({
  state: z.enum(['unchecked', 'ok', 'failed']),
  at: z.string().nullable(),
  code: MailErrorCode.nullable(),
  /** The therapist was warned about this state when sending, and sent anyway: no second warning. */
  warned: z.boolean(),
});
export type ProfileCheck = z.infer<typeof ProfileCheck>;

export const MailProfile = z.object({
  id: Id,
  practiceId: Id,
  name: z.string(),
  senderName: z.string(),
  email: z.string(),
  host: z.string(),
  port: z.number().int(),
  security: MailSecurity,
  authMethod: MailAuthMethod,
  username: z.string(),
  replyTo: z.string(),
  bccSelf: z.boolean(),
  hasPassword: z.boolean(),
  isDefault: z.boolean(),
  check: ProfileCheck,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MailProfile = z.infer<typeof MailProfile>;

export const SmtpSettings = z.object({
  host: z.string(),
  port: z.number().int(),
  security: MailSecurity,
  username: z.string(),
});
export type SmtpSettings = z.infer<typeof SmtpSettings>;

export const MailProviderInfo = z.object({
  id: z.string(),
  name: z.string(),
  /** Catalog key of the provider's step-by-step guidance. */
  guidanceKey: z.string(),
  helpUrl: z.string().nullable(),
  /** Whether the normal account password works for SMTP ('no' = it does), as far as known. */
  needsAppPassword: z.enum(['yes', 'if_2fa', 'no', 'unknown']),
  /** false: the provider accepts no password login at all any more (Outlook.com). */
  passwordLogin: z.boolean(),
  /** What goes into the username field: the address, its local part, or something else (HIN login). */
  username: z.enum(['email', 'local_part', 'other']),
});
export type MailProviderInfo = z.infer<typeof MailProviderInfo>;

export const MailDetection = z.object({
  /** Where the settings came from: Arnika's table, the domain's autoconfig file, its MX records, nowhere. */
  source: z.enum(['table', 'autoconfig', 'mx', 'none']),
  provider: MailProviderInfo.nullable(),
  settings: SmtpSettings.nullable(),
  alternatives: z.array(SmtpSettings),
});
export type MailDetection = z.infer<typeof MailDetection>;

/** Port and encryption that will probably work instead, for a one-click fix in the UI. */
export const MailSuggestion = z.object({ port: z.number().int(), security: MailSecurity });

export const MailTestFailure = z.object({
  ok: z.literal(false),
  code: MailErrorCode,
  /** The server's own words (or the system's), for the details line and for the provider's support. */
  details: z.string(),
  suggestion: MailSuggestion.nullable(),
  /** Known provider of the host, so the UI can show its guidance next to the message. */
  providerId: z.string().nullable(),
});
export type MailTestFailure = z.infer<typeof MailTestFailure>;

export const MailTestResult = z.discriminatedUnion('ok', [z.object({ ok: z.literal(true) }), MailTestFailure]);
export type MailTestResult = z.infer<typeof MailTestResult>;

export const MailTestMessageResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), to: z.string(), messageId: z.string() }),
  MailTestFailure,
]);
export type MailTestMessageResult = z.infer<typeof MailTestMessageResult>;

export const MailTemplateKind = z.enum(templateKinds, { error: 'v.choice' });

/** One line (text() refuses line breaks, which would end a mail header). */
const TemplateSubject = text(200).refine((s) => s !== '', { error: 'v.required' });
const TemplateBody = longText(10000).refine((s) => s.trim() !== '', { error: 'v.required' });

export const SaveMailTemplateInput = z
  .strictObject({ practiceId: Id, language: Language, kind: MailTemplateKind, subject: TemplateSubject, body: TemplateBody })
  .superRefine((t, ctx) => {
    for (const field of ['subject', 'body'] as const) {
      const unknown = unknownPlaceholders(t[field]);
      if (unknown.length > 0) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: 'v.mail_unknown_placeholder',
          params: { placeholders: unknown.map((n) => `{${n}}`).join(', ') },
        });
      }
    }
  });

export const MailTemplate = z.object({
  practiceId: Id,
  language: Language,
  kind: MailTemplateKind,
  subject: z.string(),
  body: z.string(),
  /** false: the practice has not saved its own text, the built-in one applies. */
  isCustom: z.boolean(),
  updatedAt: z.string().nullable(),
});
export type MailTemplate = z.infer<typeof MailTemplate>;

export const MailTemplateValues = z.partialRecord(z.enum(placeholders), text(500));

export const MailTemplatePreview = z.object({
  subject: z.string(),
  body: z.string(),
  unknownPlaceholders: z.array(z.string()),
});

export const MailTestConnectionInput = z
  .strictObject({
    /** A saved profile; alone it is tested as saved, with its stored password. */
    profileId: Id.optional(),
    /** Unsaved settings from the form; with profileId and no password, the stored password is used. */
    profile: MailProfileFields.optional(),
    password: MailPassword.optional(),
  })
  .superRefine((t, ctx) => {
    if (!t.profileId && !t.profile) ctx.addIssue({ code: 'custom', path: ['profile'], message: 'v.required' });
  });


// Sending invoices ------------------------------------------------------------------------------

export const OutboxState = z.enum(outboxStates, { error: 'v.choice' });
export const BulkSkipReason = z.enum(bulkSkipReasons);

/** A subject as it goes out: already rendered, so no placeholder check; one line. */
const SendSubject = text(200).refine((s) => s !== '', { error: 'v.required' });
const SendBody = longText(10000).refine((s) => s.trim() !== '', { error: 'v.required' });
/** A list of invoices to look at or send: each once, at most 1000 at a time. */
const InvoiceIds = z
  .array(Id, { error: 'v.type' })
  .min(1, { error: 'v.required' })
  .max(1000, { error: 'v.too_big' })
  .transform((ids) => [...new Set(ids)]);

export const MailSender = z.object({ name: z.string(), address: z.string() });

/** The email for one invoice as Arnika would send it, for the send dialog to show and edit. */
export const InvoiceEmail = z.object({
  invoiceId: Id,
  invoiceNumber: z.string(),
  language: Language,
  /** Billing recipient's address if the invoice goes to the billing recipient, else the patient's; '' when none is known. */
  to: z.string(),
  recipientName: z.string(),
  /** The send profile (given, or the practice's default); null when the practice has none. */
  profileId: Id.nullable(),
  from: MailSender.nullable(),
  replyTo: z.string(),
  /** The profile's own address when it keeps a blind copy of every mail, else ''. */
  bcc: z.string(),
  subject: z.string(),
  body: z.string(),
  attachmentName: z.string(),
  /** The patient asked for invoices by post: the dialog should say so before sending. */
  wantsPost: z.boolean(),
  /**
   * The send profile is not tested, or its test failed, and the therapist was not yet warned: the
   * dialog says so (once: sending with it anyway counts as warned). null: nothing to warn about.
   */
  profileWarning: z.object({ profileName: z.string(), check: ProfileCheck }).nullable(),
});
export type InvoiceEmail = z.infer<typeof InvoiceEmail>;

export const MailSendError = z.object({ code: MailErrorCode, details: z.string() });

/** One outbox row: one send of one invoice, from "queued" to its outcome. */
export const OutboxEntry = z.object({
  outboxId: Id,
  invoiceId: Id,
  invoiceNumber: z.string(),
  batchId: Id.nullable(),
  state: OutboxState,
  /** When the state last changed (for 'sent': when the server accepted the message). */
  at: z.string(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  to: z.string(),
  from: z.string(),
  subject: z.string(),
  attachmentName: z.string(),
  messageId: z.string(),
  /** Attempts to hand it to the mail server so far (failed connections included). */
  attempts: z.number().int(),
  /** For a queued row waiting after a temporary failure: when it is tried again. */
  nextAttemptAt: z.string().nullable(),
  /** The server's answer to the message ("250 2.0.0 Ok: queued as ..."). */
  serverResponse: z.string().nullable(),
  /** What the user decided for a row that was uncertain. */
  resolution: z.enum(uncertainActions).nullable(),
  /** Why the row failed, is uncertain, or waits for a retry (code + the server's own words). */
  error: MailSendError.optional(),
});
export type OutboxEntry = z.infer<typeof OutboxEntry>;

export const InvoiceSendStatus = z.object({
  invoiceId: Id,
  /** Sent at least once ("per E-Mail an … am …"). */
  sent: z.boolean(),
  lastSentAt: z.string().nullable(),
  lastTo: z.string().nullable(),
  /** State of the latest send, null when the invoice was never sent by email. */
  state: OutboxState.nullable(),
  sendCount: z.number().int(),
});

export const BulkPreflightItem = z.object({
  invoiceId: Id,
  number: z.string().nullable(),
  recipientName: z.string(),
  to: z.string(),
  ok: z.boolean(),
  reason: BulkSkipReason.optional(),
  /** When this invoice was last sent by email, so the list can warn before sending it again. */
  lastSentAt: z.string().nullable(),
});

export const BatchItem = z.object({
  outboxId: Id,
  invoiceId: Id,
  invoiceNumber: z.string(),
  to: z.string(),
  state: OutboxState,
  error: MailSendError.optional(),
});

/**
 * A send profile whose queue waits because the provider refused more mail for now (a sending
 * limit): its queued messages go out by themselves from `until` on.
 */
export const MailPause = z.object({
  profileId: Id,
  profileName: z.string(),
  /** The provider's name when Arnika knows the server ("Gmail"), else null. */
  providerName: z.string().nullable(),
  kind: z.enum(pauseKinds),
  until: z.string(),
  /** Messages of this profile waiting in the outbox. */
  queued: z.number().int(),
  error: MailSendError,
});
export type MailPause = z.infer<typeof MailPause>;

export const BatchStatus = z.object({
  batchId: Id,
  createdAt: z.string(),
  cancelledAt: z.string().nullable(),
  total: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
  queued: z.number().int(),
  sending: z.number().int(),
  uncertain: z.number().int(),
  cancelled: z.number().int(),
  /** Nothing left queued or sending. */
  done: z.boolean(),
  /** The batch's send profile waits for a provider's sending limit. */
  pause: MailPause.nullable(),
  items: z.array(BatchItem),
});
export type BatchStatus = z.infer<typeof BatchStatus>;

export const mailMethods = {
  'mail.listProfiles': method(z.strictObject({ practiceId: Id }), z.array(MailProfile)),
  'mail.saveProfile': method(
    z.strictObject({
      id: Id.optional(),
      practiceId: Id,
      profile: MailProfileFields,
      /** undefined = keep the stored password, '' = remove it, anything else = the new password. */
      password: MailPassword.optional(),
    }),
    MailProfile,
  ),
  'mail.deleteProfile': method(z.strictObject({ id: Id }), z.object({ id: Id })),
  'mail.setDefaultProfile': method(z.strictObject({ id: Id }), MailProfile),
  'mail.detectSettings': method(z.strictObject({ email: MailAddress }), MailDetection),
  'mail.testConnection': method(MailTestConnectionInput, MailTestResult),
  'mail.sendTestMessage': method(z.strictObject({ profileId: Id }), MailTestMessageResult),
  'mail.listTemplates': method(z.strictObject({ practiceId: Id }), z.array(MailTemplate)),
  'mail.saveTemplate': method(SaveMailTemplateInput, MailTemplate),
  'mail.resetTemplate': method(z.strictObject({ practiceId: Id, language: Language, kind: MailTemplateKind }), MailTemplate),
  'mail.previewTemplate': method(
    z.strictObject({
      practiceId: Id,
      language: Language,
      subject: text(200),
      body: longText(10000),
      /** Values to show instead of the built-in examples. */
      values: MailTemplateValues.optional(),
    }),
    MailTemplatePreview,
  ),

  // Sending invoices
  'mail.prepareInvoiceEmail': method(z.strictObject({ invoiceId: Id, profileId: Id.optional() }), InvoiceEmail),
  /** Queues the invoice's email in the outbox (sent by the outbox worker); fields left out come from prepareInvoiceEmail. */
  'mail.sendInvoice': method(
    z.strictObject({
      invoiceId: Id,
      to: MailAddress.optional(),
      profileId: Id.optional(),
      subject: SendSubject.optional(),
      body: SendBody.optional(),
    }),
    OutboxEntry,
  ),
  'mail.invoiceHistory': method(z.strictObject({ invoiceId: Id }), z.array(OutboxEntry)),
  'mail.invoiceSendStatus': method(z.strictObject({ invoiceIds: InvoiceIds }), z.array(InvoiceSendStatus)),
  'mail.bulkPreflight': method(
    z.strictObject({ invoiceIds: InvoiceIds }),
    z.object({
      items: z.array(BulkPreflightItem),
      okCount: z.number().int(),
      /** The first sendable invoice's email, as it will go out. */
      preview: InvoiceEmail.nullable(),
    }),
  ),
  /**
   * Queues the sendable invoices as one batch and skips the others (see bulkPreflight). Each message
   * pins its invoice's archived PDF (the document's hash): that exact file goes out.
   */
  'mail.bulkSend': method(
    z.strictObject({
      invoiceIds: InvoiceIds,
      /** Invoices sent by email before that are to go out again; the others sent before are left out ('already_sent'). */
      resend: z.array(Id, { error: 'v.type' }).max(1000, { error: 'v.too_big' }).optional(),
    }),
    z.object({
      batchId: Id,
      queued: z.number().int(),
      skipped: z.array(z.object({ invoiceId: Id, reason: BulkSkipReason })),
      /** Follows the batch to its end (progress pushed; cancelling it stops the batch). */
      job: JobStatus,
    }),
  ),
  'mail.batchStatus': method(z.strictObject({ batchId: Id }), BatchStatus),
  /** Stops a batch after the message being handed over now: everything still queued becomes 'cancelled'. */
  'mail.cancelBatch': method(z.strictObject({ batchId: Id }), BatchStatus),
  /** Cancels one queued row (e.g. one waiting for a retry). */
  'mail.cancelOutbox': method(z.strictObject({ outboxId: Id }), OutboxEntry),
  /** Send profiles whose queue waits for a provider's sending limit (the banner). */
  'mail.listPauses': method(z.strictObject({}), z.array(MailPause)),
  /** Ends a profile's pause now: its queued messages are due at once. */
  'mail.resumeQueue': method(z.strictObject({ profileId: Id }), z.object({ resumed: z.number().int() })),
  /** Cancels every message still queued for the profile (and ends its pause). */
  'mail.cancelQueue': method(z.strictObject({ profileId: Id }), z.object({ cancelled: z.number().int() })),
  'mail.resolveUncertain': method(z.strictObject({ outboxId: Id, action: z.enum(uncertainActions, { error: 'v.choice' }) }), OutboxEntry),
  /** The outbox, newest first; by default everything that is not simply sent or cancelled. */
  'mail.listOutbox': method(
    z.strictObject({
      states: z.array(OutboxState, { error: 'v.type' }).min(1, { error: 'v.required' }).max(6, { error: 'v.too_big' }).optional(),
      limit: z.number({ error: 'v.type' }).int({ error: 'v.type' }).min(1, { error: 'v.too_small' }).max(500, { error: 'v.too_big' }).optional(),
    }),
    z.array(OutboxEntry),
  ),
} satisfies Record<string, MethodSpec>;
