/** The quiet "Bearbeiten" / "Löschen" buttons at the end of a table row in the settings lists. */
import { useT } from '../app/i18n.js';

export function RowActions({ onEdit, onDelete }: { onEdit?: () => void; onDelete: () => void }) {
  const t = useT();
  return (
    <div className="row-actions">
      {onEdit && (
        <button type="button" className="button small ghost" onClick={onEdit}>
          {t('action.edit')}
        </button>
      )}
      <button type="button" className="button small ghost danger-outline" onClick={onDelete}>
        {t('action.delete')}
      </button>
    </div>
  );
}
