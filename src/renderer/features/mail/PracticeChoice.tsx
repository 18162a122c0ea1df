/**
 * The practices of this installation for the mail screens: loads them, starts on the default
 * practice, and shows a picker only when there is more than one.
 */
import { useEffect, useId, useState } from 'react';
import type { Practice } from '../../../shared/contract/index.js';
import type { ErrorBody } from '../../../shared/errors.js';
import { api } from '../../api.js';
import { useMailT } from './mailT.js';

export interface PracticeChoice {
  practices: Practice[] | null;
  practice: Practice | null;
  select(id: string): void;
  error: ErrorBody | null;
}

export function usePracticeChoice(): PracticeChoice {
  const [practices, setPractices] = useState<Practice[] | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [error, setError] = useState<ErrorBody | null>(null);
  useEffect(() => {
    let live = true;
    void api.call('practices.list', {}).then((result) => {
      if (!live) return;
      if (!result.ok) return setError(result.error);
      setPractices(result.data);
      setSelectedId((id) => id ?? (result.data.find((p) => p.isDefault) ?? result.data[0])?.id ?? null);
    });
    return () => {
      live = false;
    };
  }, []);
  const practice = practices?.find((p) => p.id === selectedId) ?? null;
  return { practices, practice, select: setSelectedId, error };
}

export function PracticePicker({ choice, disabled }: { choice: PracticeChoice; disabled?: boolean }) {
  const m = useMailT();
  const id = useId();
  if (!choice.practices || choice.practices.length < 2 || !choice.practice) return null;
  return (
    <div className="inline-field mail-practice-picker">
      <label htmlFor={id}>{m('mailUi.practice')}</label>
      <select id={id} className="input select" value={choice.practice.id} disabled={disabled} onChange={(e) => choice.select(e.target.value)}>
        {choice.practices.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </div>
  );
}
