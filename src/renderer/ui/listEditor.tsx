/**
 * The list + edit dialog + delete confirmation pattern of the settings lists, practices and mail
 * profiles: `useListEditor` holds which item is being edited ('new' for a new one) and the
 * confirmed delete. Deleting one item of a list after a confirmation: `ask(item)` opens the dialog, confirming runs
 * the delete mutation (which invalidates the list), a refusal stays inside the dialog with only
 * "Schliessen" left, success closes it and shows the toast. Also serves other confirmed one-shot
 * actions on an item (resetting a template).
 */
import { useState, type ReactNode } from 'react';
import type { Envelope } from '../../shared/errors.js';
import { useT } from '../app/i18n.js';
import { ConfirmDialog } from './Dialog.js';
import { errorText } from './errors.js';
import { useToast } from './Toast.js';

export interface ConfirmedAction<T> {
  item: T | null;
  error: string | null;
  busy: boolean;
  ask(item: T): void;
  close(): void;
  confirm(): void;
}

export function useConfirmedAction<T, R>(run: (item: T) => Promise<Envelope<R>>, done: (item: T, result: R) => string | null): ConfirmedAction<T> {
  const t = useT();
  const toast = useToast();
  const [item, setItem] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return {
    item,
    error,
    busy,
    ask(next) {
      setError(null);
      setItem(next);
    },
    close: () => setItem(null),
    async confirm() {
      if (item === null || busy) return;
      setBusy(true);
      const result = await run(item);
      setBusy(false);
      if (!result.ok) return setError(errorText(t, result.error));
      const message = done(item, result.data);
      if (message) toast.show(message);
      setItem(null);
    },
  };
}

export function ConfirmActionDialog<T>({ action, title, confirmLabel, body }: {
  action: ConfirmedAction<T>; title: string; confirmLabel: string; body(item: T): ReactNode;
}) {
  const t = useT();
  return (
    <ConfirmDialog
      open={action.item !== null}
      title={title}
      confirmLabel={confirmLabel}
      cancelLabel={action.error ? t('action.close') : undefined}
      danger
      busy={action.busy}
      error={action.error}
      onCancel={action.close}
      onConfirm={action.confirm}
    >
      {action.item !== null && body(action.item)}
    </ConfirmDialog>
  );
}

export interface ListEditor<T> {
  /** The item in the edit dialog, 'new' for a new one, null when the dialog is closed. */
  editing: T | 'new' | null;
  edit(item: T | 'new'): void;
  closeEditor(): void;
  remove: ConfirmedAction<T>;
}

export function useListEditor<T, R>({ remove, removed }: {
  remove(item: T): Promise<Envelope<R>>;
  /** The toast after a delete. */
  removed(item: T): string;
}): ListEditor<T> {
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const removeAction = useConfirmedAction(remove, removed);
  return { editing, edit: setEditing, closeEditor: () => setEditing(null), remove: removeAction };
}
