/**
 * The send-profile form. The address comes first: "Einstellungen suchen" fills server, port,
 * encryption and username and shows the provider's guidance. "Verbindung testen" works on the
 * unsaved values (with the stored password when the field is left empty), so a therapist can try
 * until it works and only then save. A failed test says why, keeps the server's own words, and
 * offers main's port/encryption suggestion as one click (which tests again at once).
 */
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { MailDetection, MailProfile, MailSecurity } from '../../../shared/contract/mail.js';
import type { Practice } from '../../../shared/contract/index.js';
import { useApiMutation } from '../../data/query.js';
import { Alert } from '../../ui/Alert.js';
import { Field, controlA11y } from '../../ui/Field.js';
import { Icon } from '../../ui/Icon.js';
import { CheckboxField, SelectField, TextField } from '../../ui/Inputs.js';
import { errorText } from '../../ui/errors.js';
import { fieldErrorsFrom, fieldId, useFocusOnErrors, useForm } from '../../ui/form.js';
import { ProviderGuidance } from './Guidance.js';
import { Spinner } from '../../ui/Spinner.js';
import { FormSection } from '../../ui/FormSection.js';
import { PasswordField } from './PasswordField.js';
import { SecurityChoice } from './SecurityChoice.js';
import { TestResult, testMessageOutcome, type TestState } from './TestResult.js';
import { emptyProfile, fromProfile, passwordToSend, standardPorts, toProfileFields, type ProfileFormValues } from './profileModel.js';
import { useMailUnsavedGuard } from './unsaved.js';
import { securityName } from './profileModel.js';
import { useT } from '../../app/i18n.js';

interface ProfileFormProps {
  practice: Practice;
  /** null: a new profile. */
  profile: MailProfile | null;
  onSaved(profile: MailProfile): void;
  onCancel(): void;
  /** Told whenever the form gets or loses unsaved edits (the screen asks before throwing them away). */
  onDirtyChange(dirty: boolean): void;
}

export function ProfileForm({ practice, profile, onSaved, onCancel, onDirtyChange }: ProfileFormProps) {
  const t = useT();
  const form = useForm<ProfileFormValues>('mail-profile', profile ? fromProfile(profile) : emptyProfile(practice.name));
  const [current, setCurrent] = useState(profile);
  const [clearStored, setClearStored] = useState(false);
  const [passwordShown, setPasswordShown] = useState(false);
  const [detecting, setDetecting] = useState(false);
  const [detection, setDetection] = useState<MailDetection | null>(null);
  const [result, setResult] = useState<TestState>({ kind: 'idle' });
  const detectSettings = useApiMutation('mail.detectSettings');
  // A test of the saved settings changes the profile's check on its card.
  const testConnectionCall = useApiMutation('mail.testConnection', { invalidates: ['mail.listProfiles'] });
  const sendTestMessageCall = useApiMutation('mail.sendTestMessage', { invalidates: ['mail.listProfiles'] });
  const saveProfile = useApiMutation('mail.saveProfile', { invalidates: ['mail.'] });
  const saving = saveProfile.isPending;
  const [banner, setBanner] = useState<string | null>(null);
  const ref = useRef<HTMLFormElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);

  const dirty = form.dirty || clearStored;
  useMailUnsavedGuard(dirty);
  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);
  useFocusOnErrors(ref, form);

  // A result appears below the fields; bring it into view (the actions bar stays where it is).
  useEffect(() => {
    if (result.kind !== 'idle' && result.kind !== 'running') resultRef.current?.scrollIntoView({ block: 'nearest' });
  }, [result]);

  const v = form.values;
  const provider = detection?.provider ?? null;
  const busy = result.kind === 'running';
  const hasStored = Boolean(current?.hasPassword);

  async function detect() {
    const email = v.email.trim();
    setDetecting(true);
    setBanner(null);
    const res = await detectSettings.run({ email });
    if (!live.current) return;
    setDetecting(false);
    if (!res.ok) {
      if (res.error.code === 'validation') form.setErrors(fieldErrorsFrom(res.error, 'input'));
      else setBanner(errorText(t, res.error));
      return;
    }
    setDetection(res.data);
    setResult({ kind: 'idle' });
    const s = res.data.settings;
    if (s) {
      form.set('host', s.host);
      form.set('port', String(s.port));
      form.set('security', s.security);
      form.set('authMethod', 'password');
      form.set('username', s.username);
    }
    if (v.name.trim() === '') form.set('name', res.data.provider?.name ?? email.slice(email.lastIndexOf('@') + 1));
  }

  function onEmailKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    // Before the server is known, Enter in the address means "find the settings", not "save".
    if (e.key === 'Enter' && v.host.trim() === '') {
      e.preventDefault();
      void detect();
    }
  }

  function setSecurity(security: MailSecurity) {
    form.set('security', security);
    const port = v.port.trim();
    if (port === '' || Object.values(standardPorts).map(String).includes(port)) form.set('port', String(standardPorts[security]));
  }

  async function testConnection(values: ProfileFormValues = v) {
    setBanner(null);
    setResult({ kind: 'running', label: t('mailUi.test.running') });
    const fields = toProfileFields(values);
    // The profile's name plays no part in a connection; an empty one must not stop the test.
    if (fields.name.trim() === '') fields.name = values.email.trim() || '-';
    const password = passwordToSend(values, clearStored);
    const res = await testConnectionCall.run({
      ...(current ? { profileId: current.id } : {}),
      profile: fields,
      ...(password !== undefined ? { password } : {}),
    });
    if (!live.current) return;
    if (!res.ok) {
      if (res.error.code === 'validation') form.setErrors(fieldErrorsFrom(res.error, 'profile'));
      return setResult({ kind: 'refused', message: errorText(t, res.error) });
    }
    if (res.data.ok) {
      return setResult({
        kind: 'ok',
        title: t('mailUi.test.ok'),
        body: t('mailUi.test.okBody', { host: fields.host.trim().toLowerCase() }),
        note: dirty || !current ? t('mailUi.test.okUnsaved') : undefined,
      });
    }
    setResult({ kind: 'failed', title: t('mailUi.test.failed'), failure: res.data });
  }

  function applySuggestion(s: { port: number; security: MailSecurity }) {
    form.set('port', String(s.port));
    form.set('security', s.security);
    void testConnection({ ...v, port: String(s.port), security: s.security });
  }

  async function sendTestMessage() {
    if (!current) return;
    setBanner(null);
    setResult({ kind: 'running', label: t('mailUi.testMessage.sending') });
    const res = await sendTestMessageCall.run({ profileId: current.id });
    if (live.current) setResult(testMessageOutcome(t, res));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (saving) return;
    setBanner(null);
    const password = passwordToSend(v, clearStored);
    const res = await saveProfile.run({
      ...(current ? { id: current.id } : {}),
      practiceId: practice.id,
      profile: toProfileFields(v),
      ...(password !== undefined ? { password } : {}),
    });
    if (!live.current) return;
    if (res.ok) {
      form.reset(fromProfile(res.data));
      setCurrent(res.data);
      setClearStored(false);
      onSaved(res.data);
      return;
    }
    setBanner(errorText(t, res.error));
    if (res.error.code === 'validation') form.setErrors(fieldErrorsFrom(res.error, 'profile'));
  }

  const emailId = fieldId(form.scope, 'email');
  const emailError = form.errors.email;
  const login = v.authMethod === 'password';
  const alternatives = (detection?.alternatives ?? []).filter(
    (a) => !(a.host === v.host.trim().toLowerCase() && String(a.port) === v.port.trim() && a.security === v.security),
  );
  const detected = detection && (
    <p className={detection.source === 'none' ? 'mail-detect-status muted' : 'mail-detect-status hint-ok'}>
      {detection.source === 'none'
        ? t('mailUi.detect.none')
        : detection.provider
          ? t('mailUi.detect.found', { provider: detection.provider.name })
          : detection.source === 'autoconfig'
            ? t('mailUi.detect.foundAutoconfig')
            : t('mailUi.detect.foundMx')}
    </p>
  );

  return (
    <form ref={ref} className="form mail-profile-form" onSubmit={submit} noValidate aria-busy={saving || busy}>
      {banner && <Alert>{banner}</Alert>}
      <p className="muted mail-required-note">{t('mailUi.form.required')}</p>

      <FormSection heading="h3" className="mail-section" title={t('mailUi.form.section.account')} description={t('mailUi.form.section.accountHint')}>
        <Field id={emailId} label={t('mailUi.form.email')} error={emailError} required span={6}>
          <div className="input-with-button">
            <input
              {...controlA11y(emailId, emailError, undefined)}
              type="email"
              className="input"
              value={v.email}
              autoComplete="email"
              spellCheck={false}
              aria-required
              autoFocus={!profile}
              onChange={(e) => form.set('email', e.target.value)}
              onKeyDown={onEmailKeyDown}
            />
            <button type="button" className="button" onClick={() => void detect()} disabled={detecting}>
              {detecting ? <Spinner /> : <Icon name="search" />}
              {t('mailUi.form.detect')}
            </button>
          </div>
        </Field>
        <div className="span-6 mail-detect" aria-live="polite">
          {detecting ? (
            <p className="mail-detect-status muted">
              <Spinner /> {t('mailUi.form.detecting')}
            </p>
          ) : (
            detected
          )}
        </div>
        {provider && !detecting && (
          <div className="span-6">
            <ProviderGuidance provider={provider} />
          </div>
        )}
        <TextField form={form} path="senderName" label={t('mailUi.form.senderName')} hint={t('mailUi.form.senderNameHint')} span={3} autoComplete="name" />
        <TextField form={form} path="name" label={t('mailUi.form.name')} hint={t('mailUi.form.nameHint')} required span={3} autoComplete="off" />
      </FormSection>

      <FormSection heading="h3" className="mail-section" title={t('mailUi.form.section.server')} description={t('mailUi.form.section.serverHint')}>
        <TextField form={form} path="host" label={t('mailUi.form.host')} required span={4} autoComplete="off" placeholder="smtp.anbieter.ch" />
        <TextField form={form} path="port" label={t('mailUi.form.port')} required span={2} inputMode="numeric" autoComplete="off" />
        <SecurityChoice value={v.security} onChange={setSecurity} error={form.errors.security} />
        {alternatives.map((a) => (
          <div key={`${a.host}:${a.port}:${a.security}`} className="span-6 mail-alternative">
            <span className="muted">{t('mailUi.detect.alternative', { host: a.host, port: a.port, security: securityName(a.security) })}</span>
            <button
              type="button"
              className="button mail-small-button"
              onClick={() => {
                form.set('host', a.host);
                form.set('port', String(a.port));
                form.set('security', a.security);
              }}
            >
              {t('mailUi.detect.useAlternative')}
            </button>
          </div>
        ))}
      </FormSection>

      <FormSection heading="h3" className="mail-section" title={t('mailUi.form.section.login')}>
        <SelectField
          form={form}
          path="authMethod"
          label={t('mailUi.form.authMethod')}
          span={3}
          options={[
            { value: 'password', label: t('mailUi.form.auth.password') },
            { value: 'none', label: t('mailUi.form.auth.none') },
          ]}
        />
        <div className="span-3" aria-hidden="true" />
        {login && (
          <>
            <TextField
              form={form}
              path="username"
              label={t('mailUi.form.username')}
              required
              span={3}
              autoComplete="username"
              hint={provider?.username === 'other' ? t('mailUi.form.usernameHintOther') : t('mailUi.form.usernameHint')}
            />
            <PasswordField
              id={fieldId(form.scope, 'password')}
              value={v.password}
              onChange={(value) => form.set('password', value)}
              error={form.errors.password}
              hasStored={hasStored}
              saved={current !== null}
              clearStored={clearStored}
              onClearStored={setClearStored}
              shown={passwordShown}
              onShownChange={setPasswordShown}
              hint={provider && provider.needsAppPassword === 'yes' && provider.passwordLogin ? t('mailUi.form.passwordAppHint') : undefined}
            />
          </>
        )}
      </FormSection>

      <FormSection heading="h3" className="mail-section" title={t('mailUi.form.section.more')}>
        <TextField form={form} path="replyTo" label={t('mailUi.form.replyTo')} hint={t('mailUi.form.replyToHint')} type="email" span={3} autoComplete="off" />
        <CheckboxField form={form} path="bccSelf" label={t('mailUi.form.bccSelf')} hint={t('mailUi.form.bccSelfHint')} />
      </FormSection>

      <div ref={resultRef} className="mail-result-slot">
        <TestResult state={result} onApplySuggestion={applySuggestion} shownProviderId={provider?.id ?? null} />
      </div>

      <div className="form-actions sticky mail-actions">
        <div className="mail-actions-tests">
          <button type="button" className="button" onClick={() => void testConnection()} disabled={busy || saving}>
            {busy ? <Spinner /> : <Icon name="plug" />}
            {t('mailUi.test.button')}
          </button>
          {current && (
            <button
              type="button"
              className="button"
              onClick={() => void sendTestMessage()}
              disabled={busy || saving || dirty}
              title={dirty ? t('mailUi.testMessage.saveFirst') : undefined}
            >
              <Icon name="send" />
              {t('mailUi.testMessage.button')}
            </button>
          )}
        </div>
        {dirty && <span className="muted dirty-note">{t('form.unsaved')}</span>}
        <button type="button" className="button" onClick={onCancel}>
          {t('action.cancel')}
        </button>
        <button type="submit" className="button primary" disabled={saving}>
          {t('action.save')}
        </button>
      </div>
    </form>
  );
}
