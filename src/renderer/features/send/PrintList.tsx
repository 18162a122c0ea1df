/**
 * Invoices set aside for paper instead of email ("Stattdessen drucken"): one PDF with all of them,
 * in the order of the list, each as it was issued with the address in the envelope window. Main
 * joins the archived documents as a job (invoices.printPdfs), records each invoice as sent by post,
 * and the file is handed to the host to save or open for printing (saveDownload).
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { invalidateMethods } from '../../data/cache.js';
import { useT } from '../../app/i18n.js';
import { saveDownload } from '../../app/host.js';
import { jobResult, useJob } from '../../data/jobs.js';
import { useApiMutation } from '../../data/query.js';
import { Alert } from '../../ui/Alert.js';
import { Icon } from '../../ui/Icon.js';
import { JobProgress } from '../../ui/JobProgress.js';
import { errorText } from '../../ui/errors.js';
import { sendChanges } from './sendChanges.js';

export interface PrintItem {
  id: string;
  number: string | null;
}

export function PrintList({ items }: { items: PrintItem[] }) {
  const t = useT();
  const start = useApiMutation('invoices.printPdfs');
  const [jobId, setJobId] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const job = useJob(jobId).data ?? null;
  const result = jobResult(job, 'invoices.printPdfs');
  const saved = useRef<string | null>(null);
  const client = useQueryClient();
  const key = items.map((i) => i.id).join(',');

  // The list changed: what was printed belongs to the old one.
  useEffect(() => {
    setJobId(null);
    setDone(null);
    setProblem(null);
  }, [key]);

  // The PDF is ready: hand it to the host once.
  useEffect(() => {
    if (!job || !result || saved.current === job.id) return;
    saved.current = job.id;
    // The invoices are recorded as sent by post now: the lists show it.
    void invalidateMethods(client, ['invoices.', ...sendChanges]);
    void saveDownload(result.download).then((r) => {
      if (!r.ok) setProblem(errorText(t, r.error));
      else setDone(t.plural('sendUi.print.done', result.count, { count: result.count }));
    });
  }, [job, result, t, client]);

  async function print() {
    if (start.isPending || items.length === 0) return;
    setProblem(null);
    setDone(null);
    const started = await start.run({ invoiceIds: items.map((i) => i.id) });
    if (!started.ok) return setProblem(errorText(t, started.error));
    setJobId(started.data.id);
  }

  if (items.length === 0) return null;
  const working = start.isPending || job?.state === 'running';
  return (
    <section className="send-print" aria-labelledby="send-print-title">
      <div className="send-print-head">
        <h3 id="send-print-title">{t('sendUi.print.title', { count: items.length })}</h3>
        <button type="button" className="button small" onClick={() => void print()} disabled={working}>
          <Icon name="printer" size={16} />
          {t('sendUi.print.make')}
        </button>
      </div>
      <p className="send-print-numbers mono">{items.map((i) => i.number ?? '–').join(', ')}</p>
      <p className="send-note">{t('sendUi.print.explain')}</p>
      {job && job.state !== 'done' && <JobProgress job={job} label={t('sendUi.print.title', { count: items.length })} />}
      <div aria-live="polite">{done && <p className="send-note">{done}</p>}</div>
      {problem && <Alert>{problem}</Alert>}
    </section>
  );
}
