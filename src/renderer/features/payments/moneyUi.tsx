/**
 * Small pieces the money screens share: an invoice's derived state as a badge, amounts in the
 * invoice's currency, typed amounts read back to Rappen, and a button that saves an archived PDF
 * (receipt, credit note, reminder) under its own file name.
 */
import { useState } from 'react';
import type { InvoiceState } from '../../../shared/contract/payments.js';
import type { Envelope } from '../../../shared/errors.js';
import { formatMoneyWithCurrency, parseMoney } from '../../../shared/money.js';
import type { Currency } from '../../../shared/validation/fields.js';
import { useT } from '../../app/i18n.js';
import { Icon } from '../../ui/Icon.js';
import { downloadPdf } from '../invoices/pdf.js';
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

function base64ToBlobUrl(b64: string): string {
  const binary = atob(b64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
}

/** Saves an archived PDF; `load` asks main for it (payments.receiptPdf, reminders.pdf, ...). */
export function PdfButton({ load, label, onError, small = true }: { load(): Promise<Envelope<{ fileName: string; contentBase64: string }>>; label: string; onError(e: Envelope<never> & { ok: false }): void; small?: boolean }) {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className={small ? 'button small' : 'button'}
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        const result = await load();
        setBusy(false);
        if (!result.ok) return onError(result);
        const url = base64ToBlobUrl(result.data.contentBase64);
        downloadPdf({ url, fileName: result.data.fileName });
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
      }}
    >
      <Icon name="download" size={16} />
      {label}
    </button>
  );
}
