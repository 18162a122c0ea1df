/** A patient's invoices (drafts, issued, cancelled), newest first, one page of 50 at a time. */
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import type { Patient } from '../../../shared/contract/index.js';
import { useApiQuery } from '../../data/query.js';
import { Alert } from '../../ui/Alert.js';
import { Icon } from '../../ui/Icon.js';
import { Pagination } from '../../ui/Pagination.js';
import { errorText } from '../../ui/errors.js';
import { useT } from '../../app/i18n.js';
import { paths } from '../../app/routes.js';
import { InvoiceTable } from './InvoiceTable.js';
import { PatientSendBar } from '../send/PatientSendBar.js';
import { useInvoiceSelection } from './useInvoiceSelection.js';
import { PatientBalance } from '../payments/PatientBalance.js';

const pageSize = 50;

export function PatientInvoices({ patient }: { patient: Patient }) {
  const t = useT();
  const [offset, setOffset] = useState(0);
  const list = useApiQuery('invoices.list', { patientId: patient.id, offset, limit: pageSize }, { placeholderData: keepPreviousData });
  const page = list.data ?? null;
  const sending = useInvoiceSelection(page?.items ?? []);

  return (
    <section className="tab-panel" aria-labelledby="patient-invoices-title">
      <div className="section-head">
        <div>
          <h2 id="patient-invoices-title">{t('patient.tab.invoices')}</h2>
          <p className="muted">{t('patientInvoices.intro')}</p>
        </div>
      </div>
      <PatientBalance patient={patient} />
      {list.error && <Alert>{errorText(t, list.error)}</Alert>}
      {page && page.total === 0 && (
        <div className="empty">
          <Icon name="invoice" size={32} />
          <h3>{t('patientInvoices.empty')}</h3>
          <p className="muted">{t('patientInvoices.emptyHint')}</p>
          <a className="button" href={`#${paths.patient(patient.id, 'consultations')}`}>
            {t('patientInvoices.toConsultations')}
          </a>
        </div>
      )}
      {page && page.total > 0 && (
        <div className="card table-card">
          <PatientSendBar selected={sending.selected} onClear={sending.clear} />
          <InvoiceTable items={page.items} showPatient={false} selection={sending.selection} />
          {page.total > pageSize && (
            <div className="table-footer">
              <Pagination offset={offset} limit={pageSize} total={page.total} onChange={setOffset} />
            </div>
          )}
        </div>
      )}
    </section>
  );
}
