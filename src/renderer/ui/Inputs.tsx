/**
 * Form controls bound to a `Form` by path: text, textarea, select, checkbox, date and time. Each
 * takes its value from the form, writes back on change and shows the field's error from the server.
 * Dates and times are entered as the app shows them (dd.mm.yyyy, 24 h), not in the browser's
 * locale: ui/DateTime.tsx; a TextField of type "time" is one of those too.
 */
import type { InputHTMLAttributes, ReactNode } from 'react';
import { fieldId, getIn, type Form } from './form.js';
import { useT } from '../app/i18n.js';
import { todayIso } from './format.js';
import { Field, controlA11y } from './Field.js';
import { DateBox, TimeBox } from './DateTime.js';

interface BaseProps<T> {
  form: Form<T>;
  path: string;
  label: string;
  hint?: ReactNode;
  required?: boolean;
  span?: number;
  context?: string | undefined;
}

type TextProps<T> = BaseProps<T> & Pick<InputHTMLAttributes<HTMLInputElement>, 'type' | 'autoComplete' | 'inputMode' | 'placeholder' | 'autoFocus' | 'maxLength' | 'min' | 'max' | 'spellCheck' | 'disabled' | 'readOnly'>;

export function TextField<T>({ form, path, label, hint, required, span, context, ...input }: TextProps<T>) {
  const id = fieldId(form.scope, path);
  const error = form.errors[path];
  const value = getIn(form.values, path);
  if (input.type === 'time') return <TimeField form={form} path={path} label={label} hint={hint} required={required} span={span} context={context} />;
  return (
    <Field id={id} label={label} hint={hint} error={error} required={required} span={span} context={context}>
      <input
        {...controlA11y(id, error, hint)}
        {...input}
        type={input.type ?? 'text'}
        className="input"
        value={typeof value === 'string' ? value : ''}
        aria-required={required || undefined}
        onChange={(e) => form.set(path, e.target.value)}
      />
    </Field>
  );
}

export function TextAreaField<T>({ form, path, label, hint, rows = 5 }: BaseProps<T> & { rows?: number }) {
  const id = fieldId(form.scope, path);
  const error = form.errors[path];
  const value = getIn(form.values, path);
  return (
    <Field id={id} label={label} hint={hint} error={error} span={6}>
      <textarea
        {...controlA11y(id, error, hint)}
        className="input textarea"
        rows={rows}
        value={typeof value === 'string' ? value : ''}
        onChange={(e) => form.set(path, e.target.value)}
      />
    </Field>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField<T>({ form, path, label, hint, required, span, context, options }: BaseProps<T> & { options: Option[] }) {
  const id = fieldId(form.scope, path);
  const error = form.errors[path];
  const value = getIn(form.values, path);
  return (
    <Field id={id} label={label} hint={hint} error={error} required={required} span={span} context={context}>
      <select
        {...controlA11y(id, error, hint)}
        className="input select"
        aria-required={required || undefined}
        value={typeof value === 'string' ? value : ''}
        onChange={(e) => form.set(path, e.target.value)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function CheckboxField<T>({ form, path, label, hint }: Omit<BaseProps<T>, 'required' | 'span' | 'context'>) {
  const id = fieldId(form.scope, path);
  const error = form.errors[path];
  return (
    <div className="field span-6 checkbox-field">
      <div className="checkbox-row">
        <input
          {...controlA11y(id, error, hint)}
          type="checkbox"
          className="checkbox"
          checked={getIn(form.values, path) === true}
          onChange={(e) => form.set(path, e.target.checked)}
        />
        <label htmlFor={id}>{label}</label>
      </div>
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}

/** A date, dd.mm.yyyy whatever the browser's locale, with a calendar; the "today" button fills in this machine's date. */
export function DateField<T>({ form, path, label, hint, required, span, context, withToday }: BaseProps<T> & { withToday?: boolean }) {
  const t = useT();
  const value = getIn(form.values, path);
  return (
    <DateBox
      id={fieldId(form.scope, path)}
      label={label}
      hint={hint}
      error={form.errors[path]}
      required={required}
      span={span}
      context={context}
      value={typeof value === 'string' ? value : ''}
      onChange={(v) => form.set(path, v)}
      after={
        withToday && (
          <button type="button" className="button" onClick={() => form.set(path, todayIso())}>
            {t('action.today')}
          </button>
        )
      }
    />
  );
}

/** A time of day, 24 hours (hh:mm), whatever the browser's locale. */
export function TimeField<T>({ form, path, label, hint, required, span, context }: BaseProps<T>) {
  const value = getIn(form.values, path);
  return (
    <TimeBox
      id={fieldId(form.scope, path)}
      label={label}
      hint={hint}
      error={form.errors[path]}
      required={required}
      span={span}
      context={context}
      value={typeof value === 'string' ? value : ''}
      onChange={(v) => form.set(path, v)}
    />
  );
}
