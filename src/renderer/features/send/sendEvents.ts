/**
 * "Something about this invoice's sending changed": the send dialog says so when it queued a
 * message, the history listens. The two are mounted in different places of the invoice screen,
 * and this keeps the screen itself free of send state.
 */
import { useEffect, useRef } from 'react';

type Listener = (invoiceId: string) => void;
const listeners = new Set<Listener>();

export function announceSendChange(invoiceId: string): void {
  for (const l of [...listeners]) l(invoiceId);
}

/** Calls `onChange` whenever a send of `invoiceId` changed (any invoice when null). */
export function useSendChanges(invoiceId: string | null, onChange: () => void): void {
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => {
    const l: Listener = (id) => {
      if (invoiceId === null || id === invoiceId) latest.current();
    };
    listeners.add(l);
    return () => {
      listeners.delete(l);
    };
  }, [invoiceId]);
}
