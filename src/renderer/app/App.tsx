/**
 * The app shell: asks main for app.info at start, then shows either the calm startup error, the
 * first-run setup, or the sidebar with the current screen. Holds the UI language.
 */
import { useCallback, useState } from 'react';
import type { AppInfo } from '../../shared/contract/index.js';
import type { Language } from '../../shared/validation/fields.js';
import { DataProvider } from '../data/DataProvider.js';
import { useApiQuery } from '../data/query.js';
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
import { BackupReminder } from '../features/backup/BackupReminder.js';
import { Payments } from '../features/payments/Payments.js';
import { BankImportView } from '../features/payments/BankImportView.js';
import { OpenItems } from '../features/payments/OpenItems.js';
import { Reminders } from '../features/reminders/Reminders.js';
import { DamagedGuard } from '../features/storage/StorageProblem.js';
import { MailPauseBanners } from '../features/send/MailPauseBanner.js';

export function App() {
  return (
    <DataProvider>
      <Startup />
    </DataProvider>
  );
}

function Startup() {
  const info = useApiQuery('app.info', {});
  const canRead = info.isSuccess && !info.data.startupError;
  const settings = useApiQuery('settings.get', {}, { enabled: canRead });
  // The language the user picks wins over the stored one until the next start.
  const [picked, setPicked] = useState<Language | null>(null);
  const [setupDone, setSetupDone] = useState(false);
  const onSetupDone = useCallback(() => setSetupDone(true), []);
  const settled = info.isError || (info.isSuccess && (!canRead || !settings.isPending));
  const lang: Language = picked ?? (settings.isSuccess ? settings.data.uiLanguage : info.data?.uiLanguage) ?? 'de';
  const ready: AppInfo | null = settled && info.data ? { ...info.data, needsSetup: info.data.needsSetup && !setupDone } : null;

  return (
    <I18nProvider lang={lang}>
      <ToastProvider>
        {!settled && <div className="loading-screen" aria-busy="true" />}
        {info.isError && <StartupError code={info.error.code} network={Boolean(info.error.details?.network)} dataDir={null} />}
        {ready && ready.startupError && (
          <StartupError code={ready.startupError.code} network={false} dataDir={ready.dataDir} details={ready.startupError.details} />
        )}
        {ready && !ready.startupError && (
          <DamagedGuard damaged={ready.databaseDamaged} dataDir={ready.dataDir}>
            <RouterProvider>
              {ready.needsSetup ? <FirstRun onDone={onSetupDone} onLanguageChange={setPicked} /> : <Shell info={ready} onLanguageChange={setPicked} />}
            </RouterProvider>
          </DamagedGuard>
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
        <MailPauseBanners />
        {/* The home screen says calmly when backups need attention. */}
        {route.name === 'patients' && <BackupReminder />}
        {route.name === 'patients' && <PatientList />}
        {(route.name === 'patientNew' || route.name === 'patient') && (
          // One instance for "new" and the saved patient, so a first save does not reload the form.
          <PatientDetail
            key="patient"
            id={route.name === 'patient' ? route.id : null}
            tab={route.name === 'patient' ? route.tab : 'details'}
            section={route.name === 'patient' ? route.section : undefined}
            back={route.name === 'patient' ? route.back : undefined}
          />
        )}
        {route.name === 'invoices' && <InvoiceList />}
        {route.name === 'invoice' && <InvoiceView key={route.id} id={route.id} />}
        {(route.name === 'practices' || route.name === 'practiceNew' || route.name === 'practice') && <Practices route={route} />}
        {route.name === 'settings' && <Settings info={info} tab={route.tab} onLanguageChange={onLanguageChange} />}
        {route.name === 'payments' && <Payments />}
        {route.name === 'bankImport' && <BankImportView key={route.id} id={route.id} />}
        {route.name === 'openItems' && <OpenItems />}
        {route.name === 'reminders' && <Reminders tab={route.tab} />}
      </main>
    </div>
  );
}
