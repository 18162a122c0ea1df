// npm start [-- --data-dir DIR]: the desktop app. Builds if the sources changed, makes sure the
// Electron binary is there (downloading it on first start), puts Electron's build of the native
// better-sqlite3 in place, runs Electron on this folder, and puts Node's build back afterwards.
//
// Why the native swap: better-sqlite3 is a compiled addon, and a binary is tied to one ABI
// (NODE_MODULE_VERSION): Node 20's is not Electron 40's. Tests, browser mode and every script
// run under Node; only this launcher runs Electron. Rebuilding back and forth would cost a
// compile (and a headers download) on every start, so both builds are kept side by side in
// node_modules/.cache/arnika-native/, named by runtime, ABI, platform, arch and better-sqlite3
// version, and the right one is moved into build/Release by an atomic rename (never an in-place
// overwrite, which can crash a process that has the old file mapped). Electron's build is made
// once, with `electron-builder install-app-deps`. If this launcher is killed before it can put
// Node's build back, `node scripts/start-electron.mjs --restore-node-abi` (or the exported
// restoreNodeNative, e.g. from scripts/test.mjs) does it; it falls back to `npm rebuild
// better-sqlite3` when no Node build was kept.
//
// The Electron binary: npm install never downloads it (package.json allowScripts denies
// electron's install script, so installing needs only the npm registry); the first `npm start`
// runs that script itself. Where that fails (no access to the download, a system Electron has no
// build for), `npm start` says so in one sentence and runs browser mode instead, on the same
// default data folder: it prints the address and opens it in the system's browser where there is
// one (BROWSER=none: only print it).
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAll } from './build.mjs';
import { needsBuild } from './freshness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const log = (msg) => process.stderr.write(`[arnika] ${msg}\n`);
const isWindows = process.platform === 'win32';

const electronDir = join(root, 'node_modules', 'electron');
const sqliteDir = join(root, 'node_modules', 'better-sqlite3');
const nativeFile = join(sqliteDir, 'build', 'Release', 'better_sqlite3.node');
const cacheDir = join(root, 'node_modules', '.cache', 'arnika-native');

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

function tags() {
  const sqliteVersion = readJson(join(sqliteDir, 'package.json')).version;
  const electronVersion = readJson(join(electronDir, 'package.json')).version;
  const where = `${process.platform}-${process.arch}-better-sqlite3-${sqliteVersion}`;
  return {
    electronAbi: existsSync(join(electronDir, 'abi_version')) ? readFileSync(join(electronDir, 'abi_version'), 'utf8').trim() : null,
    node: join(cacheDir, `node-${process.versions.modules}-${where}.node`),
    electron: join(cacheDir, `electron-${electronVersion}-${where}.node`),
  };
}

function sameFile(a, b) {
  return existsSync(a) && existsSync(b) && sha256(a) === sha256(b);
}

function putInPlace(source) {
  const tmp = `${nativeFile}.${process.pid}.tmp`;
  copyFileSync(source, tmp);
  renameSync(tmp, nativeFile);
}

function keep(target) {
  mkdirSync(cacheDir, { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  copyFileSync(nativeFile, tmp);
  renameSync(tmp, target);
}

/** Loads better-sqlite3 in a child Node, so this process never maps a file it may swap. */
function tryLoadInNode() {
  const r = spawnSync(process.execPath, ['-e', "const D = require('better-sqlite3'); new D(':memory:').close();"], { cwd: root, encoding: 'utf8' });
  return { ok: r.status === 0, stderr: r.stderr ?? '' };
}

function run(cmd, args, shell = false) {
  return spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell }).status === 0;
}

/** Puts Node's build of better-sqlite3 back (for tests, browser mode and scripts). */
export function restoreNodeNative() {
  if (!existsSync(nativeFile)) return;
  const t = tags();
  if (existsSync(t.node)) {
    if (!sameFile(nativeFile, t.node)) putInPlace(t.node);
    return;
  }
  if (tryLoadInNode().ok) {
    keep(t.node);
    return;
  }
  log('rebuilding better-sqlite3 for Node (no kept Node build)...');
  // npm is a .cmd file on Windows, which only a shell can start.
  if (!run('npm', ['rebuild', 'better-sqlite3'], isWindows)) throw new Error('npm rebuild better-sqlite3 failed');
  keep(t.node);
}

/** Puts Electron's build of better-sqlite3 in place, building it once if need be. */
function prepareElectronNative() {
  if (!existsSync(nativeFile)) throw new Error('better-sqlite3 is not built: run npm install first');
  const t = tags();
  if (sameFile(nativeFile, t.electron)) return;
  if (!sameFile(nativeFile, t.node)) {
    // Not a build we know: a fresh npm install (Node's), or an earlier install-app-deps (Electron's).
    const probe = tryLoadInNode();
    if (probe.ok) keep(t.node);
    else if (t.electronAbi && probe.stderr.includes(`NODE_MODULE_VERSION ${t.electronAbi}.`)) {
      keep(t.electron);
      return;
    } else {
      const why = probe.stderr.split('\n').find((line) => /Error/.test(line))?.trim() ?? 'unknown error';
      throw new Error(`better-sqlite3 is neither Node's nor Electron's build (${why}); run: npm rebuild better-sqlite3`);
    }
  }
  if (existsSync(t.electron)) {
    putInPlace(t.electron);
    return;
  }
  log('building better-sqlite3 for Electron (first start only)...');
  const ok = run(process.execPath, [join(root, 'node_modules', 'electron-builder', 'cli.js'), 'install-app-deps']);
  if (!ok) {
    restoreNodeNative();
    throw new Error('building better-sqlite3 for Electron failed (electron-builder install-app-deps)');
  }
  keep(t.electron);
}

function electronBinary() {
  try {
    const version = readJson(join(electronDir, 'package.json')).version;
    const installed = readFileSync(join(electronDir, 'dist', 'version'), 'utf8').trim().replace(/^v/, '');
    const path = require('electron');
    return installed === version && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/** The Electron binary, downloading it on first start; null (and why) where that cannot be done. */
function ensureElectronBinary() {
  const found = electronBinary();
  if (found) return { binary: found };
  log('downloading the Electron binary (first start)...');
  const env = { ...process.env };
  // Set to keep npm install offline; here the user asked to start, so the download is wanted.
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  const r = spawnSync(process.execPath, [join(electronDir, 'install.js')], { cwd: electronDir, env, encoding: 'utf8' });
  const binary = r.status === 0 ? electronBinary() : null;
  if (binary) return { binary };
  const reason = /(\w*Error:[^\n]*|E[A-Z]{4,}[^\n]*)/.exec(`${r.stderr ?? ''}${r.stdout ?? ''}`)?.[1]?.trim();
  return { binary: null, reason: `Electron could not be downloaded${reason ? ` (${reason})` : ''}` };
}

/** Opens `url` in the system's browser, if it has one; says nothing when it has none. */
function openInBrowser(url) {
  if (process.env.BROWSER === 'none') return;
  const [cmd, args] = process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : process.platform === 'darwin' ? ['open', [url]] : ['xdg-open', [url]];
  try {
    const opener = spawn(cmd, args, { stdio: 'ignore', detached: true, windowsVerbatimArguments: process.platform === 'win32' });
    opener.on('error', () => {});
    opener.unref();
  } catch {
    // No browser to open here: the address printed above is the way in.
  }
}

/**
 * Browser mode in place of the desktop window: the same app and data folder (without --data-dir,
 * the one Electron would use: src/main/platform/dataDir.ts), at the address it prints.
 */
async function startBrowserInstead(args, why) {
  process.stderr.write(`Arnika: ${why}, so the desktop window cannot start here and Arnika opens in your web browser instead, with the same data.\n`);
  restoreNodeNative();
  if (needsBuild(root)) {
    log('building (first start or sources changed)...');
    await buildAll();
  }
  const child = spawn(process.execPath, [join(root, 'dist', 'main', 'browser.mjs'), ...args], { cwd: root, stdio: ['inherit', 'pipe', 'inherit'] });
  createInterface({ input: child.stdout }).on('line', (line) => {
    process.stdout.write(`${line}\n`);
    const ready = /^Arnika ready: (\S+)$/.exec(line);
    if (ready) openInBrowser(ready[1]);
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (child.exitCode === null) child.kill(signal);
    });
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function main(args) {
  if (args[0] === '--restore-node-abi') {
    restoreNodeNative();
    return;
  }
  // First, so a machine that cannot get Electron hears so before waiting for a build.
  const { binary: electron, reason } = ensureElectronBinary();
  if (!electron) return startBrowserInstead(args, reason);
  const built = existsSync(join(root, 'dist/main/electron.mjs')) && existsSync(join(root, 'dist/preload/index.cjs'));
  if (!built || needsBuild(root)) {
    log('building (first start or sources changed)...');
    await buildAll();
  }
  prepareElectronNative();

  const env = { ...process.env };
  // Inherited from some tools (VS Code tasks): it would make Electron act as plain Node.
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(electron, ['.', ...args], { cwd: root, stdio: 'inherit', env });
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    try {
      restoreNodeNative();
    } catch (err) {
      log(`could not put Node's better-sqlite3 back (${err.message}); run: node scripts/start-electron.mjs --restore-node-abi`);
    }
  };
  // Ctrl-C reaches Electron too (same process group); we stay alive to restore after it exits.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (child.exitCode === null) child.kill(signal);
    });
  }
  let fellBack = false;
  child.on('error', (err) => {
    // A binary this system cannot run at all (another architecture, no permission to execute).
    fellBack = true;
    restore();
    startBrowserInstead(args, `Electron did not start (${err.message})`).catch((e) => {
      process.stderr.write(`Arnika: ${e.message}\n`);
      process.exit(1);
    });
  });
  child.on('exit', (code, signal) => {
    if (fellBack) return;
    restore();
    process.exit(code ?? (signal ? 1 : 0));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((err) => {
    rmSync(`${nativeFile}.${process.pid}.tmp`, { force: true });
    process.stderr.write(`Arnika: ${err.message}\n`);
    process.exit(1);
  });
}
