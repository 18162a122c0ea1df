/**
 * The practices of this installation (a cached query), with the default one at hand, and the
 * choice of one practice for the screens that work on one (the default until another is picked).
 */
import { useState } from 'react';
import type { MethodInput, MethodName, Practice } from '../../../shared/contract/index.js';
import type { ErrorBody } from '../../../shared/errors.js';
import { useApiQuery } from '../../data/query.js';

export interface PracticesState {
  practices: Practice[] | null;
  defaultPractice: Practice | null;
  error: ErrorBody | null;
  byId(id: string): Practice | undefined;
}

export function usePractices(): PracticesState {
  const query = useApiQuery('practices.list', {});
  const practices = query.data ?? null;
  const defaultPractice = practices?.find((p) => p.isDefault) ?? practices?.[0] ?? null;
  return { practices, defaultPractice, error: query.error, byId: (id) => practices?.find((p) => p.id === id) };
}

export interface PracticeChoice {
  practices: Practice[] | null;
  /** The picked practice, else the default one; null while loading or when there is none. */
  practice: Practice | null;
  select(id: string): void;
  error: ErrorBody | null;
}

export function usePracticeChoice(): PracticeChoice {
  const { practices, defaultPractice, error } = usePractices();
  const [picked, setPicked] = useState<string | null>(null);
  const practice = practices?.find((p) => p.id === picked) ?? defaultPractice;
  return { practices, practice, select: setPicked, error };
}

/** Methods that take one practice and nothing else (mail.listProfiles, consultationTemplates.list). */
type PracticeMethod = { [M in MethodName]: MethodInput<M> extends { practiceId: string } ? ({ practiceId: string } extends MethodInput<M> ? M : never) : never }[MethodName];

/** A list of the chosen practice, asked once a practice is chosen. */
export function usePracticeQuery<M extends PracticeMethod>(method: M, choice: PracticeChoice) {
  return useApiQuery(method, { practiceId: choice.practice?.id ?? '' } as MethodInput<M>, { enabled: choice.practice !== null });
}

/** A screen about one practice's list (mail profiles, templates): the choice of practice and its list. */
export function usePracticeList<M extends PracticeMethod>(method: M) {
  const choice = usePracticeChoice();
  const list = usePracticeQuery(method, choice);
  return { choice, practice: choice.practice, practiceId: choice.practice?.id ?? null, list };
}
