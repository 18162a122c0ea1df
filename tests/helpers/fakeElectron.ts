/**
 * A fake `electron` module for the desktop shell's tests (the real binary does not run here): it
 * records what main.ts registers (schemes, protocol handlers, permission handlers, IPC, app
 * listeners) and makes windows that only remember their options and URL. Use it with
 * vi.mock('electron', ...) and import main.ts afterwards; then call resolveReady().
 */
import { fork } from 'node:child_process';
import { vi } from 'vitest';

type Listener = (...args: unknown[]) => unknown;

export function createFakeElectron() {
  const order: string[] = [];
  const appListeners = new Map<string, Listener[]>();
  let resolveReady!: () => void;
  const ready = new Promise<void>((r) => (resolveReady = r));
  let resolveWindow!: (w: unknown) => void;
  const windowCreated = new Promise<unknown>((r) => (resolveWindow = r));

  class FakeWebContents {
    static nextId = 1;
    id = FakeWebContents.nextId++;
    listeners = new Map<string, Listener[]>();
    windowOpenHandler: ((d: { url: string }) => { action: string }) | null = null;
    /** What main sent to the window (channel, payload). */
    sent: [string, unknown][] = [];
    send(channel: string, payload: unknown) {
      this.sent.push([channel, payload]);
    }
    on(name: string, fn: Listener) {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
      return this;
    }
    setWindowOpenHandler(fn: (d: { url: string }) => { action: string }) {
      this.windowOpenHandler = fn;
    }
    emit(name: string, ...args: unknown[]) {
      for (const fn of this.listeners.get(name) ?? []) fn(...args);
    }
  }

  class FakeBrowserWindow {
    options: unknown;
    webContents = new FakeWebContents();
    loadedUrl: string | null = null;
    shown = false;
    constructor(options: unknown) {
      order.push('BrowserWindow');
      this.options = options;
      for (const fn of appListeners.get('web-contents-created') ?? []) fn({}, this.webContents);
      resolveWindow(this);
    }
    once(name: string, fn: Listener) {
      if (name === 'ready-to-show') queueMicrotask(() => fn());
      return this;
    }
    on() {
      return this;
    }
    show() {
      this.shown = true;
    }
    isDestroyed() {
      return false;
    }
    isMinimized() {
      return false;
    }
    async loadURL(url: string) {
      this.loadedUrl = url;
    }
  }

  const ipcHandlers = new Map<string, Listener>();
  const state = {
    order,
    appListeners,
    ipcHandlers,
    windowCreated,
    privileged: [] as unknown[],
    protocolHandlers: new Map<string, (r: Request) => Promise<Response>>(),
    permissionRequest: null as Listener | null,
    permissionCheck: null as Listener | null,
    devicePermission: null as Listener | null,
    openedExternally: [] as string[],
    saveAnswer: null as string | null,
    openAnswer: null as string | null,
    /** What the user picks in the folder dialog (null: cancels), and the options it was opened with. */
    folderAnswer: null as string | null,
    folderDialogOptions: [] as unknown[],
    /** What shell.openPath answers: '' when the file opened, else Electron's error text. */
    openPathAnswer: '',
    openedPaths: [] as string[],
    closedDbs: 0,
    userData: '',
    /** What utilityProcess.fork was asked to start (script and options). */
    utilityForks: [] as { modulePath: string; options: unknown }[],
  };

  /**
   * utilityProcess.fork, played by Node's fork: the child gets Node's IPC channel instead of
   * Electron's parentPort (platform/worker.ts parentChannel speaks both); messages, exit and kill
   * behave as the utility process's do for its parent.
   */
  const utilityProcess = {
    fork(modulePath: string, args: string[] = [], options: unknown = {}) {
      state.utilityForks.push({ modulePath, options });
      const child = fork(modulePath, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
      return {
        pid: child.pid,
        postMessage: (message: unknown) => child.send(message as Parameters<typeof child.send>[0]),
        on(name: 'message' | 'exit', fn: Listener) {
          if (name === 'message') child.on('message', (m) => fn(m));
          else child.on('exit', (code) => fn(code ?? -1));
          return this;
        },
        kill: () => child.kill('SIGKILL'),
      };
    },
  };

  const electron = {
    app: {
      isPackaged: false,
      getPath: () => state.userData,
      getAppPath: () => '/nonexistent',
      requestSingleInstanceLock: () => true,
      on(name: string, fn: Listener) {
        appListeners.set(name, [...(appListeners.get(name) ?? []), fn]);
      },
      whenReady: () => {
        order.push('whenReady');
        return ready;
      },
      enableSandbox: () => order.push('enableSandbox'),
      quit: vi.fn(),
      exit: vi.fn(),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => {
        order.push('registerSchemesAsPrivileged');
        state.privileged.push(...schemes);
      },
      handle: (scheme: string, fn: (r: Request) => Promise<Response>) => {
        order.push('protocol.handle');
        state.protocolHandlers.set(scheme, fn);
      },
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: Listener) => (state.permissionRequest = fn),
        setPermissionCheckHandler: (fn: Listener) => (state.permissionCheck = fn),
        setDevicePermissionHandler: (fn: Listener) => (state.devicePermission = fn),
      },
    },
    safeStorage: {
      isEncryptionAvailable: () => false,
      encryptString: () => Buffer.alloc(0),
      decryptString: () => '',
      getSelectedStorageBackend: () => 'unknown',
    },
    ipcMain: {
      handle: (channel: string, fn: Listener) => ipcHandlers.set(channel, fn),
    },
    shell: {
      openExternal: async (url: string) => {
        state.openedExternally.push(url);
      },
      openPath: async (path: string) => {
        state.openedPaths.push(path);
        return state.openPathAnswer;
      },
    },
    dialog: {
      showErrorBox: vi.fn(),
      /** What the user picks in the save and open dialogs (null: cancels). */
      showSaveDialog: vi.fn(async () => (state.saveAnswer ? { canceled: false, filePath: state.saveAnswer } : { canceled: true })),
      showOpenDialog: vi.fn(async (...args: unknown[]) => {
        const options = args[args.length - 1] as { properties?: string[] };
        if (options.properties?.includes('openDirectory')) {
          state.folderDialogOptions.push(options);
          return state.folderAnswer ? { canceled: false, filePaths: [state.folderAnswer] } : { canceled: true, filePaths: [] };
        }
        return state.openAnswer ? { canceled: false, filePaths: [state.openAnswer] } : { canceled: true, filePaths: [] };
      }),
    },
    BrowserWindow: FakeBrowserWindow,
    utilityProcess,
  };
  return { electron, state, resolveReady: () => resolveReady() };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;

/** One per test file (vitest gives every file its own modules). */
export const fakeElectron = createFakeElectron();
