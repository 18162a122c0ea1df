/**
 * The app shell: asks main for app.info at start, then shows either the calm startup error, the
 * first-run setup, or the sidebar with the current screen. Holds the UI language.
 */
import { useCallback, useEffect, useState } from 'react';
import type { AppInfo } from '../../shared/contract/index.js';
import type { ErrorBody } from '../../shared/errors.js';
import type { Language } from '../../shared/validation/fields.js';
import { api } from '../api.js';
import { Sidebar } from './Sidebar.js';
import { ToastProvider } from '../ui/Toast.js';
import { I18nProvider } from './i18n.js';
import { RouterProvider, useRouter } from './router.js';
import { FirstRun } from '../features/practices/FirstRun.js';
import { InvoiceList } from '../features/invoices/InvoiceList.js';
import { InvoiceView } from '../features/invoices/InvoiceView.js';
import { PatientDetail } from '../features/patients/PatientDetail.js';
import { PatientList } from '../features/patients/PatientList.js';
import { Practices } from '../features/practices/Practices.js';
import { Settings } from '../features/settings/Settings.js';
import { StartupError } from './StartupError.js';

type Startup = { kind: 'loading' } | { kind: 'failed'; error: ErrorBody } | { kind: 'ready'; info: AppInfo };

export function App() {
  const [startup, setStartup] = useState<Startup>({ kind: 'loading' });
  const [lang, setLang] = useState<Language>('de');

  useEffect(() => {
    void (async () => {
      const info = await api.call('app.info', {});
      if (!info.ok) return setStartup({ kind: 'failed', error: info.error });
      if (!info.data.startupError) {
        const settings = await api.call('settings.get', {});
        setLang(settings.ok ? settings.data.uiLanguage : info.data.uiLanguage);
      }
      setStartup({ kind: 'ready', info: info.data });
    })();
  }, []);

  const setupDone = useCallback(() => {
    setStartup((s) => (s.kind === 'ready' ? { kind: 'ready', info: { ...s.info, needsSetup: false } } : s));
  }, []);

  return (
    <I18nProvider lang={lang}>
      <ToastProvider>
        {startup.kind === 'loading' && <div className="loading-screen" aria-busy="true" />}
        {startup.kind === 'failed' && <StartupError code={startup.error.code} network={Boolean(startup.error.details?.network)} dataDir={null} />}
        {startup.kind === 'ready' && startup.info.startupError && (
          <StartupError code={startup.info.startupError.code} network={false} dataDir={startup.info.dataDir} />
        )}
        {startup.kind === 'ready' && !startup.info.startupError && (
          <RouterProvider>
            {startup.info.needsSetup ? (
              <FirstRun onDone={setupDone} onLanguageChange={setLang} />
            ) : (
              <Shell info={startup.info} onLanguageChange={setLang} />
            )}
          </RouterProvider>
        )}
      </ToastProvider>
    </I18nProvider>
  );
}

function Shell({ info, onLanguageChange }: { info: AppInfo; onLanguageChange(lang: Language): void }) {
  const { route } = useRouter();
  return (
    <div className="shell">
      <Sidebar route={route} />
      <main className="content" id="content">
        {route.name === 'patients' && <PatientList />}
        {(route.name === 'patientNew' || route.name === 'patient') && (
          // One instance for "new" and the saved patient, so a first save does not reload the form.
          <PatientDetail key="patient" id={route.name === 'patient' ? route.id : null} tab={route.name === 'patient' ? route.tab : 'details'} />
        )}
        {route.name === 'invoices' && <InvoiceList />}
        {route.name === 'invoice' && <InvoiceView key={route.id} id={route.id} />}
        {(route.name === 'practices' || route.name === 'practiceNew' || route.name === 'practice') && <Practices route={route} />}
        {route.name === 'settings' && <Settings info={info} tab={route.tab} onLanguageChange={onLanguageChange} />}
      </main>
    </div>
  );
}
