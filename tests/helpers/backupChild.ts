/**
 * Child process for the backup fault tests (bundled by the tests with esbuild). Opens Arnika on
 * argv[3] with a low scrypt work factor and prints one line per event, for the parent to kill it at
 * (SIGKILL) or to read the outcome from:
 *   ready                 the app is open
 *   step <key>            a job moved to another step (backup.step.*)
 *   done <json>           the job ended well; failed <code> when it did not
 *   folder <json>         (backups) what is in the folder afterwards: names and SHA-256
 * Modes (argv[2]):
 *   backup <dataDir> <folder>            a backup into the folder
 *   backup-vanish <dataDir> <folder>     the same, and the folder (a mount) goes away once the file is written, before it is checked
 *   restore <dataDir> <backupFile>       a patient added (only in the -wal yet), then the backup file inspected and restored
 * Ends by itself once the job has ended.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createApp } from '../../src/main/app/createApp.js';
import { silentLogger } from '../../src/main/platform/log.js';
import type { JobStatus } from '../../src/shared/contract/jobs.js';

const [mode, dataDir, target] = process.argv.slice(2) as ['backup' | 'backup-vanish' | 'restore', string, string];
const app = await createApp({ dataDir, log: silentLogger, mail: { autoStart: false }, backup: { workFactor: 10, checkEveryMs: 3_600_000 } });
const say = (line: string) => process.stdout.write(`${line}\n`);

let lastStep = '';
let vanished = false;
app.events.subscribe((event) => {
  if (event.type !== 'job' || !event.job.step) return;
  if (event.job.step.key !== lastStep) {
    lastStep = event.job.step.key;
    say(`step ${lastStep}`);
  }
  if (mode === 'backup-vanish' && !vanished && lastStep === 'backup.step.verify') {
    vanished = true;
    // The disk is pulled out once the file is written there, before it is read back and named.
    execFileSync('umount', ['-l', target]);
  }
});

async function call(method: string, input: unknown): Promise<JobStatus> {
  const r = await app.dispatch(method, input);
  if (!r.ok) {
    say(`failed ${r.error.code}`);
    process.exit(0);
  }
  return r.data as JobStatus;
}

async function settled(job: JobStatus): Promise<JobStatus> {
  const end = await app.jobs.settled(job.id);
  if (end.state !== 'done') {
    say(`failed ${end.error?.code ?? end.state}`);
    return end;
  }
  return end;
}

if (mode === 'restore') {
  // A change that is only in the -wal when the restore begins: the old data includes it, or nothing is old.
  const r = await app.dispatch('patients.create', { patient: { ...(await import('./fixtures.js')).patientInput({ lastName: 'ImWal' }) } });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
}
say('ready');
let end: JobStatus;
if (mode === 'restore') {
  const upload = app.files!.adoptUpload(target, 'backup.arnika');
  const inspected = await settled(await call('backup.inspect', { uploadId: upload.uploadId, passphrase: 'Bergblick Praxis 2026!' }));
  end = inspected.state === 'done' ? await settled(await call('backup.restore', { restoreId: (inspected.result as { restoreId: string }).restoreId, mode: 'replace' })) : inspected;
} else {
  end = await settled(await call('backup.run', { target: 'folder' }));
}
if (end.state === 'done') say(`done ${JSON.stringify(end.result)}`);
if (mode !== 'restore') {
  let files: { name: string; sha256: string }[] = [];
  try {
    files = readdirSync(target).sort().map((name) => ({ name, sha256: createHash('sha256').update(readFileSync(`${target}/${name}`)).digest('hex') }));
  } catch {
    // the folder is gone
  }
  say(`folder ${JSON.stringify(files)}`);
}
app.close();
process.exit(0);
