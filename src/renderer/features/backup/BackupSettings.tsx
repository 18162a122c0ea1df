/**
 * Einstellungen → Datensicherung: the state of the backups ("Letzte geprüfte Sicherung: heute
 * 12:03 in …", warnings), "Jetzt sichern" (a job; then the save dialog or a download), setting
 * backups up (folder: the system's folder dialog on the desktop, a typed path in browser mode;
 * passphrase; how many to keep), the emergency sheet, the export of everything, and restore.
 */
import { useState } from 'react';
import type { BackupStatus } from '../../../shared/contract/index.js';
import type { Envelope } from '../../../shared/errors.js';
import { useT } from '../../app/i18n.js';
import { saveDownload } from '../../app/host.js';
import { useApiMutation, useApiQuery } from '../../data/query.js';
import { Alert } from '../../ui/Alert.js';
import { errorText } from '../../ui/errors.js';
import { Field } from '../../ui/Field.js';
import { useForm } from '../../ui/form.js';
import { Icon } from '../../ui/Icon.js';
import { TextField } from '../../ui/Inputs.js';
import { JobProgress } from '../../ui/JobProgress.js';
import { useToast } from '../../ui/Toast.js';
import { useFormSave } from '../../ui/useFormSave.js';
import { damagedText, mailPasswordsText, useFollowedJob, whenText } from './backupModel.js';
import { RestoreDialog } from './RestoreDialog.js';
import './backup.css';

const invalidates = ['backup.'];

export function BackupSettings() {
  const t = useT();
  const status = useApiQuery('backup.status', {});
  const [restoring, setRestoring] = useState(false);
  return (
    <div className="settings-narrow backup-settings">
      <p className="muted">{t('backup.intro')}</p>
      {status.error && <Alert>{errorText(t, status.error)}</Alert>}
      {status.data && <BackupState status={status.data} />}
      {status.data && <SetupForm status={status.data} />}
      <section className="card settings-section" aria-labelledby="backup-sheet">
        <h2 id="backup-sheet">{t('backup.sheetTitle')}</h2>
        <p>{t('backup.sheetHint')}</p>
        <SheetButton />
      </section>
      <ExportAll />
      <section className="card settings-section" aria-labelledby="backup-restore">
        <h2 id="backup-restore">{t('backup.restoreTitle')}</h2>
        <p>{t('backup.restoreHint')}</p>
        <button type="button" className="button" onClick={() => setRestoring(true)}>
          <Icon name="restore" />
          {t('backup.restoreButton')}
        </button>
      </section>
      {restoring && <RestoreDialog mode="replace" onClose={() => setRestoring(false)} />}
    </div>
  );
}

/** The saved file, or why it was not saved. Resolves true only when the save completed. */
async function saved(saving: Promise<Envelope<{ saved: boolean }>>, t: ReturnType<typeof useT>, done: string, show: (m: string) => void, fail: (m: string) => void): Promise<boolean> {
  const r = await saving;
  if (!r.ok) fail(errorText(t, r.error));
  else if (r.data.saved) show(done);
  else fail(t('backup.nowNotSaved'));
  return r.ok && r.data.saved;
}

function BackupState({ status }: { status: BackupStatus }) {
  const t = useT();
  const toast = useToast();
  const [problem, setProblem] = useState<string | null>(null);
  const run = useApiMutation('backup.run');
  const markSaved = useApiMutation('backup.downloadSaved', { invalidates });
  // The status line follows by itself: main says "backup. changed" when a backup ends. A download
  // counts as the last verified backup only once its save completed (a cancelled dialog saves nothing).
  const now = useFollowedJob('backup.run', (result) => {
    const download = result.download;
    if (download) {
      void saved(saveDownload(download), t, t(status.folderDialog ? 'backup.nowDone' : 'backup.nowDownloaded'), toast.show, setProblem).then(async (ok) => {
        if (!ok) return;
        const r = await markSaved.run({ downloadId: download.downloadId });
        if (!r.ok) setProblem(errorText(t, r.error));
      });
    } else toast.show(t('backup.toFolderDone'));
  });
  const start = async (target: 'download' | 'folder') => {
    setProblem(null);
    const r = await run.run({ target });
    if (!r.ok) return setProblem(errorText(t, r.error));
    now.start(r.data);
  };
  const last = status.lastVerified;
  const busy = run.isPending || now.job?.state === 'running';
  return (
    <section className="card settings-section" aria-labelledby="backup-state">
      <h2 id="backup-state">{t('backup.statusTitle')}</h2>
      <p className={last ? 'backup-last' : 'backup-last muted'}>
        {last ? (
          <>
            <Icon name="check" />
            {last.folder
              ? t('backup.lastVerified', { when: whenText(t, last.at), where: last.folder })
              : t(status.folderDialog ? 'backup.lastVerifiedSaved' : 'backup.lastVerifiedDownloaded', { when: whenText(t, last.at) })}
          </>
        ) : (
          t('backup.none')
        )}
      </p>
      {last && last.mailPasswordsMissing > 0 && <Alert kind="info">{mailPasswordsText(t, last.mailPasswordsMissing)}</Alert>}
      {last && last.damagedDocuments.length > 0 && <Alert>{damagedText(t, last.damagedDocuments)}</Alert>}
      <p className="muted">{status.folder ? t('backup.automatic', { folder: status.folder }) : t('backup.automaticOff')}</p>
      {status.warning === 'folder_unavailable' && <Alert>{t('backup.warning.folder_unavailable', { folder: status.folder ?? '' })}</Alert>}
      {status.warning === 'failed' && status.lastFailure && (
        <Alert>{`${t('backup.warning.failed')} ${errorText(t, { code: status.lastFailure.code as never, message: '' })}`}</Alert>
      )}
      {status.warning === 'stale' && <Alert kind="info">{t('backup.warning.stale')}</Alert>}
      <div className="section-actions">
        <button type="button" className="button primary" disabled={!status.configured || busy} onClick={() => void start('download')}>
          <Icon name="download" />
          {t('backup.now')}
        </button>
        {status.folder && (
          <button type="button" className="button" disabled={busy} onClick={() => void start('folder')}>
            <Icon name="folder" />
            {t('backup.toFolderNow')}
          </button>
        )}
      </div>
      <p className="muted small">{status.configured ? t('backup.nowHint') : t('error.backup.not_set_up')}</p>
      {now.job && now.job.state !== 'done' && <JobProgress job={now.job} label={t('backup.now')} />}
      {problem && <Alert>{problem}</Alert>}
    </section>
  );
}

interface SetupValues {
  folder: string;
  passphrase: string;
  passphraseRepeat: string;
  daily: string;
  weekly: string;
  monthly: string;
}

function SetupForm({ status }: { status: BackupStatus }) {
  const t = useT();
  const toast = useToast();
  const initial = (s: BackupStatus): SetupValues => ({
    folder: s.folder ?? '', passphrase: '', passphraseRepeat: '',
    daily: String(s.retention.daily), weekly: String(s.retention.weekly), monthly: String(s.retention.monthly),
  });
  const form = useForm<SetupValues>('backup', initial(status));
  const configure = useApiMutation('backup.configure', { invalidates });
  const chooseFolder = useApiMutation('backup.chooseFolder');
  const [folderProblem, setFolderProblem] = useState<string | null>(null);
  const save = useFormSave(form, {
    save: async (v) => {
      if (v.passphrase !== v.passphraseRepeat) {
        return { ok: false, error: { code: 'validation', message: 'repeat', details: { fields: [{ path: 'passphraseRepeat', key: 'v.passphrase_repeat' }] } } };
      }
      const whole = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s) : Number.NaN);
      return configure.run({
        folder: v.folder.trim() === '' ? null : v.folder.trim(),
        ...(v.passphrase !== '' || !status.configured ? { passphrase: v.passphrase } : {}),
        retention: { daily: whole(v.daily), weekly: whole(v.weekly), monthly: whole(v.monthly) },
      });
    },
    onSaved: (next) => {
      form.reset(initial(next));
      toast.show(t('backup.setup.saved'));
    },
    wrapper: 'input',
    rename: { 'retention.daily': 'daily', 'retention.weekly': 'weekly', 'retention.monthly': 'monthly' },
  });
  const pick = async () => {
    setFolderProblem(null);
    const r = await chooseFolder.run({});
    if (!r.ok) return setFolderProblem(errorText(t, r.error));
    if (r.data.folder) form.set('folder', r.data.folder);
  };
  return (
    <section className="card settings-section" aria-labelledby="backup-setup">
      <h2 id="backup-setup">{t('backup.setupTitle')}</h2>
      <form id="backup-form" ref={save.formRef} className="backup-form" onSubmit={(e) => void save.submit(e)} noValidate>
        {save.banner && <Alert>{save.banner}</Alert>}
        <div className="grid">
          {status.folderDialog ? (
            <Field id="backup-folder" label={t('backup.setup.folder')} hint={t('backup.setup.folderHintDesktop')} error={form.errors.folder} span={6}>
              <div className="restore-file-row">
                <code className={form.values.folder ? 'data-path' : 'muted'}>{form.values.folder || t('backup.setup.noFolder')}</code>
                <button id="backup-folder" type="button" className="button" onClick={() => void pick()}>
                  <Icon name="folder" />
                  {t('backup.setup.chooseFolder')}
                </button>
                {form.values.folder && (
                  <button type="button" className="button ghost" onClick={() => form.set('folder', '')}>
                    {t('backup.setup.removeFolder')}
                  </button>
                )}
              </div>
            </Field>
          ) : (
            <TextField form={form} path="folder" label={t('backup.setup.folder')} hint={t('backup.setup.folderHintBrowser')} span={6} autoComplete="off" spellCheck={false} />
          )}
          {status.configured && <p className="span-6 muted small backup-passphrase-set"><Icon name="lock" /> {t('backup.setup.passphraseSet')}</p>}
          <TextField form={form} path="passphrase" label={t(status.configured ? 'backup.setup.passphraseNew' : 'backup.setup.passphrase')} type="password" autoComplete="new-password" required={!status.configured} span={3} />
          <TextField form={form} path="passphraseRepeat" label={t('backup.setup.passphraseRepeat')} type="password" autoComplete="new-password" required={!status.configured} span={3} />
          <p className="span-6 field-hint">{t('backup.setup.passphraseHint')}</p>
          <h3 className="span-6">{t('backup.setup.keep')}</h3>
          <TextField form={form} path="daily" label={t('backup.setup.daily')} inputMode="numeric" span={2} />
          <TextField form={form} path="weekly" label={t('backup.setup.weekly')} inputMode="numeric" span={2} />
          <TextField form={form} path="monthly" label={t('backup.setup.monthly')} inputMode="numeric" span={2} />
          <p className="span-6 field-hint">{t('backup.setup.keepHint')}</p>
        </div>
        {folderProblem && <Alert>{folderProblem}</Alert>}
        <button type="submit" className="button primary" disabled={save.busy}>
          {t('backup.setup.save')}
        </button>
      </form>
    </section>
  );
}

function SheetButton() {
  const t = useT();
  const sheet = useApiMutation('backup.emergencySheet');
  const [problem, setProblem] = useState<string | null>(null);
  const print = async () => {
    setProblem(null);
    const r = await sheet.run({});
    if (!r.ok) return setProblem(errorText(t, r.error));
    const s = await saveDownload(r.data);
    if (!s.ok) setProblem(errorText(t, s.error));
  };
  return (
    <>
      <button type="button" className="button" disabled={sheet.isPending} onClick={() => void print()}>
        <Icon name="file" />
        {t('backup.sheetButton')}
      </button>
      {problem && <Alert>{problem}</Alert>}
    </>
  );
}

function ExportAll() {
  const t = useT();
  const toast = useToast();
  const start = useApiMutation('backup.exportAll');
  const [problem, setProblem] = useState<string | null>(null);
  const job = useFollowedJob('backup.exportAll', (result) => void saved(saveDownload(result.download), t, t('backup.exportDone'), toast.show, setProblem));
  const run = async () => {
    setProblem(null);
    const r = await start.run({});
    if (!r.ok) return setProblem(errorText(t, r.error));
    job.start(r.data);
  };
  return (
    <section className="card settings-section" aria-labelledby="backup-export">
      <h2 id="backup-export">{t('backup.exportTitle')}</h2>
      <p>{t('backup.exportHint')}</p>
      <button type="button" className="button" disabled={start.isPending || job.job?.state === 'running'} onClick={() => void run()}>
        <Icon name="download" />
        {t('backup.exportTitle')}
      </button>
      {job.job && job.job.state !== 'done' && <JobProgress job={job.job} label={t('backup.exportTitle')} />}
      {problem && <Alert>{problem}</Alert>}
    </section>
  );
}
