/**
 * A job main runs for us, as the user follows it: the step it is in, a bar with "12 von 40", a
 * button to stop it, and how it ended (a refusal in words, or "Abgebrochen"). The status arrives
 * pushed (data/jobs.ts); this only shows it.
 */
import type { JobStatus } from '../../shared/contract/jobs.js';
import { useT } from '../app/i18n.js';
import { useCancelJob } from '../data/jobs.js';
import { Alert } from './Alert.js';
import { errorText } from './errors.js';
import { formatNumber } from './format.js';
import { ProgressBar } from './ProgressBar.js';

export function JobProgress({ job, label }: { job: JobStatus; label: string }) {
  const t = useT();
  const cancel = useCancelJob();
  if (job.state === 'failed' && job.error) return <Alert>{errorText(t, { code: job.error.code as never, message: job.error.message, ...(job.error.details ? { details: job.error.details } : {}) })}</Alert>;
  if (job.state === 'cancelled') return <p role="status">{t('job.cancelled')}</p>;
  const step = job.step ? t.message(job.step) : t('job.running');
  const total = job.total ?? 0;
  const text = job.total === null ? step : `${step}: ${t('job.progress', { done: formatNumber(job.done), total: formatNumber(total) })}`;
  return (
    <div className="job-progress">
      <ProgressBar label={label} text={text} value={job.done} max={total}>
        {job.state === 'running' && (
          <button type="button" className="button small" disabled={cancel.isPending} onClick={() => void cancel.run({ id: job.id })}>
            {t('job.cancel')}
          </button>
        )}
      </ProgressBar>
    </div>
  );
}
