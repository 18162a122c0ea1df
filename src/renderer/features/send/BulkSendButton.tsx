/**
 * "Ausgewählte senden" for the invoice list's selection bar, with the bulk dialog. `onDone` gets
 * the sentence for the toast when something was sent (or goes on in the background).
 */
import { useState } from 'react';
import type { InvoiceSummary } from '../../../shared/contract/index.js';
import { Icon } from '../../ui/Icon.js';
import { BulkSendDialog } from './BulkSendDialog.js';
import { useT } from '../../app/i18n.js';

export function BulkSendButton({ selected, onDone }: { selected: InvoiceSummary[]; onDone(message: string | null): void }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button" disabled={selected.length === 0} onClick={() => setOpen(true)}>
        <Icon name="send" />
        {t('sendUi.bulk.button')}
      </button>
      {open && (
        <BulkSendDialog
          invoices={selected}
          onClose={(message) => {
            setOpen(false);
            onDone(message);
          }}
        />
      )}
    </>
  );
}
