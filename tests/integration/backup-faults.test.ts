/**
 * Faults at the backup's target, made real: the folder is a small tmpfs that fills up during the
 * backup (ENOSPC from the kernel), or a mount that goes away while the file is written (as a USB
 * disk pulled out or a NAS going offline). Each time: a clear code, no file under a backup's final
 * name, the older backup there untouched, and nothing left behind. The child runs in a mount
 * namespace of its own (unshare), so nothing is mounted on the machine itself.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, expect, test } from 'vitest';
import { tempDir, type TestApp } from '../helpers/app.js';
import { jobResult } from '../helpers/jobs.js';
import { makeBackupApp, setUpBackups, skipWithout } from '../helpers/backups.js';
import { issuedInvoice, setupPractice } from '../helpers/invoicing.js';
import { patientInput } from '../helpers/fixtures.js';

const childFile = join(__dirname, '../../.tmp/backup-faults/backupChild.mjs');
const canUnshare = spawnSync('unshare', ['-rm', 'true']).status === 0;

beforeAll(async () => {
  mkdirSync(join(childFile, '..'), { recursive: true });
  await build({ entryPoints: [join(__dirname, '../helpers/backupChild.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: childFile, logLevel: 'silent' });
});

/** A data folder worth a backup of about a megabyte, with backups set up into `folder`, and one older backup made there. */
async function prepare(folder: string): Promise<{ dataDir: string; older: string; olderHash: string }> {
  const app: TestApp = await makeBackupApp({ now: '2026-11-20T09:00:00Z' });
  const setup = await setupPractice(app);
  for (let i = 0; i < 3; i++) await issuedInvoice(app, setup);
  for (let i = 0; i < 40; i++) await app.call('patients.create', { patient: patientInput({ lastName: `Patient${i}`, anamnesis: `Anamnese ${i} `.repeat(1_500) }) });
  await setUpBackups(app, folder);
  await jobResult(app, await app.call('backup.run', { target: 'folder' }), 'backup.run');
  const older = readdirSync(folder)[0]!;
  app.clock.set('2026-11-23T10:00:00Z');
  app.closeOnly();
  return { dataDir: app.dataDir, older, olderHash: createHash('sha256').update(readFileSync(join(folder, older))).digest('hex') };
}

/** Runs the child in its own mount namespace after `setup` (shell: $1 data folder, $2 backup folder, $3 a copy of the older backup); its output lines. */
function runChild(setup: string, mode: string, dataDir: string, folder: string, olderCopy = ''): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('unshare', ['-rm', 'sh', '-c', `${setup} && exec "${process.execPath}" "${childFile}" ${mode} "$1" "$2"`, 'sh', dataDir, folder, olderCopy], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('exit', (code) => (code === 0 ? resolve(out.trim().split('\n')) : reject(new Error(`child exited ${code}: ${out} ${err}`))));
  });
}

const folderAfter = (lines: string[]) => JSON.parse(lines.find((l) => l.startsWith('folder '))!.slice(7)) as { name: string; sha256: string }[];

test.skipIf(skipWithout('unshare', canUnshare))('the target fills up during the backup: backup.target_full, no new file, the older backup untouched', async () => {
  const folder = tempDir('arnika-target-');
  const { dataDir, older, olderHash } = await prepare(folder);
  const olderSize = statSync(join(folder, older)).size;
  // Room for the older backup and about half of a new one.
  const size = Math.ceil((olderSize * 1.5) / 4096) * 4096;
  const olderCopy = join(tempDir(), older);
  copyFileSync(join(folder, older), olderCopy);
  const lines = await runChild(`mount -t tmpfs -o size=${size} tmpfs "$2" && cp "$3" "$2/"`, 'backup', dataDir, folder, olderCopy);
  expect(lines).toContain('failed backup.target_full');
  expect(folderAfter(lines)).toEqual([{ name: older, sha256: olderHash }]);
}, 60_000);

test.skipIf(skipWithout('unshare', canUnshare))('the target goes away during the backup (written, not yet checked): backup.target_unavailable, no file under a final name', async () => {
  const folder = tempDir('arnika-target-');
  const { dataDir, older, olderHash } = await prepare(folder);
  const lines = await runChild('mount -t tmpfs tmpfs "$2"', 'backup-vanish', dataDir, folder);
  expect(lines, lines.join('\n')).toContain('failed backup.target_unavailable');
  // What is left where the mount was: the disk's own folder, with only what was there before.
  expect(folderAfter(lines)).toEqual([{ name: older, sha256: olderHash }]);
}, 60_000);
