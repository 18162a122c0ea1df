/**
 * Backups in tests: an app with a low scrypt work factor (2^10 instead of age's 2^18, so a backup
 * costs milliseconds, not seconds; the format is the same), backups set up with a passphrase, a
 * backup written and handed over as a file, and a restore run through the real API.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { databaseFileName } from '../../src/main/app/createApp.js';
import type { BackupSummary, RestoreResult } from '../../src/shared/contract/index.js';
import { makeApp, tempDir, type TestApp } from './app.js';
import { downloadBytes, jobResult } from './jobs.js';

export const passphrase = 'Bergblick Praxis 2026!';
export const testWorkFactor = 10;

export function makeBackupApp(options: Parameters<typeof makeApp>[0] = {}): Promise<TestApp> {
  return makeApp({ ...options, app: { ...options.app, backup: { workFactor: testWorkFactor, ...options.app?.backup } } });
}

/** Backups set up with the test passphrase (and `folder`, if given). */
export async function setUpBackups(app: TestApp, folder: string | null = null) {
  return app.call('backup.configure', { folder, passphrase, retention: { daily: 7, weekly: 4, monthly: 12 } });
}

/** "Jetzt sichern": the verified backup's bytes, saved as a file in a folder of its own. */
export async function backupToFile(app: TestApp): Promise<{ file: string; bytes: Buffer; fileName: string }> {
  const started = await app.call('backup.run', { target: 'download' });
  const result = await jobResult(app, started, 'backup.run');
  const bytes = await downloadBytes(app, result.download!);
  const file = join(tempDir('arnika-backup-file-'), result.download!.fileName);
  writeFileSync(file, bytes);
  return { file, bytes, fileName: result.download!.fileName };
}

/** Hands the file in (as browser mode's upload does) and runs backup.inspect; the job as it ended. */
export async function inspect(app: TestApp, bytes: Buffer, phrase = passphrase) {
  const upload = await app.files!.putUpload('backup.arnika', bytes);
  const started = await app.call('backup.inspect', { uploadId: upload.uploadId, passphrase: phrase });
  return app.jobs.settled(started.id);
}

export async function inspected(app: TestApp, bytes: Buffer, phrase = passphrase): Promise<BackupSummary> {
  const end = await inspect(app, bytes, phrase);
  if (end.state !== 'done') throw new Error(`backup.inspect ended ${end.state}: ${JSON.stringify(end.error)}`);
  return end.result as BackupSummary;
}

export async function restore(app: TestApp, bytes: Buffer, mode: 'replace' | 'secondWorkstation' = 'replace', workstationName?: string): Promise<RestoreResult> {
  const summary = await inspected(app, bytes);
  const started = await app.call('backup.restore', { restoreId: summary.restoreId, mode, ...(workstationName ? { workstationName } : {}) });
  return jobResult(app, started, 'backup.restore');
}

/** Every row of every table of a database file, by table (FTS index internals aside), for comparing two databases. */
export function allRows(file: string, skip: (table: string, row: Record<string, unknown>) => Record<string, unknown> | null = (_t, r) => r): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'patients_fts%' ORDER BY name").pluck().all() as string[];
    return Object.fromEntries(tables.map((t) => {
      const rows = db.prepare(`SELECT * FROM "${t}"`).all() as Record<string, unknown>[];
      const kept = rows.map((r) => skip(t, r)).filter((r): r is Record<string, unknown> => r !== null);
      // Blobs as their hash, so a difference reads well.
      const plain = kept.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Buffer.isBuffer(v) ? `sha256:${createHash('sha256').update(v).digest('hex')}` : v])));
      return [t, plain.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))];
    }));
  } finally {
    db.close();
  }
}

export function databaseOf(app: { dataDir: string }): string {
  return join(app.dataDir, databaseFileName);
}

/**
 * Whether to skip a test that needs a system tool (`age`, `unshare`) this machine lacks: never in
 * CI (.ci/run installs them; there the test runs and fails), and said loudly where it is skipped.
 */
export function skipWithout(tool: string, available: boolean): boolean {
  if (available || process.env.CI) return false;
  console.warn(`\n*** ${tool} is not installed here: its backup test is SKIPPED (CI installs it and runs it) ***\n`);
  return true;
}
