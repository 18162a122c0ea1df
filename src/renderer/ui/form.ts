/**
 * Form state for the edit screens: nested values addressed by dotted paths (the same paths the
 * server's field errors use), field errors by path, and "dirty" for the unsaved-changes guard.
 */
import { useCallback, useEffect, useMemo, useState, type RefObject } from 'react';
import type { ErrorBody, FieldError } from '../../shared/errors.js';

export type FieldErrors = Record<string, FieldError>;

export function getIn(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

export function setIn<T>(obj: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split('.');
  const copy = { ...(obj as Record<string, unknown>) };
  copy[head!] = rest.length ? setIn(copy[head!] ?? {}, rest.join('.'), value) : value;
  return copy as T;
}

/**
 * Server paths name the input object (`patient.address.postalCode`, `practice.iban`) except for
 * checks made after parsing (`birthDate`): strip the wrapper so both match the form's paths.
 */
export function fieldErrorsFrom(error: ErrorBody, wrapper: string): FieldErrors {
  const out: FieldErrors = {};
  for (const f of error.details?.fields ?? []) {
    const path = f.path.startsWith(`${wrapper}.`) ? f.path.slice(wrapper.length + 1) : f.path;
    if (!(path in out)) out[path] = { ...f, path };
  }
  return out;
}

/**
 * Field errors under the form's own names where a form edits a value in another shape than the
 * API takes (the price typed as "12.50" is sent as `priceMinor`): { priceMinor: 'price' }.
 */
export function renamePaths(errors: FieldErrors, names: Record<string, string>): FieldErrors {
  const out: FieldErrors = {};
  for (const [path, error] of Object.entries(errors)) {
    const head = Object.keys(names).find((from) => path === from || path.startsWith(`${from}.`));
    const next = head ? names[head]! + path.slice(head.length) : path;
    if (!(next in out)) out[next] = { ...error, path: next };
  }
  return out;
}

/** Moves focus to the first field marked invalid, in reading order. */
export function focusFirstInvalid(root: HTMLElement | null): void {
  const el = root?.querySelector<HTMLElement>('[aria-invalid="true"]');
  if (el) {
    el.focus();
    el.scrollIntoView({ block: 'center' });
  }
}

/**
 * After a refused save: once the errors are on screen (an effect runs after React commits),
 * focus the first invalid field inside `root`.
 */
export function useFocusOnErrors(root: RefObject<HTMLElement | null>, form: Form<unknown>): void {
  const { errorRound } = form;
  useEffect(() => {
    if (errorRound > 0) focusFirstInvalid(root.current);
  }, [errorRound, root]);
}

export interface Form<T> {
  scope: string;
  values: T;
  errors: FieldErrors;
  dirty: boolean;
  set(path: string, value: unknown): void;
  /** Shows a refused save's errors; `useFocusOnErrors` then focuses the first. */
  setErrors(errors: FieldErrors): void;
  /** Counts setErrors calls, so that each refused save moves focus again. */
  errorRound: number;
  /** Replace values and treat them as saved (after load or save). */
  reset(values: T): void;
}

export function useForm<T>(scope: string, initial: T): Form<T> {
  const [values, setValues] = useState(initial);
  const [saved, setSaved] = useState(initial);
  const [errors, setErrorState] = useState<FieldErrors>({});
  const [errorRound, setErrorRound] = useState(0);
  const setErrors = useCallback((next: FieldErrors) => {
    setErrorState(next);
    setErrorRound((n) => n + 1);
  }, []);
  const set = useCallback((path: string, value: unknown) => {
    setValues((v) => setIn(v, path, value));
    // A value replaced as a whole (a list of rows) also clears the errors inside it.
    setErrorState((e) => {
      const stale = Object.keys(e).filter((p) => p === path || p.startsWith(`${path}.`));
      if (stale.length === 0) return e;
      const rest = { ...e };
      for (const p of stale) delete rest[p];
      return rest;
    });
  }, []);
  const reset = useCallback((next: T) => {
    setValues(next);
    setSaved(next);
    setErrorState({});
  }, []);
  const dirty = useMemo(() => JSON.stringify(values) !== JSON.stringify(saved), [values, saved]);
  return { scope, values, errors, errorRound, dirty, set, setErrors, reset };
}

export function fieldId(scope: string, path: string): string {
  return `${scope}-${path.replace(/\./g, '-')}`;
}
