/**
 * Restoring a backup, in the steps a user follows: choose the file and type its passphrase; Arnika
 * checks it (a job) and shows what it holds; confirm (as a second workstation: with this
 * workstation's name, and the plain word that its invoices are not merged back); the restore runs
 * (a job); then the app starts again on the restored data. Used from Einstellungen → Datensicherung,
 * the first start (moving to a new computer, a second workstation) and the damaged-database screen.
 */
import { useState, type FormEvent } from 'react';
import type { BackupSummary, RestoreResult } from '../../../shared/contract/index.js';
import type { UploadRef } from '../../../shared/contract/jobs.js';
import type { ErrorBody } from '../../../shared/errors.js';
import { useT } from '../../app/i18n.js';
import { isDesktop, uploadFile } from '../../app/host.js';
import { useApiMutation } from '../../data/query.js';
import { Alert } from '../../ui/Alert.js';
import { Dialog } from '../../ui/Dialog.js';
import { errorText } from '../../ui/errors.js';
import { Field } from '../../ui/Field.js';
import { fieldErrorsFrom, useForm } from '../../ui/form.js';
import { formatNumber } from '../../ui/format.js';
import { Icon } from '../../ui/Icon.js';
import { TextField } from '../../ui/Inputs.js';
import { JobProgress } from '../../ui/JobProgress.js';
import { damagedText, mailPasswordsText, useFollowedJob, whenText } from './backupModel.js';

export type RestoreMode = 'replace' | 'move' | 'second';

interface Values {
  passphrase: string;
  workstationName: string;
}

const titles = { replace: 'restore.title.replace', move: 'restore.title.move', second: 'restore.title.second' } as const;
const leads = { replace: 'restore.lead.replace', move: 'restore.lead.move', second: 'restore.lead.second' } as const;
const submits = { replace: 'restore.submit.replace', move: 'restore.submit.move', second: 'restore.submit.second' } as const;

export function RestoreDialog({ mode, onClose }: { mode: RestoreMode; onClose(): void }) {
  const t = useT();
  const form = useForm<Values>('restore', { passphrase: '', workstationName: '' });
  const [file, setFile] = useState<File | null>(null);
  const [picked, setPicked] = useState<UploadRef | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [summary, setSummary] = useState<BackupSummary | null>(null);
  const [result, setResult] = useState<RestoreResult | null>(null);
  const inspect = useApiMutation('backup.inspect');
  const restore = useApiMutation('backup.restore');
  const open = useApiMutation('files.open');
  const checking = useFollowedJob('backup.inspect', (s) => setSummary(s));
  const restoring = useFollowedJob('backup.restore', (r) => setResult(r));

  const refuse = (error: ErrorBody, wrapper: string) => {
    setProblem(errorText(t, error));
    if (error.details?.fields) form.setErrors(fieldErrorsFrom(error, wrapper));
  };

  const check = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    checking.reset();
    let upload = picked;
    if (!upload) {
      if (!file) return setProblem(t('restore.noFile'));
      setUploading(true);
      const sent = await uploadFile(file);
      setUploading(false);
      if (!sent.ok) return refuse(sent.error, 'input');
      upload = sent.data;
    }
    const started = await inspect.run({ uploadId: upload.uploadId, passphrase: form.values.passphrase });
    if (!started.ok) return refuse(started.error, 'input');
    checking.start(started.data);
  };

  const confirm = async (e: FormEvent) => {
    e.preventDefault();
    if (!summary) return;
    setProblem(null);
    const started = await restore.run({
      restoreId: summary.restoreId,
      mode: mode === 'second' ? 'secondWorkstation' : 'replace',
      ...(mode === 'second' ? { workstationName: form.values.workstationName } : {}),
    });
    if (!started.ok) return refuse(started.error, 'input');
    restoring.start(started.data);
  };

  const chooseOnDesktop = async () => {
    const r = await open.run({ filters: [{ name: 'Arnika', extensions: ['arnika'] }] });
    if (!r.ok) return setProblem(errorText(t, r.error));
    if (r.data) setPicked(r.data);
  };

  const inspecting = checking.job?.state === 'running' || inspect.isPending || uploading;
  const checkFailed = checking.job?.state === 'failed' ? checking.job : null;
  const running = restoring.job?.state === 'running' || restore.isPending;
  const restoreFailed = restoring.job?.state === 'failed' ? restoring.job : null;
  const step = result ? 'done' : summary ? 'confirm' : 'choose';

  const footer =
    step === 'done' ? (
      <button type="button" className="button primary" onClick={() => window.location.reload()}>
        {t('restore.continue')}
      </button>
    ) : (
      <>
        <button type="button" className="button" onClick={onClose} disabled={running}>
          {t('action.cancel')}
        </button>
        {step === 'choose' && (
          <button type="submit" form="restore-form" className="button primary" disabled={inspecting}>
            {t('restore.check')}
          </button>
        )}
        {step === 'confirm' && !restoring.job && (
          <button type="submit" form="restore-form" className={mode === 'replace' ? 'button danger' : 'button primary'} disabled={running}>
            {t(submits[mode])}
          </button>
        )}
      </>
    );

  return (
    <Dialog open title={t(titles[mode])} onCancel={() => !running && onClose()} footer={footer} size="wide">
      {step === 'choose' && (
        <form id="restore-form" className="restore-form" onSubmit={(e) => void check(e)} noValidate>
          <p>{t(leads[mode])}</p>
          <div className="grid">
            {isDesktop() ? (
              <Field id="restore-file" label={t('restore.file')} span={6}>
                <div className="restore-file-row">
                  <button id="restore-file" type="button" className="button" onClick={() => void chooseOnDesktop()}>
                    <Icon name="file" />
                    {t('restore.chooseFile')}
                  </button>
                  <span className={picked ? 'mono' : 'muted'}>{picked?.fileName ?? t('restore.noFile')}</span>
                </div>
              </Field>
            ) : (
              <Field id="restore-file" label={t('restore.file')} span={6}>
                <input id="restore-file" type="file" className="input" accept=".arnika" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
              </Field>
            )}
            <TextField form={form} path="passphrase" label={t('restore.passphrase')} type="password" autoComplete="off" span={6} />
          </div>
          {checking.job && checking.job.state === 'running' && <JobProgress job={checking.job} label={t('restore.checking')} />}
          {checkFailed?.error && <Alert>{errorText(t, { code: checkFailed.error.code as never, message: checkFailed.error.message })}</Alert>}
          {problem && <Alert>{problem}</Alert>}
        </form>
      )}

      {step === 'confirm' && summary && (
        <form id="restore-form" className="restore-form" onSubmit={(e) => void confirm(e)} noValidate>
          <p>{t('restore.holds')}</p>
          <dl className="facts restore-facts">
            <dt>{t('restore.practice')}</dt>
            <dd>{summary.practiceName || '–'}</dd>
            <dt>{t('restore.date')}</dt>
            <dd>{whenText(t, summary.createdAt)}</dd>
            <dt>{t('restore.version')}</dt>
            <dd>Arnika {summary.appVersion}</dd>
            <dt>{t('restore.patients')}</dt>
            <dd className="tabular">{formatNumber(summary.patients)}</dd>
            <dt>{t('restore.invoices')}</dt>
            <dd className="tabular">{formatNumber(summary.invoices)}</dd>
            <dt>{t('restore.documents')}</dt>
            <dd className="tabular">{formatNumber(summary.documents)}</dd>
          </dl>
          {summary.damagedDocuments.length > 0 && <Alert>{damagedText(t, summary.damagedDocuments)}</Alert>}
          {mode === 'second' ? (
            <>
              <div className="grid">
                <TextField form={form} path="workstationName" label={t('restore.workstationName')} placeholder={t('restore.workstationPlaceholder')} required span={4} autoFocus />
              </div>
              <Alert kind="info">{t('restore.confirm.second')}</Alert>
            </>
          ) : (
            <Alert kind="info">{t('restore.confirm.replace')}</Alert>
          )}
          {restoring.job && restoring.job.state === 'running' && <JobProgress job={restoring.job} label={t('restore.restoring')} />}
          {restoreFailed?.error && <Alert>{errorText(t, { code: restoreFailed.error.code as never, message: restoreFailed.error.message })}</Alert>}
          {problem && <Alert>{problem}</Alert>}
        </form>
      )}

      {step === 'done' && result && (
        <div className="restore-done" role="status">
          <p className="lead">{t('restore.done')}</p>
          {result.numberRange && (
            <>
              <p>
                {t('restore.doneRange', {
                  from: formatNumber(result.numberRange.from), to: formatNumber(result.numberRange.to),
                  mainFrom: formatNumber(result.numberRange.mainFrom), mainTo: formatNumber(result.numberRange.mainTo),
                })}
              </p>
              <Alert kind="info">{t('restore.doneRangeMain', { from: formatNumber(result.numberRange.from), to: formatNumber(result.numberRange.to) })}</Alert>
            </>
          )}
          {result.mailPasswordsMissing > 0 && <Alert kind="info">{mailPasswordsText(t, result.mailPasswordsMissing)}</Alert>}
          {result.safetyCopy && mode !== 'move' && mode !== 'second' && <p className="muted small">{t('restore.doneSafety', { path: result.safetyCopy })}</p>}
        </div>
      )}
    </Dialog>
  );
}
