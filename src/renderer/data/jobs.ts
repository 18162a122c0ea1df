/**
 * Long work in main, followed from the renderer: `useJob(id)` is the job's live status (main pushes
 * each step into the cache, data/events.ts; the first read asks once), `useRunningJob(kind)` finds a
 * job of that kind still running (a screen opened again after it was left), and `useStartJob` starts
 * one through its method and hands back its id.
 */
import type { JobKind, JobResult, JobStatus } from '../../shared/contract/jobs.js';
import { useApiMutation, useApiQuery } from './query.js';

export function useJob(id: string | null) {
  return useApiQuery('jobs.get', { id: id ?? '' }, { enabled: id !== null, staleTime: Infinity });
}

/** The newest running job of this kind, if any (for a screen that comes back to it). */
export function useRunningJob(kind: JobKind): JobStatus | null {
  const list = useApiQuery('jobs.list', { kind });
  return list.data?.find((j) => j.state === 'running') ?? null;
}

/** The job's result as its kind declares it, once done. */
export function jobResult<K extends JobKind>(job: JobStatus | null | undefined, kind: K): JobResult<K> | null {
  return job && job.kind === kind && job.state === 'done' ? (job.result as JobResult<K>) : null;
}

export function useCancelJob() {
  return useApiMutation('jobs.cancel');
}
