/**
 * First start: a welcome, the choice between a new practice, data taken over from a backup (moving
 * to this computer) and a second workstation (both: RestoreDialog), and the practice form; once
 * saved, the app opens on Patienten.
 */
import { useEffect, useState } from 'react';
import type { Language } from '../../../shared/validation/fields.js';
import { Logo } from '../../ui/Icon.js';
import { LanguageChoice } from '../../ui/LanguageChoice.js';
import { useToast } from '../../ui/Toast.js';
import { useT } from '../../app/i18n.js';
import { useRouter } from '../../app/router.js';
import { paths } from '../../app/routes.js';
import { PracticeForm } from './PracticeForm.js';
import { RestoreDialog, type RestoreMode } from '../backup/RestoreDialog.js';
import '../backup/backup.css';

export function FirstRun({ onDone, onLanguageChange }: { onDone(): void; onLanguageChange(lang: Language): void }) {
  const t = useT();
  const toast = useToast();
  const { navigate } = useRouter();
  const [restoring, setRestoring] = useState<RestoreMode | null>(null);
  useEffect(() => {
    document.title = `${t('firstRun.title')} – Arnika`;
  }, [t]);
  return (
    <div className="first-run">
      <header className="first-run-header">
        <div className="brand">
          <Logo size={36} />
          <span className="brand-name">Arnika</span>
        </div>
        <LanguageChoice onChange={onLanguageChange} compact />
      </header>
      <main className="first-run-main">
      <div className="first-run-intro">
        <h1>{t('firstRun.title')}</h1>
        <p className="lead">{t('firstRun.lead')}</p>
      </div>
      <div className="first-run-choices">
        <button type="button" className="first-run-choice" aria-pressed="true" onClick={() => document.getElementById('practice-name')?.focus()}>
          <strong>{t('firstRun.choice.new')}</strong>
          <span>{t('firstRun.choice.newHint')}</span>
        </button>
        <button type="button" className="first-run-choice" onClick={() => setRestoring('move')}>
          <strong>{t('firstRun.choice.restore')}</strong>
          <span>{t('firstRun.choice.restoreHint')}</span>
        </button>
        <button type="button" className="first-run-choice" onClick={() => setRestoring('second')}>
          <strong>{t('firstRun.choice.second')}</strong>
          <span>{t('firstRun.choice.secondHint')}</span>
        </button>
      </div>
      {restoring && <RestoreDialog mode={restoring} onClose={() => setRestoring(null)} />}
      <p className="muted">{t('firstRun.required')}</p>
      <PracticeForm
        practice={null}
        submitLabel={t('firstRun.submit')}
        onSaved={() => {
          toast.show(t('firstRun.saved'));
          navigate(paths.patients, { force: true, replace: true });
          onDone();
        }}
      />
      </main>
    </div>
  );
}
