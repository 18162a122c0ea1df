import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, expect, test } from 'vitest';
import { InvoiceSnapshot, checkPrintable } from '../../src/main/invoices/snapshot.js';
import { tempDir } from '../helpers/app.js';

const outFile = join(__dirname, '../../.tmp/crash-test/issueLoop.mjs');
beforeAll(async () => {
  mkdirSync(join(outFile, '..'), { recursive: true });
  await build({ entryPoints: [join(__dirname, '../helpers/issueLoop.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: outFile, logLevel: 'silent' });
});

/**
 * Starts the issuing loop and SIGKILLs it a random moment after its first confirmed invoice, so
 * that every round kills a process in the middle of issuing, however slow a loaded machine makes
 * it. Resolves with the numbers the child confirmed (printed after each commit).
 */
function runAndKill(dataDir: string, delayMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [outFile, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | null = null;
    child.stdout.on('data', (c) => {
      out += c;
      if (timer === null && out.includes('issued ')) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.stderr.on('data', (c) => (err += c));
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL' ? resolve([...out.matchAll(/^issued (\S+)$/gm)].map((m) => m[1]!)) : reject(new Error(`loop ended by itself: ${err}`)),
    );
  });
}

test('invoices issued by a process killed with SIGKILL at random moments stay complete and unique', async () => {
  const dataDir = tempDir();
  const confirmed: string[] = [];
  const kills = 25;
  for (let i = 0; i < kills; i++) confirmed.push(...(await runAndKill(dataDir, Math.floor(Math.random() * 250))));

  const db = new Database(join(dataDir, 'arnika.sqlite'));
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const issued = db.prepare("SELECT number, number_value, snapshot, total_minor FROM invoices WHERE status = 'issued' ORDER BY number_value").all() as { number: string; number_value: number; snapshot: string; total_minor: number }[];
    // Every number a child confirmed was committed (synchronous=FULL) and is there; a child may
    // have committed one more that it had no time to print before the kill, never more.
    const numbers = new Set(issued.map((r) => r.number));
    expect(confirmed.filter((n) => !numbers.has(n))).toEqual([]);
    expect(new Set(confirmed).size).toBe(confirmed.length);
    expect(issued.length - confirmed.length).toBeLessThanOrEqual(kills);
    // Contiguous from 1 in each year's sequence (the test issues with today's date).
    for (const year of new Set(issued.map((r) => r.number.slice(0, 4)))) {
      const values = issued.filter((r) => r.number.startsWith(year)).map((r) => r.number_value);
      expect(values).toEqual(values.map((_, i) => i + 1));
    }
    expect(new Set(issued.map((r) => r.number)).size).toBe(issued.length);
    for (const row of issued) {
      const snapshot = InvoiceSnapshot.parse(JSON.parse(row.snapshot));
      expect(snapshot.invoiceNumber).toBe(row.number);
      expect(snapshot.totals.totalMinor).toBe(row.total_minor);
      expect(checkPrintable(snapshot)).toEqual([]);
    }
    // An issued invoice always has its document: its PDF, archived in the issuing transaction, intact.
    const documents = db.prepare("SELECT d.invoice_id, d.kind, d.content, d.sha256, d.archived, i.status FROM documents d JOIN invoices i ON i.id = d.invoice_id ORDER BY i.number_value").all() as { invoice_id: string; kind: string; content: Buffer; sha256: string; archived: string; status: string }[];
    expect(documents).toHaveLength(issued.length);
    for (const d of documents) {
      expect(d).toMatchObject({ kind: 'invoice', archived: 'at_issue', status: 'issued' });
      expect(createHash('sha256').update(d.content).digest('hex')).toBe(d.sha256);
      expect(d.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    }
    // The default pattern carries the year: the numbers come from the range's counter of each year (values from 1).
    const counted = db.prepare('SELECT sum(y.next_value - 1) FROM number_range_years y JOIN number_ranges r ON r.id = y.range_id WHERE r.active = 1').pluck().get() as number;
    expect(counted).toBe(issued.length);
    // Consultations on an issued invoice all point at it; none is on two.
    const orphans = db.prepare("SELECT count(*) AS n FROM invoices i WHERE status = 'issued' AND NOT EXISTS (SELECT 1 FROM consultations c WHERE c.invoice_id = i.id)").get() as { n: number };
    expect(orphans.n).toBe(0);
  } finally {
    db.close();
  }
}, 120_000);
