/**
 * Backups into the user's folder as they run in the app: one a day (the check finds it due), one
 * when the app closes if anything changed, retention applied to what this installation wrote there
 * (never to a file of the user's), the status and the home screen's warnings (none yet, older than
 * 7 days, the folder not there: disk not plugged in), "Jetzt sichern" refused with its reason
 * before backups are set up, and counted only once its download was saved.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { Backups } from '../../src/main/backup/backups.js';
import { backupFileName } from '../../src/main/backup/write.js';
import { documentBatch } from '../../src/main/invoices/index.js';
import { countSealedPasswords, resealPasswords } from '../../src/main/mail/index.js';
import { nodeForkWorker } from '../../src/main/platform/worker.js';
import { silentLogger } from '../../src/main/platform/log.js';
import { keyFileSecretBox } from '../../src/main/platform/secrets.js';
import { tempDir } from '../helpers/app.js';
import { jobResult } from '../helpers/jobs.js';
import { makeBackupApp, setUpBackups, testWorkFactor } from '../helpers/backups.js';
import { patientInput } from '../helpers/fixtures.js';
import { setupPractice } from '../helpers/invoicing.js';

const names = (folder: string) => readdirSync(folder).filter((n) => n.endsWith('.arnika')).sort();

test('ten weeks of daily backups through the app: retention keeps what it promises, and never a file of the user\'s', async () => {
  const folder = tempDir('arnika-nas-');
  const app = await makeBackupApp({ now: '2026-01-05T17:00:00Z' });
  await setupPractice(app, { name: 'Praxis Bergblick' });
  await setUpBackups(app, folder);
  await app.call('backup.configure', { folder, retention: { daily: 3, weekly: 2, monthly: 2 } });
  const own = 'Arnika-Sicherung-Praxis-Bergblick-2025-12-31-1200.arnika';
  writeFileSync(join(folder, own), 'kopiert von Hand');

  const written: Date[] = [];
  for (let day = 0; day < 70; day++) {
    app.clock.set(new Date(Date.UTC(2026, 0, 5 + day, 17, 0)).toISOString());
    await jobResult(app, await app.call('backup.run', { target: 'folder' }), 'backup.run');
    written.push(app.clock.now());
  }
  // Last backup Mon 15 Mar 2026. Kept: 13–15 Mar (daily), 8 Mar (the Sunday ending the week before;
  // 15 Mar ends its own), 28 Feb (the newest of February; March's is 15 Mar).
  const expected = ['2026-02-28', '2026-03-08', '2026-03-13', '2026-03-14', '2026-03-15']
    .map((d) => backupFileName('Praxis Bergblick', new Date(`${d}T17:00:00Z`)));
  expect(names(folder)).toEqual([own, ...expected].sort());
  expect(written).toHaveLength(70);
  app.cleanup();
  // Seventy backups, each with a worker process of its own to start: generous for a loaded machine.
}, 180_000);

test('automatic: the app\'s own check makes one at the start, and another a day later', async () => {
  const folder = tempDir('arnika-nas-');
  const app = await makeBackupApp({ app: { backup: { checkEveryMs: 20 } } });
  await setupPractice(app);
  await setUpBackups(app, folder);
  // Verified backups the app remembers (retention keeps one a day in the folder).
  const verifiedAt = async () => (await app.call('backup.status', {})).lastVerified?.at ?? null;
  await expect.poll(verifiedAt, { timeout: 10_000 }).toBe(app.clock.now().toISOString());
  app.clock.advance(24 * 60 * 60_000);
  await expect.poll(verifiedAt, { timeout: 10_000 }).toBe(app.clock.now().toISOString());
  expect(names(folder)).toHaveLength(2);
  app.cleanup();
});

test('when a backup is due: none made today yet, then not before a day has passed, never two at once', async () => {
  const folder = tempDir('arnika-nas-');
  // The app's own check first looks after a minute: it does not run during this test.
  const app = await makeBackupApp();
  await setupPractice(app);
  await setUpBackups(app, folder);
  // The check the app's timer calls, asked directly on the same database, so the answer is known without waiting for a tick.
  const backups = new Backups(
    { db: app.db!, clock: app.clock, log: silentLogger, secrets: keyFileSecretBox(app.dataDir), files: app.files!, jobs: app.jobs, events: app.events, forkWorker: nodeForkWorker },
    { documents: { batch: documentBatch }, secrets: { count: countSealedPasswords, reseal: resealPasswords }, exports: [], practiceName: () => 'Praxis', databaseDamaged: () => false, dataSince: () => null },
    { workFactor: testWorkFactor },
  );
  const first = backups.backupIfDue();
  expect(first).not.toBeNull();
  // One at a time: while it runs, none is started.
  expect(backups.backupIfDue()).toBeNull();
  expect((await app.jobs.settled(first!.id)).state).toBe('done');

  app.clock.advance(23 * 60 * 60_000);
  expect(backups.backupIfDue()).toBeNull();
  app.clock.advance(60 * 60_000);
  const second = backups.backupIfDue();
  expect(second).not.toBeNull();
  expect((await app.jobs.settled(second!.id)).state).toBe('done');
  expect(names(folder)).toHaveLength(2);
  app.cleanup();
});

test('"Jetzt sichern" counts as the last verified backup only once its save completed (a cancelled save dialog saves nothing)', async () => {
  const app = await makeBackupApp();
  await setupPractice(app);
  await setUpBackups(app);
  const ended = await jobResult(app, await app.call('backup.run', { target: 'download' }), 'backup.run');
  expect(ended.download).not.toBeNull();
  // Verified in tmp/ and handed over, but not saved anywhere yet (the save dialog may be cancelled).
  expect((await app.call('backup.status', {})).lastVerified).toBeNull();
  // The save completed: now it counts.
  const status = await app.call('backup.downloadSaved', { downloadId: ended.download!.downloadId });
  expect(status.lastVerified).toEqual(ended.backup);
  expect(status.lastVerified).toMatchObject({ at: app.clock.now().toISOString(), folder: null });
  // Only a backup's download, and only once.
  expect((await app.fail('backup.downloadSaved', { downloadId: ended.download!.downloadId })).code).toBe('not_found');
  app.cleanup();
});

test('a folder typed as a relative path is refused with what to type instead', async () => {
  const app = await makeBackupApp();
  const retention = { daily: 7, weekly: 4, monthly: 12 };
  expect((await app.fail('backup.configure', { folder: 'Sicherung', passphrase: 'lang genug, wirklich', retention })).details?.fields).toEqual([{ path: 'folder', key: 'v.backup_folder_absolute' }]);
  expect((await app.call('backup.status', {})).configured).toBe(false);
  app.cleanup();
});

test('when the app closes: a backup if anything changed since the last one, none if nothing did', async () => {
  const folder = tempDir('arnika-nas-');
  const dataDir = tempDir();
  const app = await makeBackupApp({ dataDir });
  await setupPractice(app);
  await setUpBackups(app, folder);
  await jobResult(app, await app.call('backup.run', { target: 'folder' }), 'backup.run');
  app.clock.advance(5 * 60_000);
  await app.call('patients.create', { patient: patientInput({ lastName: 'Neu' }) });
  await app.shutdown();
  // The one made at closing (10:05) replaced the morning's: retention keeps the newest of a day.
  const [atClose] = names(folder);
  expect(names(folder)).toEqual([expect.stringMatching(/-2026-11-23-\d{2}05\.arnika$/)]);

  const again = await makeBackupApp({ dataDir, now: '2026-11-23T12:00:00Z' });
  await again.shutdown();
  expect(names(folder)).toEqual([atClose]);
});

test('status and the home screen: nothing to say at first, then stale after 7 days, then the folder not there', async () => {
  const folder = tempDir('arnika-usb-');
  const app = await makeBackupApp();
  expect(await app.call('backup.status', {})).toMatchObject({ configured: false, folder: null, lastVerified: null, warning: 'none' });
  await setupPractice(app);
  app.clock.advance(8 * 24 * 60 * 60_000);
  // A practice kept here for over a week without any backup.
  expect((await app.call('backup.status', {})).warning).toBe('not_set_up');
  expect((await app.fail('backup.run', { target: 'download' })).code).toBe('backup.not_set_up');

  await setUpBackups(app, folder);
  await jobResult(app, await app.call('backup.run', { target: 'folder' }), 'backup.run');
  const status = await app.call('backup.status', {});
  expect(status).toMatchObject({ configured: true, folder, folderAvailable: true, warning: 'none', lastFailure: null });
  expect(status.lastVerified).toMatchObject({ folder, at: app.clock.now().toISOString() });

  app.clock.advance(7 * 24 * 60 * 60_000 + 60_000);
  expect((await app.call('backup.status', {})).warning).toBe('stale');

  // The USB disk is not plugged in.
  renameSync(folder, `${folder}-weg`);
  expect(await app.call('backup.status', {})).toMatchObject({ folderAvailable: false, warning: 'folder_unavailable' });
  const end = await app.jobs.settled((await app.call('backup.run', { target: 'folder' })).id);
  expect(end.error?.code).toBe('backup.folder_unavailable');
  expect((await app.call('backup.status', {})).lastFailure).toMatchObject({ code: 'backup.folder_unavailable' });
  // Back again: the next backup succeeds and the warning goes.
  renameSync(`${folder}-weg`, folder);
  await jobResult(app, await app.call('backup.run', { target: 'folder' }), 'backup.run');
  expect(await app.call('backup.status', {})).toMatchObject({ warning: 'none', lastFailure: null });
  app.cleanup();
});

test('setting up: a passphrase is needed the first time and must be long enough; a folder must exist', async () => {
  const app = await makeBackupApp();
  const retention = { daily: 7, weekly: 4, monthly: 12 };
  expect((await app.fail('backup.configure', { folder: null, retention })).details?.fields).toEqual([{ path: 'passphrase', key: 'v.required' }]);
  expect((await app.fail('backup.configure', { folder: null, passphrase: 'kurz', retention })).details?.fields).toEqual([{ path: 'passphrase', key: 'v.passphrase_short', params: { min: 10 } }]);
  const missing = join(tempDir(), 'gibt-es-nicht');
  expect((await app.fail('backup.configure', { folder: missing, passphrase: 'lang genug, wirklich', retention })).details?.fields).toEqual([{ path: 'folder', key: 'v.backup_folder' }]);
  mkdirSync(missing);
  expect(await app.call('backup.configure', { folder: missing, passphrase: 'lang genug, wirklich', retention })).toMatchObject({ configured: true, folder: missing });
  // The passphrase is kept sealed, never in clear.
  const rows = app.db!.prepare("SELECT value FROM settings WHERE key LIKE 'backup.%'").pluck().all() as string[];
  expect(rows.join(' ')).not.toContain('lang genug');
  // Changing the folder keeps the passphrase.
  expect(await app.call('backup.configure', { folder: null, retention })).toMatchObject({ configured: true, folder: null });
  expect(existsSync(missing)).toBe(true);
  app.cleanup();
});
