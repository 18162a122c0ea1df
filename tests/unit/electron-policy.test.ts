// The desktop shell's security decisions, checked under plain Node (the Electron binary does not
// run here). Each block is one hook main.ts wires: window, app:// protocol, navigation, IPC,
// permissions, command line.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Dispatch } from '../../src/main/app/dispatcher.js';
import { contentSecurityPolicy } from '../../src/main/platform/security.js';
import {
  appIndexUrl,
  appProtocolAnswer,
  appResponseHeaders,
  appSchemePrivileges,
  devServerUrlFromEnv,
  externalLinkPolicy,
  handleInvoke,
  invokeFromSender,
  ipcChannel,
  isAllowedNavigation,
  isTrustedSender,
  parseElectronArgs,
  permissionDecision,
  resolveAppUrl,
  windowOptions,
  type SenderInfo,
} from '../../src/main/electron/policy.js';
import { methodNames } from '../../src/shared/contract/index.js';

describe('windowOptions', () => {
  const options = windowOptions('/app/dist/preload/index.cjs');

  it('isolates and sandboxes the renderer with no Node anywhere', () => {
    expect(options.webPreferences).toMatchObject({
      preload: '/app/dist/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      spellcheck: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
    });
  });

  it('opens hidden at a usable size, titled Arnika', () => {
    expect(options).toMatchObject({ width: 1280, height: 820, minWidth: 1000, minHeight: 680, title: 'Arnika', show: false });
    expect(options.backgroundColor).toMatch(/^#[0-9a-f]{6}$/i);
  });
});

describe('app:// scheme', () => {
  it('is standard and secure, with fetch, and no CORS or CSP bypass', () => {
    expect(appSchemePrivileges.scheme).toBe('app');
    expect(appSchemePrivileges.privileges).toMatchObject({ standard: true, secure: true, supportFetchAPI: true, corsEnabled: false, bypassCSP: false });
    expect(appIndexUrl).toBe('app://arnika/index.html');
  });
});

describe('resolveAppUrl', () => {
  let root: string;
  let outside: string;
  beforeAll(() => {
    const base = mkdtempSync(join(tmpdir(), 'arnika-renderer-'));
    root = join(base, 'renderer');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html>');
    writeFileSync(join(root, 'assets', 'index-abc.js'), 'export {}');
    writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}');
    outside = join(base, 'secret.txt');
    writeFileSync(outside, 'patient data');
  });
  afterAll(() => rmSync(resolve(root, '..'), { recursive: true, force: true }));

  it('serves files inside the renderer folder with their MIME type', () => {
    expect(resolveAppUrl('app://arnika/index.html', root)).toEqual({ file: join(root, 'index.html'), mimeType: 'text/html; charset=utf-8' });
    expect(resolveAppUrl('app://arnika/assets/index-abc.js', root)).toEqual({ file: join(root, 'assets', 'index-abc.js'), mimeType: 'text/javascript; charset=utf-8' });
    expect(resolveAppUrl('app://arnika/assets/index-abc.css?v=1#x', root)?.mimeType).toBe('text/css; charset=utf-8');
    expect(resolveAppUrl('app://arnika/', root)?.file).toBe(join(root, 'index.html'));
    expect(resolveAppUrl('app://arnika', root)?.file).toBe(join(root, 'index.html'));
  });

  it('falls back to index.html for client routes, but 404s a missing asset', () => {
    expect(resolveAppUrl('app://arnika/patients/42', root)?.file).toBe(join(root, 'index.html'));
    expect(resolveAppUrl('app://arnika/assets', root)?.file).toBe(join(root, 'index.html'));
    expect(resolveAppUrl('app://arnika/assets/missing.js', root)).toBeNull();
  });

  it.each([
    'app://arnika/../secret.txt',
    'app://arnika/assets/../../secret.txt',
    'app://arnika/%2e%2e/secret.txt',
    'app://arnika/%2E%2E/%2e%2e/etc/passwd',
    'app://arnika/.%2e/secret.txt',
    'app://arnika/..%2fsecret.txt',
    'app://arnika/assets%2f..%2f..%2fsecret.txt',
    'app://arnika/..%5csecret.txt',
    'app://arnika/..\\secret.txt',
    'app://arnika//etc/passwd',
    'app://arnika/%2Fetc%2Fpasswd',
    'app://arnika/C:/Windows/win.ini',
    'app://arnika/index.html%00.js',
    'app://arnika/%E0%A4%A',
  ])('refuses traversal and absolute paths: %s', (url) => {
    expect(resolveAppUrl(url, root)).toBeNull();
  });

  it.each([
    'app://evil/index.html',
    'app://arnika.evil.com/index.html',
    'app://arnika:8080/index.html',
    'app://user@arnika/index.html',
    'file:///etc/passwd',
    'https://arnika/index.html',
    'not a url',
  ])('refuses other hosts and schemes: %s', (url) => {
    expect(resolveAppUrl(url, root)).toBeNull();
  });

  it('never resolves to a path outside the renderer folder, whatever the segment', () => {
    for (const name of ['..', '.', '...', 'a..b', '~', '%2e']) {
      const r = resolveAppUrl(`app://arnika/${name}/x`, root);
      if (r) expect(r.file.startsWith(root + sep)).toBe(true);
    }
  });

  it('answers with the CSP and nosniff on every app:// response, errors included', () => {
    const ok = appProtocolAnswer('GET', 'app://arnika/index.html', root);
    expect(ok.status).toBe(200);
    expect(ok.file).toBe(join(root, 'index.html'));
    const missing = appProtocolAnswer('GET', 'app://arnika/../secret.txt', root);
    expect(missing).toMatchObject({ status: 404, file: null });
    const post = appProtocolAnswer('POST', 'app://arnika/index.html', root);
    expect(post).toMatchObject({ status: 405, file: null });
    expect(appProtocolAnswer('HEAD', 'app://arnika/index.html', root)).toMatchObject({ status: 200, file: null });
    for (const a of [ok, missing, post]) {
      expect(a.headers['Content-Security-Policy']).toBe(contentSecurityPolicy);
      expect(a.headers['X-Content-Type-Options']).toBe('nosniff');
    }
  });

  it('uses a CSP that allows no inline or eval script and no foreign origins', () => {
    const csp = appResponseHeaders('text/html')['Content-Security-Policy']!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|\*/);
  });
});

describe('navigation', () => {
  const dev = 'http://localhost:5173/';

  it('allows only our own origin', () => {
    expect(isAllowedNavigation('app://arnika/index.html', false, null)).toBe(true);
    expect(isAllowedNavigation('app://arnika/patients/1', false, null)).toBe(true);
  });

  it.each([
    'https://example.com/',
    'http://localhost:5173/',
    'file:///etc/passwd',
    'app://evil/index.html',
    'app://arnika:1/index.html',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'about:blank',
    '',
    'garbage',
  ])('denies %s outside dev', (url) => {
    expect(isAllowedNavigation(url, false, dev)).toBe(false);
  });

  it('allows the dev server origin in dev only, and nothing else there', () => {
    expect(isAllowedNavigation('http://localhost:5173/x', true, dev)).toBe(true);
    expect(isAllowedNavigation('http://localhost:5173/x', false, dev)).toBe(false);
    expect(isAllowedNavigation('http://localhost:5174/', true, dev)).toBe(false);
    expect(isAllowedNavigation('http://127.0.0.1:5173/', true, dev)).toBe(false);
    expect(isAllowedNavigation('https://example.com/', true, dev)).toBe(false);
  });

  it('takes a dev server URL from the environment only unpackaged and only on loopback', () => {
    expect(devServerUrlFromEnv({ ARNIKA_DEV_SERVER_URL: 'http://localhost:5173' }, false)).toBe('http://localhost:5173/');
    expect(devServerUrlFromEnv({ ARNIKA_DEV_SERVER_URL: 'http://127.0.0.1:5173/' }, false)).toBe('http://127.0.0.1:5173/');
    expect(devServerUrlFromEnv({ ARNIKA_DEV_SERVER_URL: 'http://localhost:5173' }, true)).toBeNull();
    expect(devServerUrlFromEnv({ ARNIKA_DEV_SERVER_URL: 'https://evil.example/' }, false)).toBeNull();
    expect(devServerUrlFromEnv({ ARNIKA_DEV_SERVER_URL: 'file:///tmp/x.html' }, false)).toBeNull();
    expect(devServerUrlFromEnv({}, false)).toBeNull();
  });
});

describe('externalLinkPolicy', () => {
  it('never opens a window inside the app', () => {
    for (const url of ['https://example.com/', 'app://arnika/index.html', 'file:///etc/passwd', 'garbage']) {
      expect(externalLinkPolicy(url).action).toBe('deny');
    }
  });

  it('hands only https and mailto to the system', () => {
    expect(externalLinkPolicy('https://www.example.ch/help').openExternally).toBe(true);
    expect(externalLinkPolicy('mailto:praxis@example.ch').openExternally).toBe(true);
    for (const url of [
      'http://example.com/',
      'file:///C:/Windows/System32/calc.exe',
      'smb://server/share',
      'javascript:alert(1)',
      'ms-msdt:/id PCWDiagnostic',
      'app://arnika/index.html',
      'https://user:pass@example.com/',
      'mailto:',
      'not a url',
    ]) {
      expect(externalLinkPolicy(url).openExternally, url).toBe(false);
    }
  });
});

describe('IPC', () => {
  const trusted: SenderInfo = { frameUrl: 'app://arnika/index.html', isMainFrame: true, senderId: 7, mainWindowWebContentsId: 7, devServerUrl: null };
  const okDispatch: Dispatch = async (method) => ({ ok: true, data: { method } });

  it('uses one channel', () => {
    expect(ipcChannel).toBe('arnika:invoke');
  });

  it('trusts only the main frame of our window showing our page', () => {
    expect(isTrustedSender(trusted)).toBe(true);
    expect(isTrustedSender({ ...trusted, isMainFrame: false })).toBe(false);
    expect(isTrustedSender({ ...trusted, senderId: 8 })).toBe(false);
    expect(isTrustedSender({ ...trusted, mainWindowWebContentsId: null })).toBe(false);
    expect(isTrustedSender({ ...trusted, frameUrl: null })).toBe(false);
    expect(isTrustedSender({ ...trusted, frameUrl: 'https://evil.example/' })).toBe(false);
    expect(isTrustedSender({ ...trusted, frameUrl: 'app://evil/index.html' })).toBe(false);
    expect(isTrustedSender({ ...trusted, frameUrl: 'http://localhost:5173/' })).toBe(false);
    expect(isTrustedSender({ ...trusted, frameUrl: 'http://localhost:5173/', devServerUrl: 'http://localhost:5173/' })).toBe(true);
  });

  it('answers an untrusted sender with an unauthorized envelope and never dispatches', async () => {
    const dispatch = vi.fn(okDispatch);
    const senders: SenderInfo[] = [
      { ...trusted, isMainFrame: false },
      { ...trusted, senderId: 99 },
      { ...trusted, frameUrl: 'https://evil.example/' },
    ];
    for (const sender of senders) {
      const answer = invokeFromSender(sender, dispatch, 'patients.list', {});
      await expect(answer).resolves.toEqual({ ok: false, error: { code: 'unauthorized', message: expect.any(String) } });
    }
    expect(dispatch).not.toHaveBeenCalled();
    await expect(invokeFromSender(trusted, dispatch, 'patients.list', {})).resolves.toEqual({ ok: true, data: { method: 'patients.list' } });
  });

  it('refuses names outside the contract before dispatching', async () => {
    const dispatch = vi.fn(okDispatch);
    for (const method of ['constructor', '__proto__', 'toString', 'patients.drop', '', 42, null, undefined, { toString: () => 'app.info' }]) {
      const answer = await handleInvoke(dispatch, method, {});
      expect(answer).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    }
    expect(dispatch).not.toHaveBeenCalled();
    for (const method of methodNames) {
      await expect(handleInvoke(dispatch, method, {})).resolves.toMatchObject({ ok: true });
    }
  });

  it('never rejects, even if the dispatcher throws, and leaks no error text', async () => {
    const throwing: Dispatch = async () => {
      throw Object.assign(new Error('SQLITE_CORRUPT at /home/x/arnika.sqlite'), { code: 'db.open_failed' });
    };
    const answer = await handleInvoke(throwing, 'app.info', {});
    expect(answer).toEqual({ ok: false, error: { code: 'internal', message: 'Internal error' } });
  });

  it('passes the dispatcher envelope through unchanged, errors included', async () => {
    const failing: Dispatch = async () => ({ ok: false, error: { code: 'not_found', message: 'No such patient' } });
    await expect(handleInvoke(failing, 'patients.get', { id: 'x' })).resolves.toEqual({ ok: false, error: { code: 'not_found', message: 'No such patient' } });
  });
});

describe('permissions', () => {
  it.each([
    'media',
    'geolocation',
    'notifications',
    'clipboard-read',
    'clipboard-sanitized-write',
    'fullscreen',
    'openExternal',
    'display-capture',
    'hid',
    'serial',
    'usb',
    'fileSystem',
    'unknown',
    '',
  ])('denies %s', (permission) => {
    expect(permissionDecision(permission)).toBe(false);
  });
});

describe('parseElectronArgs', () => {
  const userData = resolve('/home/t/.config/Arnika');

  it('defaults to the userData folder', () => {
    expect(parseElectronArgs([], userData)).toEqual({ dataDir: userData });
    expect(parseElectronArgs(['.', '--enable-logging', '--no-sandbox-ignored'], userData)).toEqual({ dataDir: userData });
  });

  it('takes --data-dir DIR and --data-dir=DIR, over ARNIKA_DATA_DIR', () => {
    expect(parseElectronArgs(['.', '--data-dir', '/tmp/a'], userData).dataDir).toBe(resolve('/tmp/a'));
    expect(parseElectronArgs(['--data-dir=/tmp/b'], userData).dataDir).toBe(resolve('/tmp/b'));
    expect(parseElectronArgs([], userData, { ARNIKA_DATA_DIR: '/tmp/env' }).dataDir).toBe(resolve('/tmp/env'));
    expect(parseElectronArgs(['--data-dir', '/tmp/flag'], userData, { ARNIKA_DATA_DIR: '/tmp/env' }).dataDir).toBe(resolve('/tmp/flag'));
    expect(parseElectronArgs(['--data-dir', 'rel'], userData).dataDir).toBe(resolve('rel'));
  });

  it('refuses --data-dir without a folder instead of silently using another one', () => {
    expect(() => parseElectronArgs(['--data-dir'], userData)).toThrow(/--data-dir/);
    expect(() => parseElectronArgs(['--data-dir', '--other'], userData)).toThrow(/--data-dir/);
    expect(() => parseElectronArgs(['--data-dir='], userData)).toThrow(/--data-dir/);
  });
});

describe('module boundary', () => {
  it('policy and the secret box import no electron (they run in tests and under Node)', async () => {
    const { readFileSync } = await import('node:fs');
    for (const file of ['src/main/electron/policy.ts', 'src/main/electron/safeStorageSecretBox.ts', 'src/preload/bridge.ts']) {
      expect(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8'), file).not.toMatch(/from ['"]electron['"]|require\(['"]electron['"]\)/);
    }
  });
});
