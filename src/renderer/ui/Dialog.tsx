/**
 * Modal dialogs on the native <dialog> element: showModal() gives the focus trap, the inert
 * background and aria-modal; Escape arrives as 'cancel' and closes through onCancel.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useT } from '../app/i18n.js';

interface DialogProps {
  open: boolean;
  title: string;
  onCancel(): void;
  children: ReactNode;
  footer?: ReactNode;
  /** 'wide' for forms with rows of services, 'full' for the PDF viewer. */
  size?: 'normal' | 'wide' | 'full';
  /** Extra content in the title row, right-aligned (e.g. the PDF viewer's save link). */
  titleActions?: ReactNode;
}

export function Dialog({ open, title, onCancel, children, footer, size = 'normal', titleActions }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
    }
    if (!open && dialog.open) {
      dialog.close();
      opener.current = null;
    }
  }, [open]);
  // A dialog that is unmounted while open (forms shown only while editing) gives the focus back
  // to what opened it, as closing does.
  useEffect(() => () => {
    const back = opener.current;
    if (back?.isConnected) back.focus();
  }, []);
  return (
    <dialog
      ref={ref}
      className={size === 'normal' ? 'dialog' : `dialog dialog-${size}`}
      aria-labelledby={titleId}
      aria-modal="true"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      {open && (
        <>
          {titleActions ? (
            <div className="dialog-title-row">
              <h2 id={titleId} className="dialog-title">{title}</h2>
              <div className="dialog-title-actions">{titleActions}</div>
            </div>
          ) : (
            <h2 id={titleId} className="dialog-title">{title}</h2>
          )}
          <div className="dialog-body">{children}</div>
          {footer && <div className="dialog-actions">{footer}</div>}
        </>
      )}
    </dialog>
  );
}

interface ConfirmProps {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  danger?: boolean;
  busy?: boolean;
  /** A translated refusal, shown inside the dialog. */
  error?: string | null;
  onConfirm(): void;
  onCancel(): void;
}

export function ConfirmDialog({ open, title, children, confirmLabel, cancelLabel, danger, busy, error, onConfirm, onCancel }: ConfirmProps) {
  const t = useT();
  return (
    <Dialog
      open={open}
      title={title}
      onCancel={onCancel}
      footer={
        <>
          <button type="button" className="button" onClick={onCancel} autoFocus>
            {cancelLabel ?? t('action.cancel')}
          </button>
          {!error && (
            <button type="button" className={danger ? 'button danger' : 'button primary'} onClick={onConfirm} disabled={busy}>
              {confirmLabel}
            </button>
          )}
        </>
      }
    >
      <p>{children}</p>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}
