// npm test: the whole gate, in the order that fails fastest. Each step's output streams through.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
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
  ['unit + integration (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', '--outputFile.json=.tmp/test-results/vitest.json']],
  ['build', process.execPath, ['scripts/build.mjs']],
  ['end-to-end (playwright, chromium)', bin('playwright'), ['test', '--reporter=list,json']],
];
// An Electron session that was killed may have left better-sqlite3 built for Electron's ABI.
restoreNodeNative();
const only = process.argv.slice(2);
const results = join(root, '.tmp/test-results');
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

/** One plain closing line over both runners, e.g. "tests: 804 passed, 0 failed, 4 skipped". */
function summary() {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const read = (name) => (existsSync(join(results, name)) ? JSON.parse(readFileSync(join(results, name), 'utf8')) : null);
  const v = read('vitest.json');
  if (v) {
    passed += v.numPassedTests;
    failed += v.numFailedTests;
    skipped += v.numPendingTests + v.numTodoTests;
  }
  const p = read('playwright.json');
  if (p) {
    passed += p.stats.expected + p.stats.flaky;
    failed += p.stats.unexpected;
    skipped += p.stats.skipped;
  }
  process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
}
for (const [name, cmd, args] of steps) {
  if (only.length && !only.some((o) => name.startsWith(o))) continue;
  const started = Date.now();
  process.stderr.write(`\n=== ${name}\n`);
  const env = { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: join(results, 'playwright.json') };
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    process.stderr.write(`=== ${name} FAILED after ${seconds}s\n`);
    summary();
    process.exit(r.status ?? 1);
  }
  process.stderr.write(`=== ${name} ok (${seconds}s)\n`);
}
summary();
