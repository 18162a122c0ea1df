/**
 * The one submit of the edit forms and dialogs: send the values, then either hand the saved
 * result on, or show the refusal as a banner plus the field errors (the server's, under the form's
 * own paths, with what the form can say itself) and focus the first invalid field.
 */
import { useRef, useState, type FormEvent } from 'react';
import type { Envelope } from '../../shared/errors.js';
import { useT } from '../app/i18n.js';
import { errorText } from './errors.js';
import { fieldErrorsFrom, renamePaths, useFocusOnErrors, type FieldErrors, type Form } from './form.js';

export interface FormSaveOptions<T, R> {
  save(values: T): Promise<Envelope<R>>;
  onSaved(result: R): void;
  /** The input object's name in the server's field paths ('service', 'range', 'input'). */
  wrapper: string;
  /** Server paths under the form's names where the form edits another shape ({ priceMinor: 'price' }). */
  rename?: Record<string, string>;
  /** What the form knows is wrong without asking main, shown with the server's field errors. */
  clientErrors?(values: T): FieldErrors;
  /** Where both name a field, the server's message is shown instead of the form's. */
  serverWins?: boolean;
}

export function useFormSave<T, R>(form: Form<T>, options: FormSaveOptions<T, R>) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [banner, setBanner] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnErrors(formRef, form);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setBanner(null);
    const result = await options.save(form.values);
    setBusy(false);
    if (result.ok) return options.onSaved(result.data);
    setBanner(errorText(t, result.error));
    if (result.error.details?.fields) {
      const server = renamePaths(fieldErrorsFrom(result.error, options.wrapper), options.rename ?? {});
      const client = options.clientErrors?.(form.values);
      form.setErrors(options.serverWins ? { ...client, ...server } : { ...server, ...client });
    }
  }

  return { submit, busy, banner, formRef, dirty: form.dirty };
}
