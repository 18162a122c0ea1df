import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { appVersion } from '../../src/main/platform/version.js';

test('the version the app reports is the package version', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  expect(appVersion).toBe(pkg.version);
});
