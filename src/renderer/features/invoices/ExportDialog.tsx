/**
 * Export issued and cancelled invoices as their archived PDFs, packed into one ZIP that the user
 * saves (a download in browser mode, the save dialog on the desktop): the selected invoices within
 * a date range that starts as the span of the selection; without a selection, every issued and
 * cancelled invoice of the range. Packing runs as a job: the dialog shows its progress and can stop
 * it; closing the dialog leaves it running, and opening it again shows it.
 */
import { useEffect, useRef, useState } from 'react';
import type { InvoiceSummary } from '../../../shared/contract/index.js';
import { useT } from '../../app/i18n.js';
import { saveDownload } from '../../app/host.js';
import { jobResult, useJob, useRunningJob } from '../../data/jobs.js';
import { useApiMutation } from '../../data/query.js';
import { Alert } from '../../ui/Alert.js';
import { errorText } from '../../ui/errors.js';
import { FormDialog } from '../../ui/FormDialog.js';
import { useForm } from '../../ui/form.js';
import { formatNumber } from '../../ui/format.js';
import { DateField } from '../../ui/Inputs.js';
import { JobProgress } from '../../ui/JobProgress.js';
import { useFormSave } from '../../ui/useFormSave.js';

interface ExportValues {
  from: string;
  to: string;
}

export function ExportDialog({ selected, onCancel, onDone }: { selected: InvoiceSummary[]; onCancel(): void; onDone(message: string): void }) {
  const t = useT();
  const dates = selected.map((i) => i.invoiceDate).sort();
  const form = useForm<ExportValues>('export', { from: dates[0] ?? '', to: dates[dates.length - 1] ?? '' });
  const drafts = selected.filter((i) => i.status === 'draft').length;
  const exportPdfs = useApiMutation('invoices.exportPdfs');
  // An export left running when the dialog was closed is shown again.
  const running = useRunningJob('invoices.exportPdfs');
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId ?? running?.id ?? null).data ?? null;
  const [problem, setProblem] = useState<string | null>(null);
  const saved = useRef<string | null>(null);

  const save = useFormSave(form, {
    save: (v) => {
      const invoiceIds = selected.map((i) => i.id);
      return exportPdfs.run({ from: v.from, to: v.to, ...(invoiceIds.length ? { invoiceIds } : {}) });
    },
    onSaved: (started) => setJobId(started.id),
    wrapper: 'input',
  });

  // Done: hand the ZIP to the host to save, once.
  const result = jobResult(job, 'invoices.exportPdfs');
  useEffect(() => {
    if (!job || !result || saved.current === job.id) return;
    saved.current = job.id;
    if (!result.download) {
      setProblem(t('export.none'));
      return;
    }
    void saveDownload(result.download).then((r) => {
      if (!r.ok) setProblem(errorText(t, r.error));
      else if (r.data.saved) onDone(t.plural('export.done', result.count, { count: formatNumber(result.count) }));
    });
  }, [job, result, onDone, t]);

  const working = job !== null && job.state === 'running';
  return (
    <FormDialog
      title={t('export.title')}
      formId="export-form"
      submitLabel={t('export.submit')}
      save={{ ...save, busy: save.busy || working }}
      onCancel={onCancel}
      lead={
        <>
          <p>{t(selected.length ? 'export.explain_selection' : 'export.explain')}</p>
          {drafts > 0 && <p className="muted small">{t('export.draftsSkipped', { count: formatNumber(drafts) })}</p>}
        </>
      }
    >
      <div className="grid">
        <DateField form={form} path="from" label={t('export.from')} span={3} />
        <DateField form={form} path="to" label={t('export.to')} span={3} />
      </div>
      {job && job.state !== 'done' && <JobProgress job={job} label={t('export.title')} />}
      {problem && <Alert kind="info">{problem}</Alert>}
    </FormDialog>
  );
}
