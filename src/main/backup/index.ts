/**
 * The backup domain: encrypted, verified backups of the whole practice (database, archived
 * documents, settings, mail passwords sealed under the backup's key) into a folder of the user's
 * and as "Jetzt sichern"; restore, moving to a new computer, a second workstation; the export of
 * everything as CSV and PDF; the emergency sheet.
 *
 * Two registrations: registerBackup works on the open database (wired with the others);
 * registerRestore lives as long as the app, outside any one database, because a restore replaces
 * it (and runs on a first start or on a damaged database too).
 */
import type { backupMethods } from '../../shared/contract/backup.js';
import { translate } from '../../shared/i18n/index.js';
import type { Language } from '../../shared/validation/fields.js';
import type { DomainDeps, HandlersFor } from '../platform/domain.js';
import type { ForkWorker } from '../platform/worker.js';
import { Backups, type BackupOptions } from './backups.js';
import { renderEmergencySheet } from './emergencySheet.js';
import { exportAll } from './exportAll.js';
import type { BackupPorts, RestorePorts } from './ports.js';
import { Restores } from './restore.js';
import { backupSettingRows } from './settings.js';

export type { BackupOptions } from './backups.js';
export type { BackupPorts, DocumentArchivePort, RestorePorts, StoredSecretsPort } from './ports.js';
export { backupSettingRows };

type RestoreMethods = 'backup.inspect' | 'backup.restore';

export function registerBackup(
  deps: Pick<DomainDeps, 'db' | 'clock' | 'log' | 'secrets' | 'files' | 'jobs' | 'events' | 'desktop'> & { forkWorker: ForkWorker },
  ports: BackupPorts & { uiLanguage(): Language; decimalSeparator(): '.' | ',' },
  options: BackupOptions = {},
) {
  const backups = new Backups(deps, ports, options);
  const handlers: HandlersFor<Omit<typeof backupMethods, RestoreMethods>> = {
    'backup.status': () => backups.status(),
    'backup.configure': (input) => backups.configure(input),
    'backup.chooseFolder': () => backups.chooseFolder(),
    'backup.run': ({ target }) => backups.startBackup(target),
    'backup.downloadSaved': ({ downloadId }) => backups.downloadSaved(downloadId),
    'backup.exportAll': () => {
      const date = deps.clock.now().toISOString().slice(0, 10);
      const zipName = `${translate(ports.uiLanguage(), 'backup.exportZipName')}-${date}.zip`;
      return deps.jobs.start('backup.exportAll', (job) =>
        exportAll(job, { db: deps.db, files: deps.files, exports: ports.exports, decimalSeparator: ports.decimalSeparator }, zipName));
    },
    'backup.emergencySheet': async () => {
      const language = ports.uiLanguage();
      const pdf = await renderEmergencySheet({
        language, practiceName: ports.practiceName() ?? '', folder: backups.settings.folder(), retention: backups.settings.retention(), printedAt: deps.clock.now(),
      });
      return deps.files.putDownload(`${translate(language, 'backup.sheet.fileName')}.pdf`, 'application/pdf', pdf);
    },
  };
  return { handlers, backups };
}

export function registerRestore(deps: Pick<DomainDeps, 'clock' | 'secrets' | 'files' | 'jobs'> & { forkWorker: ForkWorker }, ports: RestorePorts) {
  const restores = new Restores({ files: deps.files, secrets: deps.secrets, clock: deps.clock, ports, forkWorker: deps.forkWorker });
  const handlers: HandlersFor<Pick<typeof backupMethods, RestoreMethods>> = {
    'backup.inspect': ({ uploadId, passphrase }) => {
      const source = deps.files.uploadPath(uploadId);
      return deps.jobs.start('backup.inspect', (job) => restores.inspect(job, source, passphrase));
    },
    'backup.restore': ({ restoreId, mode, workstationName }) => {
      // The contract requires workstationName for a second workstation.
      return deps.jobs.start('backup.restore', (job) =>
        restores.restore(job, restoreId, { secondWorkstation: mode === 'secondWorkstation' ? workstationName ?? '' : null }));
    },
  };
  return { handlers };
}
