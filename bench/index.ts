/** `npm run bench`: builds, then prints each figure next to the raw library doing the same work. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchPatients } from './patients.js';

const root = process.env.ARNIKA_ROOT ?? process.cwd();
const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);

console.log(`Arnika benchmarks — node ${process.version}, ${new Date().toISOString()}`);
if (want('patients')) {
  const dir = mkdtempSync(join(tmpdir(), 'arnika-bench-patients-'));
  try {
    await benchPatients(root, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
