/** One page of patients as a table; a row click (or Enter on the name link) opens the patient. */
import type { MouseEvent } from 'react';
import type { PatientSummary } from '../../../shared/contract/index.js';
import { formatDate } from '../../ui/format.js';
import { useT } from '../../app/i18n.js';
import { useRouter } from '../../app/router.js';
import { paths } from '../../app/routes.js';

export function PatientTable({ items }: { items: PatientSummary[] }) {
  const t = useT();
  const { navigate } = useRouter();
  const open = (e: MouseEvent, id: string) => {
    if ((e.target as HTMLElement).closest('a, button')) return;
    navigate(paths.patient(id));
  };
  return (
    <table className="table">
      <colgroup>
        <col className="col-name" />
        <col className="col-date" />
        <col className="col-phone" />
        <col className="col-email" />
        <col className="col-town" />
        <col className="col-categories" />
      </colgroup>
      <thead>
        <tr>
          <th scope="col">{t('patients.col.name')}</th>
          <th scope="col">{t('patients.col.birthDate')}</th>
          <th scope="col">{t('patients.col.phone')}</th>
          <th scope="col">{t('patients.col.email')}</th>
          <th scope="col">{t('patients.col.town')}</th>
          <th scope="col">{t('patients.col.categories')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((p) => (
          <tr key={p.id} className="clickable" onClick={(e) => open(e, p.id)}>
            <td className="cell-name">
              <a href={`#${paths.patient(p.id)}`}>
                {p.lastName}
                {p.firstName && `, ${p.firstName}`}
              </a>
              {p.archivedAt && <span className="badge badge-muted">{t('patients.archivedBadge')}</span>}
            </td>
            <td className="cell-date">{formatDate(p.birthDate)}</td>
            <td className="cell-phone">
              {p.phone && <div>{p.phone}</div>}
              {p.mobile && <div className={p.phone ? 'muted' : undefined}>{p.mobile}</div>}
            </td>
            <td className="cell-email" title={p.email || undefined}>
              {p.email}
            </td>
            <td className="cell-town">{p.town}</td>
            <td>
              <span className="chips">
                {p.categories.map((c) => (
                  <span key={c} className="chip chip-small" title={c}>
                    {c}
                  </span>
                ))}
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
