/**
 * The profile's password: typed as-is, with show/hide. The UI never receives a stored password,
 * only whether there is one: then the empty field says "unverändert" and offers to remove it.
 */
import type { ReactNode } from 'react';
import type { FieldError } from '../../../shared/errors.js';
import { Field, controlA11y } from '../../ui/Field.js';
import { Icon } from '../../ui/Icon.js';
import { useT } from '../../app/i18n.js';

interface PasswordFieldProps {
  id: string;
  value: string;
  onChange(value: string): void;
  error: FieldError | undefined;
  /** A password is stored for the profile being edited. */
  hasStored: boolean;
  /** Editing a saved profile (which may have no password yet). */
  saved: boolean;
  /** The stored password is to be removed on save. */
  clearStored: boolean;
  onClearStored(clear: boolean): void;
  shown: boolean;
  onShownChange(shown: boolean): void;
  hint?: ReactNode;
  span?: number;
}

export function PasswordField({ id, value, onChange, error, hasStored, saved, clearStored, onClearStored, shown, onShownChange, hint, span = 3 }: PasswordFieldProps) {
  const t = useT();
  const keeps = hasStored && !clearStored;
  const status =
    clearStored ? t('mailUi.form.passwordWillClear')
      : value !== '' ? null
        : keeps ? t('mailUi.form.passwordKeptHint')
          : saved && !hasStored ? t('mailUi.form.passwordNoneHint')
            : null;
  const fullHint = (
    <>
      {hint}
      {hint && ' '}
      {status}
    </>
  );
  const hasHint = Boolean(hint) || status !== null;
  const describedHint = hasHint ? fullHint : undefined;
  return (
    // The hint is drawn here rather than by Field, so that it stands before the remove/keep action.
    <Field id={id} label={t('mailUi.form.password')} error={error} span={span}>
      <div className="input-with-button mail-password">
        <input
          {...controlA11y(id, error, describedHint)}
          type={shown ? 'text' : 'password'}
          className="input"
          value={value}
          autoComplete="new-password"
          spellCheck={false}
          autoCapitalize="off"
          placeholder={keeps ? t('mailUi.form.passwordKept') : undefined}
          onChange={(e) => {
            onChange(e.target.value);
            if (clearStored && e.target.value !== '') onClearStored(false);
          }}
        />
        <button
          type="button"
          className="button mail-icon-button"
          aria-pressed={shown}
          aria-controls={id}
          title={shown ? t('mailUi.form.passwordHide') : t('mailUi.form.passwordShow')}
          onClick={() => onShownChange(!shown)}
        >
          <Icon name={shown ? 'eyeOff' : 'eye'} />
          <span className="visually-hidden">{t('mailUi.form.passwordShow')}</span>
        </button>
      </div>
      {describedHint && (
        <p className="field-hint" id={`${id}-hint`}>
          {describedHint}
        </p>
      )}
      {hasStored && value === '' && (
        <div className="mail-password-actions">
          {clearStored ? (
            <button type="button" className="link-button" onClick={() => onClearStored(false)}>
              {t('mailUi.form.passwordUndoClear')}
            </button>
          ) : (
            <button type="button" className="link-button danger-text" onClick={() => onClearStored(true)}>
              <Icon name="trash" size={15} />
              {t('mailUi.form.passwordClear')}
            </button>
          )}
        </div>
      )}
    </Field>
  );
}
