// The desktop's backup worker, under Node with the fake electron module (the real binary does not
// run here): a backup through utilityForkWorker is written and verified, the worker is started as a
// utility process named after it from the bundled script, and a utility process that dies fails the
// backup with backup.interrupted.
import { readdirSync } from 'node:fs';
import { expect, test, vi } from 'vitest';
import { utilityForkWorker } from '../../src/main/electron/utilityWorker.js';
import type { ForkWorker } from '../../src/main/platform/worker.js';
import { fakeElectron as fake } from '../helpers/fakeElectron.js';
import { tempDir } from '../helpers/app.js';
import { makeBackupApp, setUpBackups } from '../helpers/backups.js';
import { setupPractice } from '../helpers/invoicing.js';
import { jobResult } from '../helpers/jobs.js';

vi.mock('electron', async () => {
  const { fakeElectron } = await import('../helpers/fakeElectron.js');
  return { ...fakeElectron.electron, default: fakeElectron.electron };
});

test('a backup on the desktop runs its worker as a utility process and is verified', async () => {
  const folder = tempDir('arnika-nas-');
  const app = await makeBackupApp({ app: { forkWorker: utilityForkWorker } });
  await setupPractice(app);
  await setUpBackups(app, folder);
  const result = await jobResult(app, await app.call('backup.run', { target: 'folder' }), 'backup.run');
  expect(readdirSync(folder)).toEqual([result.backup.fileName]);
  expect(fake.state.utilityForks).toHaveLength(1);
  expect(fake.state.utilityForks[0]!.modulePath).toMatch(/backupWorker\.mjs$/);
  expect(fake.state.utilityForks[0]!.options).toMatchObject({ serviceName: 'backupWorker' });
  app.cleanup();
});

test('a utility process that dies before it answers fails the backup with backup.interrupted, and leaves nothing in the folder', async () => {
  const folder = tempDir('arnika-nas-');
  // The utility process ends as soon as it is given the work (as one the system killed would).
  const dying: ForkWorker = (script, name) => {
    const worker = utilityForkWorker(script, name);
    return { ...worker, send: () => worker.kill() };
  };
  const app = await makeBackupApp({ app: { forkWorker: dying } });
  await setupPractice(app);
  await setUpBackups(app, folder);
  const end = await app.jobs.settled(((await app.call('backup.run', { target: 'folder' })) as { id: string }).id);
  expect(end.state).toBe('failed');
  expect(end.error?.code).toBe('backup.interrupted');
  expect(readdirSync(folder)).toEqual([]);
  app.cleanup();
});
