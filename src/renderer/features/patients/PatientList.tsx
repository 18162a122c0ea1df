/**
 * Patienten: search, filter (active/archived/all), sort, one page of 50 from the server, the
 * total and paging. Never loads more than the page shown, so it stays quick with 50’000 patients.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert } from '../../ui/Alert.js';
import { Icon } from '../../ui/Icon.js';
import { Pagination } from '../../ui/Pagination.js';
import { PatientTable } from './PatientTable.js';
import { errorText } from '../../ui/errors.js';
import { formatNumber } from '../../ui/format.js';
import { useT } from '../../app/i18n.js';
import { loadListState, saveListState, type ListSort, type ListState, type ListStatus } from './listState.js';
import { paths } from '../../app/routes.js';
import { pageSize, usePatientList, type PatientPage } from './usePatientList.js';
import { NewLink, PageHeader } from '../../ui/PageHeader.js';

const statuses: ListStatus[] = ['active', 'archived', 'all'];
const sorts: ListSort[] = ['name', 'birthDate', 'updatedAt'];

export function PatientList() {
  const t = useT();
  const [state, setState] = useState<ListState>(loadListState);
  const update = useCallback((patch: Partial<ListState>) => setState((s) => ({ ...s, ...patch })), []);
  const setOffset = useCallback((offset: number) => update({ offset }), [update]);
  const { page, error, pending } = usePatientList(state, setOffset);

  useEffect(() => saveListState(state), [state]);
  useEffect(() => {
    document.title = `${t('nav.patients')} – Arnika`;
  }, [t]);

  return (
    <div className="page">
      <PageHeader title={t('patients.title')} subtitle={page ? t.plural('patients.count', page.total, { count: formatNumber(page.total) }) : '\u00a0'} liveSubtitle>
        <NewLink href={`#${paths.patientNew}`} label={t('patients.new')} />
      </PageHeader>

      <div className="toolbar">
        <div className="search">
          <label htmlFor="patient-search" className="visually-hidden">
            {t('patients.search')}
          </label>
          <Icon name="search" />
          <input
            id="patient-search"
            className="input search-input"
            type="search"
            autoFocus
            autoComplete="off"
            spellCheck={false}
            maxLength={100}
            placeholder={t('patients.searchPlaceholder')}
            value={state.query}
            onChange={(e) => update({ query: e.target.value, offset: 0 })}
          />
        </div>
        <fieldset className="segmented">
          <legend className="visually-hidden">{t('patients.filter')}</legend>
          <div className="segmented-options">
            {statuses.map((s) => (
              <label key={s} className="segment">
                <input type="radio" name="patient-status" value={s} checked={state.status === s} onChange={() => update({ status: s, offset: 0 })} />
                <span>{t(`patients.status.${s}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="inline-field">
          <label htmlFor="patient-sort">{t('patients.sort')}</label>
          <select id="patient-sort" className="input select" value={state.sort} onChange={(e) => update({ sort: e.target.value as ListSort, offset: 0 })}>
            {sorts.map((s) => (
              <option key={s} value={s}>
                {t(`patients.sort.${s}`)}
              </option>
            ))}
          </select>
        </div>
      </div>

      {error && <Alert>{errorText(t, error)}</Alert>}
      {page && page.total === 0 && <EmptyState page={page} status={state.status} />}
      {page && page.total > 0 && (
        <div className="card table-card" aria-busy={pending}>
          <PatientTable items={page.items} />
          <div className="table-footer">
            <Pagination offset={state.offset} limit={pageSize} total={page.total} onChange={setOffset} />
          </div>
        </div>
      )}
    </div>
  );
}

function EmptyState({ page, status }: { page: PatientPage; status: ListStatus }) {
  const t = useT();
  if (page.query !== '') {
    return (
      <div className="empty">
        <Icon name="search" size={32} />
        <h2>{t('patients.empty.noResults', { query: page.query })}</h2>
        <p className="muted">{status === 'all' ? t('patients.empty.noResultsHint') : t('patients.empty.noResultsHintAll')}</p>
      </div>
    );
  }
  if (!page.anyPatients) {
    return (
      <div className="empty">
        <Icon name="patients" size={32} />
        <h2>{t('patients.empty.none')}</h2>
        <p className="muted">{t('patients.empty.noneHint')}</p>
        <a className="button primary" href={`#${paths.patientNew}`}>
          <Icon name="plus" />
          {t('patients.new')}
        </a>
      </div>
    );
  }
  return (
    <div className="empty">
      <Icon name={status === 'archived' ? 'archive' : 'patients'} size={32} />
      <h2>{t(status === 'archived' ? 'patients.empty.noArchived' : 'patients.empty.noActive')}</h2>
    </div>
  );
}
