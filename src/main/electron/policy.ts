/**
 * Every security decision of the desktop shell, as plain functions: window options, the app://
 * protocol (which file answers which URL, with which headers), navigation and external links,
 * who may call over IPC, permissions, and the command line. No electron import, so unit tests
 * run all of it under Node; main.ts only wires these answers into Electron's hooks.
 */
import { statSync } from 'node:fs';
import { extname, isAbsolute, join, resolve, sep } from 'node:path';
import { isMethodName } from '../../shared/contract/index.js';
import type { Envelope } from '../../shared/errors.js';
import type { Dispatch } from '../app/dispatcher.js';
import { contentSecurityPolicy } from '../platform/security.js';

// ---------------------------------------------------------------------------------------------
// Window

/** The subset of BrowserWindowConstructorOptions we set; main.ts assigns it to Electron's type. */
export interface WindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  title: string;
  show: boolean;
  backgroundColor: string;
  webPreferences: {
    preload: string;
    contextIsolation: boolean;
    sandbox: boolean;
    nodeIntegration: boolean;
    nodeIntegrationInWorker: boolean;
    nodeIntegrationInSubFrames: boolean;
    webviewTag: boolean;
    spellcheck: boolean;
    webSecurity: boolean;
    allowRunningInsecureContent: boolean;
    experimentalFeatures: boolean;
    navigateOnDragDrop: boolean;
    safeDialogs: boolean;
  };
}

export function windowOptions(preloadPath: string): WindowOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 1000,
    minHeight: 680,
    title: 'Arnika',
    // Shown on ready-to-show so the user never sees a blank white frame while React mounts.
    show: false,
    // Matches the renderer's page background, so a resize never flashes another colour.
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      // Patient notes must not be sent to an OS or cloud spell-check service.
      spellcheck: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // A file dropped on the window would otherwise replace the app with that file.
      navigateOnDragDrop: false,
      safeDialogs: true,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The app:// protocol

export const appScheme = 'app';
export const appHost = 'arnika';
export const appOrigin = `${appScheme}://${appHost}`;
export const appIndexUrl = `${appOrigin}/index.html`;

/**
 * For protocol.registerSchemesAsPrivileged. `standard` gives the scheme real origins and relative
 * URL resolution (so Vite's './assets/…' work and 'self' in the CSP means app://arnika); `secure`
 * makes it a secure context like https. No corsEnabled, bypassCSP or service workers: nothing
 * outside our origin ever needs to read from it.
 */
export const appSchemePrivileges = {
  scheme: appScheme,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false, bypassCSP: false, allowServiceWorkers: false, stream: false },
};

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function mimeTypeFor(file: string): string {
  return mimeTypes[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export interface ResolvedFile {
  file: string;
  mimeType: string;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Maps app://arnika/<path> to a file inside rendererDir, or null (answer 404). Decoding happens
 * once, here, and every decoded segment is checked, because Chromium normalises literal '..' but
 * hands '%2f', '%5c' and friends through, and path.join would happily follow them out of the
 * folder. A path without a file extension that names no file is a client-side route: index.html.
 */
export function resolveAppUrl(url: string, rendererDir: string, fileExists: (path: string) => boolean = isFile): ResolvedFile | null {
  // Checked on the raw string too: the URL parser quietly resolves '..' and '%2e%2e', which would
  // turn an attack into a harmless-looking path instead of the refusal it deserves.
  if (/%2e|%2f|%5c|%00|\\|\/\.\.?(?:[/?#]|$)/i.test(url)) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!isAppUrl(parsed)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(parsed.pathname || '/');
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.startsWith('//')) return null;
  const segments = decoded.slice(1).split('/');
  for (const segment of segments) {
    if (segment === '..' || segment === '.' || /[\\\0:]/.test(segment)) return null;
  }
  const relative = segments.filter((s) => s !== '');
  if (relative.some((s) => isAbsolute(s))) return null;

  const root = resolve(rendererDir);
  const index = join(root, 'index.html');
  const candidate = relative.length === 0 ? index : resolve(root, ...relative);
  if (candidate !== root && !candidate.startsWith(root + sep)) return null;
  if (fileExists(candidate)) return { file: candidate, mimeType: mimeTypeFor(candidate) };
  // A missing asset is a real 404: answering it with HTML would only hide a broken build.
  if (extname(relative[relative.length - 1] ?? '') !== '') return null;
  return fileExists(index) ? { file: index, mimeType: mimeTypes['.html']! } : null;
}

/**
 * The renderer's CSP, the same one browser mode sends. Under the standard, secure app:// scheme
 * 'self' means app://arnika, so no directive needs widening for the desktop; the renderer talks to
 * main over the preload's IPC bridge, never over the network.
 */
export const desktopContentSecurityPolicy = contentSecurityPolicy;

/** Headers on every app:// response. */
export function appResponseHeaders(mimeType: string): Record<string, string> {
  return {
    'Content-Type': mimeType,
    'Content-Security-Policy': desktopContentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
}

export interface AppProtocolAnswer {
  status: 200 | 404 | 405;
  headers: Record<string, string>;
  /** The file to send as the body; null for an error status or a HEAD request. */
  file: string | null;
}

/** What the app:// handler answers to one request; main.ts only reads the file. */
export function appProtocolAnswer(method: string, url: string, rendererDir: string, fileExists?: (path: string) => boolean): AppProtocolAnswer {
  const text = 'text/plain; charset=utf-8';
  if (method !== 'GET' && method !== 'HEAD') return { status: 405, headers: { ...appResponseHeaders(text), Allow: 'GET, HEAD' }, file: null };
  const resolved = resolveAppUrl(url, rendererDir, fileExists);
  if (!resolved) return { status: 404, headers: appResponseHeaders(text), file: null };
  return { status: 200, headers: appResponseHeaders(resolved.mimeType), file: method === 'HEAD' ? null : resolved.file };
}

// ---------------------------------------------------------------------------------------------
// Navigation, new windows, external links

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function isAppUrl(u: URL): boolean {
  return u.protocol === `${appScheme}:` && u.hostname === appHost && u.port === '' && u.username === '' && u.password === '';
}

/**
 * The dev server URL, only in an unpackaged app and only on loopback: whatever the window loads
 * gets the preload's full API, so an environment variable must not be able to point a shipped
 * app at some other site.
 */
export function devServerUrlFromEnv(env: Record<string, string | undefined>, isPackaged: boolean): string | null {
  const raw = env.ARNIKA_DEV_SERVER_URL;
  if (!raw || isPackaged) return null;
  const u = parseUrl(raw);
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) return null;
  if (!['localhost', '127.0.0.1', '[::1]'].includes(u.hostname) || u.username !== '' || u.password !== '') return null;
  return u.href;
}

function isDevServerUrl(u: URL, devServerUrl: string | null | undefined): boolean {
  if (!devServerUrl) return false;
  const dev = parseUrl(devServerUrl);
  return dev !== null && u.origin === dev.origin && u.username === '' && u.password === '';
}

/** Our own origin only: app://arnika, plus the dev server's origin when running in dev. */
export function isAllowedNavigation(url: string, isDev: boolean, devServerUrl?: string | null): boolean {
  const u = parseUrl(url);
  if (!u) return false;
  if (isAppUrl(u)) return true;
  return isDev && isDevServerUrl(u, devServerUrl);
}

export interface ExternalLinkDecision {
  /** For setWindowOpenHandler: the app never opens a second window of its own. */
  action: 'deny';
  /** Whether the URL may be handed to shell.openExternal (the user's browser or mail program). */
  openExternally: boolean;
}

/**
 * https and mailto only: file:, smb:, custom handlers and the like can start programs or leak
 * credentials. A URL with a user name in it is a phishing shape, so it stays closed too.
 */
export function externalLinkPolicy(url: string): ExternalLinkDecision {
  const u = parseUrl(url);
  const openExternally =
    u !== null && ((u.protocol === 'https:' && u.hostname !== '' && u.username === '' && u.password === '') || (u.protocol === 'mailto:' && u.pathname !== ''));
  return { action: 'deny', openExternally };
}

// ---------------------------------------------------------------------------------------------
// IPC

// One definition for both ends; bridge.ts is plain code (no Node, no Electron), safe to import here.
export { eventChannel, ipcChannel, uploadChannel } from '../../preload/bridge.js';

export interface SenderInfo {
  /** URL of the frame that sent the message; null when the frame is gone. */
  frameUrl: string | null | undefined;
  isMainFrame: boolean;
  /** webContents id of the sender. */
  senderId: number;
  /** webContents id of our window, null before it exists or after it closed. */
  mainWindowWebContentsId: number | null | undefined;
  /** The dev server URL when running in dev, else null. */
  devServerUrl?: string | null;
}

/** IPC is answered only for the main frame of our own window, showing our own page. */
export function isTrustedSender(sender: SenderInfo): boolean {
  if (sender.mainWindowWebContentsId === null || sender.mainWindowWebContentsId === undefined) return false;
  if (sender.senderId !== sender.mainWindowWebContentsId || !sender.isMainFrame) return false;
  if (!sender.frameUrl) return false;
  return isAllowedNavigation(sender.frameUrl, Boolean(sender.devServerUrl), sender.devServerUrl);
}

export const unauthorizedEnvelope: Envelope<never> = {
  ok: false,
  error: { code: 'unauthorized', message: 'IPC from an untrusted frame' },
};

/**
 * Always resolves to an envelope: Electron drops custom properties of errors thrown across IPC
 * (electron/electron#24427), so a throw would reach the renderer as a bare message without a code.
 */
export async function handleInvoke(dispatch: Dispatch, method: unknown, input: unknown): Promise<Envelope<unknown>> {
  if (typeof method !== 'string' || !isMethodName(method)) {
    return { ok: false, error: { code: 'unknown_method', message: `Unknown method ${String(method).slice(0, 100)}` } };
  }
  try {
    return await dispatch(method, input);
  } catch {
    return { ok: false, error: { code: 'internal', message: 'Internal error' } };
  }
}

/** The whole IPC answer: sender check first, so an untrusted frame learns nothing but 'unauthorized'. */
export async function invokeFromSender(sender: SenderInfo, dispatch: Dispatch, method: unknown, input: unknown): Promise<Envelope<unknown>> {
  if (!isTrustedSender(sender)) return unauthorizedEnvelope;
  return handleInvoke(dispatch, method, input);
}

/** The largest file the window may hand over as bytes (a bank file, a backup goes through the open dialog). */
export const maxUploadBytes = 64 * 1024 * 1024;

/**
 * A file the window hands in as bytes (a dropped bank file): only from our own frame, only bytes,
 * bounded; stored by the FileStore and answered with its UploadRef.
 */
export async function uploadFromSender(
  sender: SenderInfo,
  store: (fileName: string, bytes: Uint8Array) => Promise<unknown>,
  fileName: unknown,
  bytes: unknown,
): Promise<Envelope<unknown>> {
  if (!isTrustedSender(sender)) return unauthorizedEnvelope;
  if (typeof fileName !== 'string' || !(bytes instanceof ArrayBuffer || bytes instanceof Uint8Array)) {
    return { ok: false, error: { code: 'validation', message: 'An upload is a file name and its bytes' } };
  }
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (view.byteLength > maxUploadBytes) return { ok: false, error: { code: 'files.too_large', message: 'The file is too large', details: { limit: maxUploadBytes } } };
  try {
    return { ok: true, data: await store(fileName, view) };
  } catch {
    return { ok: false, error: { code: 'files.unreadable', message: 'The file could not be stored' } };
  }
}

// ---------------------------------------------------------------------------------------------
// Permissions

/**
 * Camera, microphone, notifications, geolocation, clipboard, HID… the app needs none of them, so
 * every request and every check is refused; a feature that needs one must argue for it here.
 */
export function permissionDecision(_permission: string): boolean {
  return false;
}

// ---------------------------------------------------------------------------------------------
// Command line

export interface ElectronArgs {
  dataDir: string;
}

/**
 * `--data-dir DIR` or `--data-dir=DIR`, else ARNIKA_DATA_DIR, else Electron's userData folder.
 * Anything else is ignored rather than refused: Electron and Chromium put their own switches
 * (and the app path) into the same argv.
 */
export function parseElectronArgs(argv: readonly string[], userDataDir: string, env: Record<string, string | undefined> = {}): ElectronArgs {
  let dataDir: string | undefined = env.ARNIKA_DATA_DIR || undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--data-dir') {
      const value = argv[i + 1];
      if (value === undefined || value === '' || value.startsWith('--')) throw new Error('--data-dir needs a folder: --data-dir DIR');
      dataDir = value;
      i++;
    } else if (arg.startsWith('--data-dir=')) {
      const value = arg.slice('--data-dir='.length);
      if (value === '') throw new Error('--data-dir needs a folder: --data-dir=DIR');
      dataDir = value;
    }
  }
  return { dataDir: resolve(dataDir ?? userDataDir) };
}
