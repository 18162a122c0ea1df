/**
 * The home screen's calm word about backups: nothing while all is well; otherwise one line that
 * says what is wrong (none set up, none verified for a week, the folder not there, the last one
 * failed, documents found damaged) and leads to Einstellungen → Datensicherung.
 */
import { useT } from '../../app/i18n.js';
import { damagedText } from './backupModel.js';
import { paths } from '../../app/routes.js';
import { useApiQuery } from '../../data/query.js';
import { errorText } from '../../ui/errors.js';
import { Icon } from '../../ui/Icon.js';

export function BackupReminder() {
  const t = useT();
  const status = useApiQuery('backup.status', {}).data;
  if (!status || status.warning === 'none') return null;
  const text =
    status.warning === 'folder_unavailable'
      ? t('backup.warning.folder_unavailable', { folder: status.folder ?? '' })
      : status.warning === 'documents_damaged'
        ? damagedText(t, status.lastVerified?.damagedDocuments ?? [])
      : status.warning === 'failed' && status.lastFailure
        ? `${t('backup.warning.failed')} ${errorText(t, { code: status.lastFailure.code as never, message: '' })}`
        : t(status.warning === 'not_set_up' ? 'backup.warning.not_set_up' : 'backup.warning.stale');
  return (
    <div className="backup-reminder" role="status">
      <Icon name="info" />
      <p>{text}</p>
      <a className="button small" href={`#${paths.settingsTab('backup')}`}>
        {t('backup.warning.action')}
      </a>
    </div>
  );
}
