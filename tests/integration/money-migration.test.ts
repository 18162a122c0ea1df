/**
 * Migration 0011 (money in) on a database of version 10, whose rows are written in SQL the way that
 * version had them (a practice, a patient, an invoice issued the old way, its archived document):
 * every old row is untouched, the new tables are there and empty, and the old invoice takes
 * payments, shows its state, and can be reminded.
 */
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { loadMigrations } from '../../src/main/platform/db/migrations.js';
import { openDatabase } from '../../src/main/platform/db/open.js';
import { makeApp, tempDir } from '../helpers/app.js';
import { draftTheOldWay } from '../helpers/legacy.js';
import { chfSnapshot } from '../helpers/pdf.js';

const all = loadMigrations();
const v10 = all.findIndex((m) => m.name.startsWith('0011_')) ;
const oldTables = ['practices', 'patients', 'treatment_cases', 'consultations', 'invoices', 'documents', 'number_ranges'];
const ids = { practice: '00000000-0000-4000-8000-0000000000a0', patient: '00000000-0000-4000-8000-0000000000b0', service: '00000000-0000-4000-8000-0000000000d0', consultation: '00000000-0000-4000-8000-0000000000e0', invoice: '00000000-0000-4000-8000-0000000000c1', treatmentCase: '00000000-0000-4000-8000-0000000000f1' };

function rowsOf(db: import('better-sqlite3').Database): Record<string, unknown[]> {
  return Object.fromEntries(oldTables.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()]));
}

test('0011 adds the money tables to a version-10 database without touching its rows', async () => {
  expect(v10).toBe(10);
  const dataDir = tempDir('arnika-money-mig-');
  const now = '2026-10-01T08:00:00.000Z';
  const { db } = await openDatabase(join(dataDir, 'arnika.sqlite'), { migrations: all.slice(0, v10) });
  expect(db.pragma('user_version', { simple: true })).toBe(10);
  db.prepare(`INSERT INTO practices (id, name, therapist_name, profession, street, house_number, postal_code, town, country, phone, email, website, iban,
      qr_reference_prefix, zsr_number, gln_number, vat_number, currency, default_language, payment_term_days, is_default, created_at, updated_at)
    VALUES (?, 'Praxis Alt', 'Anna Alt', 'massage', 'Weg', '1', '3000', 'Bern', 'CH', '', '', '', 'CH93 0076 2011 6238 5295 7', '', '', '', '', 'CHF', 'de', 30, 1, ?, ?)`).run(ids.practice, now, now);
  db.prepare(`INSERT INTO patients (id, salutation, first_name, last_name, birth_date, sex, ahv_number, street, house_number, postal_code, town, country, phone, mobile,
      email, language, insurance_name, insured_number, billing_recipient, invoices_by_post, consent_date, anamnesis, notes, categories, archived_at, created_at, updated_at, search_text, sort_name)
    VALUES (?, 'ms', 'Olga', 'Alt', NULL, 'female', '', 'Gasse', '2', '3000', 'Bern', 'CH', '', '', 'olga@example.ch', 'de', '', '', NULL, 0, NULL, '', '', '[]', NULL, ?, ?, 'olga alt', 'alt olga')`)
    .run(ids.patient, now, now);
  db.prepare(`INSERT INTO services (id, practice_id, code, name_de, name_fr, name_it, name_en, unit, price_minor, vat_rate_bp, active, created_at, updated_at)
    VALUES (?, ?, 'S', 'Sitzung', '', '', '', 'session', 9000, 0, 1, ?, ?)`).run(ids.service, ids.practice, now, now);
  // Since 0009 a consultation belongs to a treatment case.
  db.prepare(`INSERT INTO treatment_cases (id, patient_id, title, reason, law, diagnosis, referrer_name, referrer_street, referrer_house_number, referrer_postal_code,
      referrer_town, referrer_country, referrer_gln, referrer_zsr, accident_date, claim_number, insurance_name, insured_number, start_date, end_date, remark, created_at, updated_at)
    VALUES (?, ?, '', NULL, NULL, '', '', '', '', '', '', 'CH', '', '', NULL, '', '', '', '2026-09-01', NULL, '', ?, ?)`).run(ids.treatmentCase, ids.patient, now, now);
  db.prepare(`INSERT INTO consultations (id, patient_id, practice_id, date, start_time, duration_minutes, notes, invoice_id, case_id, created_at, updated_at)
    VALUES (?, ?, ?, '2026-09-20', '09:00', 30, '', NULL, ?, ?, ?)`).run(ids.consultation, ids.patient, ids.practice, ids.treatmentCase, now, now);
  db.prepare(`INSERT INTO consultation_items (consultation_id, position, service_id, quantity_hundredths, unit_price_minor, vat_rate_bp) VALUES (?, 0, ?, 100, 9000, 0)`).run(ids.consultation, ids.service);
  draftTheOldWay(db, { id: ids.invoice, practiceId: ids.practice, patientId: ids.patient, consultationId: ids.consultation, currency: 'CHF', patientName: 'Olga Alt', createdAt: now });
  const snapshot = chfSnapshot({ invoiceNumber: '2026-00001', invoiceDate: '2026-09-10', dueDate: '2026-10-10' });
  // Issued as version 10 wrote it: number, snapshot and the counting period (the year in the format).
  db.prepare(`INSERT INTO number_ranges (id, label, range_from, range_to, next_value, this_workstation, active, created_at)
              VALUES ('00000000-0000-4000-8000-0000000000a1', 'Arbeitsplatz 1', 1, 999999, 1, 1, 1, ?)`).run(now);
  db.prepare("INSERT INTO number_range_years (range_id, year, next_value) VALUES ('00000000-0000-4000-8000-0000000000a1', 2026, 2)").run();
  db.prepare(`UPDATE invoices SET status = 'issued', number = ?, number_value = 1, number_period = 2026, number_range_id = '00000000-0000-4000-8000-0000000000a1',
                snapshot = ?, total_minor = ?, issued_at = ?, updated_at = ? WHERE id = ?`)
    .run(snapshot.invoiceNumber, JSON.stringify(snapshot), snapshot.totals.totalMinor, now, now, ids.invoice);
  db.prepare(`INSERT INTO documents (id, invoice_id, kind, seq, file_name, media_type, content, sha256, created_at, archived, app_version)
    VALUES ('00000000-0000-4000-8000-0000000000f0', ?, 'invoice', 1, 'Rechnung-2026-00001.pdf', 'application/pdf', x'255044462d', '${'a'.repeat(64)}', ?, 'at_issue', '0.1.0')`).run(ids.invoice, now);
  const before = rowsOf(db);
  db.close();

  const app = await makeApp({ dataDir, now: '2026-11-23T10:00:00Z' });
  try {
    const migrated = app.db!;
    expect(migrated.pragma('user_version', { simple: true })).toBe(all.length);
    // Later migrations may add columns (0012: a consultation's therapist); every old value stays as it was.
    const after = rowsOf(migrated);
    const oldColumnsOnly = Object.fromEntries(Object.entries(after).map(([t, rows]) => [t, rows.map((row, i) =>
      Object.fromEntries(Object.keys((before[t]![i] ?? {}) as object).map((k) => [k, (row as Record<string, unknown>)[k]])))]));
    expect(oldColumnsOnly).toEqual(before);
    for (const t of ['payments', 'invoice_charges', 'credit_notes', 'receipts', 'bank_imports', 'bank_import_lines', 'bank_credits', 'payment_settings', 'credit_note_counters', 'reminder_settings', 'reminders', 'reminder_deliveries', 'collection_handovers']) {
      expect(migrated.prepare(`SELECT count(*) FROM ${t}`).pluck().get(), t).toBe(0);
    }
    // The old invoice is overdue, takes a payment, and is listed for a reminder.
    const total = snapshot.totals.totalMinor;
    expect((await app.call('payments.forInvoice', { invoiceId: ids.invoice })).account).toMatchObject({ state: 'overdue', openMinor: total });
    expect((await app.call('reminders.preview', {})).items.map((i) => [i.number, i.level])).toEqual([['2026-00001', 1]]);
    await app.call('payments.record', { date: '2026-11-20', method: 'transfer', note: '', allocations: [{ invoiceId: ids.invoice, amountMinor: total }] });
    expect((await app.call('payments.forInvoice', { invoiceId: ids.invoice })).account.state).toBe('paid');
    expect((await app.call('reminders.preview', {})).items).toEqual([]);
  } finally {
    app.cleanup();
  }
});
