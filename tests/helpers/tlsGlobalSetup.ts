/**
 * vitest globalSetup: makes the certificates for the test SMTP servers (tests/helpers/testCa.ts),
 * once per run, and trusts the test CA the standard Node way: NODE_EXTRA_CA_CERTS. Node reads that
 * variable only when a process starts, so it is set here, in vitest's main process, before the
 * forked workers start; they inherit it. The product code has no switch to trust a certificate (or
 * to skip verification), so this is the only way the tests get a trusted server.
 *
 * ARNIKA_TEST_TLS_DIR names the folder with the files (see testCa.ts for the list).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { makeTestCa } from './testCa.js';

export default async function setup(): Promise<() => void> {
  // The app's worker processes (the backup worker), built from this source for this run, since
  // the tests run the app from source and not from dist/; the app finds them through
  // ARNIKA_WORKERS_DIR (src/main/platform/worker.ts), inherited like the CA below.
  const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
  const workers = join(root, '.tmp/test-workers');
  const build = (await import(pathToFileURL(join(root, 'scripts/build.mjs')).href)) as { buildWorkers(outdir: string): Promise<void> };
  await build.buildWorkers(workers);
  const previousWorkers = process.env.ARNIKA_WORKERS_DIR;
  process.env.ARNIKA_WORKERS_DIR = workers;

  // Keep whatever extra CAs the caller already trusted, and add ours.
  const previous = process.env.NODE_EXTRA_CA_CERTS;
  const ca = makeTestCa(previous);
  process.env.NODE_EXTRA_CA_CERTS = ca.bundle;
  process.env.ARNIKA_TEST_TLS_DIR = ca.dir;

  return () => {
    ca.remove();
    if (previous === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
    else process.env.NODE_EXTRA_CA_CERTS = previous;
    delete process.env.ARNIKA_TEST_TLS_DIR;
    if (previousWorkers === undefined) delete process.env.ARNIKA_WORKERS_DIR;
    else process.env.ARNIKA_WORKERS_DIR = previousWorkers;
  };
}
