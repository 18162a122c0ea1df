/**
 * The one place where what main pushes reaches the renderer's cache (app/host.ts delivers it): a
 * job's status is written where `useJob` reads it (the `jobs.get` query of that id) and the job
 * lists are refreshed; "data changed" invalidates the methods named. Screens only read queries and
 * never listen themselves. After the stream dropped, everything on screen is fetched again.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { ServerEvent } from '../../shared/contract/jobs.js';
import { invalidateMethods } from './cache.js';
import { apiQueryKey } from './keys.js';

export function applyServerEvent(client: QueryClient, event: ServerEvent): void {
  switch (event.type) {
    case 'changed':
      void invalidateMethods(client, event.methods);
      return;
    case 'job':
      client.setQueryData(apiQueryKey('jobs.get', { id: event.job.id }), event.job);
      // A job started or ended: lists of running jobs change; progress alone does not.
      if (event.job.state !== 'running' || event.job.done === 0) void invalidateMethods(client, ['jobs.list']);
      return;
  }
}

export function afterReconnect(client: QueryClient): void {
  void client.invalidateQueries();
}
