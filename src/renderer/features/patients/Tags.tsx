/** Categories as removable chips: type and press Enter (or comma) to add, × to remove. */
import { useState } from 'react';
import type { FieldError } from '../../../shared/errors.js';
import { useT } from '../../app/i18n.js';
import { Field, controlA11y } from '../../ui/Field.js';
import { Icon } from '../../ui/Icon.js';

interface TagsProps {
  id: string;
  label: string;
  hint?: string;
  value: string[];
  error?: FieldError | undefined;
  max?: number;
  onChange(next: string[]): void;
}

export function Tags({ id, label, hint, value, error, max = 20, onChange }: TagsProps) {
  const t = useT();
  const [draft, setDraft] = useState('');
  const add = () => {
    const tag = draft.trim().replace(/,$/, '').trim();
    if (!tag) return;
    if (!value.some((v) => v.toLowerCase() === tag.toLowerCase()) && value.length < max) onChange([...value, tag]);
    setDraft('');
  };
  return (
    <Field id={id} label={label} hint={hint} error={error} span={6}>
      <div className="tags">
        {value.length > 0 && (
          <ul className="tag-list" aria-label={t('tags.selected', { label })}>
            {value.map((tag) => (
              <li key={tag} className="chip">
                <span>{tag}</span>
                <button
                  type="button"
                  className="chip-remove"
                  aria-label={t('tags.remove', { tag })}
                  onClick={() => onChange(value.filter((v) => v !== tag))}
                >
                  <Icon name="x" size={14} />
                </button>
              </li>
            ))}
          </ul>
        )}
        <input
          {...controlA11y(id, error, hint)}
          className="input tag-input"
          value={draft}
          maxLength={30}
          placeholder={t('tags.placeholder')}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' || e.key === ',') {
              e.preventDefault();
              add();
            } else if (e.key === 'Backspace' && draft === '' && value.length > 0) {
              onChange(value.slice(0, -1));
            }
          }}
          onBlur={add}
        />
      </div>
    </Field>
  );
}
