/** "Praxis: [select]" for screens that work on one practice; shown only when there are several. */
import type { ReactNode } from 'react';
import { useId } from 'react';
import { useT } from '../../app/i18n.js';
import type { PracticeChoice } from './usePractices.js';

export function PracticePicker({ choice, disabled, className, markDefault = true }: {
  choice: PracticeChoice;
  disabled?: boolean;
  className?: string;
  /** "(Standard)" after the default practice's name. */
  markDefault?: boolean;
}): ReactNode {
  const t = useT();
  const id = useId();
  const { practices, practice } = choice;
  if (!practices || practices.length < 2 || !practice) return null;
  return (
    <div className={className ? `inline-field ${className}` : 'inline-field'}>
      <label htmlFor={id}>{t('practicePicker.label')}</label>
      <select id={id} className="input select" value={practice.id} disabled={disabled} onChange={(e) => choice.select(e.target.value)}>
        {practices.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
            {markDefault && p.isDefault ? ` (${t('practices.defaultBadge')})` : ''}
          </option>
        ))}
      </select>
    </div>
  );
}
