// Builds the app once if dist/ is missing (npm test builds before Playwright; a bare
// `npx playwright test` after a fresh checkout should still work).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../helpers/browserApp.js';

export default async function globalSetup(): Promise<void> {
  const root = projectRoot();
  if (existsSync(join(root, 'dist/main/browser.mjs')) && existsSync(join(root, 'dist/renderer/index.html'))) return;
  const build = (await import(pathToFileURL(join(root, 'scripts/build.mjs')).href)) as { buildAll(): Promise<void> };
  await build.buildAll();
}
