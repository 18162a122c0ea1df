/** The practices of this installation, loaded once per screen, with the default one at hand. */
import { useEffect, useState } from 'react';
import type { Practice } from '../../../shared/contract/index.js';
import type { ErrorBody } from '../../../shared/errors.js';
import { api } from '../../api.js';

export interface PracticesState {
  practices: Practice[] | null;
  defaultPractice: Practice | null;
  error: ErrorBody | null;
  byId(id: string): Practice | undefined;
}

export function usePractices(): PracticesState {
  const [practices, setPractices] = useState<Practice[] | null>(null);
  const [error, setError] = useState<ErrorBody | null>(null);
  useEffect(() => {
    let live = true;
    void api.call('practices.list', {}).then((result) => {
      if (!live) return;
      if (result.ok) setPractices(result.data);
      else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, []);
  const defaultPractice = practices?.find((p) => p.isDefault) ?? practices?.[0] ?? null;
  return { practices, defaultPractice, error, byId: (id) => practices?.find((p) => p.id === id) };
}
