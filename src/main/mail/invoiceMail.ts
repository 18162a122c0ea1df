/**
 * Owns "send an invoice by email" up to the outbox: who it goes to, the text from the practice's
 * template in the invoice's language, the attachment, the checks before a bulk send, and committing
 * the messages as outbox rows. Handing them to the mail server is the outbox worker's job.
 *
 * The recipient is the billing recipient if the invoice goes to the billing recipient, else the
 * patient; names and address come from the patient record as it is now (an address corrected since
 * the invoice was issued is used), the amounts, dates, number and practice names from the invoice's
 * frozen snapshot (what the PDF prints).
 */
import type { Invoice, Patient } from '../../shared/contract/index.js';
import type { InvoiceEmail, MailProfile, OutboxEntry } from '../../shared/contract/mail.js';
import { AppError } from '../../shared/errors.js';
import { formatMoneyWithCurrency } from '../../shared/money.js';
import type { BulkSkipReason } from '../../shared/mail/outbox.js';
import { renderTemplate, salutationLine, type SalutationKind, type TemplateKind } from '../../shared/mail/templates.js';
import { newId } from '../platform/ids.js';
import type { InvoicesApi, InvoiceSnapshot } from '../invoices/index.js';
import { formatDate } from '../../shared/dates.js';
import type { PatientsApi } from '../patients/index.js';
import type { NewOutboxMessage, OutboxStore } from './outboxStore.js';
import type { MailProfiles } from './profiles.js';
import type { MailTemplates } from './templates.js';

export interface InvoiceMailDeps {
  invoices: Pick<InvoicesApi, 'get' | 'snapshotOf' | 'documentInfo' | 'pdfFileName'>;
  patients: PatientsApi;
  profiles: MailProfiles;
  templates: MailTemplates;
  store: OutboxStore;
  /** Called after messages were committed: wakes the outbox worker. */
  onQueued: () => void;
}

interface Person {
  salutation: SalutationKind;
  firstName: string;
  lastName: string;
  email: string;
}

interface InvoiceFacts {
  invoice: Invoice;
  /** null for drafts, which have no final document. */
  snapshot: InvoiceSnapshot | null;
  person: Person;
  wantsPost: boolean;
}

export interface SendInvoiceInput {
  invoiceId: string;
  to?: string | undefined;
  profileId?: string | undefined;
  subject?: string | undefined;
  body?: string | undefined;
}

export interface PreflightItem {
  invoiceId: string;
  number: string | null;
  recipientName: string;
  to: string;
  ok: boolean;
  reason?: BulkSkipReason;
  lastSentAt: string | null;
}

/** `<uuid@domain>` with the sender's domain, fixed when the message is queued. */
export function newMessageId(senderAddress: string): string {
  const domain = senderAddress.slice(senderAddress.lastIndexOf('@') + 1).toLowerCase() || 'arnika.invalid';
  return `<${newId()}@${domain}>`;
}

export class InvoiceMail {
  constructor(private readonly deps: InvoiceMailDeps) {}

  private facts(invoiceId: string): InvoiceFacts {
    const invoice = this.deps.invoices.get(invoiceId);
    const snapshot = invoice.status === 'draft' ? null : this.deps.invoices.snapshotOf(invoiceId);
    const patient = this.deps.patients.get(invoice.patientId);
    return { invoice, snapshot, person: recipientOf(invoice, patient, snapshot), wantsPost: patient.invoicesByPost };
  }

  private requireSendable(f: InvoiceFacts): asserts f is InvoiceFacts & { snapshot: InvoiceSnapshot } {
    if (f.invoice.status === 'draft' || !f.snapshot) throw new AppError('mail.invoice_not_issued', 'Only issued invoices can be sent');
    if (f.invoice.status === 'cancelled') throw new AppError('mail.invoice_cancelled', 'A cancelled invoice is not sent');
  }

  /** The given profile (it must belong to the invoice's practice) or the practice's default; null: none. */
  private profileFor(practiceId: string, profileId?: string): MailProfile | null {
    if (profileId === undefined) return this.deps.profiles.defaultFor(practiceId);
    const profile = this.deps.profiles.get(profileId);
    if (profile.practiceId !== practiceId) throw new AppError('not_found', `Mail profile ${profileId} not found for this practice`);
    return profile;
  }

  private compose(f: InvoiceFacts & { snapshot: InvoiceSnapshot }, profile: MailProfile | null): InvoiceEmail {
    const { invoice, snapshot, person } = f;
    const language = snapshot.language;
    const template = this.deps.templates.get(invoice.practiceId, language, 'invoice');
    const rendered = renderTemplate(template, {
      salutation: salutationLine(language, person.salutation, person.firstName, person.lastName),
      firstName: person.firstName,
      lastName: person.lastName,
      invoiceNumber: snapshot.invoiceNumber,
      amount: formatMoneyWithCurrency(snapshot.totals.totalMinor, snapshot.currency, language),
      dueDate: formatDate(snapshot.dueDate),
      practiceName: snapshot.practice.name,
      therapistName: snapshot.practice.therapistName,
    });
    return {
      invoiceId: invoice.id,
      invoiceNumber: snapshot.invoiceNumber,
      language,
      to: person.email,
      recipientName: invoice.recipientName,
      profileId: profile?.id ?? null,
      from: profile ? { name: profile.senderName, address: profile.email } : null,
      replyTo: profile?.replyTo ?? '',
      bcc: profile?.bccSelf ? profile.email : '',
      subject: rendered.subject,
      body: rendered.body,
      attachmentName: this.deps.invoices.pdfFileName(snapshot),
      wantsPost: f.wantsPost,
      profileWarning: profile ? this.deps.profiles.warning(profile.id) : null,
    };
  }

  /** The email as it would go out now, for the send dialog. */
  prepare(invoiceId: string, profileId?: string): InvoiceEmail {
    const f = this.facts(invoiceId);
    this.requireSendable(f);
    return this.compose(f, this.profileFor(f.invoice.practiceId, profileId));
  }

  private stillSendable = (invoiceId: string): boolean => this.deps.invoices.get(invoiceId).status === 'issued';

  /** Pins the archived invoice document (its hash) and fixes everything else that will go out. */
  private async pin(email: InvoiceEmail, profile: MailProfile, text: { to: string; subject: string; body: string }): Promise<NewOutboxMessage> {
    const pdf = await this.deps.invoices.documentInfo(email.invoiceId, 'invoice');
    return {
      invoiceId: email.invoiceId,
      profileId: profile.id,
      fromName: profile.senderName,
      fromAddress: profile.email,
      replyTo: profile.replyTo,
      bcc: profile.bccSelf ? profile.email : '',
      to: text.to,
      subject: text.subject,
      body: text.body,
      attachmentName: pdf.fileName,
      attachmentSha256: pdf.sha256,
      messageId: newMessageId(profile.email),
    };
  }

  /**
   * Why another document of the invoice (a reminder) cannot go out by email now, so that it goes by
   * post instead; null when it can.
   */
  documentEmailBlocker(invoiceId: string, kind: TemplateKind): 'wants_post' | 'no_email' | 'no_profile' | 'no_password' | 'no_template' | 'in_progress' | null {
    const f = this.facts(invoiceId);
    const profile = this.deps.profiles.defaultFor(f.invoice.practiceId);
    const template = this.deps.templates.get(f.invoice.practiceId, f.invoice.language, kind);
    if (f.wantsPost) return 'wants_post';
    if (f.person.email === '') return 'no_email';
    if (!profile) return 'no_profile';
    if (profile.authMethod === 'password' && !profile.hasPassword) return 'no_password';
    if (template.subject.trim() === '' || template.body.trim() === '') return 'no_template';
    if (this.deps.store.activeInvoiceIds([invoiceId]).size > 0) return 'in_progress';
    return null;
  }

  /**
   * Queues an email with another archived document of an issued invoice attached (a reminder), in
   * the invoice's language with the practice's template of that kind; `values` give the amount and
   * date the document asks for. Sent through the outbox like the invoice itself.
   */
  sendDocument(input: { invoiceId: string; kind: TemplateKind; amount: string; dueDate: string; attachment: { fileName: string; sha256: string } }): OutboxEntry {
    const f = this.facts(input.invoiceId);
    this.requireSendable(f);
    const blocker = this.documentEmailBlocker(input.invoiceId, input.kind);
    if (blocker === 'in_progress') throw new AppError('mail.send_in_progress', 'The invoice already has a live send');
    if (blocker === 'no_profile') throw new AppError('mail.no_profile', 'The practice has no send profile');
    if (blocker === 'no_password') throw new AppError('mail.no_password', 'The send profile has no password');
    if (blocker === 'no_email' || blocker === 'wants_post') throw new AppError('mail.no_recipient_email', 'The recipient has no email address or wants post');
    if (blocker === 'no_template') throw new AppError('mail.no_template', 'There is no email text for this document');
    const profile = this.deps.profiles.defaultFor(f.invoice.practiceId)!;
    const language = f.snapshot.language;
    const rendered = renderTemplate(this.deps.templates.get(f.invoice.practiceId, language, input.kind), {
      salutation: salutationLine(language, f.person.salutation, f.person.firstName, f.person.lastName),
      firstName: f.person.firstName,
      lastName: f.person.lastName,
      invoiceNumber: f.snapshot.invoiceNumber,
      amount: input.amount,
      dueDate: input.dueDate,
      practiceName: f.snapshot.practice.name,
      therapistName: f.snapshot.practice.therapistName,
    });
    const message: NewOutboxMessage = {
      invoiceId: input.invoiceId,
      profileId: profile.id,
      fromName: profile.senderName,
      fromAddress: profile.email,
      replyTo: profile.replyTo,
      bcc: profile.bccSelf ? profile.email : '',
      to: f.person.email,
      subject: rendered.subject,
      body: rendered.body,
      attachmentName: input.attachment.fileName,
      attachmentSha256: input.attachment.sha256,
      messageId: newMessageId(profile.email),
    };
    const { ids } = this.deps.store.enqueue([message], { batch: false, stillSendable: this.stillSendable });
    if (ids.length === 0) throw new AppError('mail.invoice_cancelled', 'The invoice was cancelled meanwhile');
    this.deps.onQueued();
    return this.deps.store.entry(ids[0]!);
  }

  /** Queues one invoice's email; what the caller leaves out comes from prepare(). */
  async send(input: SendInvoiceInput): Promise<OutboxEntry> {
    const email = this.prepare(input.invoiceId, input.profileId);
    if (!email.profileId) throw new AppError('mail.no_profile', 'The practice has no send profile');
    const profile = this.deps.profiles.get(email.profileId);
    if (profile.authMethod === 'password' && !profile.hasPassword) throw new AppError('mail.no_password', 'The send profile has no password');
    const to = input.to ?? email.to;
    if (to === '') throw new AppError('mail.no_recipient_email', 'The recipient of the invoice has no email address');
    const subject = input.subject ?? email.subject;
    const body = input.body ?? email.body;
    if (subject.trim() === '' || body.trim() === '') throw new AppError('mail.no_template', 'There is no email text for this invoice');
    // Checked now, and again in the transaction that queues.
    if (this.deps.store.activeInvoiceIds([email.invoiceId]).size > 0) {
      throw new AppError('mail.send_in_progress', 'The invoice already has a live send');
    }
    const message = await this.pin(email, profile, { to, subject, body });
    const { ids } = this.deps.store.enqueue([message], { batch: false, stillSendable: this.stillSendable });
    if (ids.length === 0) throw new AppError('mail.invoice_cancelled', 'The invoice was cancelled meanwhile');
    // The dialog showed the warning about an untested profile with this email: sent anyway, so warned.
    this.deps.profiles.noteWarned(profile.id);
    this.deps.onQueued();
    return this.deps.store.entry(ids[0]!);
  }

  /** Which of the invoices a bulk send would send, and why the others not; plus the first one's email. */
  preflight(invoiceIds: readonly string[]): { items: PreflightItem[]; okCount: number; preview: InvoiceEmail | null } {
    const checked = this.check(invoiceIds);
    const items = checked.map((c) => c.item);
    const first = items.find((i) => i.ok);
    return { items, okCount: items.filter((i) => i.ok).length, preview: first ? this.prepare(first.invoiceId) : null };
  }

  /** Each invoice's preflight item; a sendable one with what its email is made of. */
  private check(invoiceIds: readonly string[]): { item: PreflightItem; ready?: { facts: InvoiceFacts & { snapshot: InvoiceSnapshot }; profile: MailProfile } }[] {
    const active = this.deps.store.activeInvoiceIds(invoiceIds);
    const lastSent = new Map(this.deps.store.sendStatus(invoiceIds).map((s) => [s.invoiceId, s.lastSentAt]));
    const profiles = new Map<string, MailProfile | null>();
    const textOk = new Map<string, boolean>();
    return invoiceIds.map((invoiceId) => {
      let f: InvoiceFacts;
      try {
        f = this.facts(invoiceId);
      } catch (err) {
        if (err instanceof AppError && err.code === 'not_found') {
          return { item: { invoiceId, number: null, recipientName: '', to: '', ok: false, reason: 'not_found', lastSentAt: null } };
        }
        throw err;
      }
      const base = { invoiceId, number: f.invoice.number, recipientName: f.invoice.recipientName, to: f.person.email, lastSentAt: lastSent.get(invoiceId) ?? null };
      const practiceId = f.invoice.practiceId;
      if (!profiles.has(practiceId)) profiles.set(practiceId, this.deps.profiles.defaultFor(practiceId));
      const profile = profiles.get(practiceId)!;
      const textKey = `${practiceId}/${f.invoice.language}`;
      if (!textOk.has(textKey)) {
        const t = this.deps.templates.get(practiceId, f.invoice.language, 'invoice');
        textOk.set(textKey, t.subject.trim() !== '' && t.body.trim() !== '');
      }
      const reason: BulkSkipReason | null =
        f.invoice.status === 'draft' ? 'not_issued'
        : f.invoice.status === 'cancelled' ? 'cancelled'
        : !profile ? 'no_profile'
        : profile.authMethod === 'password' && !profile.hasPassword ? 'no_password'
        : !textOk.get(textKey) ? 'no_template'
        : f.wantsPost ? 'wants_post'
        : f.person.email === '' ? 'no_email'
        : active.has(invoiceId) ? 'in_progress'
        : null;
      if (reason || !profile || !f.snapshot) return { item: { ...base, ok: false, reason: reason ?? 'not_issued' } };
      return { item: { ...base, ok: true }, ready: { facts: { ...f, snapshot: f.snapshot }, profile } };
    });
  }

  /**
   * Queues every sendable invoice as one batch (one transaction, so the batch exists whole or not at
   * all) and reports the others as skipped. An invoice sent by email before goes out again only when
   * it is in `resend`: by default a bulk send leaves it out ('already_sent'). Each message pins its
   * invoice's archived PDF; nothing is rendered (but an invoice issued before documents were
   * archived, whose PDF is archived now).
   */
  async bulkSend(invoiceIds: readonly string[], resend: readonly string[] = []): Promise<{ batchId: string; queued: number; skipped: { invoiceId: string; reason: BulkSkipReason }[] }> {
    const again = new Set(resend);
    const checked = this.check(invoiceIds).map((c) =>
      c.ready && c.item.lastSentAt !== null && !again.has(c.item.invoiceId) ? { item: { ...c.item, ok: false, reason: 'already_sent' as const } } : c,
    );
    const skipped = checked.filter((c) => !c.ready).map((c) => ({ invoiceId: c.item.invoiceId, reason: c.item.reason! }));
    const sendable = checked.flatMap((c) => (c.ready ? [c.ready] : []));
    if (sendable.length === 0) throw new AppError('mail.bulk_nothing_to_send', 'None of the invoices can be sent by email');
    const messages: NewOutboxMessage[] = [];
    for (const { facts, profile } of sendable) {
      const email = this.compose(facts, profile);
      messages.push(await this.pin(email, profile, { to: email.to, subject: email.subject, body: email.body }));
    }
    const { batchId, refused } = this.deps.store.enqueue(messages, { batch: true, stillSendable: this.stillSendable });
    for (const profileId of new Set(sendable.map((s) => s.profile.id))) this.deps.profiles.noteWarned(profileId);
    for (const invoiceId of refused) {
      const status = this.deps.invoices.get(invoiceId).status;
      skipped.push({ invoiceId, reason: status === 'issued' ? 'in_progress' : status === 'cancelled' ? 'cancelled' : 'not_issued' });
    }
    this.deps.onQueued();
    return { batchId: batchId!, queued: messages.length - refused.length, skipped };
  }
}

/** Billing recipient if the invoice goes there, else the patient; the snapshot fills in if the billing recipient was removed since. */
function recipientOf(invoice: Invoice, patient: Patient, snapshot: InvoiceSnapshot | null): Person {
  if (invoice.recipient === 'billing') {
    const b = patient.billingRecipient;
    if (b) return { salutation: b.salutation, firstName: b.firstName, lastName: b.lastName, email: b.email };
    return { salutation: 'none', firstName: '', lastName: snapshot?.recipient.nameLines[0] ?? invoice.recipientName, email: snapshot?.recipient.email ?? '' };
  }
  return { salutation: patient.salutation, firstName: patient.firstName, lastName: patient.lastName, email: patient.email };
}
