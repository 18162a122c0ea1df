// Builds the app once if dist/ is missing (npm test builds before Playwright; a bare
// `npx playwright test` after a fresh checkout should still work), and makes the run's test CA for
// the SMTP servers (tests/helpers/testCa.ts). The CA is trusted the standard Node way: the apps the
// tests start get NODE_EXTRA_CA_CERTS, and so do the test workers (they start after this and
// inherit it), which matters for the app that a test runs in its own process on its own clock
// (tests/e2e/inProcessApp.ts).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../helpers/browserApp.js';
import { makeTestCa } from '../helpers/testCa.js';

export default async function globalSetup(): Promise<() => void> {
  const root = projectRoot();
  if (!existsSync(join(root, 'dist/main/browser.mjs')) || !existsSync(join(root, 'dist/main/backupWorker.mjs')) || !existsSync(join(root, 'dist/renderer/index.html'))) {
    const build = (await import(pathToFileURL(join(root, 'scripts/build.mjs')).href)) as { buildAll(): Promise<void> };
    await build.buildAll();
  }
  // The app a test runs in its own process (inProcessApp.ts) runs from source: its worker processes are the built ones.
  process.env.ARNIKA_WORKERS_DIR = join(root, 'dist/main');
  const previous = process.env.NODE_EXTRA_CA_CERTS;
  const ca = makeTestCa(previous);
  process.env.NODE_EXTRA_CA_CERTS = ca.bundle;
  process.env.ARNIKA_TEST_TLS_DIR = ca.dir;
  return () => ca.remove();
}
