/**
 * Rechnungen: every invoice of the installation, filtered by status, invoice date, name or
 * number and practice, one page of 50 from the server, with the count and the sum of the issued
 * ones, and how each went out (email, post, not yet). Rows can be ticked (the selection survives
 * paging) for the actions in SelectionActions. "Neue Rechnung" starts a draft from a patient's open
 * consultations; a number range 90 % used is said here, with the way to extend it.
 */
import './billing.css';
import { useCallback, useEffect, useState } from 'react';
import { formatMoneyWithCurrency } from '../../../shared/money.js';
import { Alert } from '../../ui/Alert.js';
import { Icon } from '../../ui/Icon.js';
import { Pagination } from '../../ui/Pagination.js';
import { useToast } from '../../ui/Toast.js';
import { errorText } from '../../ui/errors.js';
import { formatNumber } from '../../ui/format.js';
import { DateBox } from '../../ui/DateTime.js';
import { useT } from '../../app/i18n.js';
import { paths } from '../../app/routes.js';
import { usePractices } from '../practices/usePractices.js';
import { InvoiceTable } from './InvoiceTable.js';
import { loadInvoiceListState, saveInvoiceListState, type InvoiceListState, type InvoiceListStatus } from './listState.js';
import { SelectionActions } from './SelectionActions.js';
import { invoicePageSize, useInvoiceList } from './useInvoiceList.js';
import { useInvoiceSelection } from './useInvoiceSelection.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { useApiQuery } from '../../data/query.js';
import { NewInvoiceDialog } from './NewInvoiceDialog.js';

const statuses: InvoiceListStatus[] = ['all', 'draft', 'issued', 'cancelled'];

export function InvoiceList() {
  const t = useT();
  const toast = useToast();
  const { practices } = usePractices();
  const [state, setState] = useState<InvoiceListState>(loadInvoiceListState);
  const update = useCallback((patch: Partial<InvoiceListState>) => setState((s) => ({ ...s, ...patch })), []);
  const setOffset = useCallback((offset: number) => update({ offset }), [update]);
  const { page, error, pending } = useInvoiceList(state, setOffset);

  useEffect(() => saveInvoiceListState(state), [state]);
  useEffect(() => {
    document.title = `${t('nav.invoices')} – Arnika`;
  }, [t]);

  const { selected, selection, clear } = useInvoiceSelection(page?.items ?? []);
  const [creating, setCreating] = useState(false);
  const nearlyFull = useApiQuery('numberRanges.list', {}).data?.find((r) => r.active && r.nearlyFull) ?? null;

  // The sum is only meaningful in one currency: with practices in CHF and EUR, pick a practice.
  const shownPractices = state.practiceId ? practices?.filter((p) => p.id === state.practiceId) : practices;
  const currencies = new Set(shownPractices?.map((p) => p.currency));
  const sumCurrency = currencies.size === 1 ? [...currencies][0]! : null;
  // totalMinor sums the issued invoices only: meaningless while drafts or cancellations are shown alone.
  const showSum = state.status === 'all' || state.status === 'issued';
  const summary = page
    ? [
        t.plural('invoices.count', page.total, { count: formatNumber(page.total) }),
        !showSum ? null
          : sumCurrency ? t('invoices.sum', { sum: formatMoneyWithCurrency(page.totalMinor, sumCurrency, t.lang) })
          : practices && practices.length > 1 ? t('invoices.sumPickPractice') : null,
      ].filter(Boolean).join(' · ')
    : '\u00a0';

  return (
    <div className="page">
      <PageHeader title={t('invoices.title')} subtitle={summary} liveSubtitle>
        <div className="header-actions">
          <button type="button" className="button primary" onClick={() => setCreating(true)}>
            <Icon name="plus" />
            {t('newInvoice.button')}
          </button>
        </div>
      </PageHeader>
      {creating && <NewInvoiceDialog onClose={() => setCreating(false)} />}
      {nearlyFull && (
        <Alert kind="info">
          {t('ranges.nearlyFull', { label: nearlyFull.label, percent: nearlyFull.usedPercent })}{' '}
          <a href={`#${paths.settingsTab('numbers')}`}>{t('invoice.toNumberRanges')}</a>
        </Alert>
      )}

      <div className="toolbar">
        <div className="search">
          <label htmlFor="invoice-search" className="visually-hidden">
            {t('invoices.search')}
          </label>
          <Icon name="search" />
          <input
            id="invoice-search"
            className="input search-input"
            type="search"
            autoComplete="off"
            spellCheck={false}
            maxLength={100}
            placeholder={t('invoices.searchPlaceholder')}
            value={state.query}
            onChange={(e) => update({ query: e.target.value, offset: 0 })}
          />
        </div>
        <fieldset className="segmented">
          <legend className="visually-hidden">{t('invoices.filter')}</legend>
          <div className="segmented-options">
            {statuses.map((s) => (
              <label key={s} className="segment">
                <input type="radio" name="invoice-status" value={s} checked={state.status === s} onChange={() => update({ status: s, offset: 0 })} />
                <span>{t(`invoices.status.${s}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
      </div>
      <div className="toolbar toolbar-secondary">
        <DateBox id="invoice-from" layout="inline" label={t('invoices.from')} value={state.from} onChange={(from) => update({ from, offset: 0 })} />
        <DateBox id="invoice-to" layout="inline" label={t('invoices.to')} value={state.to} onChange={(to) => update({ to, offset: 0 })} />
        {(state.from || state.to) && (
          <button type="button" className="button small" onClick={() => update({ from: '', to: '', offset: 0 })}>
            {t('invoices.clearDates')}
          </button>
        )}
        {practices && practices.length > 1 && (
          <div className="inline-field">
            <label htmlFor="invoice-practice">{t('practicePicker.label')}</label>
            <select id="invoice-practice" className="input select" value={state.practiceId} onChange={(e) => update({ practiceId: e.target.value, offset: 0 })}>
              <option value="">{t('invoices.allPractices')}</option>
              {practices.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>

      {error && <Alert>{errorText(t, error)}</Alert>}
      <SelectionActions
        selected={selected}
        clearSelection={clear}
        onDone={(message) => {
          toast.show(message);
        }}
      />
      {page && page.total === 0 && (
        <div className="empty">
          <Icon name={page.filtered ? 'search' : 'invoice'} size={32} />
          <h2>{page.filtered ? t('invoices.empty.noResults') : t('invoices.empty.none')}</h2>
          <p className="muted">{page.filtered ? t('invoices.empty.noResultsHint') : t('invoices.empty.noneHint')}</p>
          {!page.filtered && (
            <a className="button" href={`#${paths.patients}`}>
              {t('invoices.empty.toPatients')}
            </a>
          )}
        </div>
      )}
      {page && page.total > 0 && (
        <div className="card table-card" aria-busy={pending}>
          <InvoiceTable items={page.items} showPatient selection={selection} />
          <div className="table-footer">
            <Pagination offset={state.offset} limit={invoicePageSize} total={page.total} onChange={setOffset} />
          </div>
        </div>
      )}
    </div>
  );
}
