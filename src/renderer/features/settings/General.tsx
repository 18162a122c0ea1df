/** Einstellungen → Allgemein: the UI language (applied at once), the version, the data folder, the way to backups, and the log for support. */
import type { AppInfo } from '../../../shared/contract/index.js';
import type { Language } from '../../../shared/validation/fields.js';
import { Icon } from '../../ui/Icon.js';
import { LanguageChoice } from '../../ui/LanguageChoice.js';
import { useT } from '../../app/i18n.js';
import { paths } from '../../app/routes.js';
import { LogExport } from './LogExport.js';

export function GeneralSettings({ info, onLanguageChange }: { info: AppInfo; onLanguageChange(lang: Language): void }) {
  const t = useT();
  return (
    <div className="settings-narrow">
      <section className="card settings-section" aria-labelledby="settings-language">
        <h2 id="settings-language">{t('settings.language')}</h2>
        <p className="muted">{t('settings.languageHint')}</p>
        <LanguageChoice onChange={onLanguageChange} compact />
      </section>

      <section className="card settings-section" aria-labelledby="settings-data">
        <h2 id="settings-data">{t('settings.data')}</h2>
        <dl className="facts">
          <dt>{t('settings.dataDir')}</dt>
          <dd>
            <Icon name="folder" />
            <code className="data-path">{info.dataDir}</code>
          </dd>
          <dt>{t('settings.version')}</dt>
          <dd>Arnika {info.version}</dd>
        </dl>
        <h3>{t('settings.backupTitle')}</h3>
        <p>{t('backup.generalHint')}</p>
        <a className="button" href={`#${paths.settingsTab('backup')}`}>
          <Icon name="archive" />
          {t('settings.tab.backup')}
        </a>
        <LogExport />
      </section>
    </div>
  );
}
