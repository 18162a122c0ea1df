/**
 * The action bar over the invoice list while invoices are ticked: how many, and what can be done
 * with them. This is the one place for bulk actions on invoices: add further ones (e.g. sending
 * by e-mail) as buttons next to "Exportieren (PDF)"; they get the selected summaries and call
 * `onDone` with a sentence for the toast (and `clearSelection` when the work is finished).
 */
import { useState } from 'react';
import type { InvoiceSummary } from '../../../shared/contract/index.js';
import { Icon } from '../../ui/Icon.js';
import { formatNumber } from '../../ui/format.js';
import { useT } from '../../app/i18n.js';
import { BulkSendButton } from '../send/BulkSendButton.js';
import { ExportDialog } from './ExportDialog.js';

export interface SelectionActionsProps {
  selected: InvoiceSummary[];
  clearSelection(): void;
  onDone(message: string): void;
}

export function SelectionActions({ selected, clearSelection, onDone }: SelectionActionsProps) {
  const t = useT();
  const [exporting, setExporting] = useState(false);
  if (selected.length === 0) return null;
  return (
    <div className="selection-bar" role="region" aria-label={t('selection.label')}>
      <span className="selection-count" aria-live="polite">
        {t.plural('selection.count', selected.length, { count: formatNumber(selected.length) })}
      </span>
      <div className="selection-actions">
        <BulkSendButton
          selected={selected}
          onDone={(message) => {
            if (!message) return;
            clearSelection();
            onDone(message);
          }}
        />
        <button type="button" className="button" onClick={() => setExporting(true)}>
          <Icon name="download" />
          {t('selection.exportPdf')}
        </button>
        <button type="button" className="button" onClick={clearSelection}>
          {t('selection.clear')}
        </button>
      </div>
      {exporting && (
        <ExportDialog
          selected={selected}
          onCancel={() => setExporting(false)}
          onDone={(message) => {
            setExporting(false);
            onDone(message);
          }}
        />
      )}
    </div>
  );
}
