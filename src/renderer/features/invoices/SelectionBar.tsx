/** The bar over an invoice list while invoices are ticked: how many, the actions on them, "Auswahl aufheben", and their dialogs. */
import type { ReactNode } from 'react';
import { useT } from '../../app/i18n.js';
import { formatNumber } from '../../ui/format.js';

export function SelectionBar({ count, onClear, actions, children }: { count: number; onClear(): void; actions: ReactNode; children?: ReactNode }) {
  const t = useT();
  if (count === 0) return null;
  return (
    <div className="selection-bar" role="region" aria-label={t('selection.label')}>
      <span className="selection-count" aria-live="polite">
        {t.plural('selection.count', count, { count: formatNumber(count) })}
      </span>
      <div className="selection-actions">
        {actions}
        <button type="button" className="button" onClick={onClear}>
          {t('selection.clear')}
        </button>
      </div>
      {children}
    </div>
  );
}
