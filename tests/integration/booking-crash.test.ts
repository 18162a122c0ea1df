/**
 * Booking a bank file is one transaction: a process killed with SIGKILL at a random moment while it
 * books a file of 3,000 credits leaves each file booked completely or not at all (its lines, the
 * bank keys that refuse a second booking, and the payments agree), and every booking the process
 * confirmed is there in full.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, expect, test } from 'vitest';
import { tempDir } from '../helpers/app.js';

const outFile = join(__dirname, '../../.tmp/crash-test/bookLoop.mjs');
beforeAll(async () => {
  mkdirSync(join(outFile, '..'), { recursive: true });
  await build({ entryPoints: [join(__dirname, '../helpers/bookLoop.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: outFile, logLevel: 'silent' });
});

/** Runs the loop and SIGKILLs it `delayMs` after it announced a booking. Resolves with the imports it confirmed booked. */
function runAndKill(dataDir: string, delayMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [outFile, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | null = null;
    child.stdout.on('data', (c) => {
      out += c;
      if (timer === null && out.includes('booking ')) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.stderr.on('data', (c) => (err += c));
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL' ? resolve([...out.matchAll(/^booked (\S+)$/gm)].map((m) => m[1]!)) : reject(new Error(`loop ended by itself: ${err}`)),
    );
  });
}

test('a booking killed with SIGKILL at random moments leaves each bank file booked in full or not at all', async () => {
  const dataDir = tempDir();
  const confirmed: string[] = [];
  for (let i = 0; i < 12; i++) confirmed.push(...(await runAndKill(dataDir, Math.floor(Math.random() * 400))));

  const db = new Database(join(dataDir, 'arnika.sqlite'), { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const imports = db.prepare(`SELECT i.id, count(l.position) AS lines, count(l.booked_at) AS booked,
        (SELECT count(*) FROM bank_credits c WHERE c.import_id = i.id) AS credits,
        (SELECT count(*) FROM payments p JOIN bank_credits c ON c.bank_key = p.bank_key WHERE c.import_id = i.id) AS payments
      FROM bank_imports i JOIN bank_import_lines l ON l.import_id = i.id GROUP BY i.id`).all() as { id: string; lines: number; booked: number; credits: number; payments: number }[];
    expect(imports.length).toBeGreaterThanOrEqual(12);
    const outcomes = new Set<string>();
    for (const imp of imports) {
      // All or nothing, and the three records of a booking agree.
      expect([0, imp.lines], imp.id).toContain(imp.booked);
      expect(imp.credits, imp.id).toBe(imp.booked);
      expect(imp.payments, imp.id).toBe(imp.booked);
      outcomes.add(imp.booked === 0 ? 'none' : 'all');
    }
    for (const id of confirmed) expect(imports.find((i) => i.id === id)?.booked, id).toBe(3000);
    // The kills landed both before and after commits (with 12 random moments this is near certain; it keeps the test honest).
    expect(outcomes.has('none')).toBe(true);
    const total = db.prepare('SELECT coalesce(sum(amount_minor), 0) AS s FROM payments').get() as { s: number };
    const expected = db.prepare('SELECT coalesce(sum(l.amount_minor), 0) AS s FROM bank_import_lines l WHERE l.booked_at IS NOT NULL').get() as { s: number };
    expect(total.s).toBe(expected.s);
  } finally {
    db.close();
  }
}, 240_000);
