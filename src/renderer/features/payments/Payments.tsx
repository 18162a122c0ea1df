/**
 * «Zahlungen»: read a bank file (camt.054 or camt.053) and book it, the files read so far with what
 * they held, the credit notes still to pay back, and the journal of every payment, refund and
 * reversal, newest first.
 */
import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { formatDate } from '../../../shared/dates.js';
import { useT } from '../../app/i18n.js';
import { paths } from '../../app/routes.js';
import { useApiQuery } from '../../data/query.js';
import { Alert } from '../../ui/Alert.js';
import { errorText } from '../../ui/errors.js';
import { formatNumber } from '../../ui/format.js';
import { EmptyState } from '../../ui/ListScreen.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { Pagination } from '../../ui/Pagination.js';
import { BankFileButton } from './BankFileButton.js';
import { useMoney } from './moneyUi.js';

const pageSize = 50;

export function Payments() {
  const t = useT();
  const money = useMoney();
  const [offset, setOffset] = useState(0);
  const journal = useApiQuery('payments.list', { offset, limit: pageSize }, { placeholderData: keepPreviousData });
  const imports = useApiQuery('payments.listImports', { limit: 10 });
  const notes = useApiQuery('payments.listCreditNotes', { openOnly: true });
  useEffect(() => {
    document.title = `${t('nav.payments')} – Arnika`;
  }, [t]);

  return (
    <div className="page">
      <PageHeader title={t('nav.payments')} subtitle={t('payments.screen.subtitle')}>
        <div className="header-actions">
          <BankFileButton />
        </div>
      </PageHeader>
      <p className="money-rule">{t('payments.screen.howto')}</p>

      <section className="money-section" aria-labelledby="imports-title">
        <h2 id="imports-title">{t('bank.imports')}</h2>
        {imports.error && <Alert>{errorText(t, imports.error)}</Alert>}
        {imports.data && imports.data.length === 0 && <p className="muted">{t('bank.importsNone')}</p>}
        {imports.data && imports.data.length > 0 && (
          <div className="card table-card">
            <table className="table table-auto">
              <thead>
                <tr>
                  <th scope="col">{t('bank.col.read')}</th>
                  <th scope="col">{t('bank.col.file')}</th>
                  <th scope="col" className="num">{t('bank.col.lines')}</th>
                  <th scope="col" className="num">{t('bank.col.green')}</th>
                  <th scope="col" className="num">{t('bank.col.booked')}</th>
                </tr>
              </thead>
              <tbody>
                {imports.data.map((i) => {
                  const green = i.groups.find((g) => g.group === 'full');
                  const booked = i.groups.reduce((s, g) => s + g.booked, 0);
                  return (
                    <tr key={i.id}>
                      <td className="cell-date">{formatDate(i.createdAt)}</td>
                      <td><a href={`#${paths.bankImport(i.id)}`}>{i.fileName}</a> <span className="muted small">{i.message}</span>{i.foreignAccount && <span className="badge badge-state-overdue">{t('bank.foreign')}</span>}</td>
                      <td className="num tabular">{formatNumber(i.lineCount)}</td>
                      <td className="num tabular">{formatNumber(green?.count ?? 0)}</td>
                      <td className="num tabular">{formatNumber(booked)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {notes.data && notes.data.length > 0 && (
        <section className="money-section" aria-labelledby="notes-title">
          <h2 id="notes-title">{t('payments.openCreditNotes')}</h2>
          <div className="card table-card">
            <table className="table table-auto">
              <thead>
                <tr>
                  <th scope="col">{t('payments.col.number')}</th>
                  <th scope="col">{t('payments.col.invoice')}</th>
                  <th scope="col">{t('payments.col.patient')}</th>
                  <th scope="col" className="num">{t('payments.col.amount')}</th>
                  <th scope="col" className="num">{t('payments.col.refunded')}</th>
                </tr>
              </thead>
              <tbody>
                {notes.data.map((n) => (
                  <tr key={n.id}>
                    <td className="mono">{n.number}</td>
                    <td><a href={`#${paths.invoice(n.invoiceId)}`}>{n.invoiceNumber}</a></td>
                    <td>{n.patientName}</td>
                    <td className="num nowrap tabular">{money(n.amountMinor, n.currency)}</td>
                    <td className="num nowrap tabular">{money(n.refundedMinor, n.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}

      <section className="money-section" aria-labelledby="journal-title">
        <h2 id="journal-title">{t('payments.journal')}</h2>
        {journal.error && <Alert>{errorText(t, journal.error)}</Alert>}
        {journal.data && journal.data.total === 0 && <EmptyState icon="coins" title={t('payments.journalEmpty')} hint={t('payments.journalEmptyHint')} />}
        {journal.data && journal.data.total > 0 && (
          <div className="card table-card">
            <table className="table table-auto" aria-label={t('payments.journal')}>
              <thead>
                <tr>
                  <th scope="col">{t('payments.col.date')}</th>
                  <th scope="col">{t('payments.col.invoice')}</th>
                  <th scope="col">{t('payments.col.patient')}</th>
                  <th scope="col">{t('payments.col.kind')}</th>
                  <th scope="col">{t('payments.col.method')}</th>
                  <th scope="col" className="num">{t('payments.col.amount')}</th>
                </tr>
              </thead>
              <tbody>
                {journal.data.items.map((e) => (
                  <tr key={e.id} className={e.reversedById ? 'row-reversed' : undefined}>
                    <td className="cell-date">{formatDate(e.date)}</td>
                    <td><a href={`#${paths.invoice(e.invoiceId)}`}>{e.invoiceNumber}</a></td>
                    <td>{e.patientName}</td>
                    <td>{t(`payments.kind.${e.kind}`)}{e.fromBankFile && <span className="badge badge-muted">{t('payments.fromBankFile')}</span>}</td>
                    <td>{t(`payments.method.${e.method}`)}</td>
                    <td className={`num nowrap tabular${e.amountMinor < 0 ? ' num-negative' : ''}`}>{money(e.amountMinor, e.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {journal.data.total > pageSize && (
              <div className="table-footer">
                <Pagination offset={offset} limit={pageSize} total={journal.data.total} onChange={setOffset} />
              </div>
            )}
          </div>
        )}
      </section>
    </div>
  );
}
