/** First start: a welcome and the practice form; once saved, the app opens on Patienten. */
import { useEffect } from 'react';
import type { Language } from '../../../shared/validation/fields.js';
import { Logo } from '../../ui/Icon.js';
import { LanguageChoice } from '../../ui/LanguageChoice.js';
import { useToast } from '../../ui/Toast.js';
import { useT } from '../../app/i18n.js';
import { useRouter } from '../../app/router.js';
import { paths } from '../../app/routes.js';
import { PracticeForm } from './PracticeForm.js';

export function FirstRun({ onDone, onLanguageChange }: { onDone(): void; onLanguageChange(lang: Language): void }) {
  const t = useT();
  const toast = useToast();
  const { navigate } = useRouter();
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
        <p className="muted">{t('firstRun.required')}</p>
      </div>
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
