/**
 * The action bar over the invoice list while invoices are ticked: how many, and what can be done
 * with them. This is the one place for bulk actions on invoices: add further ones (e.g. sending
 * by e-mail) as buttons next to "Exportieren (PDF)"; they get the selected summaries and call
 * `onDone` with a sentence for the toast (and `clearSelection` when the work is finished).
 */
import { useState } from 'react';
import type { InvoiceSummary } from '../../../shared/contract/index.js';
import { IconButton } from '../../ui/ListScreen.js';
import { useT } from '../../app/i18n.js';
import { BulkSendButton } from '../send/BulkSendButton.js';
import { ExportDialog } from './ExportDialog.js';
import { SelectionBar } from './SelectionBar.js';

export interface SelectionActionsProps {
  selected: InvoiceSummary[];
  clearSelection(): void;
  onDone(message: string): void;
}

export function SelectionActions({ selected, clearSelection, onDone }: SelectionActionsProps) {
  const t = useT();
  const [exporting, setExporting] = useState(false);
  return (
    <SelectionBar
      count={selected.length}
      onClear={clearSelection}
      actions={
        <>
          <BulkSendButton
            selected={selected}
            onDone={(message) => {
              if (!message) return;
              clearSelection();
              onDone(message);
            }}
          />
          <IconButton icon="download" label={t('selection.exportPdf')} onClick={() => setExporting(true)} />
        </>
      }
    >
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
    </SelectionBar>
  );
}
