/**
 * A dialog that is one form: Cancel and a submit button in the footer, the form in the body
 * (noValidate: main validates and the form shows its field messages). With `save` (useFormSave)
 * it submits through it and shows its refusal banner after the lead text. With typed, unsaved
 * input (`save.dirty`, or `dirty`) Escape and Cancel ask before throwing it away.
 */
import type { FormEvent, ReactNode, RefObject } from 'react';
import { Alert } from './Alert.js';
import { CancelButton, Dialog } from './Dialog.js';

export interface FormDialogProps {
  title: string;
  formId: string;
  submitLabel: string;
  onCancel(): void;
  /** The form's submit state (from useFormSave), or busy/onSubmit/formRef given one by one. */
  save?: { submit(e: FormEvent): void; busy: boolean; banner: string | null; formRef: RefObject<HTMLFormElement | null>; dirty?: boolean };
  /** Unsaved input where `save` does not say it. */
  dirty?: boolean;
  busy?: boolean;
  onSubmit?(e: FormEvent): void;
  formRef?: RefObject<HTMLFormElement | null>;
  /** Text above the refusal banner. */
  lead?: ReactNode;
  size?: 'normal' | 'wide';
  danger?: boolean;
  children: ReactNode;
}

export function FormDialog({ title, formId, submitLabel, onCancel, save, lead, size, danger, dirty, children, ...rest }: FormDialogProps) {
  const busy = save?.busy ?? rest.busy ?? false;
  return (
    <Dialog
      open
      {...(size ? { size } : {})}
      title={title}
      onCancel={onCancel}
      unsaved={(dirty ?? save?.dirty ?? false) && !busy}
      footer={
        <>
          <CancelButton />
          <button type="submit" form={formId} className={danger ? 'button danger' : 'button primary'} disabled={busy}>
            {submitLabel}
          </button>
        </>
      }
    >
      <form id={formId} ref={save?.formRef ?? rest.formRef} className="form dialog-form" onSubmit={save?.submit ?? rest.onSubmit} noValidate aria-busy={busy}>
        {lead}
        {save?.banner && <Alert>{save.banner}</Alert>}
        {children}
      </form>
    </Dialog>
  );
}
