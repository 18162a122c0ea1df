/** A patient's balance on their invoices tab: what they owe, what they have in credit, per currency. */
import { Fragment } from 'react';
import type { Patient } from '../../../shared/contract/index.js';
import { useT } from '../../app/i18n.js';
import { useApiQuery } from '../../data/query.js';
import { useMoney } from './moneyUi.js';

export function PatientBalance({ patient }: { patient: Patient }) {
  const t = useT();
  const money = useMoney();
  const balance = useApiQuery('payments.patientBalance', { patientId: patient.id });
  const rows = balance.data?.balances.filter((b) => b.owesMinor !== 0 || b.creditMinor !== 0) ?? [];
  if (rows.length === 0) return null;
  return (
    <dl className="money-figures" aria-label={t('payments.balance.title')}>
      {rows.map((b) => (
        // A <dl> may hold only <div>s that each group a dt with its dd (axe definition-list), so no wrapper per currency.
        <Fragment key={b.currency}>
          <div className={`card money-figure${b.owesMinor > 0 ? ' is-alert' : ''}`}><dt>{t('payments.balance.owes')}</dt><dd>{money(b.owesMinor, b.currency)}</dd></div>
          {b.creditMinor > 0 && <div className="card money-figure is-good"><dt>{t('payments.balance.credit')}</dt><dd>{money(b.creditMinor, b.currency)}</dd></div>}
        </Fragment>
      ))}
    </dl>
  );
}
