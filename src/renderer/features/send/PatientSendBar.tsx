/**
 * Sending from a patient's invoice list: the rows get checkboxes (the invoice table's own
 * selection) and, while some are ticked, a bar with "Per E-Mail senden": one issued invoice opens
 * the send dialog (message editable), several the bulk dialog with its pre-flight.
 */
import { useMemo, useState } from 'react';
import type { InvoiceSummary } from '../../../shared/contract/index.js';
import { Icon } from '../../ui/Icon.js';
import { useToast } from '../../ui/Toast.js';
import { formatNumber } from '../../ui/format.js';
import type { TableSelection } from '../invoices/InvoiceTable.js';
import { BulkSendDialog } from './BulkSendDialog.js';
import { SendInvoiceDialog } from './SendInvoiceDialog.js';
import { useT } from '../../app/i18n.js';

export function useInvoiceSelection(items: InvoiceSummary[]) {
  const [selected, setSelected] = useState<Map<string, InvoiceSummary>>(new Map());
  const selection = useMemo<TableSelection>(() => ({
    isSelected: (id) => selected.has(id),
    toggle: (inv, on) => setSelected((s) => {
      const next = new Map(s);
      if (on) next.set(inv.id, inv);
      else next.delete(inv.id);
      return next;
    }),
    togglePage: (on) => setSelected((s) => {
      const next = new Map(s);
      for (const inv of items) {
        if (on) next.set(inv.id, inv);
        else next.delete(inv.id);
      }
      return next;
    }),
  }), [selected, items]);
  return { selected: [...selected.values()], selection, clear: () => setSelected(new Map()) };
}

export function PatientSendBar({ selected, onClear }: { selected: InvoiceSummary[]; onClear(): void }) {
  const t = useT();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  if (selected.length === 0) return null;
  const single = selected.length === 1 && selected[0]!.status === 'issued' ? selected[0]! : null;
  return (
    <div className="selection-bar" role="region" aria-label={t('selection.label')}>
      <span className="selection-count" aria-live="polite">
        {t.plural('selection.count', selected.length, { count: formatNumber(selected.length) })}
      </span>
      <div className="selection-actions">
        <button type="button" className="button" onClick={() => setOpen(true)}>
          <Icon name="send" />
          {t('sendUi.button')}
        </button>
        <button type="button" className="button" onClick={onClear}>
          {t('selection.clear')}
        </button>
      </div>
      {open && single && (
        <SendInvoiceDialog
          target={{ invoiceId: single.id, practiceId: single.practiceId, patientId: single.patientId, number: single.number }}
          onClose={() => setOpen(false)}
        />
      )}
      {open && !single && (
        <BulkSendDialog
          invoices={selected}
          onClose={(message) => {
            setOpen(false);
            if (!message) return;
            onClear();
            toast.show(message);
          }}
        />
      )}
    </div>
  );
}
