/**
 * Invoices at practice scale. (1) Issue and render 1,000 invoices with QR-bill through our API,
 * next to swissqrbill + pdfkit rendering the same 1,000 bills directly in the same run.
 * (2) The invoice list with 100,000 invoices, 1,000 drafts among them: p95 of a filtered page, next
 * to the raw SQL (for the drafts on a page, the raw side sums their lines).
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { createApp, type App } from '../src/main/app/createApp.js';
import { silentLogger } from '../src/main/platform/log.js';
import { InvoiceSnapshot } from '../src/main/invoices/snapshot.js';
import { fold } from '../src/shared/text/fold.js';
import { rawBillDataFromSnapshot, renderRawBill } from './lib/raw-qrbill.js';
import { ms, now, percentile, row } from './lib/stats.js';

async function call<T>(app: App, method: string, input: unknown): Promise<T> {
  const r = await app.dispatch(method, input);
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
  return r.data as T;
}

const practice = {
  name: 'Physiotherapie Arnika', therapistName: 'Anna Beispiel', profession: 'physiotherapy',
  address: { street: 'Bahnhofstrasse', houseNumber: '12', postalCode: '8001', town: 'Zürich', country: 'CH' },
  phone: '+41 44 123 45 67', email: 'praxis@example.ch', website: '', iban: 'CH4431999123000889012', qrReferencePrefix: '',
  zsrNumber: 'A123456', glnNumber: '', vatNumber: '', currency: 'CHF', defaultLanguage: 'de', paymentTermDays: 30,
};

function patient(i: number) {
  return {
    salutation: 'ms', firstName: `Anna${i}`, lastName: i % 2 ? 'Müller' : 'Dvořák', birthDate: '1980-03-12', sex: 'female', ahvNumber: '',
    address: { street: 'Dorfstrasse', houseNumber: String(i), postalCode: '3000', town: 'Bern', country: 'CH' }, phone: '', mobile: '',
    email: `p${i}@example.ch`, language: (['de', 'fr', 'it', 'en'] as const)[i % 4], insuranceName: '', insuredNumber: '', billingRecipient: null,
    invoicesByPost: false, consentDate: null, anamnesis: '', notes: '', categories: [],
  };
}

export async function benchIssueAndRender(dataDir: string, count = 1000): Promise<void> {
  console.log(`\nIssue and render ${count.toLocaleString('de-CH')} invoices (A4 PDF with QR-bill)`);
  const app = await createApp({ dataDir, log: silentLogger });
  const { id: practiceId } = await call<{ id: string }>(app, 'practices.create', { practice });
  const { id: serviceId } = await call<{ id: string }>(app, 'services.create', { practiceId, service: { code: '7301', names: { de: 'Medizinische Massage, pro 5 Minuten', fr: 'Massage médical, par 5 minutes', it: 'Massaggio medico, per 5 minuti', en: 'Medical massage, per 5 minutes' }, unit: 'min5', priceMinor: 1_050, vatRateBasisPoints: 0, active: true } });
  const drafts: string[] = [];
  for (let i = 0; i < count; i++) {
    const p = await call<{ id: string }>(app, 'patients.create', { patient: patient(i) });
    const ids: string[] = [];
    for (let k = 0; k < 3; k++) {
      ids.push((await call<{ id: string }>(app, 'consultations.create', { consultation: { patientId: p.id, date: `2026-11-${String(3 + k * 7).padStart(2, '0')}`, startTime: '09:00', durationMinutes: 45, items: [{ serviceId, quantityHundredths: 100 }], notes: '' } })).id);
    }
    drafts.push((await call<{ id: string }>(app, 'invoices.createDraft', { patientId: p.id, draft: { consultationIds: ids } })).id);
  }
  // Warm up both paths (fonts, JIT) outside the timed runs.
  await renderRawBill(rawBillDataFromSnapshot(snapshotOf(app, await issueOne(app, drafts.shift()!))));

  const started = now();
  const issuedIds: string[] = [];
  for (const id of drafts) {
    issuedIds.push(await issueOne(app, id));
    await call(app, 'invoices.pdf', { id });
  }
  const ours = now() - started;

  const snapshots = issuedIds.map((id) => snapshotOf(app, id));
  const rawStarted = now();
  for (const s of snapshots) await renderRawBill(rawBillDataFromSnapshot(s));
  const raw = now() - rawStarted;
  app.close();

  const n = issuedIds.length;
  row('', 'total', 'invoices/s');
  row('our API: invoices.issue + invoices.pdf', ms(ours), (n / (ours / 1000)).toFixed(1));
  row('raw swissqrbill + pdfkit, same bills', ms(raw), (n / (raw / 1000)).toFixed(1));
  row('ratio ours / raw (target >= 0.70)', '', (raw / ours).toFixed(2));
}

async function issueOne(app: App, id: string): Promise<string> {
  await call(app, 'invoices.issue', { id });
  return id;
}

function snapshotOf(app: App, id: string): InvoiceSnapshot {
  const r = app.db!.prepare('SELECT snapshot FROM invoices WHERE id = ?').get(id) as { snapshot: string };
  return InvoiceSnapshot.parse(JSON.parse(r.snapshot));
}

export async function benchInvoiceList(dataDir: string, count = 100_000, drafts = 1_000): Promise<void> {
  console.log(`\nInvoice list with ${count.toLocaleString('de-CH')} invoices, ${drafts.toLocaleString('de-CH')} of them drafts`);
  const app = await createApp({ dataDir, log: silentLogger });
  const { id: practiceId } = await call<{ id: string }>(app, 'practices.create', { practice });
  const patients: { id: string; name: string }[] = [];
  for (let i = 0; i < 1000; i++) {
    const p = await call<{ id: string; firstName: string; lastName: string }>(app, 'patients.create', { patient: patient(i) });
    patients.push({ id: p.id, name: `${p.firstName} ${p.lastName}` });
  }
  const db = app.db!;
  const seedStart = now();
  const insert = db.prepare(`INSERT INTO invoices (id, practice_id, patient_id, status, invoice_date, due_date, language, recipient, currency,
    number, number_value, number_period, snapshot, total_minor, issued_at, cancelled_at, cancel_reason, created_at, updated_at, patient_name, recipient_name, search_name)
    VALUES (?, ?, ?, ?, ?, ?, 'de', 'patient', 'CHF', ?, ?, ?, '{}', ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const p = patients[i % patients.length]!;
      const day = new Date(Date.UTC(2019, 0, 1) + Math.floor((i / count) * 8 * 365) * 86_400_000).toISOString().slice(0, 10);
      const cancelled = i % 50 === 0;
      insert.run(crypto.randomUUID(), practiceId, p.id, cancelled ? 'cancelled' : 'issued', day, day, `${day.slice(0, 4)}-${String(i + 1).padStart(6, '0')}`, i + 1, Number(day.slice(0, 4)),
        5_000 + (i % 300) * 5, `${day}T10:00:00Z`, cancelled ? `${day}T12:00:00Z` : null, cancelled ? 'Test' : null, `${day}T10:00:00Z`, `${day}T10:00:00Z`, p.name, p.name, fold(p.name));
    }
  })();
  row('seed 100,000 invoices (one transaction)', ms(now() - seedStart));

  // Drafts are made the way a user makes them: a consultation, then a draft from it (dates spread
  // over the same years, so drafts turn up on ordinary pages too).
  const draftStart = now();
  const { id: serviceId } = await call<{ id: string }>(app, 'services.create', { practiceId, service: { code: '7301', names: { de: 'Medizinische Massage, pro 5 Minuten', fr: '', it: '', en: '' }, unit: 'min5', priceMinor: 1_050, vatRateBasisPoints: 0, active: true } });
  for (let i = 0; i < drafts; i++) {
    const p = patients[i % patients.length]!;
    const day = new Date(Date.UTC(2019, 0, 1) + Math.floor((i / drafts) * 8 * 365) * 86_400_000).toISOString().slice(0, 10);
    const c = await call<{ id: string }>(app, 'consultations.create', { consultation: { patientId: p.id, date: day, startTime: '09:00', durationMinutes: 30 + (i % 4) * 15, items: [{ serviceId, quantityHundredths: 100 }], notes: '' } });
    await call(app, 'invoices.createDraft', { patientId: p.id, draft: { consultationIds: [c.id], invoiceDate: day } });
  }
  row(`create ${drafts.toLocaleString('de-CH')} drafts through the API`, ms(now() - draftStart));

  const filters = [
    { status: 'issued', from: '2025-01-01', to: '2025-12-31' },
    { status: 'cancelled' },
    { status: 'draft' },
    { query: 'muller' },
    { patientId: patients[42]!.id },
    { practiceId, status: 'issued', from: '2026-01-01', to: '2026-12-31', query: 'anna1' },
    {},
  ];
  const ours: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = now();
    await call(app, 'invoices.list', { ...filters[i % filters.length], offset: (i % 5) * 50, limit: 50 });
    ours.push(now() - t);
  }
  app.close();

  const raw = new Database(join(dataDir, 'arnika.sqlite'), { readonly: true });
  const rawTimes: number[] = [];
  for (let i = 0; i < 200; i++) {
    const f = filters[i % filters.length] as Record<string, string>;
    const where: string[] = [];
    const params: unknown[] = [];
    if (f.status) { where.push('status = ?'); params.push(f.status); }
    if (f.from) { where.push('invoice_date >= ?'); params.push(f.from); }
    if (f.to) { where.push('invoice_date <= ?'); params.push(f.to); }
    if (f.patientId) { where.push('patient_id = ?'); params.push(f.patientId); }
    if (f.practiceId) { where.push('practice_id = ?'); params.push(f.practiceId); }
    if (f.query) { where.push("(search_name LIKE ? OR number LIKE ?)"); params.push(`%${f.query}%`, `%${f.query.toUpperCase()}%`); }
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const t = now();
    raw.prepare(`SELECT count(*), coalesce(sum(CASE WHEN status = 'issued' THEN total_minor END), 0) FROM invoices ${w}`).get(...params);
    const page = raw.prepare(`SELECT * FROM invoices ${w} ORDER BY invoice_date DESC, coalesce(number_value, 9223372036854775807) DESC, created_at DESC, id DESC LIMIT 50 OFFSET ?`)
      .all(...params, (i % 5) * 50) as { id: string; status: string }[];
    const draftIds = page.filter((r) => r.status === 'draft').map((r) => r.id);
    if (draftIds.length > 0) {
      raw.prepare(`SELECT ic.invoice_id, sum(ci.quantity_hundredths * ci.unit_price_minor) AS s FROM invoice_consultations ic
        JOIN consultation_items ci ON ci.consultation_id = ic.consultation_id WHERE ic.invoice_id IN (${draftIds.map(() => '?').join(', ')}) GROUP BY ic.invoice_id`).all(...draftIds);
    }
    rawTimes.push(now() - t);
  }
  raw.close();
  row('', 'p50', 'p95');
  row('invoices.list filtered page (200 queries, our API)', ms(percentile(ours, 50)), ms(percentile(ours, 95)));
  row('same queries, raw better-sqlite3 SQL', ms(percentile(rawTimes, 50)), ms(percentile(rawTimes, 95)));
  filters.forEach((f, k) => {
    const times = ours.filter((_, i) => i % filters.length === k);
    row(`  ours, filter ${JSON.stringify(f).replace(patients[42]!.id, '…').slice(0, 40)}`, ms(percentile(times, 50)), ms(percentile(times, 95)));
  });
}
