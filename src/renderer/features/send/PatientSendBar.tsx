/**
 * Sending from a patient's invoice list: the rows get checkboxes (the invoice table's own
 * selection) and, while some are ticked, a bar with "Per E-Mail senden": one issued invoice opens
 * the send dialog (message editable), several the bulk dialog with its pre-flight.
 */
import { useState } from 'react';
import type { InvoiceSummary } from '../../../shared/contract/index.js';
import { IconButton } from '../../ui/ListScreen.js';
import { SelectionBar } from '../invoices/SelectionBar.js';
import { useToast } from '../../ui/Toast.js';
import { BulkSendDialog } from './BulkSendDialog.js';
import { SendInvoiceDialog } from './SendInvoiceDialog.js';
import { useT } from '../../app/i18n.js';

export function PatientSendBar({ selected, onClear }: { selected: InvoiceSummary[]; onClear(): void }) {
  const t = useT();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const single = selected.length === 1 && selected[0]!.status === 'issued' ? selected[0]! : null;
  return (
    <SelectionBar count={selected.length} onClear={onClear} actions={<IconButton icon="send" label={t('sendUi.button')} onClick={() => setOpen(true)} />}>
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
    </SelectionBar>
  );
}
