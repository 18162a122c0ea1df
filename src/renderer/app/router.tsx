/**
 * Hash routing with an unsaved-changes guard. The hash is read only when the provider mounts,
 * after api.ts has taken the `#token=` out of the URL at module load. A screen with unsaved
 * edits registers itself with `useUnsavedGuard(dirty)`; leaving it then asks first.
 */
import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { UnsavedDialog } from '../ui/UnsavedDialog.js';
import { currentPath, parseRoute, type Route } from './routes.js';

interface RouterValue {
  route: Route;
  path: string;
  /**
   * `force` skips the guard (after a successful save); `replace` leaves no history entry;
   * `keepDirty` (with force) is for tabs of one screen that keeps its unsaved edits in memory.
   */
  navigate(path: string, options?: { force?: boolean; replace?: boolean; keepDirty?: boolean }): void;
  setDirty(dirty: boolean): void;
}

const RouterContext = createContext<RouterValue | null>(null);

export function RouterProvider({ children }: { children: ReactNode }) {
  const [path, setPath] = useState(() => currentPath() || '/patients');
  const [pending, setPending] = useState<string | null>(null);
  const accepted = useRef(path);
  const dirty = useRef(false);
  const forced = useRef<string | null>(null);
  const keepDirty = useRef(false);

  const accept = useCallback((next: string, keep = false) => {
    accepted.current = next;
    if (!keep) dirty.current = false;
    setPath(next);
  }, []);

  useEffect(() => {
    if (!window.location.hash) history.replaceState(null, '', `#${accepted.current}`);
    const onHashChange = () => {
      const next = currentPath() || '/patients';
      if (next === accepted.current) return;
      if (forced.current === next || !dirty.current) {
        const keep = forced.current === next && keepDirty.current;
        forced.current = null;
        keepDirty.current = false;
        accept(next, keep);
        return;
      }
      // Put the old place back and ask; the URL must show where the user still is.
      history.replaceState(null, '', `#${accepted.current}`);
      setPending(next);
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, [accept]);

  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (dirty.current) e.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, []);

  const navigate = useCallback<RouterValue['navigate']>((next, options = {}) => {
    if (next === accepted.current) return;
    if (options.replace) {
      history.replaceState(null, '', `#${next}`);
      accept(next);
      return;
    }
    if (options.force) forced.current = next;
    keepDirty.current = Boolean(options.force && options.keepDirty);
    window.location.hash = next;
  }, [accept]);

  const setDirty = useCallback((value: boolean) => {
    dirty.current = value;
  }, []);

  const value = useMemo<RouterValue>(() => ({ route: parseRoute(path), path, navigate, setDirty }), [path, navigate, setDirty]);

  return (
    <RouterContext.Provider value={value}>
      {children}
      <UnsavedDialog
        open={pending !== null}
        onStay={() => setPending(null)}
        onDiscard={() => {
          const next = pending;
          setPending(null);
          if (next !== null) {
            forced.current = next;
            window.location.hash = next;
          }
        }}
      />
    </RouterContext.Provider>
  );
}

export function useRouter(): RouterValue {
  const value = useContext(RouterContext);
  if (!value) throw new Error('useRouter outside RouterProvider');
  return value;
}

/**
 * Marks the current screen as having unsaved edits while `dirty` is true. A layout effect, so the
 * flag is right before the browser paints: "Gespeichert" on screen means leaving no longer asks.
 */
export function useUnsavedGuard(dirty: boolean): void {
  const { setDirty } = useRouter();
  useLayoutEffect(() => {
    setDirty(dirty);
    return () => setDirty(false);
  }, [dirty, setDirty]);
}
