// Builds everything the app runs from: the renderer (Vite) into dist/renderer, browser mode's
// server into dist/main/browser.mjs, the worker processes beside it (dist/main/backupWorker.mjs),
// and, when present, the Electron main and preload bundles.
// Node packages stay external (native better-sqlite3 must load from node_modules).
import { build as esbuild } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as viteBuild } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const log = (msg) => process.stderr.write(`[build] ${msg}\n`);

/**
 * Browser mode sends the renderer compressed: a .br (brotli, best) and a .gz beside every text file,
 * made once here so that serving them costs nothing (src/main/browser/server.ts picks by Accept-Encoding).
 */
function precompress(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = join(dir, entry.name);
    if (entry.isDirectory()) precompress(file);
    else if (/\.(m?js|css|html|svg|json)$/.test(entry.name)) {
      const bytes = readFileSync(file);
      // Quality 9: within 8 % of the best (11) at a twentieth of the time; the build stays about a second.
      writeFileSync(`${file}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }));
      writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
    }
  }
}

const common = { bundle: true, platform: 'node', target: 'node20', packages: 'external', sourcemap: true, logLevel: 'warning' };

/**
 * The worker processes (src/main/platform/worker.ts), one bundle each, into `outdir`: dist/main,
 * beside the bundle that starts them (browser mode's and Electron's); tests that run the app from
 * source build them into a folder of their own and name it in ARNIKA_WORKERS_DIR.
 */
export async function buildWorkers(outdir = join(root, 'dist/main')) {
  await esbuild({ ...common, entryPoints: { backupWorker: join(root, 'src/main/app/backupWorker.ts') }, format: 'esm', outdir, outExtension: { '.js': '.mjs' } });
}

export async function buildAll() {
  const started = Date.now();
  await viteBuild({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
  precompress(join(root, 'dist', 'renderer'));
  await esbuild({ ...common, entryPoints: [join(root, 'src/main/browser/entry.ts')], format: 'esm', outfile: join(root, 'dist/main/browser.mjs') });
  await buildWorkers();
  if (existsSync(join(root, 'src/main/electron/main.ts'))) {
    await esbuild({ ...common, entryPoints: [join(root, 'src/main/electron/main.ts')], format: 'esm', outfile: join(root, 'dist/main/electron.mjs'), external: ['electron'] });
  }
  if (existsSync(join(root, 'src/preload/index.ts'))) {
    // Sandboxed preloads must be CommonJS and may only require('electron'): bundle everything else in.
    await esbuild({ ...common, packages: undefined, external: ['electron'], entryPoints: [join(root, 'src/preload/index.ts')], format: 'cjs', outfile: join(root, 'dist/preload/index.cjs') });
  }
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(join(root, 'dist/.build-stamp'), new Date().toISOString());
  log(`done in ${Date.now() - started} ms`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  buildAll().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
