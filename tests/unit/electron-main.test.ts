// The thin shell's wiring, run under Node with a fake `electron` module (the real binary does not
// run here): it must register the privileged scheme before ready, deny permissions, hook every
// webContents, answer IPC only for our main frame, open one hardened window and close the database.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeElectron as fake } from '../helpers/fakeElectron.js';
import { patientInput, practiceInput } from '../helpers/fixtures.js';

vi.mock('electron', async () => {
  const { fakeElectron } = await import('../helpers/fakeElectron.js');
  return { ...fakeElectron.electron, default: fakeElectron.electron };
});

type FakeWindow = {
  options: { webPreferences: Record<string, unknown> };
  loadedUrl: string | null;
  shown: boolean;
  webContents: {
    id: number;
    emit(name: string, ...args: unknown[]): void;
    windowOpenHandler: ((d: { url: string }) => { action: string }) | null;
    sent: [string, unknown][];
  };
};

let dataDir: string;
let win: FakeWindow;
const savedDataDirEnv = process.env.ARNIKA_DATA_DIR;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'arnika-shell-'));
  fake.state.userData = join(dataDir, 'userData-unused');
  process.env.ARNIKA_DATA_DIR = dataDir;
  await import('../../src/main/electron/main.js');
  fake.resolveReady();
  win = (await fake.state.windowCreated) as FakeWindow;
  await new Promise((r) => setTimeout(r, 0));
});

afterAll(() => {
  for (const fn of fake.state.appListeners.get('before-quit') ?? []) fn();
  if (savedDataDirEnv === undefined) delete process.env.ARNIKA_DATA_DIR;
  else process.env.ARNIKA_DATA_DIR = savedDataDirEnv;
  rmSync(dataDir, { recursive: true, force: true });
});

function invokeEvent(overrides: { senderId?: number; url?: string | null; isMainFrame?: boolean } = {}) {
  const url = overrides.url === undefined ? 'app://arnika/index.html' : overrides.url;
  return {
    sender: { id: overrides.senderId ?? win.webContents.id },
    senderFrame: url === null ? null : { url, parent: overrides.isMainFrame === false ? {} : null },
  };
}

describe('desktop shell wiring (fake electron)', () => {
  it('registers app:// as privileged before ready, and handles it after', () => {
    const { order } = fake.state;
    expect(order.indexOf('registerSchemesAsPrivileged')).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('registerSchemesAsPrivileged')).toBeLessThan(order.indexOf('whenReady'));
    expect(order.indexOf('protocol.handle')).toBeLessThan(order.indexOf('BrowserWindow'));
    expect(order.indexOf('enableSandbox')).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('enableSandbox')).toBeLessThan(order.indexOf('whenReady'));
    expect(fake.state.privileged).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
  });

  it('opens one sandboxed window on app://arnika with the bundled preload, shown when ready', () => {
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(String(win.options.webPreferences.preload)).toMatch(/preload[\\/]index\.cjs$/);
    expect(win.loadedUrl).toBe('app://arnika/index.html');
    expect(win.shown).toBe(true);
  });

  it('answers app:// requests with the CSP header, and 404s traversal', async () => {
    const handler = fake.state.protocolHandlers.get('app')!;
    const res = await handler(new Request('app://arnika/..%2f..%2fpackage.json'));
    expect(res.status).toBe(404);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('denies every permission request and check', () => {
    const granted: boolean[] = [];
    for (const p of ['media', 'notifications', 'geolocation', 'clipboard-read']) {
      fake.state.permissionRequest!({}, p, (ok: boolean) => granted.push(ok), {});
      granted.push(fake.state.permissionCheck!({}, p, 'app://arnika', {}) as boolean);
    }
    granted.push(fake.state.devicePermission!({ deviceType: 'usb' }) as boolean);
    expect(granted.length).toBe(9);
    expect(granted.every((g) => g === false)).toBe(true);
  });

  it('blocks foreign navigation and opens no windows; https links go to the system browser', async () => {
    const foreign = { url: 'https://evil.example/', preventDefault: vi.fn() };
    win.webContents.emit('will-navigate', foreign);
    expect(foreign.preventDefault).toHaveBeenCalled();
    const own = { url: 'app://arnika/patients', preventDefault: vi.fn() };
    win.webContents.emit('will-navigate', own);
    expect(own.preventDefault).not.toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    win.webContents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();

    expect(win.webContents.windowOpenHandler!({ url: 'https://www.example.ch/' })).toEqual({ action: 'deny' });
    expect(win.webContents.windowOpenHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    await new Promise((r) => setTimeout(r, 0));
    expect(fake.state.openedExternally).toEqual(['https://www.example.ch/']);
  });

  it('answers IPC from our main frame through the real dispatcher', async () => {
    const handler = fake.state.ipcHandlers.get('arnika:invoke')!;
    const answer = (await handler(invokeEvent(), 'app.info', {})) as { ok: boolean; data: { dataDir: string; startupError: unknown } };
    expect(answer.ok).toBe(true);
    expect(answer.data.dataDir).toBe(dataDir);
    expect(answer.data.startupError).toBeNull();
  });

  it('answers untrusted senders with an unauthorized envelope instead of throwing', async () => {
    const handler = fake.state.ipcHandlers.get('arnika:invoke')!;
    for (const event of [invokeEvent({ isMainFrame: false }), invokeEvent({ senderId: 999 }), invokeEvent({ url: 'https://evil.example/' }), invokeEvent({ url: null })]) {
      await expect(Promise.resolve(handler(event, 'app.info', {}))).resolves.toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    await expect(Promise.resolve(handler(invokeEvent(), 'no.such', {}))).resolves.toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('a PDF the system cannot open (no viewer installed) answers desktop.open_failed, not an internal error', async () => {
    const handler = fake.state.ipcHandlers.get('arnika:invoke')!;
    const call = async (method: string, input: unknown) => {
      const r = (await handler(invokeEvent(), method, input)) as { ok: boolean; data?: { id: string }; error?: { code: string } };
      if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
      return r.data!;
    };
    const practice = await call('practices.create', { practice: practiceInput() });
    const service = await call('services.create', { practiceId: practice.id, service: { code: 'S', names: { de: 'Sitzung', fr: '', it: '', en: '' }, unit: 'session', priceMinor: 9_000, vatRateBasisPoints: 0, active: true } });
    const patient = await call('patients.create', { patient: patientInput() });
    const consultation = await call('consultations.create', { consultation: { patientId: patient.id, date: '2026-11-10', startTime: '09:00', durationMinutes: 30, items: [{ serviceId: service.id, quantityHundredths: 100 }], notes: '' } });
    const draft = await call('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: [consultation.id] } });
    const invoice = await call('invoices.issue', { id: draft.id });

    fake.state.openPathAnswer = 'No application is associated with the specified file';
    expect(await handler(invokeEvent(), 'invoices.openPdf', { id: invoice.id })).toMatchObject({ ok: false, error: { code: 'desktop.open_failed' } });
    fake.state.openPathAnswer = '';
    expect(await handler(invokeEvent(), 'invoices.openPdf', { id: invoice.id })).toMatchObject({ ok: true, data: { opened: true } });
    expect(fake.state.openedPaths.at(-1)).toContain(join(dataDir, 'viewer'));
  });

  it('pushes events to our window, takes uploads as bytes only from our frame, and saves and opens through the system dialogs', async () => {
    const invoke = fake.state.ipcHandlers.get('arnika:invoke')!;
    const upload = fake.state.ipcHandlers.get('arnika:upload')!;
    // An export job runs; its progress and its end reach the window as events on arnika:event.
    const started = (await invoke(invokeEvent(), 'invoices.exportPdfs', { from: '2026-01-01', to: '2026-12-31' })) as { ok: true; data: { id: string } };
    await expect.poll(() => win.webContents.sent.filter(([channel, e]) => channel === 'arnika:event' && (e as { job?: { id: string; state: string } }).job?.state === 'done').length).toBe(1);
    expect(win.webContents.sent.every(([channel]) => channel === 'arnika:event')).toBe(true);
    const done = (await invoke(invokeEvent(), 'jobs.get', { id: started.data.id })) as { ok: true; data: { state: string; result: { download: { downloadId: string } } } };
    expect(done.data.state).toBe('done');
    // Saving the ZIP asks where (the system's save dialog) and writes it there; cancelled, nothing is written.
    const target = join(dataDir, '..', 'export.zip');
    fake.state.saveAnswer = target;
    expect(await invoke(invokeEvent(), 'files.save', { downloadId: done.data.result.download.downloadId })).toEqual({ ok: true, data: { saved: true } });
    expect(readFileSync(target).subarray(0, 2).toString()).toBe('PK');
    fake.state.saveAnswer = null;
    expect(await invoke(invokeEvent(), 'files.save', { downloadId: done.data.result.download.downloadId })).toEqual({ ok: true, data: { saved: false } });

    // A dropped file: bytes from our frame become an upload; any other frame is refused.
    const bytes = new TextEncoder().encode('<Document/>').buffer;
    expect(await upload(invokeEvent(), 'camt.xml', bytes)).toMatchObject({ ok: true, data: { fileName: 'camt.xml', size: 11 } });
    expect(await upload(invokeEvent({ url: 'https://evil.example/' }), 'camt.xml', bytes)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await upload(invokeEvent(), 'camt.xml', 'not bytes')).toMatchObject({ ok: false, error: { code: 'validation' } });

    // The open dialog hands a file in; cancelling it answers null.
    const picked = join(dataDir, '..', 'auszug.xml');
    writeFileSync(picked, '<Document/>');
    fake.state.openAnswer = picked;
    expect(await invoke(invokeEvent(), 'files.open', { filters: [{ name: 'camt', extensions: ['xml'] }] })).toMatchObject({ ok: true, data: { fileName: 'auszug.xml', size: 11 } });
    fake.state.openAnswer = null;
    expect(await invoke(invokeEvent(), 'files.open', {})).toEqual({ ok: true, data: null });
  });

  it('chooses the backup folder in the system folder dialog, starting at the current one', async () => {
    const invoke = fake.state.ipcHandlers.get('arnika:invoke')!;
    const folder = join(dataDir, '..', 'nas-sicherung');
    fake.state.folderAnswer = folder;
    expect(await invoke(invokeEvent(), 'backup.chooseFolder', {})).toEqual({ ok: true, data: { folder } });
    expect(fake.state.folderDialogOptions.at(-1)).toMatchObject({ properties: ['openDirectory', 'createDirectory'] });
    expect(fake.state.folderDialogOptions.at(-1)).not.toHaveProperty('defaultPath');
    // Set up there, the next dialog opens on it; cancelling answers null.
    const { mkdirSync } = await import('node:fs');
    mkdirSync(folder, { recursive: true });
    expect(await invoke(invokeEvent(), 'backup.configure', { folder, passphrase: 'lange Passphrase hier', retention: { daily: 7, weekly: 4, monthly: 12 } })).toMatchObject({ ok: true, data: { folder, folderDialog: true } });
    fake.state.folderAnswer = null;
    expect(await invoke(invokeEvent(), 'backup.chooseFolder', {})).toEqual({ ok: true, data: { folder: null } });
    expect(fake.state.folderDialogOptions.at(-1)).toMatchObject({ defaultPath: folder });
    // No folder again: closing below does not wait for a backup at age's full work factor.
    await invoke(invokeEvent(), 'backup.configure', { folder: null, retention: { daily: 7, weekly: 4, monthly: 12 } });
  });

  it('closes the app on window-all-closed and quits', async () => {
    const handler = fake.state.ipcHandlers.get('arnika:invoke')!;
    for (const fn of fake.state.appListeners.get('window-all-closed') ?? []) fn();
    // The outbox may finish a message first; quitting follows the clean shutdown.
    await vi.waitFor(() => expect(fake.electron.app.quit).toHaveBeenCalled());
    // The database is closed: further calls get an envelope, not a crash on a closed handle.
    await expect(Promise.resolve(handler(invokeEvent(), 'app.info', {}))).resolves.toMatchObject({ ok: false });
  });
});
