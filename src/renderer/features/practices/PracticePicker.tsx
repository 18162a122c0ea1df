/** "Praxis: [select]" for screens that work on one practice; shown only when there are several. */
import type { Practice } from '../../../shared/contract/index.js';
import { useT } from '../../app/i18n.js';

export function PracticePicker({ id, practices, value, onChange }: { id: string; practices: Practice[]; value: string; onChange(id: string): void }) {
  const t = useT();
  if (practices.length < 2) return null;
  return (
    <div className="inline-field">
      <label htmlFor={id}>{t('practicePicker.label')}</label>
      <select id={id} className="input select" value={value} onChange={(e) => onChange(e.target.value)}>
        {practices.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
            {p.isDefault ? ` (${t('practices.defaultBadge')})` : ''}
          </option>
        ))}
      </select>
    </div>
  );
}
