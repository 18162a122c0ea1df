/**
 * The methods of the platform itself rather than of a domain: jobs (follow, list, cancel) and the
 * desktop's file dialogs. Browser mode has no dialogs: it downloads and uploads over HTTP instead
 * (browser/streams.ts), so files.* answer files.desktop_only there.
 */
import { basename } from 'node:path';
import type { jobMethods } from '../../shared/contract/jobs.js';
import { AppError } from '../../shared/errors.js';
import type { DesktopPort } from '../platform/desktop.js';
import type { HandlersFor } from '../platform/domain.js';
import type { FileStore } from '../platform/files.js';
import type { JobRunner } from '../platform/jobs.js';

export function hostHandlers(deps: { jobs: JobRunner; files: FileStore; desktop?: DesktopPort | undefined }): HandlersFor<typeof jobMethods> {
  const desktop = (): DesktopPort => {
    if (!deps.desktop) throw new AppError('files.desktop_only', 'Only the desktop app has file dialogs; browser mode downloads and uploads');
    return deps.desktop;
  };
  return {
    'jobs.get': ({ id }) => deps.jobs.get(id),
    'jobs.list': ({ kind }) => deps.jobs.list(kind),
    'jobs.cancel': ({ id }) => deps.jobs.cancel(id),
    'files.save': async ({ downloadId }) => {
      const file = deps.files.downloadInfo(downloadId);
      const target = await desktop().chooseSaveTarget(file.fileName);
      if (target === null) return { saved: false };
      await deps.files.saveDownloadTo(downloadId, target);
      return { saved: true };
    },
    'files.open': async ({ filters }) => {
      const path = await desktop().chooseFileToOpen(filters ?? []);
      return path === null ? null : deps.files.adoptUpload(path, basename(path));
    },
  };
}
