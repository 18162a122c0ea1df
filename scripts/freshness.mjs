// Is dist/ older than the sources it is built from? Used to "build if needed" before starting.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return latest;
}

export function needsBuild(root) {
  const stamp = join(root, 'dist/.build-stamp');
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  const sources = ['src', 'migrations'].map((d) => join(root, d)).filter(existsSync);
  const files = ['vite.config.ts', 'package.json'].map((f) => join(root, f)).filter(existsSync);
  return Math.max(...sources.map(newest), ...files.map((f) => statSync(f).mtimeMs)) > built;
}
