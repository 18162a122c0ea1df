/**
 * Start-up on a practice of 50,000 patients (with an anamnesis of about 1 KB each): createApp to
 * an answered app.info, which now takes the folder lock, tightens the folder and runs PRAGMA
 * quick_check before opening, next to raw better-sqlite3 opening the same file with and without
 * that quick_check. Target: ready in under 1 s.
 */
import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { createApp, databaseFileName } from '../src/main/app/createApp.js';
import { silentLogger } from '../src/main/platform/log.js';
import { seedPatients } from './patients.js';
import { ms, now, percentile, row } from './lib/stats.js';

const runs = 7;

function median(samples: number[]): number {
  return percentile(samples, 50);
}

export async function benchStartup(dataDir: string): Promise<void> {
  const count = 50_000;
  console.log(`\nStart-up (${count.toLocaleString('de-CH')} patients with anamnesis)`);
  const seeding = await createApp({ dataDir, log: silentLogger, mail: { autoStart: false } });
  seedPatients(seeding.db!, count);
  seeding.db!.prepare('UPDATE patients SET anamnesis = ?').run('Rückenschmerzen seit dem Umzug, Verspannung im Nacken; Physiotherapie 2024 mit gutem Erfolg. '.repeat(11));
  seeding.close();
  const file = join(dataDir, databaseFileName);
  row('database file', `${(statSync(file).size / 1024 / 1024).toFixed(1)} MB`);

  const ours: number[] = [];
  const rawCheck: number[] = [];
  const rawOpen: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t = now();
    const app = await createApp({ dataDir, log: silentLogger, mail: { autoStart: false } });
    const info = await app.dispatch('app.info', {});
    ours.push(now() - t);
    if (!info.ok) throw new Error(`app.info failed: ${JSON.stringify(info.error)}`);
    app.close();

    t = now();
    const checked = new Database(file);
    checked.pragma('quick_check');
    checked.pragma('journal_mode = WAL');
    checked.prepare('SELECT count(*) FROM practices').get();
    rawCheck.push(now() - t);
    checked.close();

    t = now();
    const plain = new Database(file);
    plain.pragma('journal_mode = WAL');
    plain.prepare('SELECT count(*) FROM practices').get();
    rawOpen.push(now() - t);
    plain.close();
  }
  row('', 'median', 'max');
  row('Arnika: createApp to app.info answered', ms(median(ours)), ms(Math.max(...ours)));
  row('raw better-sqlite3: open + quick_check + first query', ms(median(rawCheck)), ms(Math.max(...rawCheck)));
  row('raw better-sqlite3: open + first query (no check)', ms(median(rawOpen)), ms(Math.max(...rawOpen)));
}
