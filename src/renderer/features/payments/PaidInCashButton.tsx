/**
 * "Bar bezahlt" on a draft, at the end of a consultation: main issues the invoice,
 * records its total as paid in cash today and archives a receipt (Quittung), which is then shown
 * in the viewer to print (or save).
 */
import { useState } from 'react';
import type { Invoice } from '../../../shared/contract/index.js';
import { useT } from '../../app/i18n.js';
import { callOrThrow, useApiMutation } from '../../data/query.js';
import { ConfirmDialog } from '../../ui/Dialog.js';
import { errorText } from '../../ui/errors.js';
import { Icon } from '../../ui/Icon.js';
import { useToast } from '../../ui/Toast.js';
import { pdfFromBase64, type ShownPdf } from '../../ui/PdfViewer.js';
import { useMoney } from './moneyUi.js';
import { moneyChanges } from './RecordPaymentDialog.js';

/** `onReceipt`: the receipt to show; the screen shows it, as this button goes once the invoice is issued. */
export function PaidInCashButton({ invoice, disabled, onReceipt }: { invoice: Invoice; disabled: boolean; onReceipt(pdf: ShownPdf): void }) {
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
      const pdf = await callOrThrow('payments.receiptPdf', { paymentId: result.data.payment.id });
      onReceipt(pdfFromBase64(pdf.fileName, pdf.contentBase64));
    } catch {
      // The receipt is archived with the payment; it can be shown again from the invoice.
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
