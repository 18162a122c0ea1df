/** "Ungespeicherte Änderungen verwerfen?": asked by the router on navigation and by screens that close a form in place. */
import { useT } from '../app/i18n.js';
import { ConfirmDialog } from './Dialog.js';

export function UnsavedDialog({ open, onStay, onDiscard }: { open: boolean; onStay(): void; onDiscard(): void }) {
  const t = useT();
  return (
    <ConfirmDialog open={open} title={t('unsaved.title')} confirmLabel={t('unsaved.discard')} cancelLabel={t('unsaved.stay')} danger onCancel={onStay} onConfirm={onDiscard}>
      {t('unsaved.body')}
    </ConfirmDialog>
  );
}
