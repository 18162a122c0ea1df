/**
 * One page of invoices as a table; a row click (or Enter on the number link) opens the invoice.
 * With `selection`, each row gets a checkbox and the header one selects the whole page.
 */
import { useEffect, useRef, type MouseEvent } from 'react';
import type { InvoiceSummary } from '../../../shared/contract/index.js';
import { formatMoneyWithCurrency } from '../../../shared/money.js';
import { formatDate } from '../../ui/format.js';
import { useT } from '../../app/i18n.js';
import { useRouter } from '../../app/router.js';
import { paths } from '../../app/routes.js';
import { SentMarker } from '../send/SentMarker.js';
import { useSendStatus } from '../send/useSendStatus.js';
import { InvoiceStatusBadge } from './InvoiceStatus.js';

export interface TableSelection {
  isSelected(id: string): boolean;
  toggle(invoice: InvoiceSummary, on: boolean): void;
  togglePage(on: boolean): void;
}

export function InvoiceTable({ items, showPatient, selection }: { items: InvoiceSummary[]; showPatient: boolean; selection?: TableSelection }) {
  // Which of the invoices on this page went out by email (one request per page).
  const sent = useSendStatus(items.map((i) => i.id));
  const t = useT();
  const { navigate } = useRouter();
  const open = (e: MouseEvent, id: string) => {
    if ((e.target as HTMLElement).closest('a, button, input, label')) return;
    navigate(paths.invoice(id));
  };
  const selectedOnPage = selection ? items.filter((i) => selection.isSelected(i.id)).length : 0;
  const all = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (all.current) all.current.indeterminate = selectedOnPage > 0 && selectedOnPage < items.length;
  }, [selectedOnPage, items.length]);

  return (
    <table className="table invoice-table">
      <colgroup>
        {selection && <col className="col-check" />}
        <col className="col-number" />
        <col className="col-invoice-date" />
        {showPatient && <col />}
        <col className="col-invoice-date" />
        <col className="col-amount" />
        <col className="col-status" />
      </colgroup>
      <thead>
        <tr>
          {selection && (
            <th scope="col" className="check-col">
              <input
                ref={all}
                type="checkbox"
                className="checkbox"
                aria-label={t('invoices.selectAll')}
                title={t('invoices.selectAll')}
                checked={items.length > 0 && selectedOnPage === items.length}
                onChange={(e) => selection.togglePage(e.target.checked)}
              />
            </th>
          )}
          <th scope="col">{t('invoices.col.number')}</th>
          <th scope="col">{t('invoices.col.date')}</th>
          {showPatient && <th scope="col">{t('invoices.col.patient')}</th>}
          <th scope="col">{t('invoices.col.due')}</th>
          <th scope="col" className="num">{t('invoices.col.total')}</th>
          <th scope="col">{t('invoices.col.status')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((inv) => {
          const label = inv.number ?? t('invoices.draftLabel');
          return (
            <tr key={inv.id} className={`clickable${selection?.isSelected(inv.id) ? ' row-selected' : ''}`} onClick={(e) => open(e, inv.id)}>
              {selection && (
                <td className="check-col">
                  <input
                    type="checkbox"
                    className="checkbox"
                    aria-label={t('invoices.select', { label: `${label} ${inv.patientName}` })}
                    checked={selection.isSelected(inv.id)}
                    onChange={(e) => selection.toggle(inv, e.target.checked)}
                  />
                </td>
              )}
              <td className="cell-name">
                <a href={`#${paths.invoice(inv.id)}`} className={inv.number ? 'mono-link' : 'draft-link'}>
                  {label}
                </a>
              </td>
              <td className="cell-date">{formatDate(inv.invoiceDate)}</td>
              {showPatient && (
                <td className="cell-patient">
                  <div>{inv.patientName}</div>
                  {inv.recipientName && inv.recipientName !== inv.patientName && (
                    <div className="muted small">{t('invoices.recipientPrefix', { name: inv.recipientName })}</div>
                  )}
                </td>
              )}
              <td className="cell-date muted">{inv.status === 'issued' ? formatDate(inv.dueDate) : ''}</td>
              <td className={`num nowrap tabular${inv.status === 'cancelled' ? ' struck' : ''}`}>
                {formatMoneyWithCurrency(inv.totalMinor, inv.currency, t.lang)}
              </td>
              <td>
                <InvoiceStatusBadge status={inv.status} /> <SentMarker status={sent.get(inv.id)} postedAt={inv.postedAt} invoiceStatus={inv.status} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
