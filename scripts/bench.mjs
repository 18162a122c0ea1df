// npm run bench [-- patients invoices mail]: build the app, bundle bench/ and run it under Node.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildAll } from './build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await buildAll();
const out = join(root, '.tmp/bench/bench.mjs');
await build({ entryPoints: [join(root, 'bench/index.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile: out, logLevel: 'warning' });
const r = spawnSync(process.execPath, [out, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env: { ...process.env, ARNIKA_ROOT: root, ARNIKA_WORKERS_DIR: join(root, 'dist/main') } });
process.exit(r.status ?? 1);
