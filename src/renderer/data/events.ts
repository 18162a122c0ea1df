/**
 * The one place where something main pushes reaches the renderer's cache. Nothing pushes yet:
 * jobs with pushed progress (Server-Sent Events in browser mode, IPC events on the desktop) will
 * deliver through `subscribeServerEvents`, and `applyServerEvent` turns each event into a cache
 * update or an invalidation, so screens only read queries and never listen themselves.
 */
import type { QueryClient } from '@tanstack/react-query';
import { invalidateMethods } from './cache.js';

export type ServerEvent =
  /** A long-running job moved on (to be filled in with the jobs' contract). */
  | { type: 'job.progress'; jobId: string; done: number; total: number; step?: string }
  | { type: 'job.finished'; jobId: string }
  /** Data changed outside this window's own mutations: refetch what shows it. */
  | { type: 'changed'; methods: string[] };

export function applyServerEvent(client: QueryClient, event: ServerEvent): void {
  switch (event.type) {
    case 'changed':
      void invalidateMethods(client, event.methods);
      return;
    case 'job.progress':
    case 'job.finished':
      // No job pushes yet; polling queries (mail.bulkSendProgress, mail.batchStatus) still ask.
      return;
  }
}

/** Connects to main's event stream; returns the unsubscribe. No transport pushes yet. */
export function subscribeServerEvents(_onEvent: (event: ServerEvent) => void): () => void {
  return () => {};
}
