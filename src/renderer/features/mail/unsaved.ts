/**
 * The router keeps one "dirty" flag per screen. Both mail components may sit on the same settings
 * screen, so each reports to this small registry and the router hears the union: one clean
 * component must not clear the other's unsaved edits.
 */
import { useEffect, useId } from 'react';
import { useRouter } from '../../app/router.js';

const dirtyOwners = new Set<string>();

export function useMailUnsavedGuard(dirty: boolean): void {
  const { setDirty } = useRouter();
  const owner = useId();
  useEffect(() => {
    if (dirty) dirtyOwners.add(owner);
    else dirtyOwners.delete(owner);
    setDirty(dirtyOwners.size > 0);
    return () => {
      dirtyOwners.delete(owner);
      setDirty(dirtyOwners.size > 0);
    };
  }, [dirty, owner, setDirty]);
}
