/**
 * A bulk send as a job: the batch is queued (the outbox worker sends it in the background); the job
 * follows it to its end, moving its progress on with every message that ended, and stops the batch
 * when the user cancels it (the message being handed over finishes; the rest is cancelled). A batch
 * whose profile pauses for a sending limit keeps its job waiting until the queue goes on. When the
 * app closes, the job ends and the batch stays queued for the next start.
 */
import type { JobResult } from '../../shared/contract/jobs.js';
import type { JobContext } from '../platform/jobs.js';
import type { OutboxChanges } from './outboxChanges.js';
import type { OutboxStore } from './outboxStore.js';

export async function followBatch(job: JobContext, deps: { store: OutboxStore; changes: OutboxChanges }, batchId: string): Promise<JobResult<'mail.bulkSend'>> {
  let stopped = false;
  for (;;) {
    // Wait first for the next change, so none between reading the batch and waiting is missed.
    const changed = deps.changes.next(stopped ? undefined : job.signal);
    const batch = deps.store.batch(batchId);
    const step = batch.sending > 0 ? 'job.mail.sending' : batch.pause ? 'job.mail.paused' : 'job.mail.waiting';
    job.progress(batch.total - batch.queued - batch.sending, { step: { key: step } });
    if (batch.done) return { sent: batch.sent, failed: batch.failed, uncertain: batch.uncertain, cancelled: batch.cancelled };
    // The app is closing: the batch stays as it is and goes on at the next start.
    if (job.closing) job.throwIfCancelled();
    if (job.cancelled && !stopped) {
      stopped = true;
      deps.store.cancelBatch(batchId);
      continue;
    }
    await changed;
  }
}
