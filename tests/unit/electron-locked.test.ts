// The desktop app started on a data folder that browser mode holds, under Node with the fake
// `electron` module: it opens nothing in the folder, and its window answers app.info with who holds
// it, so the renderer shows the refusal screen (the same screen browser mode shows, which the e2e
// test looks at in Chromium). Also: the shell runs with umask 077.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createApp, type App } from '../../src/main/app/createApp.js';
import { silentLogger } from '../../src/main/platform/log.js';
import { fakeElectron as fake } from '../helpers/fakeElectron.js';

vi.mock('electron', async () => {
  const { fakeElectron } = await import('../helpers/fakeElectron.js');
  return { ...fakeElectron.electron, default: fakeElectron.electron };
});

let dataDir: string;
let browserMode: App;
const savedDataDirEnv = process.env.ARNIKA_DATA_DIR;
const savedUmask = process.umask();

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'arnika-shell-locked-'));
  browserMode = await createApp({ dataDir, host: 'browser', log: silentLogger, mail: { autoStart: false } });
  mkdirSync(join(dataDir, 'viewer'), { recursive: true });
  writeFileSync(join(dataDir, 'viewer', 'open.pdf'), '%PDF in the viewer of browser mode');
  fake.state.userData = join(dataDir, 'userData-unused');
  process.env.ARNIKA_DATA_DIR = dataDir;
  await import('../../src/main/electron/main.js');
  fake.resolveReady();
  await fake.state.windowCreated;
});

afterAll(() => {
  for (const fn of fake.state.appListeners.get('before-quit') ?? []) fn();
  browserMode.close();
  process.umask(savedUmask);
  if (savedDataDirEnv === undefined) delete process.env.ARNIKA_DATA_DIR;
  else process.env.ARNIKA_DATA_DIR = savedDataDirEnv;
  rmSync(dataDir, { recursive: true, force: true });
});

it('shows the refusal in its window, naming browser mode, and touches nothing in the folder', async () => {
  const handler = fake.state.ipcHandlers.get('arnika:invoke')!;
  const sender = fake.state.windowCreated as Promise<{ webContents: { id: number } }>;
  const event = { sender: { id: (await sender).webContents.id }, senderFrame: { url: 'app://arnika/index.html', parent: null } };
  const info = (await handler(event, 'app.info', {})) as { ok: true; data: { startupError: { code: string; details: Record<string, unknown> } } };
  expect(info.data.startupError).toMatchObject({ code: 'storage.locked', details: { pid: process.pid, host: 'browser' } });
  expect(await handler(event, 'patients.list', {})).toMatchObject({ ok: false, error: { code: 'storage.locked' } });
  expect(fake.electron.dialog.showErrorBox).not.toHaveBeenCalled();
  // Browser mode's viewer file is still there, and browser mode goes on working.
  expect(existsSync(join(dataDir, 'viewer', 'open.pdf'))).toBe(true);
  expect(await browserMode.dispatch('patients.list', {})).toMatchObject({ ok: true });
});

it('runs with umask 077, so that what it writes is private from the first byte', () => {
  expect(process.umask()).toBe(0o077);
});
