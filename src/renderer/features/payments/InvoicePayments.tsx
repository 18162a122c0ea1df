/**
 * «Zahlungen» on an issued invoice: its derived state and account (total, credit notes, fees and
 * interest, paid, open or credit), the allocation rule, every entry (payments, refunds and the
 * reversals that undid one, both kept), and what can be done: record a payment (also spread over the
 * patient's other open invoices), reverse one, print a receipt, issue a credit note, pay one back.
 */
import { useState } from 'react';
import type { CreditNote, Invoice, PaymentEntry } from '../../../shared/contract/index.js';
import { formatDate } from '../../../shared/dates.js';
import { useT } from '../../app/i18n.js';
import { useApiQuery } from '../../data/query.js';
import { Alert } from '../../ui/Alert.js';
import { errorText } from '../../ui/errors.js';
import { Icon } from '../../ui/Icon.js';
import { CreditNoteDialog, RefundDialog, ReverseDialog } from './CreditNoteDialogs.js';
import { PdfButton, StateBadge, useMoney } from './moneyUi.js';
import { RecordPaymentDialog } from './RecordPaymentDialog.js';
import { callOrThrow } from '../../data/query.js';
import type { ErrorBody } from '../../../shared/errors.js';

type Open = { kind: 'record' } | { kind: 'reverse'; entry: PaymentEntry } | { kind: 'creditNote' } | { kind: 'refund'; note: CreditNote } | null;

async function envelope<T>(p: Promise<T>) {
  try {
    return { ok: true as const, data: await p };
  } catch (error) {
    return { ok: false as const, error: error as ErrorBody };
  }
}

export function InvoicePayments({ invoice }: { invoice: Invoice }) {
  const t = useT();
  const money = useMoney();
  const query = useApiQuery('payments.forInvoice', { invoiceId: invoice.id }, { enabled: invoice.status !== 'draft' });
  const [open, setOpen] = useState<Open>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const data = query.data;
  if (invoice.status === 'draft') return null;
  const m = (minor: number) => money(minor, invoice.currency);
  const a = data?.account;
  const issued = invoice.status === 'issued';

  return (
    <section className="card money-section" aria-labelledby="invoice-payments-title">
      <h2 id="invoice-payments-title" className="card-title">
        {t('payments.invoice.title')} {a && <StateBadge state={a.state} />}
      </h2>
      <div className="money-section-body">
        {query.error && <Alert>{errorText(t, query.error)}</Alert>}
        {problem && <Alert>{problem}</Alert>}
        {a && (
          <>
            <dl className="money-figures">
              <div className="card money-figure"><dt>{t('payments.figure.total')}</dt><dd>{m(a.totalMinor)}</dd></div>
              {a.reductionsMinor > 0 && <div className="card money-figure"><dt>{t('payments.figure.reductions')}</dt><dd>{m(-a.reductionsMinor)}</dd></div>}
              {a.chargesMinor > 0 && <div className="card money-figure"><dt>{t('payments.figure.charges')}</dt><dd>{m(a.chargesMinor)}</dd></div>}
              <div className="card money-figure"><dt>{t('payments.figure.paid')}</dt><dd>{m(a.paidMinor)}</dd></div>
              {a.openMinor >= 0 ? (
                <div className={`card money-figure${a.state === 'overdue' ? ' is-alert' : a.openMinor === 0 ? ' is-good' : ''}`}>
                  <dt>{a.daysOverdue > 0 ? t('payments.figure.openOverdue', { days: a.daysOverdue }) : t('payments.figure.open')}</dt>
                  <dd>{m(a.openMinor)}</dd>
                </div>
              ) : (
                <div className="card money-figure is-good"><dt>{t('payments.figure.credit')}</dt><dd>{m(-a.openMinor)}</dd></div>
              )}
            </dl>
            {a.chargesMinor > 0 && (
              <p className="money-rule"><Icon name="info" size={16} />{t('payments.allocationRule')}</p>
            )}
          </>
        )}
        {issued && (
          <div className="money-actions">
            <button type="button" className="button primary" onClick={() => setOpen({ kind: 'record' })}>
              <Icon name="plus" />
              {t('payments.record')}
            </button>
            <button type="button" className="button" onClick={() => setOpen({ kind: 'creditNote' })}>
              <Icon name="file" />
              {t('payments.creditNote.create')}
            </button>
          </div>
        )}
        {data && data.entries.length > 0 && (
          <table className="table table-auto" aria-label={t('payments.invoice.entries')}>
            <thead>
              <tr>
                <th scope="col">{t('payments.col.date')}</th>
                <th scope="col">{t('payments.col.kind')}</th>
                <th scope="col">{t('payments.col.method')}</th>
                <th scope="col">{t('payments.col.note')}</th>
                <th scope="col" className="num">{t('payments.col.amount')}</th>
                <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {data.entries.map((e) => (
                <tr key={e.id} className={e.reversedById ? 'row-reversed' : undefined}>
                  <td className="cell-date">{formatDate(e.date)}</td>
                  <td>{t(`payments.kind.${e.kind}`)}{e.fromBankFile && <span className="badge badge-muted">{t('payments.fromBankFile')}</span>}</td>
                  <td>{t(`payments.method.${e.method}`)}</td>
                  <td>{e.note}</td>
                  <td className={`num nowrap tabular${e.amountMinor < 0 ? ' num-negative' : ''}`}>{m(e.amountMinor)}</td>
                  <td className="nowrap">
                    <div className="money-actions">
                      {e.kind === 'payment' && (
                        <PdfButton label={t('payments.receipt')} load={() => envelope(callOrThrow('payments.receiptPdf', { paymentId: e.id }))} onError={(r) => setProblem(errorText(t, r.error))} />
                      )}
                      {e.kind !== 'reversal' && !e.reversedById && (
                        <button type="button" className="button small danger-outline" onClick={() => setOpen({ kind: 'reverse', entry: e })}>
                          {t('payments.reverse')}
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {data && data.entries.length === 0 && <p className="muted">{t('payments.invoice.none')}</p>}
        {data && data.creditNotes.length > 0 && (
          <>
            <h3 className="subhead">{t('payments.creditNotes')}</h3>
            <ul className="plain-list reminder-history">
              {data.creditNotes.map((n) => (
                <li key={n.id}>
                  <span>
                    <strong>{n.number}</strong> · {t(`payments.creditNote.kind.${n.kind}`)} · {m(n.amountMinor)} · {formatDate(n.date)}
                    {' · '}
                    {n.closed ? t('payments.creditNote.closed') : t('payments.creditNote.refunded', { amount: m(n.refundedMinor) })}
                  </span>
                  <span className="money-actions">
                    <PdfButton label={t('payments.pdf')} load={() => envelope(callOrThrow('payments.creditNotePdf', { creditNoteId: n.id }))} onError={(r) => setProblem(errorText(t, r.error))} />
                    {!n.closed && (
                      <button type="button" className="button small" onClick={() => setOpen({ kind: 'refund', note: n })}>
                        {t('payments.refund')}
                      </button>
                    )}
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      {open?.kind === 'record' && a && <RecordPaymentDialog invoice={invoice} account={a} onClose={() => setOpen(null)} />}
      {open?.kind === 'reverse' && <ReverseDialog entry={open.entry} currency={invoice.currency} onClose={() => setOpen(null)} />}
      {open?.kind === 'creditNote' && a && <CreditNoteDialog invoice={invoice} account={a} onClose={() => setOpen(null)} />}
      {open?.kind === 'refund' && <RefundDialog note={open.note} onClose={() => setOpen(null)} />}
    </section>
  );
}
