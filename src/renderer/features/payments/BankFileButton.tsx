/**
 * "Bankdatei einlesen": the file the user picks (camt.054 or camt.053 from the e-banking) goes to
 * main through the host as an upload; main reads and matches it as a job whose progress is shown
 * here; when it is done the preview opens. A refusal (not a bank file, cut off, a DOCTYPE) says what
 * is wrong.
 */
import { useEffect, useRef, useState } from 'react';
import { useT } from '../../app/i18n.js';
import { uploadFile } from '../../app/host.js';
import { useRouter } from '../../app/router.js';
import { paths } from '../../app/routes.js';
import { jobResult, useJob, useRunningJob } from '../../data/jobs.js';
import { useApiMutation } from '../../data/query.js';
import { Alert } from '../../ui/Alert.js';
import { errorText } from '../../ui/errors.js';
import { Icon } from '../../ui/Icon.js';
import { JobProgress } from '../../ui/JobProgress.js';

export function BankFileButton() {
  const t = useT();
  const { navigate } = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const read = useApiMutation('payments.readBankFile', { invalidates: ['payments.listImports'] });
  const running = useRunningJob('payments.readBankFile');
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId ?? running?.id ?? null).data ?? null;
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const done = jobResult(job, 'payments.readBankFile');

  useEffect(() => {
    if (done) navigate(paths.bankImport(done.importId));
  }, [done, navigate]);

  async function chosen(file: File | undefined) {
    if (!file) return;
    setProblem(null);
    setBusy(true);
    const upload = await uploadFile(file);
    if (!upload.ok) {
      setBusy(false);
      return setProblem(errorText(t, upload.error));
    }
    const started = await read.run({ uploadId: upload.data.uploadId });
    setBusy(false);
    if (!started.ok) return setProblem(errorText(t, started.error));
    setJobId(started.data.id);
  }

  return (
    <div className="bank-file">
      <input
        ref={input}
        type="file"
        accept=".xml,application/xml,text/xml"
        className="visually-hidden"
        aria-label={t('bank.chooseFile')}
        data-testid="bank-file-input"
        onChange={(e) => {
          void chosen(e.target.files?.[0]);
          e.target.value = '';
        }}
      />
      <button type="button" className="button primary" disabled={busy || job?.state === 'running'} onClick={() => input.current?.click()}>
        <Icon name="upload" />
        {t('bank.read')}
      </button>
      {job && job.state !== 'done' && <JobProgress job={job} label={t('bank.reading')} />}
      {problem && <Alert>{problem}</Alert>}
    </div>
  );
}
