/**
 * Einstellungen: one section with a tab row (Allgemein, E-Mail, E-Mail-Vorlagen, Leistungen,
 * Beratungsvorlagen, Nummernkreise, Datensicherung); each tab has its own address under #/settings/….
 */
import { useEffect } from 'react';
import type { AppInfo } from '../../../shared/contract/index.js';
import type { Language } from '../../../shared/validation/fields.js';
import { SubNav } from '../../ui/SubNav.js';
import { useT } from '../../app/i18n.js';
import { paths, settingsTabs, type SettingsTab } from '../../app/routes.js';
import { BackupSettings } from '../backup/BackupSettings.js';
import { EmailTemplates } from '../mail/EmailTemplates.js';
import { MailSettings } from '../mail/MailSettings.js';
import { ConsultationTemplates } from './ConsultationTemplates.js';
import { GeneralSettings } from './General.js';
import { NumberRanges } from './NumberRanges.js';
import { Services } from './Services.js';
import { Tarif590Settings } from '../tarif590/Tarif590Settings.js';

export function Settings({ info, tab, onLanguageChange }: { info: AppInfo; tab: SettingsTab; onLanguageChange(lang: Language): void }) {
  const t = useT();
  useEffect(() => {
    document.title = `${t(`settings.tab.${tab}`)} – ${t('nav.settings')} – Arnika`;
  }, [t, tab]);
  return (
    <div className="page">
      <header className="page-header">
        <h1>{t('settings.title')}</h1>
      </header>
      <SubNav
        label={t('settings.sections')}
        items={settingsTabs.map((key) => ({
          key,
          path: key === 'general' ? paths.settings : paths.settingsTab(key),
          label: t(`settings.tab.${key}`),
          active: key === tab,
        }))}
      />
      {tab === 'general' && <GeneralSettings info={info} onLanguageChange={onLanguageChange} />}
      {tab === 'mail' && <MailSettings />}
      {tab === 'email-templates' && <EmailTemplates />}
      {tab === 'services' && <Services />}
      {tab === 'templates' && <ConsultationTemplates />}
      {tab === 'numbers' && <NumberRanges />}
      {tab === 'tarif590' && <Tarif590Settings />}
      {tab === 'backup' && <BackupSettings />}
    </div>
  );
}
