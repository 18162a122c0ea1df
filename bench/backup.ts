/**
 * Backups at practice scale: a data folder with 50,000 patients and 100,000 issued invoices, each
 * with its archived PDF (a real invoice PDF of ~35 KB, made unique per invoice). Our backup into a
 * folder (snapshot, encryption, read back and checked, renamed) next to the raw primitives doing the
 * plain part of the same work in the same run: better-sqlite3's db.backup of the same database
 * plus Node's native scrypt (2^18) and ChaCha20-Poly1305 over the same bytes in the same 64 KiB
 * chunks, written and flushed (the primitives ours uses; no read-back, no check). Target: ours at
 * least 0.5 of raw (ours also proves the file). The pure-JavaScript age-encryption package on the
 * same bytes is an extra line for comparison. Then how long the one PRAGMA quick_check of a copy
 * takes (in the backup worker since it runs there; integrity_check for comparison), the restore of
 * that backup into a fresh data folder (inspect + restore), and the longest time the main process
 * could not answer while the backup ran (event-loop delay), overall and per step.
 *
 * ARNIKA_BENCH_SCALE (e.g. 0.1) shrinks the data for a quick look.
 */
import Database from 'better-sqlite3';
import { Encrypter } from 'age-encryption';
import { createCipheriv, createHash, hkdfSync, randomBytes, randomUUID, scrypt } from 'node:crypto';
import { createReadStream, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ReadableStream } from 'node:stream/web';
import { createApp, databaseFileName, type App } from '../src/main/app/createApp.js';
import { silentLogger } from '../src/main/platform/log.js';
import type { JobStatus } from '../src/shared/contract/jobs.js';
import { seedPatients } from './patients.js';
import { ms, now, row } from './lib/stats.js';

const passphrase = 'Bergblick und Arnika 2026';

async function call<T>(app: App, method: string, input: unknown): Promise<T> {
  const r = await app.dispatch(method, input);
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
  return r.data as T;
}

/** Runs a job to its end; the time each step took, by step key. */
async function timedJob(app: App, started: JobStatus): Promise<{ end: JobStatus; steps: Map<string, number>; pauses: Map<string, number> }> {
  const steps = new Map<string, number>();
  // The longest event-loop pause of this process within each step (a step's own histogram).
  const pauses = new Map<string, number>();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  let current: string | null = null;
  let since = now();
  const close = () => {
    if (!current) return;
    steps.set(current, (steps.get(current) ?? 0) + now() - since);
    pauses.set(current, Math.max(pauses.get(current) ?? 0, loop.max / 1e6));
  };
  const off = app.events.subscribe((e) => {
    if (e.type !== 'job' || e.job.id !== started.id) return;
    const key = e.job.step?.key ?? null;
    if (key !== current) {
      close();
      current = key;
      since = now();
      loop.reset();
    }
  });
  const end = await app.jobs.settled(started.id);
  close();
  loop.disable();
  off();
  if (end.state !== 'done') throw new Error(`${started.kind} ended ${end.state}: ${JSON.stringify(end.error)}`);
  return { end, steps, pauses };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/**
 * The raw primitives: scrypt 2^18 for the key (once, as ours), then ChaCha20-Poly1305 over the file
 * in 64 KiB chunks with a counter nonce, written in pieces of a megabyte and flushed.
 */
async function rawNativeEncrypt(source: string, target: string): Promise<void> {
  const salt = randomBytes(16);
  const wrapKey = await new Promise<Buffer>((resolve, reject) =>
    scrypt(passphrase, salt, 32, { N: 2 ** 18, r: 8, p: 1, maxmem: 2 * 128 * 8 * 2 ** 18 + (1 << 20) }, (err, key) => (err ? reject(err) : resolve(key))));
  const key = Buffer.from(hkdfSync('sha256', wrapKey, randomBytes(16), 'payload', 32));
  const chunk = 64 * 1024;
  const input = await open(source, 'r');
  const out = await open(target, 'w');
  try {
    const size = (await input.stat()).size;
    const chunks = Math.max(1, Math.ceil(size / chunk));
    const buffer = Buffer.alloc(chunk * 16);
    for (let first = 0; first < chunks; first += 16) {
      const count = Math.min(16, chunks - first);
      const length = Math.min(count * chunk, size - first * chunk);
      await input.read(buffer, 0, length, first * chunk);
      const sealed: Buffer[] = [];
      for (let i = 0; i < count; i++) {
        const nonce = Buffer.alloc(12);
        nonce.writeUIntBE(first + i, 5, 6);
        if (first + i === chunks - 1) nonce[11] = 1;
        const c = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
        sealed.push(c.update(buffer.subarray(i * chunk, Math.min((i + 1) * chunk, length))), c.final(), c.getAuthTag());
      }
      await out.write(Buffer.concat(sealed));
    }
    await out.sync();
  } finally {
    await input.close();
    await out.close();
  }
}

export async function benchBackup(dir: string): Promise<void> {
  const scale = Number(process.env.ARNIKA_BENCH_SCALE ?? 1);
  const patients = Math.round(50_000 * scale);
  const invoices = Math.round(100_000 * scale);
  console.log(`\nBackup and restore (${patients.toLocaleString('de-CH')} patients, ${invoices.toLocaleString('de-CH')} invoices with their PDFs)`);
  const dataDir = join(dir, 'data');
  const folder = join(dir, 'nas');
  mkdirSync(folder, { recursive: true });

  // --- the practice -------------------------------------------------------------------------
  const seedStart = now();
  const app = await createApp({ dataDir, log: silentLogger, mail: { autoStart: false }, backup: { checkEveryMs: 24 * 3_600_000 } });
  const practice = await call<{ id: string }>(app, 'practices.create', { practice: {
    name: 'Physiotherapie Bergblick', therapistName: 'Lea Brunner', profession: 'physiotherapy',
    address: { street: 'Bahnhofstrasse', houseNumber: '12', postalCode: '8001', town: 'Zürich', country: 'CH' },
    phone: '', email: '', website: '', iban: 'CH4431999123000889012', qrReferencePrefix: '', zsrNumber: '', glnNumber: '', vatNumber: '',
    currency: 'CHF', defaultLanguage: 'de', paymentTermDays: 30,
  } });
  const db = app.db!;
  seedPatients(db, patients);
  // One real invoice through the API, for a real PDF and snapshot.
  const patientIds = db.prepare('SELECT id FROM patients').pluck().all() as string[];
  const service = await call<{ id: string }>(app, 'services.create', { practiceId: practice.id, service: { code: '7301', names: { de: 'Medizinische Massage, pro 5 Minuten', fr: '', it: '', en: '' }, unit: 'min5', priceMinor: 1_050, vatRateBasisPoints: 0, active: true } });
  const consultation = await call<{ id: string }>(app, 'consultations.create', { consultation: { patientId: patientIds[0], date: '2026-11-03', startTime: '09:00', durationMinutes: 45, items: [{ serviceId: service.id, quantityHundredths: 100 }], notes: '' } });
  const draft = await call<{ id: string }>(app, 'invoices.createDraft', { patientId: patientIds[0], draft: { consultationIds: [consultation.id] } });
  await call(app, 'invoices.issue', { id: draft.id });
  const sample = db.prepare('SELECT i.snapshot, d.content FROM invoices i JOIN documents d ON d.invoice_id = i.id').get() as { snapshot: string; content: Buffer };
  const insertInvoice = db.prepare(`INSERT INTO invoices (id, practice_id, patient_id, status, invoice_date, due_date, language, recipient, currency,
    number, number_value, number_period, snapshot, total_minor, issued_at, created_at, updated_at, patient_name, recipient_name, search_name)
    VALUES (?, ?, ?, 'issued', ?, ?, 'de', 'patient', 'CHF', ?, ?, ?, ?, 9450, ?, ?, ?, 'Anna Müller', 'Anna Müller', 'anna muller')`);
  const insertDocument = db.prepare(`INSERT INTO documents (id, invoice_id, kind, seq, file_name, media_type, content, sha256, created_at, archived, app_version)
    VALUES (?, ?, 'invoice', 1, ?, 'application/pdf', ?, ?, ?, 'at_issue', '0.1.0')`);
  db.transaction(() => {
    for (let i = 0; i < invoices - 1; i++) {
      const id = randomUUID();
      const day = new Date(Date.UTC(2017, 0, 1) + Math.floor((i / invoices) * 9 * 365) * 86_400_000).toISOString().slice(0, 10);
      const number = `${day.slice(0, 4)}-${String(i + 2).padStart(6, '0')}`;
      // Counted per year since billing (number_period); the values stay unique across the years anyway.
      insertInvoice.run(id, practice.id, patientIds[i % patientIds.length], day, day, number, i + 2, Number(day.slice(0, 4)), sample.snapshot, `${day}T10:00:00Z`, `${day}T10:00:00Z`, `${day}T10:00:00Z`);
      // The same PDF, made unique as each invoice's own is.
      const content = Buffer.concat([sample.content, Buffer.from(`\n%${number}\n`)]);
      insertDocument.run(randomUUID(), id, `Rechnung-${number}.pdf`, content, createHash('sha256').update(content).digest('hex'), `${day}T10:00:00Z`);
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  row('seed (patients, invoices with PDFs)', ms(now() - seedStart));
  const dbSize = statSync(join(dataDir, databaseFileName)).size;
  row('database file', mb(dbSize));

  // --- raw: db.backup + Node's native scrypt and ChaCha20-Poly1305 over the same bytes --------
  const rawCopy = join(dir, 'raw.sqlite');
  const rawOut = join(dir, 'raw.enc');
  const rawStart = now();
  const rawDb = new Database(join(dataDir, databaseFileName), { readonly: true });
  await rawDb.backup(rawCopy);
  rawDb.close();
  const rawBackupMs = now() - rawStart;
  await rawNativeEncrypt(rawCopy, rawOut);
  const raw = now() - rawStart;
  rmSync(rawOut);

  // --- extra: the age-encryption package (pure JavaScript) on the same bytes ------------------
  const ageStart = now();
  const encrypter = new Encrypter();
  encrypter.setPassphrase(passphrase);
  async function* chunks() {
    for await (const c of createReadStream(rawCopy, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) yield new Uint8Array(c.buffer, c.byteOffset, c.length);
  }
  const encrypted = await encrypter.encrypt(ReadableStream.from(chunks()) as unknown as globalThis.ReadableStream<Uint8Array>);
  const out = await open(rawOut, 'w');
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  for await (const c of encrypted as unknown as AsyncIterable<Uint8Array>) {
    pending.push(c);
    pendingBytes += c.length;
    if (pendingBytes >= 1 << 20) {
      await out.write(Buffer.concat(pending, pendingBytes));
      pending = [];
      pendingBytes = 0;
    }
  }
  if (pendingBytes > 0) await out.write(Buffer.concat(pending, pendingBytes));
  await out.sync();
  await out.close();
  const ageMs = now() - ageStart;
  rmSync(rawOut);

  // --- the check of a copy: one synchronous call (in the backup worker, for ours) ------------------------
  const checkDb = new Database(rawCopy, { readonly: true });
  let at = now();
  checkDb.pragma('quick_check');
  const quickCheckMs = now() - at;
  at = now();
  checkDb.pragma('integrity_check');
  const integrityCheckMs = now() - at;
  checkDb.close();
  rmSync(rawCopy);

  // --- ours ----------------------------------------------------------------------------------
  // Set up only now: the app's first automatic check (a minute after its start) must not take this backup's place.
  await call(app, 'backup.configure', { folder, passphrase, retention: { daily: 7, weekly: 4, monthly: 12 } });
  // The same measure over a few idle seconds first: on a loaded machine the system's scheduling
  // alone makes pauses of this size, which are not the backup's.
  const idle = monitorEventLoopDelay({ resolution: 10 });
  idle.enable();
  await new Promise((r) => setTimeout(r, 5_000));
  idle.disable();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const oursStart = now();
  const { steps, pauses } = await timedJob(app, await call<JobStatus>(app, 'backup.run', { target: 'folder' }));
  const ours = now() - oursStart;
  loop.disable();
  const backupFile = join(folder, readdirSync(folder).find((n) => n.endsWith('.arnika'))!);
  app.close();

  row('', 'time', 'MB/s');
  row('ours: backup.run (snapshot, encrypt, read back + check, rename)', ms(ours), (dbSize / 1024 / 1024 / (ours / 1000)).toFixed(0));
  for (const [step, t] of steps) row(`  ${step} (longest pause ${ms(pauses.get(step) ?? 0)})`, ms(t));
  row('raw: db.backup + native scrypt 2^18 + ChaCha20-Poly1305, flushed', ms(raw), (dbSize / 1024 / 1024 / (raw / 1000)).toFixed(0));
  row('  of which db.backup', ms(rawBackupMs));
  row('ratio raw / ours (target >= 0.50)', '', (raw / ours).toFixed(2));
  row('extra: age-encryption package (pure JS) on the same bytes', ms(ageMs), (dbSize / 1024 / 1024 / (ageMs / 1000)).toFixed(0));
  row('PRAGMA quick_check of the copy (ours runs it in the backup worker)', ms(quickCheckMs));
  row('PRAGMA integrity_check of the copy (for comparison)', ms(integrityCheckMs));
  row('backup file', mb(statSync(backupFile).size));
  row('longest pause of the app while backing up (event loop)', ms(loop.max / 1e6));
  row('  for comparison: longest pause over 5 s idle just before', ms(idle.max / 1e6));

  // --- restore into a fresh data folder -----------------------------------------------------
  const target = await createApp({ dataDir: join(dir, 'restored'), log: silentLogger, mail: { autoStart: false }, backup: { checkEveryMs: 24 * 3_600_000 } });
  const restoreLoop = monitorEventLoopDelay({ resolution: 10 });
  restoreLoop.enable();
  const restoreStart = now();
  const upload = target.files!.adoptUpload(backupFile, 'backup.arnika');
  const inspected = await timedJob(target, await call<JobStatus>(target, 'backup.inspect', { uploadId: upload.uploadId, passphrase }));
  const inspectMs = now() - restoreStart;
  const restored = await timedJob(target, await call<JobStatus>(target, 'backup.restore', { restoreId: (inspected.end.result as { restoreId: string }).restoreId, mode: 'replace' }));
  const restoreMs = now() - restoreStart;
  restoreLoop.disable();
  const count = (await call<{ total: number }>(target, 'patients.list', { status: 'all' })).total;
  target.close();
  row('restore: inspect (decrypt + check)', ms(inspectMs));
  for (const [step, t] of inspected.steps) row(`  ${step}`, ms(t));
  row('restore: inspect + restore (until the app runs on it)', ms(restoreMs));
  for (const [step, t] of restored.steps) row(`  ${step}`, ms(t));
  row('longest pause of the app while restoring (event loop)', ms(restoreLoop.max / 1e6));
  if (count !== patients) throw new Error(`restored ${count} patients, expected ${patients}`);
}
