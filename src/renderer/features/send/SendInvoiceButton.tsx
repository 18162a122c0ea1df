/**
 * "Per E-Mail senden" for one invoice, with its dialog. Renders nothing for drafts and cancelled
 * invoices: only an issued invoice can be sent.
 */
import { useState } from 'react';
import type { InvoiceSummary } from '../../../shared/contract/index.js';
import { Icon } from '../../ui/Icon.js';
import { SendInvoiceDialog } from './SendInvoiceDialog.js';
import { useT } from '../../app/i18n.js';

type Sendable = Pick<InvoiceSummary, 'id' | 'status' | 'practiceId' | 'patientId' | 'number'>;

export function SendInvoiceButton({ invoice, small, primary }: { invoice: Sendable; small?: boolean; primary?: boolean }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  if (invoice.status !== 'issued') return null;
  return (
    <>
      <button type="button" className={['button', small && 'small', primary && 'primary'].filter(Boolean).join(' ')} onClick={() => setOpen(true)}>
        <Icon name="send" size={small ? 16 : 18} />
        {t('sendUi.button')}
      </button>
      {open && (
        <SendInvoiceDialog
          target={{ invoiceId: invoice.id, practiceId: invoice.practiceId, patientId: invoice.patientId, number: invoice.number }}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}
