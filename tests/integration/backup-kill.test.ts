/**
 * kill -9 in the middle, 20 times each, at random moments and right after each step:
 * - during a backup: there is never a file under a backup's final name that is not a complete,
 *   verified backup (a killed one leaves at most a `.partial`, which the next backup removes), and
 *   the database itself is intact;
 * - during a restore: the data folder afterwards holds either the old data or the restored data,
 *   never a mix; the database passes integrity_check and Arnika starts on it.
 * The child (tests/helpers/backupChild.ts) works on a small database, so each round is quick.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { tempDir, type TestApp } from '../helpers/app.js';
import { backupToFile, inspected, makeBackupApp, setUpBackups } from '../helpers/backups.js';
import { patientInput } from '../helpers/fixtures.js';
import { issuedInvoice, setupPractice } from '../helpers/invoicing.js';

const childFile = join(__dirname, '../../.tmp/backup-kill/backupChild.mjs');
const rounds = 20;
const apps: TestApp[] = [];

beforeAll(async () => {
  mkdirSync(join(childFile, '..'), { recursive: true });
  await build({ entryPoints: [join(__dirname, '../helpers/backupChild.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: childFile, logLevel: 'silent' });
});
afterAll(() => apps.forEach((a) => a.cleanup()));

interface Run {
  lines: string[];
  killed: boolean;
  /** ms from "ready" to the end (for an uninterrupted run). */
  ms: number;
}

/**
 * Runs the child; kills it `delayMs` after "ready", or right after the line `afterLine` (if given)
 * plus a random few ms. Resolves with what it printed, and whether our kill ended it.
 */
function run(args: string[], kill: { delayMs?: number; afterLine?: string } | null): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childFile, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let readyAt = 0;
    let killing = false;
    const killNow = () => {
      if (killing) return;
      killing = true;
      child.kill('SIGKILL');
    };
    child.stdout.on('data', (c: Buffer) => {
      out += c;
      if (!readyAt && out.includes('ready\n')) {
        readyAt = Date.now();
        if (kill?.delayMs !== undefined) setTimeout(killNow, kill.delayMs);
      }
      if (kill?.afterLine && out.includes(`${kill.afterLine}\n`)) setTimeout(killNow, Math.floor(Math.random() * 4));
    });
    child.stderr.on('data', (c) => (err += c));
    child.on('exit', (code, signal) => {
      const lines = out.trim().split('\n');
      if (signal === 'SIGKILL' && killing) resolve({ lines, killed: true, ms: 0 });
      else if (code === 0) resolve({ lines, killed: false, ms: Date.now() - readyAt });
      else reject(new Error(`child ended ${signal ?? code}: ${out} ${err}`));
    });
  });
}

function integrityOk(file: string): boolean {
  const db = new Database(file, { readonly: true });
  try {
    return (db.pragma('integrity_check', { simple: true }) as string) === 'ok';
  } finally {
    db.close();
  }
}

/** Kill plans: half at random moments within a normal run, half right after each step the job reports. */
function plans(typicalMs: number, steps: string[]): { delayMs?: number; afterLine?: string }[] {
  return Array.from({ length: rounds }, (_, i) => (i % 2 === 0 ? { delayMs: Math.floor(Math.random() * typicalMs) } : { afterLine: `step ${steps[(i >> 1) % steps.length]}` }));
}

test(`kill -9 during a backup, ${rounds} times: no file under a final name that is not a complete, verified backup`, async () => {
  const folder = tempDir('arnika-kill-target-');
  const app = await makeBackupApp();
  apps.push(app);
  const setup = await setupPractice(app);
  await issuedInvoice(app, setup);
  for (let i = 0; i < 20; i++) await app.call('patients.create', { patient: patientInput({ lastName: `P${i}`, anamnesis: 'Notiz '.repeat(2_000) }) });
  await setUpBackups(app, folder);
  app.closeOnly();

  const normal = await run(['backup', app.dataDir, folder], null);
  expect(normal.lines.some((l) => l.startsWith('done '))).toBe(true);
  const steps = normal.lines.filter((l) => l.startsWith('step ')).map((l) => l.slice(5));
  expect(steps).toEqual(['backup.step.snapshot', 'backup.step.encrypt', 'backup.step.verify']);
  rmSync(join(folder, readdirSync(folder)[0]!));

  const verifier = await makeBackupApp();
  apps.push(verifier);
  let completed = 0;
  for (const plan of plans(normal.ms, steps)) {
    const r = await run(['backup', app.dataDir, folder], plan);
    for (const name of readdirSync(folder)) {
      if (name.endsWith('.partial')) {
        expect(name.startsWith('.Arnika-Sicherung-')).toBe(true);
        continue;
      }
      // Anything under a final name is a whole backup that passes every check.
      const { readFileSync } = await import('node:fs');
      const summary = await inspected(verifier, readFileSync(join(folder, name)));
      expect(summary.patients).toBe(21);
      completed++;
      rmSync(join(folder, name));
    }
    expect(integrityOk(join(app.dataDir, 'arnika.sqlite'))).toBe(true);
    if (!r.killed) expect(r.lines.some((l) => l.startsWith('done '))).toBe(true);
  }
  // Most kills land before the rename; the check above holds for every one of them.
  expect(completed).toBeLessThan(rounds);
}, 180_000);

test(`kill -9 during a restore, ${rounds} times: the old data or the restored data, never a mix`, async () => {
  // The backup holds 3 patients; the data folder it is restored into holds 5 others.
  const source = await makeBackupApp();
  apps.push(source);
  const setup = await setupPractice(source, { name: 'Aus der Sicherung' });
  await issuedInvoice(source, setup, { lastName: 'Gesichert' });
  for (let i = 0; i < 2; i++) await source.call('patients.create', { patient: patientInput({ lastName: `Gesichert${i}`, anamnesis: 'Notiz '.repeat(2_000) }) });
  await setUpBackups(source);
  const { file } = await backupToFile(source);

  const old = await makeBackupApp();
  apps.push(old);
  await setupPractice(old, { name: 'Bisher' });
  for (let i = 0; i < 5; i++) await old.call('patients.create', { patient: patientInput({ lastName: `Bisher${i}`, anamnesis: 'Alt '.repeat(2_000) }) });
  old.closeOnly();
  const pristine = tempDir('arnika-kill-old-');
  cpSync(old.dataDir, pristine, { recursive: true });

  const fresh = () => {
    rmSync(old.dataDir, { recursive: true, force: true });
    cpSync(pristine, old.dataDir, { recursive: true });
  };
  fresh();
  const normal = await run(['restore', old.dataDir, file], null);
  expect(normal.lines.some((l) => l.startsWith('done '))).toBe(true);
  const steps = normal.lines.filter((l) => l.startsWith('step ')).map((l) => l.slice(5));
  expect(steps).toEqual(expect.arrayContaining(['backup.step.decrypt', 'backup.step.prepare', 'backup.step.safetyCopy', 'backup.step.swap']));

  const seen = { old: 0, restored: 0, killed: 0 };
  for (const plan of plans(normal.ms, steps)) {
    fresh();
    const r = await run(['restore', old.dataDir, file], plan);
    // Arnika starts on whatever is there, and it is one whole state.
    const app = await makeBackupApp({ dataDir: old.dataDir });
    const info = await app.call('app.info', {});
    expect(info.startupError).toBeNull();
    const names = (await app.call('patients.list', { status: 'all' })).items.map((p) => p.lastName).sort();
    const practices = (await app.call('practices.list', {})).map((p) => p.name);
    app.closeOnly();
    expect(integrityOk(join(old.dataDir, 'arnika.sqlite'))).toBe(true);
    const state = practices[0] === 'Bisher' ? 'old' : 'restored';
    if (state === 'old') {
      // With what the child committed just before (in the -wal): the whole old state.
      expect(names).toEqual(['Bisher0', 'Bisher1', 'Bisher2', 'Bisher3', 'Bisher4', 'ImWal']);
      seen.old++;
    } else {
      expect(practices).toEqual(['Aus der Sicherung']);
      expect(names).toEqual(['Gesichert', 'Gesichert0', 'Gesichert1']);
      seen.restored++;
    }
    // Which state follows from when the kill landed: killed before the current data was even set
    // aside, the old data; a restore that ran to its end, the restored data.
    if (!r.lines.includes('step backup.step.safetyCopy')) expect(state, `killed after: ${r.lines.at(-1)}`).toBe('old');
    if (r.killed) seen.killed++;
    else {
      expect(r.lines.some((l) => l.startsWith('done '))).toBe(true);
      expect(state).toBe('restored');
    }
  }
  // The kills did land in the middle (a plan that always came too late would prove nothing).
  expect(seen.killed).toBeGreaterThanOrEqual(rounds / 2);
  // Kills land before the rename too (after it, or after the end, the restored data is there).
  expect(seen.old).toBeGreaterThan(0);
}, 240_000);
