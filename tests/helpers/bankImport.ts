/** Hands a bank file to the app as the host does (an upload), follows the jobs, and reads the preview. */
import type { ImportGroup } from '../../src/shared/contract/payments.js';
import type { JobStatus } from '../../src/shared/contract/jobs.js';
import type { TestApp } from './app.js';
import { jobResult } from './jobs.js';

/** Uploads the file, reads it (job) and returns the preview's summary. */
export async function readBankFile(app: TestApp, content: string | Buffer, fileName = 'camt054.xml') {
  const upload = await app.files!.putUpload(fileName, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
  const { importId } = await jobResult(app, await app.call('payments.readBankFile', { uploadId: upload.uploadId }), 'payments.readBankFile');
  return app.call('payments.importSummary', { importId });
}

/** Reads a file that must be refused; returns the job's error. */
export async function refusedBankFile(app: TestApp, content: string | Buffer, fileName = 'camt054.xml'): Promise<JobStatus['error']> {
  const upload = await app.files!.putUpload(fileName, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
  const end = await app.jobs.settled((await app.call('payments.readBankFile', { uploadId: upload.uploadId })).id);
  if (end.state !== 'failed') throw new Error(`reading ended ${end.state}, not refused`);
  return end.error;
}

/** Counts per group, only the groups that have lines: { full: 2, partial: 1 }. */
export function groupCounts(summary: { groups: { group: ImportGroup; count: number }[] }): Partial<Record<ImportGroup, number>> {
  return Object.fromEntries(summary.groups.filter((g) => g.count > 0).map((g) => [g.group, g.count]));
}

export async function bookGroups(app: TestApp, importId: string, groups: ImportGroup[] = ['full']) {
  return jobResult(app, await app.call('payments.bookImport', { importId, groups }), 'payments.bookImport');
}

export async function linesOf(app: TestApp, importId: string, group?: ImportGroup) {
  return (await app.call('payments.importLines', { importId, ...(group ? { group } : {}), limit: 500 })).items;
}
