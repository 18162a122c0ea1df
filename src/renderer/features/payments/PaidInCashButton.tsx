/**
 * "Bar bezahlt" on a draft, at the end of a consultation: main issues the invoice,
 * records its total as paid in cash today and archives a receipt (Quittung), which is then saved for
 * printing.
 */
import { useState } from 'react';
import type { Invoice } from '../../../shared/contract/index.js';
import { useT } from '../../app/i18n.js';
import { callOrThrow, useApiMutation } from '../../data/query.js';
import { ConfirmDialog } from '../../ui/Dialog.js';
import { errorText } from '../../ui/errors.js';
import { Icon } from '../../ui/Icon.js';
import { useToast } from '../../ui/Toast.js';
import { downloadPdf } from '../invoices/pdf.js';
import { useMoney } from './moneyUi.js';
import { moneyChanges } from './RecordPaymentDialog.js';

export function PaidInCashButton({ invoice, disabled }: { invoice: Invoice; disabled: boolean }) {
  const t = useT();
  const toast = useToast();
  const money = useMoney();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const call = useApiMutation('payments.issuePaidInCash', { invalidates: [...moneyChanges, 'consultations.', 'numberRanges.'] });

  async function confirm() {
    setError(null);
    const result = await call.run({ invoiceId: invoice.id });
    if (!result.ok) return setError(errorText(t, result.error));
    setAsking(false);
    toast.show(t('payments.cash.done'));
    try {
      const receipt = await callOrThrow('payments.receiptPdf', { paymentId: result.data.payment.id });
      const bytes = Uint8Array.from(atob(receipt.contentBase64), (c) => c.charCodeAt(0));
      const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
      downloadPdf({ url, fileName: receipt.fileName });
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch {
      // The receipt is archived with the payment; it can be saved again from the invoice.
    }
  }

  return (
    <>
      <button type="button" className="button" disabled={disabled} onClick={() => setAsking(true)}>
        <Icon name="coins" />
        {t('payments.cash.button')}
      </button>
      <ConfirmDialog
        open={asking}
        title={t('payments.cash.title')}
        confirmLabel={t('payments.cash.confirm')}
        busy={call.isPending}
        error={error}
        onCancel={() => setAsking(false)}
        onConfirm={() => void confirm()}
      >
        {t('payments.cash.body', { amount: money(invoice.totalMinor, invoice.currency) })}
      </ConfirmDialog>
    </>
  );
}
