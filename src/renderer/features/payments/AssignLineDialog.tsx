/**
 * Assigning a bank line by hand: search issued invoices by number, QR reference, patient or amount,
 * pick one or several (of one patient), and give each its share; the remainder is shown and must be
 * nothing before it is booked.
 */
import { useState } from 'react';
import type { ImportLine } from '../../../shared/contract/payments.js';
import { formatDate } from '../../../shared/dates.js';
import { minorToDecimalString } from '../../../shared/money.js';
import { useT } from '../../app/i18n.js';
import { useApiMutation, useApiQuery } from '../../data/query.js';
import { Alert } from '../../ui/Alert.js';
import { Dialog } from '../../ui/Dialog.js';
import { errorText } from '../../ui/errors.js';
import { useDebounced } from '../../ui/useDebounced.js';
import { useToast } from '../../ui/Toast.js';
import { amountOf, StateBadge, useMoney } from './moneyUi.js';
import { moneyChanges } from './RecordPaymentDialog.js';

interface Picked {
  invoiceId: string;
  number: string;
  patientName: string;
  open: number;
  amount: string;
}

export function AssignLineDialog({ line, onClose }: { line: ImportLine; onClose(): void }) {
  const t = useT();
  const toast = useToast();
  const money = useMoney();
  const [query, setQuery] = useState(line.debtorName ?? '');
  const debounced = useDebounced(query, 250);
  const found = useApiQuery('payments.searchInvoices', { query: debounced }, { enabled: debounced.trim() !== '' });
  const [picked, setPicked] = useState<Picked[]>([]);
  const book = useApiMutation('payments.bookImportLine', { invalidates: moneyChanges });
  const [error, setError] = useState<string | null>(null);
  const shares = picked.map((p) => amountOf(p.amount));
  const remainder = line.amountMinor - shares.reduce<number>((s, a) => s + (a ?? 0), 0);

  function pick(r: NonNullable<typeof found.data>[number]) {
    if (picked.some((p) => p.invoiceId === r.invoiceId)) return;
    const share = Math.max(0, Math.min(remainder, picked.length === 0 ? remainder : Math.max(r.account.openMinor, 0)));
    setPicked([...picked, { invoiceId: r.invoiceId, number: r.number, patientName: r.patientName, open: r.account.openMinor, amount: minorToDecimalString(share) }]);
  }

  async function submit() {
    setError(null);
    if (shares.some((a) => a === null)) return setError(t('v.amount_positive'));
    const r = await book.run({ importId: line.importId, position: line.position, allocations: picked.map((p, i) => ({ invoiceId: p.invoiceId, amountMinor: shares[i]! })) });
    if (!r.ok) return setError(errorText(t, r.error));
    toast.show(t('bank.lineBooked'));
    onClose();
  }

  return (
    <Dialog
      open
      size="wide"
      title={t('bank.assignTitle', { amount: money(line.amountMinor, line.currency) })}
      onCancel={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>{t('action.cancel')}</button>
          <button type="button" className="button primary" disabled={picked.length === 0 || remainder !== 0 || book.isPending} onClick={() => void submit()}>
            {t('bank.assignSubmit')}
          </button>
        </>
      }
    >
      <p>{t('bank.assignLead', { debtor: line.debtorName ?? '–', date: formatDate(line.bookingDate ?? line.valueDate), reference: line.reference ?? '–' })}</p>
      {error && <Alert>{error}</Alert>}
      <label className="field">
        <span className="label-row"><span>{t('bank.search')}</span></span>
        <input className="input" type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('bank.searchHint')} />
      </label>
      {found.data && (
        <ul className="plain-list search-results" aria-label={t('bank.searchResults')}>
          {found.data.length === 0 && <li className="muted">{t('bank.searchNone')}</li>}
          {found.data.map((r) => (
            <li key={r.invoiceId}>
              <span>
                <strong>{r.number}</strong> · {r.patientName} · {formatDate(r.invoiceDate)} · {t('bank.open', { amount: money(r.account.openMinor, r.account.currency) })} <StateBadge state={r.account.state} />
              </span>
              <button type="button" className="button small" onClick={() => pick(r)} disabled={picked.some((p) => p.invoiceId === r.invoiceId)}>
                {t('bank.pick')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {picked.length > 0 && (
        <div className="allocation-rows" role="group" aria-label={t('bank.shares')}>
          {picked.map((p, i) => (
            <div key={p.invoiceId} className="allocation-row">
              <label htmlFor={`share-${p.invoiceId}`}>{t('bank.shareRow', { number: p.number, patient: p.patientName, open: money(p.open, line.currency) })}</label>
              <input id={`share-${p.invoiceId}`} className="input" inputMode="decimal" value={p.amount}
                onChange={(e) => setPicked(picked.map((x, k) => (k === i ? { ...x, amount: e.target.value } : x)))} />
            </div>
          ))}
          <p className={`allocation-remainder${remainder !== 0 ? ' is-off' : ''}`} aria-live="polite">
            {remainder === 0 ? t('payments.splitNone') : t('bank.remainder', { amount: money(remainder, line.currency) })}
          </p>
        </div>
      )}
    </Dialog>
  );
}
