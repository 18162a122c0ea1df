/**
 * The desktop shell: owns the Electron lifecycle and nothing else. It wires the decisions in
 * policy.ts into Electron's hooks (protocol, navigation, permissions, IPC) and hands the same
 * dispatcher that browser mode uses to one sandboxed window. Kept thin on purpose: the Electron
 * binary does not run on the build machines, so whatever is not here is unit-tested.
 */
import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, session, shell, type BrowserWindowConstructorOptions, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, type App } from '../app/createApp.js';
import { consoleLogger, type Logger } from '../platform/log.js';
import { AppError } from '../../shared/errors.js';
import { privateUmask } from '../platform/db/privateFolder.js';
import {
  appIndexUrl,
  appProtocolAnswer,
  appScheme,
  appSchemePrivileges,
  devServerUrlFromEnv,
  externalLinkPolicy,
  eventChannel,
  invokeFromSender,
  ipcChannel,
  uploadChannel,
  uploadFromSender,
  isAllowedNavigation,
  parseElectronArgs,
  permissionDecision,
  windowOptions,
  type SenderInfo,
} from './policy.js';
import { safeStorageSecretBox } from './safeStorageSecretBox.js';
import { utilityForkWorker } from './utilityWorker.js';

let log: Logger = consoleLogger;
// Everything this process writes, Chromium's profile in userData included, is for this user only.
process.umask(privateUmask);
// Bundled to dist/main/electron.mjs: the preload and the renderer are its siblings in dist/.
const here = dirname(fileURLToPath(import.meta.url));
const preloadPath = join(here, '..', 'preload', 'index.cjs');
const rendererDir = join(here, '..', 'renderer');

// A package ships the SQL migrations inside app.asar (electron-builder.yml "files"); name that
// folder outright instead of relying on migrations.ts searching upwards from wherever the bundle
// sits. Set before createApp, the first time they are looked for.
if (app.isPackaged) process.env.ARNIKA_MIGRATIONS_DIR = join(app.getAppPath(), 'migrations');

const devServerUrl = devServerUrlFromEnv(process.env, app.isPackaged);
const isDev = devServerUrl !== null;

// Chromium reads scheme privileges once, at start: this must run before 'ready'.
protocol.registerSchemesAsPrivileged([appSchemePrivileges]);
// Sandbox every renderer, not only the ones whose options say so (also before 'ready').
app.enableSandbox();

let mainWindow: BrowserWindow | null = null;
let arnika: App | null = null;

function closeApp(): void {
  // Immediate close, for a failed start; a normal quit goes through quitGracefully.
  arnika?.close();
  arnika = null;
}

let shuttingDown: Promise<void> | null = null;

/**
 * Lets the outbox finish the message it is handing to the mail server (so it ends as sent or
 * failed, not uncertain), closes the database, then quits. Idempotent.
 */
function quitGracefully(): Promise<void> {
  shuttingDown ??= (async () => {
    const closing = arnika;
    try {
      await closing?.shutdown();
    } catch (err) {
      log.error('electron.close_failed', err);
      closing?.close();
    }
    arnika = null;
    app.quit();
  })();
  return shuttingDown;
}

function fatal(err: unknown): void {
  log.error('electron.start_failed', err);
  dialog.showErrorBox('Arnika', `Arnika could not start: ${err instanceof Error ? err.message : String(err)}`);
  closeApp();
  app.exit(1);
}

function senderInfo(event: IpcMainInvokeEvent): SenderInfo {
  const frame = event.senderFrame;
  return {
    frameUrl: frame?.url ?? null,
    isMainFrame: frame !== null && frame.parent === null,
    senderId: event.sender.id,
    mainWindowWebContentsId: mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents.id : null,
    devServerUrl,
  };
}

async function serveApp(request: Request): Promise<Response> {
  const answer = appProtocolAnswer(request.method, request.url, rendererDir);
  if (answer.status !== 200) return new Response(answer.status === 404 ? 'Not found' : null, { status: answer.status, headers: answer.headers });
  try {
    const body = answer.file === null ? null : new Uint8Array(await readFile(answer.file));
    return new Response(body, { status: 200, headers: answer.headers });
  } catch {
    // Gone between the check and the read (a rebuild while the app runs).
    return new Response('Not found', { status: 404, headers: { ...answer.headers, 'Content-Type': 'text/plain; charset=utf-8' } });
  }
}

/** Applied to every webContents, not only our window: nothing may navigate away or spawn windows. */
function harden(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    if (isAllowedNavigation(event.url, isDev, devServerUrl)) return;
    event.preventDefault();
    log.info('electron.navigation_blocked');
  });
  contents.on('will-redirect', (event) => {
    if (isAllowedNavigation(event.url, isDev, devServerUrl)) return;
    event.preventDefault();
    log.info('electron.redirect_blocked');
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const decision = externalLinkPolicy(url);
    if (decision.openExternally) void shell.openExternal(url).catch((err: unknown) => log.error('electron.open_external_failed', err));
    else log.info('electron.window_blocked');
    return { action: decision.action };
  });
}

function createWindow(): BrowserWindow {
  const options: BrowserWindowConstructorOptions = windowOptions(preloadPath);
  const win = new BrowserWindow(options);
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(devServerUrl ?? appIndexUrl).catch((err: unknown) => log.error('electron.load_failed', err));
  return win;
}

async function start(): Promise<void> {
  const { dataDir } = parseElectronArgs(process.argv.slice(1), app.getPath('userData'), process.env);
  // The data folder's log (file and console) takes over once createApp holds the folder.

  protocol.handle(appScheme, serveApp);
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(permissionDecision(permission)));
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => permissionDecision(permission));
  session.defaultSession.setDevicePermissionHandler((details) => permissionDecision(details.deviceType));

  // safeStorage only knows whether a keychain is there once the app is ready.
  const secrets = safeStorageSecretBox({ safeStorage, dataDir, log });
  // Another Arnika on this folder: createApp touches nothing, and the window says who holds it.
  arnika = await createApp({
    dataDir,
    host: 'desktop',
    secrets,
    // The backup worker as a utility process (dist/main/backupWorker.mjs, beside this bundle).
    forkWorker: utilityForkWorker,
    desktop: {
      // shell.openPath answers with an error text instead of throwing; most often no program opens PDFs.
      openFile: async (path) => {
        const failure = await shell.openPath(path);
        if (failure) throw new AppError('desktop.open_failed', `Opening ${path} failed: ${failure}`);
      },
      chooseSaveTarget: async (fileName) => {
        const options = { defaultPath: join(app.getPath('documents'), fileName) };
        const r = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
        return r.canceled || !r.filePath ? null : r.filePath;
      },
      chooseFileToOpen: async (filters) => {
        const options = { properties: ['openFile' as const], filters };
        const r = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
        return r.canceled || r.filePaths.length === 0 ? null : r.filePaths[0]!;
      },
      chooseFolder: async (current) => {
        const options = { properties: ['openDirectory' as const, 'createDirectory' as const], ...(current ? { defaultPath: current } : {}) };
        const r = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
        return r.canceled || r.filePaths.length === 0 ? null : r.filePaths[0]!;
      },
    },
  });

  log = arnika.log;
  // What main pushes (job progress, data changed) goes to our window only.
  arnika.events.subscribe((event) => {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(eventChannel, event);
  });
  ipcMain.handle(uploadChannel, (event, fileName: unknown, bytes: unknown) => {
    const files = arnika?.files;
    if (!files) return { ok: false, error: { code: 'internal', message: 'Arnika is shutting down' } };
    return uploadFromSender(senderInfo(event), (name, data) => files.putUpload(name, data), fileName, bytes);
  });

  ipcMain.handle(ipcChannel, (event, method: unknown, input: unknown) => {
    if (!arnika) return { ok: false, error: { code: 'internal', message: 'Arnika is shutting down' } };
    return invokeFromSender(senderInfo(event), arnika.dispatch, method, input);
  });

  // A data folder Arnika cannot use still gets a window: the renderer shows app.info's startupError.
  const info = await arnika.dispatch('app.info', {});
  const startupError = info.ok ? (info.data as { startupError: { code: string } | null }).startupError : null;
  if (startupError) log.error('electron.data_folder_unusable', null, { code: startupError.code });

  mainWindow = createWindow();
}

if (!app.requestSingleInstanceLock()) {
  // A second Arnika on the same profile would open the same SQLite file twice: hand over instead.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => harden(contents));
  app.on('window-all-closed', () => {
    // One window is the whole app on every platform, macOS included: closing it ends the session
    // and releases the database, rather than keeping a file lock with nothing on screen.
    void quitGracefully();
  });
  app.on('before-quit', (event?: { preventDefault(): void }) => {
    if (!arnika) return;
    // Quit again once the app has shut down cleanly.
    event?.preventDefault();
    void quitGracefully();
  });
  app.whenReady().then(start).catch(fatal);
}
