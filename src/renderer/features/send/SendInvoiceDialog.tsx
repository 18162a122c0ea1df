/**
 * Sends one issued invoice by email: the message as Arnika would send it (mail.prepareInvoiceEmail)
 * with recipient, profile, subject and text editable and the PDF shown as a chip; "Senden" queues it
 * in the outbox (mail.sendInvoice) and the dialog then follows that outbox entry until the mail
 * server answered (sent, refused, unclear) or a temporary failure put it back in the queue. What
 * stops sending (no profile, no address, no password) is said with a link to where it is fixed.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { InvoiceEmail, MailProfile, OutboxEntry } from '../../../shared/contract/mail.js';
import type { ErrorBody } from '../../../shared/errors.js';
import { useQueryClient } from '@tanstack/react-query';
import { invalidateMethods } from '../../data/cache.js';
import { useApiMutation, useApiQuery } from '../../data/query.js';
import { CancelButton, Dialog } from '../../ui/Dialog.js';
import { Icon } from '../../ui/Icon.js';
import { SelectField, TextAreaField, TextField } from '../../ui/Inputs.js';
import { errorText } from '../../ui/errors.js';
import { fieldErrorsFrom, useFocusOnErrors, useForm } from '../../ui/form.js';
import { paths } from '../../app/routes.js';
import { sendChanges } from './sendChanges.js';
import { ProfileWarning } from './ProfileWarning.js';
import './send.css';
import { formatWhen } from './sendFormat.js';
import { mailErrorSentence } from '../../ui/errors.js';
import { useT, type Translator } from '../../app/i18n.js';

export interface SendTarget {
  invoiceId: string;
  practiceId: string;
  patientId: string;
  number: string | null;
}

interface Values {
  to: string;
  profileId: string;
  subject: string;
  body: string;
}

type Fix = 'settings' | 'patient' | null;
interface Problem {
  text: string;
  fix: Fix;
}

const followForMs = 30_000;

/** Codes whose fix is in Einstellungen → E-Mail, and those fixed at the patient. */
const settingsCodes = new Set(['mail.no_profile', 'mail.no_password', 'mail.no_template', 'mail.auth_failed', 'mail.auth_app_password_required', 'mail.sender_rejected']);
const patientCodes = new Set(['mail.no_recipient_email', 'mail.recipient_rejected']);

function fixFor(code: string): Fix {
  return settingsCodes.has(code) ? 'settings' : patientCodes.has(code) ? 'patient' : null;
}

/** An entry the dialog stops following at: the server answered, or it waits for a later retry. */
function settled(e: OutboxEntry): boolean {
  return e.state === 'sent' || e.state === 'failed' || e.state === 'uncertain' || e.state === 'cancelled' || (e.state === 'queued' && e.error !== undefined);
}

export function SendInvoiceDialog({ target, onClose }: { target: SendTarget; onClose(): void }) {
  const t = useT();
  const { invoiceId, practiceId, patientId } = target;
  const form = useForm<Values>('send', { to: '', profileId: '', subject: '', body: '' });
  const { reset } = form;
  const [blocked, setBlocked] = useState<Problem | null>(null);
  const [banner, setBanner] = useState<Problem | null>(null);
  const [following, setFollowing] = useState<OutboxEntry | null>(null);
  const [slow, setSlow] = useState(false);
  const [outcome, setOutcome] = useState<OutboxEntry | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnErrors(formRef, form);
  // The message as it would go out now: asked afresh each time the dialog opens, never refetched
  // while it is open (that would throw away what the user typed).
  const prep = useApiQuery('mail.prepareInvoiceEmail', { invoiceId }, { gcTime: 0, staleTime: Infinity });
  const profs = useApiQuery('mail.listProfiles', { practiceId });
  const send = useApiMutation('mail.sendInvoice', { invalidates: sendChanges });
  const busy = send.isPending;
  const ready = prep.isSuccess && !profs.isPending;
  const prepared = ready && prep.data.profileId !== null ? prep.data : null;
  const profiles = profs.data ?? [];

  useEffect(() => {
    if (prep.isError) setBlocked({ text: errorText(t, prep.error), fix: fixFor(prep.error.code) });
    else if (prep.isSuccess && prep.data.profileId === null) setBlocked({ text: t('error.mail.no_profile'), fix: 'settings' });
  }, [prep.isError, prep.error, prep.isSuccess, prep.data, t]);
  useEffect(() => {
    if (prepared) reset({ to: prepared.to, profileId: prepared.profileId ?? '', subject: prepared.subject, body: prepared.body });
  }, [prepared, reset]);

  // Follow the queued entry until the server answered or 30 s passed: main says when the outbox changed.
  const followId = following?.outboxId ?? null;
  const history = useApiQuery('mail.invoiceHistory', { invoiceId }, { enabled: followId !== null && !slow });
  const client = useQueryClient();
  useEffect(() => {
    if (!followId) return;
    const timer = window.setTimeout(() => setSlow(true), followForMs);
    return () => window.clearTimeout(timer);
  }, [followId]);
  useEffect(() => {
    const entry = followId ? history.data?.find((e) => e.outboxId === followId) : undefined;
    if (!entry) return;
    if (settled(entry)) {
      setFollowing(null);
      setOutcome(entry);
      void invalidateMethods(client, sendChanges);
    } else setFollowing(entry);
  }, [followId, history.data, client]);

  const profile = profiles.find((p) => p.id === form.values.profileId) ?? null;
  const noPassword = profile !== null && profile.authMethod === 'password' && !profile.hasPassword;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy || !prepared || noPassword) return;
    setBanner(null);
    const v = form.values;
    const result = await send.run({
      invoiceId,
      to: v.to.trim(),
      subject: v.subject,
      body: v.body,
      ...(v.profileId ? { profileId: v.profileId } : {}),
    });
    if (!result.ok) return refused(result.error);
    setSlow(false);
    setOutcome(null);
    setFollowing(result.data);
  }

  function refused(error: ErrorBody) {
    if (error.details?.fields?.length) {
      form.setErrors(fieldErrorsFrom(error, 'input'));
      return;
    }
    setBanner({ text: errorText(t, error), fix: fixFor(error.code) });
  }

  function again() {
    setOutcome(null);
    setBanner(null);
  }

  const title = t('sendUi.title', { number: prepared?.invoiceNumber ?? target.number ?? '' });
  const stage = blocked ? 'blocked' : !prepared ? 'loading' : following ? 'following' : outcome ? 'outcome' : 'form';
  const closeButton = (primary: boolean) => (
    <button type="button" className={primary ? 'button primary' : 'button'} onClick={onClose} autoFocus={primary}>
      {t('action.close')}
    </button>
  );

  let footer;
  if (stage === 'form') {
    footer = (
      <>
        <CancelButton />
        <button type="submit" form="send-form" className="button primary" disabled={busy || noPassword}>
          <Icon name="send" />
          {t('sendUi.send')}
        </button>
      </>
    );
  } else if (stage === 'outcome' && outcome && outcome.state !== 'sent' && outcome.state !== 'uncertain' && outcome.state !== 'queued') {
    footer = (
      <>
        {closeButton(false)}
        <button type="button" className="button primary" onClick={again} autoFocus>
          <Icon name="send" />
          {t('sendUi.again')}
        </button>
      </>
    );
  } else {
    footer = closeButton(stage !== 'loading');
  }

  return (
    <Dialog open title={title} onCancel={onClose} size="wide" footer={footer} unsaved={stage === 'form' && form.dirty && !busy}>
      <div className="send-dialog">
      {stage === 'loading' && (
        <p className="alert result result-running" role="status">
          <span className="spinner" aria-hidden="true" />
          {t('sendUi.preparing')}
        </p>
      )}
      {blocked && <ProblemAlert problem={blocked} patientId={patientId} />}

      {prepared && (stage === 'following' || stage === 'outcome') && (
        <>
          <Summary t={t} to={form.values.to.trim()} subject={form.values.subject} attachment={prepared.attachmentName} />
          <div className="send-live" aria-live="polite">
            {stage === 'following' && (
              <p className="alert result result-running" role="status">
                <span className="spinner" aria-hidden="true" />
                {t('sendUi.sending')}
              </p>
            )}
            {stage === 'following' && slow && <p className="send-note">{t('sendUi.stillSending')}</p>}
            {outcome && <Outcome t={t} entry={outcome} number={prepared.invoiceNumber} patientId={patientId} />}
          </div>
        </>
      )}

      {prepared && stage === 'form' && (
        <form id="send-form" ref={formRef} className="form dialog-form send-form" onSubmit={submit} noValidate aria-busy={busy}>
          {banner && <ProblemAlert problem={banner} patientId={patientId} />}
          {noPassword && <ProblemAlert problem={{ text: t('error.mail.no_password'), fix: 'settings' }} patientId={patientId} />}
          {prepared.to === '' && form.values.to.trim() === '' && (
            <ProblemAlert problem={{ text: t('error.mail.no_recipient_email'), fix: 'patient' }} patientId={patientId} />
          )}
          {profile && !profile.check.warned && <ProfileWarning name={profile.name} check={profile.check} />}
          {prepared.wantsPost && (
            <div className="alert alert-info">
              <Icon name="info" />
              <div>{t('sendUi.wantsPost', { name: prepared.recipientName })}</div>
            </div>
          )}
          <div className="grid">
            <TextField form={form} path="to" label={t('sendUi.to')} type="email" autoComplete="off" spellCheck={false} span={6} autoFocus hint={t('sendUi.toHint')} />
            {profiles.length > 1 ? (
              <SelectField
                form={form}
                path="profileId"
                label={t('sendUi.profile')}
                span={6}
                options={profiles.map((p) => ({ value: p.id, label: `${p.name} · ${p.email}` }))}
              />
            ) : (
              <div className="field span-6">
                <div className="label-row">{t('sendUi.from')}</div>
                <p className="send-static">{senderLine(profile, prepared)}</p>
              </div>
            )}
            <TextField form={form} path="subject" label={t('sendUi.subject')} span={6} maxLength={200} />
            <TextAreaField form={form} path="body" label={t('sendUi.body')} rows={10} />
            <div className="field span-6">
              <div className="label-row">{t('sendUi.attachment')}</div>
              <div>
                <AttachmentChip name={prepared.attachmentName} />
              </div>
              {profile?.bccSelf && <p className="field-hint">{t('sendUi.bcc', { address: profile.email })}</p>}
            </div>
          </div>
        </form>
      )}
      </div>
    </Dialog>
  );
}

function senderLine(profile: MailProfile | null, prepared: InvoiceEmail): string {
  const name = profile?.senderName ?? prepared.from?.name ?? '';
  const address = profile?.email ?? prepared.from?.address ?? '';
  return name ? `${name} <${address}>` : address;
}

export function AttachmentChip({ name }: { name: string }) {
  return (
    <span className="send-attachment">
      <Icon name="file" size={16} />
      {name}
    </span>
  );
}

/** What goes out, once the form is done: recipient, subject, attachment. */
function Summary({ t, to, subject, attachment }: { t: Translator; to: string; subject: string; attachment: string }) {
  return (
    <dl className="send-summary">
      <div>
        <dt>{t('sendUi.to')}</dt>
        <dd>{to}</dd>
      </div>
      <div>
        <dt>{t('sendUi.subject')}</dt>
        <dd>{subject}</dd>
      </div>
      <div>
        <dt>{t('sendUi.attachment')}</dt>
        <dd>
          <AttachmentChip name={attachment} />
        </dd>
      </div>
    </dl>
  );
}

function Outcome({ t, entry, number, patientId }: { t: Translator; entry: OutboxEntry; number: string; patientId: string }) {
  if (entry.state === 'sent') {
    return (
      <div className="alert alert-info result">
        <Icon name="check" />
        <div>
          <p className="result-title">{t('sendUi.sent', { to: entry.to })}</p>
          <p>{t('sendUi.sentBody', { number })}</p>
        </div>
      </div>
    );
  }
  const kind = entry.state === 'uncertain' ? 'uncertain' : entry.state === 'queued' ? 'waiting' : 'failed';
  const title = kind === 'uncertain' ? t('sendUi.uncertain') : kind === 'waiting' ? t('sendUi.waiting') : t('sendUi.failed');
  const code = entry.error?.code ?? 'mail.unknown';
  const fix = kind === 'failed' ? fixFor(code) : null;
  return (
    <div className={`alert result ${kind === 'failed' ? 'alert-error' : 'result-warn'}`} role="alert">
      <Icon name="alert" />
      <div className="result-main">
        <p className="result-title">{title}</p>
        <p>{mailErrorSentence(t, code)}</p>
        {kind === 'waiting' && entry.nextAttemptAt && <p>{t('sendUi.waitingBody', { time: formatWhen(entry.nextAttemptAt, false) })}</p>}
        {kind === 'uncertain' && <p>{t('sendUi.uncertainBody')}</p>}
        {fix && <FixLink fix={fix} patientId={patientId} />}
        {entry.error?.details && <Details t={t} text={entry.error.details} />}
      </div>
    </div>
  );
}

export function Details({ t, text }: { t: Translator; text: string }) {
  return (
    <p className="result-details">
      <span className="result-details-label">{t('sendUi.details')}:</span> <code>{text}</code>
    </p>
  );
}

function FixLink({ fix, patientId }: { fix: Exclude<Fix, null>; patientId: string }) {
  const t = useT();
  const href = fix === 'settings' ? `#${paths.settingsTab('mail')}` : `#${paths.patient(patientId)}`;
  return (
    <a className="send-fix" href={href}>
      {fix === 'settings' ? t('sendUi.fixSettings') : t('sendUi.fixPatient')}
      <Icon name="right" size={14} />
    </a>
  );
}

function ProblemAlert({ problem, patientId }: { problem: Problem; patientId: string }) {
  return (
    <div className="alert alert-error" role="alert">
      <Icon name="alert" />
      <div className="send-problem">
        <p>{problem.text}</p>
        {problem.fix && <FixLink fix={problem.fix} patientId={patientId} />}
      </div>
    </div>
  );
}
