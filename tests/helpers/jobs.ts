/** Jobs and the files they leave, read the way a host would: the job's end, then its download's bytes. */
import { unzipSync } from 'fflate';
import type { DownloadRef, JobKind, JobResult, JobStatus } from '../../src/shared/contract/jobs.js';
import type { App } from '../../src/main/app/createApp.js';

/** Waits for the job to end and returns its result; fails the test when it did not end 'done'. */
export async function jobResult<K extends JobKind>(app: Pick<App, 'jobs'>, started: JobStatus, kind: K): Promise<JobResult<K>> {
  const end = await app.jobs.settled(started.id);
  if (end.kind !== kind || end.state !== 'done') throw new Error(`job ${kind} ended ${end.state}: ${JSON.stringify(end.error)}`);
  return end.result as JobResult<K>;
}

/** A download's bytes, as browser mode serves them. */
export async function downloadBytes(app: Pick<App, 'files'>, download: DownloadRef): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of (await app.files!.download(download.downloadId)).stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The files in a ZIP download, by name, in the order they were written. */
export async function zipEntries(app: Pick<App, 'files'>, download: DownloadRef): Promise<Map<string, Buffer>> {
  const entries = unzipSync(new Uint8Array(await downloadBytes(app, download)));
  return new Map(Object.entries(entries).map(([name, bytes]) => [name, Buffer.from(bytes)]));
}
