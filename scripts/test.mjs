// npm test: the whole gate, in the order that fails fastest. Each step's output streams through.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { restoreNodeNative } from './start-electron.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const steps = [
  ['typecheck (node)', bin('tsc'), ['-p', 'tsconfig.node.json', '--noEmit']],
  ['typecheck (renderer)', bin('tsc'), ['-p', 'tsconfig.renderer.json', '--noEmit']],
  // End-to-end tests run code in the page too, so they see DOM types as well as Node's.
  ['typecheck (e2e)', bin('tsc'), ['-p', 'tsconfig.e2e.json', '--noEmit']],
  ['lint', bin('eslint'), ['.', '--max-warnings=0']],
  ['unit + integration (vitest)', bin('vitest'), ['run']],
  ['build', process.execPath, ['scripts/build.mjs']],
  ['end-to-end (playwright, chromium)', bin('playwright'), ['test']],
];
// An Electron session that was killed may have left better-sqlite3 built for Electron's ABI.
restoreNodeNative();
const only = process.argv.slice(2);
for (const [name, cmd, args] of steps) {
  if (only.length && !only.some((o) => name.startsWith(o))) continue;
  const started = Date.now();
  process.stderr.write(`\n=== ${name}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    process.stderr.write(`=== ${name} FAILED after ${seconds}s\n`);
    process.exit(r.status ?? 1);
  }
  process.stderr.write(`=== ${name} ok (${seconds}s)\n`);
}
