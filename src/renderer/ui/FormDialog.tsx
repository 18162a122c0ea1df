/**
 * A dialog that is one form: Cancel and a submit button in the footer, the form in the body
 * (noValidate: main validates and the form shows its field messages).
 */
import type { FormEvent, ReactNode, RefObject } from 'react';
import { useT } from '../app/i18n.js';
import { Dialog } from './Dialog.js';

export interface FormDialogProps {
  title: string;
  formId: string;
  submitLabel: string;
  busy: boolean;
  onCancel(): void;
  onSubmit(e: FormEvent): void;
  formRef?: RefObject<HTMLFormElement | null>;
  size?: 'normal' | 'wide';
  danger?: boolean;
  children: ReactNode;
}

export function FormDialog({ title, formId, submitLabel, busy, onCancel, onSubmit, formRef, size, danger, children }: FormDialogProps) {
  const t = useT();
  return (
    <Dialog
      open
      {...(size ? { size } : {})}
      title={title}
      onCancel={onCancel}
      footer={
        <>
          <button type="button" className="button" onClick={onCancel}>
            {t('action.cancel')}
          </button>
          <button type="submit" form={formId} className={danger ? 'button danger' : 'button primary'} disabled={busy}>
            {submitLabel}
          </button>
        </>
      }
    >
      <form id={formId} ref={formRef} className="form dialog-form" onSubmit={onSubmit} noValidate aria-busy={busy}>
        {children}
      </form>
    </Dialog>
  );
}
