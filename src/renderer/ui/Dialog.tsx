/**
 * Modal dialogs on the native <dialog> element: showModal() gives the focus trap, the inert
 * background and aria-modal; Escape arrives as 'cancel' and closes through onCancel. A dialog with
 * typed, unsaved input (`unsaved`) asks before Escape or its Cancel button (CancelButton, or
 * useRequestClose) throws it away. Overlays of controls inside (a date field's calendar) are
 * put into the <dialog>, which is in the top layer and the only part of the page not inert.
 */
import { createContext, useCallback, useContext, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { UNSAFE_PortalProvider } from 'react-aria';
import { useT } from '../app/i18n.js';

/** Closes the dialog it is in, asking first when it holds unsaved input. */
const RequestClose = createContext<() => void>(() => {});

export function useRequestClose(): () => void {
  return useContext(RequestClose);
}

/** "Abbrechen" in a dialog's footer: closes, asking first when there is unsaved input. */
export function CancelButton({ label }: { label?: string }) {
  const t = useT();
  const requestClose = useRequestClose();
  return (
    <button type="button" className="button" onClick={requestClose}>
      {label ?? t('action.cancel')}
    </button>
  );
}

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
  /** Typed input that closing would throw away: Escape and CancelButton ask first. */
  unsaved?: boolean;
}

export function Dialog({ open, title, onCancel, children, footer, size = 'normal', titleActions, unsaved = false }: DialogProps) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const titleId = useId();
  const [asking, setAsking] = useState(false);
  const requestClose = useCallback(() => (unsaved ? setAsking(true) : onCancel()), [unsaved, onCancel]);
  const container = useCallback(() => ref.current, []);
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
        // The question is open: Escape belongs to it (it closes itself as "stay").
        if (!asking) requestClose();
      }}
    >
      {open && (
        <RequestClose.Provider value={requestClose}>
          <UNSAFE_PortalProvider getContainer={container}>
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
          </UNSAFE_PortalProvider>
        </RequestClose.Provider>
      )}
      {asking && (
        <ConfirmDialog
          open
          title={t('unsaved.title')}
          confirmLabel={t('unsaved.discard')}
          cancelLabel={t('unsaved.stay')}
          danger
          onCancel={() => setAsking(false)}
          onConfirm={() => {
            setAsking(false);
            onCancel();
          }}
        >
          {t('unsaved.body')}
        </ConfirmDialog>
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
