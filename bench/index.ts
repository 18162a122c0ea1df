/**
 * `npm run bench`: builds, then prints each figure next to the raw library doing the same work.
 * `npm run bench -- patients` (or invoices, invoice-list, mail, backup, payments) runs one part.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchBackup } from './backup.js';
import { benchInvoiceList, benchIssueAndRender } from './invoices.js';
import { benchPatients } from './patients.js';
import { benchStartup } from './startup.js';

const root = process.env.ARNIKA_ROOT ?? process.cwd();
const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);

console.log(`Arnika benchmarks — node ${process.version}, ${new Date().toISOString()}`);
async function inTempDir(name: string, fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), `arnika-bench-${name}-`));
  try {
    await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (want('patients')) await inTempDir('patients', (dir) => benchPatients(root, dir));
if (want('invoices')) await inTempDir('issue', (dir) => benchIssueAndRender(dir));
if (want('invoices') || want('invoice-list')) await inTempDir('list', (dir) => benchInvoiceList(dir));
if (want('startup')) await inTempDir('startup', (dir) => benchStartup(dir));
if (want('mail')) await inTempDir('mail', async (dir) => (await import('./mail.js')).benchMail(root, dir));
if (want('backup')) await inTempDir('backup', (dir) => benchBackup(dir));
if (want('payments')) await inTempDir('payments', async (dir) => (await import('./payments.js')).benchPayments(dir));
