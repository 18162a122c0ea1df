/**
 * The backup worker (src/main/backup/worker.ts, a child process): the encryption, the read-back and
 * the check of a backup run there, so the app answers meanwhile; progress still reaches the screen;
 * and a worker that dies (killed here with SIGKILL, as the system would on a crash or out of
 * memory) leaves a clearly failed backup, no file under a final name, no partial file, the older
 * backup untouched, and the next backup works.
 *
 * The worker is found the way an administrator would, among this process's children (ps); the
 * work factor is age's default (2^18) in these tests, so the worker is still deriving its key when
 * it is killed, whatever the machine's load.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { BackupStatus } from '../../src/shared/contract/backup.js';
import type { JobStatus } from '../../src/shared/contract/jobs.js';
import { tempDir, type TestApp } from '../helpers/app.js';
import { makeBackupApp, setUpBackups } from '../helpers/backups.js';
import { patientInput } from '../helpers/fixtures.js';
import { issuedInvoice, setupPractice } from '../helpers/invoicing.js';
import { jobResult } from '../helpers/jobs.js';

/** The backup workers this test process started (pids). */
function backupWorkers(): number[] {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.includes('backupWorker.mjs')).map((l) => Number(l.trim().split(/\s+/)[0]));
}

const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** An app with a practice, some invoices and patients with long notes, backups set up into `folder` with age's work factor. */
async function practiceApp(folder: string, patients = 40): Promise<TestApp> {
  const app = await makeBackupApp({ app: { backup: { workFactor: 18 } } });
  const setup = await setupPractice(app);
  for (let i = 0; i < 3; i++) await issuedInvoice(app, setup);
  for (let i = 0; i < patients; i++) await app.call('patients.create', { patient: patientInput({ lastName: `Patient${i}`, anamnesis: `Anamnese ${i} `.repeat(1_500) }) });
  await setUpBackups(app, folder);
  return app;
}

test('the backup worker killed in the middle: backup.interrupted, nothing under a final name, no partial file, the older backup untouched; the next backup works', async () => {
  const folder = tempDir('arnika-nas-');
  const app = await practiceApp(folder);
  await jobResult(app, await app.call('backup.run', { target: 'folder' }), 'backup.run');
  const [older] = readdirSync(folder);
  const olderHash = hash(join(folder, older!));
  app.clock.advance(60 * 60_000);

  let killed: number[] = [];
  const off = app.events.subscribe((e) => {
    // Killed as soon as the worker says it encrypts: it is deriving the key then.
    if (e.type !== 'job' || e.job.kind !== 'backup.run' || e.job.step?.key !== 'backup.step.encrypt' || killed.length > 0) return;
    killed = backupWorkers();
    for (const pid of killed) process.kill(pid, 'SIGKILL');
  });
  const started = (await app.call('backup.run', { target: 'folder' })) as JobStatus;
  const end = await app.jobs.settled(started.id);
  off();

  expect(killed).toHaveLength(1);
  expect(end.state).toBe('failed');
  expect(end.error?.code).toBe('backup.interrupted');
  expect(readdirSync(folder)).toEqual([older]);
  expect(hash(join(folder, older!))).toBe(olderHash);
  const status = (await app.call('backup.status', {})) as BackupStatus;
  expect(status.lastFailure?.code).toBe('backup.interrupted');
  expect(status.warning).toBe('failed');

  // The next one is a whole, verified backup again (retention then keeps one of that day).
  app.clock.advance(60 * 60_000);
  const next = await jobResult(app, await app.call('backup.run', { target: 'folder' }), 'backup.run');
  expect(readdirSync(folder)).toEqual([next.backup.fileName]);
  expect(((await app.call('backup.status', {})) as BackupStatus).lastVerified?.fileName).toBe(next.backup.fileName);
  app.cleanup();
});

test('while a backup runs, the app answers: patients.list resolves in every step before the backup ends, and the steps are pushed with their progress', async () => {
  const folder = tempDir('arnika-nas-');
  const app = await practiceApp(folder, 200);
  const patients = ((await app.call('patients.list', { status: 'all' })) as { total: number }).total;
  const answered: { step: string; backupRunning: boolean }[] = [];
  const pending: Promise<void>[] = [];
  const progress: { step: string; done: number }[] = [];
  let jobId = '';
  const off = app.events.subscribe((e) => {
    if (e.type !== 'job' || e.job.kind !== 'backup.run' || !e.job.step) return;
    const step = e.job.step.key;
    progress.push({ step, done: e.job.done });
    if (answered.some((a) => a.step === step) || pending.length > answered.length) return;
    // Asked at the start of each step; it must come back while the backup is still running.
    pending.push(app.call('patients.list', { status: 'all' }).then((list) => {
      expect((list as { total: number }).total).toBe(patients);
      answered.push({ step, backupRunning: app.jobs.get(jobId).state === 'running' });
    }));
  });
  const started = (await app.call('backup.run', { target: 'folder' })) as JobStatus;
  jobId = started.id;
  const result = await jobResult(app, started, 'backup.run');
  off();
  await Promise.all(pending);

  expect(answered.map((a) => a.step)).toEqual(['backup.step.snapshot', 'backup.step.encrypt', 'backup.step.verify']);
  expect(answered.every((a) => a.backupRunning)).toBe(true);
  // Progress through the worker's steps reached the app's job (pushed as events), in bytes of the snapshot.
  const steps = [...new Set(progress.map((p) => p.step))];
  expect(steps).toEqual(['backup.step.snapshot', 'backup.step.encrypt', 'backup.step.verify']);
  expect(Math.max(...progress.filter((p) => p.step === 'backup.step.encrypt').map((p) => p.done))).toBeGreaterThan(0);
  expect(readdirSync(folder)).toEqual([result.backup.fileName]);
  app.cleanup();
});
