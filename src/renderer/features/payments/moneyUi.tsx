/**
 * Small pieces the money screens share: an invoice's derived state as a badge, amounts in the
 * invoice's currency, typed amounts read back to Rappen, and a button that shows an archived PDF
 * (receipt, credit note, reminder) in the viewer, where it can be printed and saved.
 */
import { useState } from 'react';
import type { InvoiceState } from '../../../shared/contract/payments.js';
import type { Envelope } from '../../../shared/errors.js';
import { formatMoneyWithCurrency, parseMoney } from '../../../shared/money.js';
import type { Currency } from '../../../shared/validation/fields.js';
import { useT } from '../../app/i18n.js';
import { Icon } from '../../ui/Icon.js';
import { pdfFromBase64, PdfViewerDialog, type ShownPdf } from '../../ui/PdfViewer.js';
import './money.css';

export function StateBadge({ state, large }: { state: InvoiceState; large?: boolean }) {
  const t = useT();
  return <span className={`badge flush badge-state-${state}${large ? ' badge-large' : ''}`}>{t(`payments.state.${state}`)}</span>;
}

export function useMoney() {
  const t = useT();
  return (minor: number, currency: string) => (currency === 'CHF' || currency === 'EUR' ? formatMoneyWithCurrency(minor, currency as Currency, t.lang) : `${currency} ${(minor / 100).toFixed(2)}`);
}

/** A typed amount in Rappen, or null when it is not a positive amount. */
export function amountOf(text: string): number | null {
  const minor = parseMoney(text);
  return minor === null || minor <= 0 ? null : minor;
}

/** Shows an archived PDF; `load` asks main for it (payments.receiptPdf, reminders.pdf, ...). */
export function PdfButton({ load, label, onError, small = true }: { load(): Promise<Envelope<{ fileName: string; contentBase64: string }>>; label: string; onError(e: Envelope<never> & { ok: false }): void; small?: boolean }) {
  const [busy, setBusy] = useState(false);
  const [shown, setShown] = useState<ShownPdf | null>(null);
  return (
    <>
      {/* Not disabled while loading: the focus stays on it and comes back to it when the viewer closes. */}
      <button
        type="button"
        className={small ? 'button small' : 'button'}
        aria-busy={busy}
        onClick={async () => {
          if (busy) return;
          setBusy(true);
          const result = await load();
          setBusy(false);
          if (!result.ok) return onError(result);
          setShown(pdfFromBase64(result.data.fileName, result.data.contentBase64));
        }}
      >
        <Icon name="file" size={16} />
        {label}
      </button>
      <PdfViewerDialog pdf={shown} onClose={() => setShown(null)} />
    </>
  );
}
