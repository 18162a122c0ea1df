/**
 * A labelled form field: <label for>, the control, an optional hint and the field's error, tied
 * together with aria-describedby and aria-invalid so screen readers (and tests) find them.
 */
import type { ReactNode } from 'react';
import type { FieldError } from '../../shared/errors.js';
import { useT } from '../app/i18n.js';

export interface ControlA11y {
  id: string;
  'aria-invalid': boolean | undefined;
  'aria-describedby': string | undefined;
}

export function controlA11y(id: string, error: FieldError | undefined, hint: ReactNode | undefined): ControlA11y {
  const ids = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean);
  return { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': ids.length ? ids.join(' ') : undefined };
}

interface FieldProps {
  id: string;
  label: string;
  error?: FieldError | undefined;
  hint?: ReactNode;
  required?: boolean;
  /** Grid width: 1–6 of the form row's six columns. */
  span?: number;
  /** Said to screen readers after the label where the same label occurs twice ("Vorname"). */
  context?: string | undefined;
  children: ReactNode;
}

export function Field({ id, label, error, hint, required, span = 3, context, children }: FieldProps) {
  const t = useT();
  return (
    <div className={`field span-${span}${error ? ' has-error' : ''}`}>
      <div className="label-row">
        <label htmlFor={id}>
          {label}
          {context && <span className="visually-hidden"> ({context})</span>}
        </label>
        {/* Outside the label so the accessible name stays "Ort", not "Ort *"; aria-required says it. */}
        {required && (
          <span className="required" aria-hidden="true">
            *
          </span>
        )}
      </div>
      {children}
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {t.message(error)}
        </p>
      )}
    </div>
  );
}
