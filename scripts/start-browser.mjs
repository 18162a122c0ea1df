// npm run start:browser [-- --data-dir DIR --port N]: build if the sources changed, then serve.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildAll } from './build.mjs';
import { needsBuild } from './freshness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (needsBuild(root)) {
  process.stderr.write('[arnika] building (first start or sources changed)...\n');
  await buildAll();
}
await import(pathToFileURL(join(root, 'dist/main/browser.mjs')).href);
