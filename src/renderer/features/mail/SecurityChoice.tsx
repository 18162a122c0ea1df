/**
 * Encryption as two explained choices (never a plain-text one): SSL/TLS on 465 and STARTTLS on 587.
 * Choosing one moves a standard port along, so the pair stays consistent.
 */
import { useId } from 'react';
import type { MailSecurity } from '../../../shared/contract/mail.js';
import type { FieldError } from '../../../shared/errors.js';
import { useT } from '../../app/i18n.js';

export function SecurityChoice({ value, onChange, error }: { value: MailSecurity; onChange(s: MailSecurity): void; error: FieldError | undefined }) {
  const t = useT();
  const base = useId();
  const options: { value: MailSecurity; label: string; hint: string }[] = [
    { value: 'tls', label: t('mailUi.form.security.tls'), hint: t('mailUi.form.security.tlsHint') },
    { value: 'starttls', label: t('mailUi.form.security.starttls'), hint: t('mailUi.form.security.starttlsHint') },
  ];
  return (
    <fieldset className="field span-6 mail-security" aria-invalid={error ? true : undefined}>
      <legend className="label-row">{t('mailUi.form.security')}</legend>
      <div className="mail-security-options">
        {options.map((o) => (
          <label key={o.value} className="mail-choice">
            <input
              type="radio"
              name={`${base}-security`}
              value={o.value}
              checked={value === o.value}
              aria-labelledby={`${base}-${o.value}`}
              aria-describedby={`${base}-${o.value}-hint`}
              onChange={() => onChange(o.value)}
            />
            <span className="mail-choice-text">
              <span className="mail-choice-label" id={`${base}-${o.value}`}>
                {o.label}
              </span>
              <span className="mail-choice-hint" id={`${base}-${o.value}-hint`}>
                {o.hint}
              </span>
            </span>
          </label>
        ))}
      </div>
      {error && <p className="field-error">{t.message(error)}</p>}
    </fieldset>
  );
}
