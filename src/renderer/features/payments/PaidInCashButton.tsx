/**
 * "Bar bezahlt" at the end of a consultation, on a draft or on the consultations ticked in the
 * patient's list: main issues the invoice, records its total as paid in cash today and archives a
 * receipt (Quittung), which is then shown in the viewer to print (or save).
 */
import { useState } from 'react';
import type { Currency } from '../../../shared/validation/fields.js';
import { useT } from '../../app/i18n.js';
import { callOrThrow, useApiMutation } from '../../data/query.js';
import { ConfirmDialog } from '../../ui/Dialog.js';
import { errorText } from '../../ui/errors.js';
import { Icon } from '../../ui/Icon.js';
import { useToast } from '../../ui/Toast.js';
import { pdfFromBase64, type ShownPdf } from '../../ui/PdfViewer.js';
import { useMoney } from './moneyUi.js';
import { moneyChanges } from './RecordPaymentDialog.js';

/**
 * `draft` gives the draft to issue (the invoice's own, or one made of the ticked consultations), or
 * null when it could not be made (its screen says why). `onNotIssued` gets a draft that was made here
 * but could not be issued, so its screen can show what is missing. `onReceipt`: the receipt to show;
 * the screen shows it, as this button goes once the invoice is issued.
 */
export function PaidInCashButton({ amountMinor, currency, disabled, draft, onNotIssued, onReceipt, primary = false }: {
  amountMinor: number; currency: Currency; disabled: boolean; draft(): Promise<string | null>; onNotIssued?(draftId: string): void; onReceipt(pdf: ShownPdf): void; primary?: boolean;
}) {
  const t = useT();
  const toast = useToast();
  const money = useMoney();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const call = useApiMutation('payments.issuePaidInCash', { invalidates: [...moneyChanges, 'consultations.', 'numberRanges.'] });

  async function confirm() {
    setError(null);
    const invoiceId = await draft();
    if (invoiceId === null) return setAsking(false);
    const result = await call.run({ invoiceId });
    if (!result.ok) {
      if (onNotIssued) {
        setAsking(false);
        return onNotIssued(invoiceId);
      }
      return setError(errorText(t, result.error));
    }
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
      <button type="button" className={primary ? 'button primary' : 'button'} disabled={disabled} onClick={() => setAsking(true)}>
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
        {t('payments.cash.body', { amount: money(amountMinor, currency) })}
      </ConfirmDialog>
    </>
  );
}
