/**
 * Migration 0007 (archived documents, the payment reference as a column) on a database that version 6
 * wrote: issued, cancelled, EUR and draft invoices in the old shape (no document, no reference column).
 * After it, every issued invoice carries its reference (one per account), the immutability trigger is
 * back and covers the new columns, and an old invoice gets its documents the first time they are
 * needed: rendered once from its snapshot, archived, marked as archived later, and from then on fixed.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadMigrations } from '../../src/main/platform/db/migrations.js';
import { openDatabase } from '../../src/main/platform/db/open.js';
import { catalogs } from '../../src/shared/i18n/index.js';
import { buildPaymentReference } from '../../src/main/invoices/snapshot.js';
import { Practices } from '../../src/main/practices/practices.js';
import { PatientFields } from '../../src/shared/contract/patients.js';
import { PracticeFields } from '../../src/shared/contract/practices.js';
import { makeApp, tempDir, type TestApp } from '../helpers/app.js';
import { patientInput, practiceInput } from '../helpers/fixtures.js';
import { cancelTheOldWay, consultationTheOldWay, draftTheOldWay, issueTheOldWay, patientTheOldWay, serviceTheOldWay } from '../helpers/legacy.js';
import { chfSnapshot, DE_IBAN, eurSnapshot, pdfText, pdfWorkspace, QR_IBAN, qrCodesInPdf } from '../helpers/pdf.js';

const all = loadMigrations();
const before0007 = all.findIndex((m) => m.name === '0007_documents.sql');
const clock = { now: () => new Date('2026-10-01T08:00:00Z') };
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const tables = ['invoices', 'consultations', 'invoice_consultations', 'number_ranges'];
let oldColumns: Record<string, string[]> = {};
/** The rows of the tables 0007 touches, in the columns they had before. */
function rowsOf(db: Database.Database): string {
  if (db.pragma('user_version', { simple: true }) === before0007) {
    oldColumns = Object.fromEntries(tables.map((t) => [t, (db.pragma(`table_info(${t})`) as { name: string }[]).map((c) => c.name)]));
  }
  return JSON.stringify(tables.map((t) => db.prepare(`SELECT ${oldColumns[t]!.join(', ')} FROM ${t} ORDER BY rowid`).all()));
}

/**
 * A database of the version before 0007: a QR-IBAN practice with an issued invoice, a cancelled one,
 * one whose number (format changed to {N}) gives the same reference as the first, and a draft; and
 * a German practice with an issued EUR invoice (no reference).
 */
async function oldDatabase(dataDir: string) {
  const { db } = await openDatabase(join(dataDir, 'arnika.sqlite'), { migrations: all.slice(0, before0007) });
  const practices = new Practices(db, clock);
  const now = clock.now().toISOString();
  const swiss = practices.create(PracticeFields.parse(practiceInput({ iban: QR_IBAN })));
  const german = practices.create(PracticeFields.parse(practiceInput({
    name: 'Praxis Berlin', currency: 'EUR', iban: DE_IBAN, address: { street: 'Invalidenstraße', houseNumber: '117', postalCode: '10115', town: 'Berlin', country: 'DE' },
  })));
  const patient = patientTheOldWay(db, PatientFields.parse(patientInput()), now);
  let n = 0;
  const draftOf = (practice: { id: string; currency: 'CHF' | 'EUR' }, date: string) => {
    const service = serviceTheOldWay(db, practice.id, { code: `S${date}`, name: 'Sitzung', unit: 'session', priceMinor: 12_345 }, now);
    const c = consultationTheOldWay(db, { patientId: patient.id, practiceId: practice.id, date, durationMinutes: 30, serviceId: service.id, quantityHundredths: 100, unitPriceMinor: 12_345 }, now);
    return draftTheOldWay(db, {
      id: `00000000-0000-4000-8000-00000000000${++n}`, practiceId: practice.id, patientId: patient.id, consultationId: c.id, currency: practice.currency,
      patientName: 'Anna Müller', createdAt: clock.now().toISOString(),
    });
  };
  const issuedAt = clock.now().toISOString();
  const ids = { issued: draftOf(swiss, '2026-09-01'), cancelled: draftOf(swiss, '2026-09-02'), sameReference: draftOf(swiss, '2026-09-03'), eur: draftOf(german, '2026-09-04'), draft: draftOf(swiss, '2026-09-05') };
  const dates = { invoiceDate: '2026-09-10', dueDate: '2026-10-10' };
  const snapshots = {
    issued: chfSnapshot({ invoiceNumber: '2026-00001', ...dates }),
    cancelled: chfSnapshot({ invoiceNumber: '2026-00002', ...dates }),
    // The practice changed its number format to {N} and set a range that starts at 202600001: the
    // digits, and so the QR reference, are those of 2026-00001.
    sameReference: chfSnapshot({ invoiceNumber: '202600001', ...dates }),
    // As the app issued EUR invoices: no reference (the GiroCode carries the invoice number as text).
    eur: { ...eurSnapshot({ invoiceNumber: 'RE-2026-0004', ...dates }), paymentReference: { type: 'NON' as const, value: '' as const } },
  };
  for (const k of ['issued', 'cancelled', 'sameReference', 'eur'] as const) issueTheOldWay(db, ids[k], snapshots[k], issuedAt);
  cancelTheOldWay(db, ids.cancelled, 'Doppelt erfasst', '2026-09-20T10:30:00Z');
  const before = rowsOf(db);
  db.close();
  return { ids, snapshots, before };
}

let app: TestApp;
let old: Awaited<ReturnType<typeof oldDatabase>>;
beforeAll(async () => {
  const dataDir = tempDir('arnika-docs-mig-');
  old = await oldDatabase(dataDir);
  app = await makeApp({ dataDir });
});
afterAll(() => app?.cleanup());

const columns = (id: string) => app.db!.prepare('SELECT payment_reference, creditor_iban FROM invoices WHERE id = ?').get(id);

describe('migration 0007', () => {
  test('backs up, keeps every old row as it was, and fills each issued invoice\'s reference from its snapshot: one per account', () => {
    const db = app.db!;
    expect(before0007).toBe(6);
    expect(db.pragma('user_version', { simple: true })).toBe(all.length);
    expect(readdirSync(join(app.dataDir, 'backups')).some((f) => f.startsWith(`before-migration-v${before0007}-to-v`))).toBe(true);
    expect(rowsOf(db)).toBe(old.before);
    expect(db.pragma('foreign_key_check')).toEqual([]);

    const qrIban = 'CH4431999123000889012';
    expect(columns(old.ids.issued)).toEqual({ payment_reference: old.snapshots.issued.paymentReference.value, creditor_iban: qrIban });
    expect(old.snapshots.issued.paymentReference).toEqual({ type: 'QRR', value: buildPaymentReference({ iban: QR_IBAN, qrReferencePrefix: '' }, '2026-00001').value });
    expect(columns(old.ids.cancelled)).toEqual({ payment_reference: old.snapshots.cancelled.paymentReference.value, creditor_iban: qrIban });
    // Same reference, same account: a payment could not tell them apart, so the later one has none.
    expect(old.snapshots.sameReference.paymentReference.value).toBe(old.snapshots.issued.paymentReference.value);
    expect(columns(old.ids.sameReference)).toEqual({ payment_reference: null, creditor_iban: qrIban });
    expect(columns(old.ids.eur)).toEqual({ payment_reference: null, creditor_iban: 'DE89370400440532013000' });
    expect(columns(old.ids.draft)).toEqual({ payment_reference: null, creditor_iban: null });
  });

  test('the immutability trigger is back, refuses changes to the new columns as to the old ones, and the reference is unique per account', () => {
    const db = app.db!;
    const trigger = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'invoices_issued_immutable'").pluck().get() as string;
    expect(trigger).toContain('NEW.payment_reference IS OLD.payment_reference');
    const refused = (sql: string, ...params: unknown[]) => expect(() => db.prepare(sql).run(...params)).toThrow(/issued invoices are immutable/);
    refused('UPDATE invoices SET payment_reference = ? WHERE id = ?', '000000000000000000000000017', old.ids.issued);
    refused('UPDATE invoices SET creditor_iban = ? WHERE id = ?', 'CH9300762011623852957', old.ids.issued);
    refused('UPDATE invoices SET payment_reference = NULL WHERE id = ?', old.ids.cancelled);
    refused("UPDATE invoices SET snapshot = '{}' WHERE id = ?", old.ids.issued);
    refused("UPDATE invoices SET total_minor = 1 WHERE id = ?", old.ids.eur);
    expect(() => db.prepare('UPDATE invoices SET payment_reference = ?, creditor_iban = ? WHERE id = ?')
      .run(old.snapshots.issued.paymentReference.value, 'CH4431999123000889012', old.ids.draft)).toThrow(/UNIQUE constraint failed/);
    expect(columns(old.ids.issued)).toEqual({ payment_reference: old.snapshots.issued.paymentReference.value, creditor_iban: 'CH4431999123000889012' });
  });

  test('invoices.get and invoices.list return the reference', async () => {
    expect((await app.call('invoices.get', { id: old.ids.issued })).paymentReference).toBe(old.snapshots.issued.paymentReference.value);
    const listed = new Map((await app.call('invoices.list', {})).items.map((i) => [i.id, i.paymentReference]));
    expect(listed.get(old.ids.cancelled)).toBe(old.snapshots.cancelled.paymentReference.value);
    expect(listed.get(old.ids.eur)).toBeNull();
    expect(listed.get(old.ids.draft)).toBeNull();
  });
});

describe('documents of invoices issued before the archive', () => {
  test('are rendered from the snapshot once, when first needed, archived as "later", and fixed from then on', async () => {
    expect((await app.call('invoices.get', { id: old.ids.issued })).documents).toEqual([]);
    const first = Buffer.from((await app.call('invoices.pdf', { id: old.ids.issued })).contentBase64, 'base64');
    const { documents } = await app.call('invoices.get', { id: old.ids.issued });
    expect(documents).toEqual([{ kind: 'invoice', fileName: 'Rechnung-2026-00001.pdf', sha256: sha256(first), createdAt: expect.any(String), archivedLater: true }]);
    expect(app.db!.prepare('SELECT app_version FROM documents WHERE invoice_id = ?').pluck().get(old.ids.issued)).toMatch(/^\d+\.\d+\.\d+/);

    const label = catalogs.de['doc.colText'];
    catalogs.de['doc.colText'] = 'Behandlung';
    try {
      const again = Buffer.from((await app.call('invoices.pdf', { id: old.ids.issued })).contentBase64, 'base64');
      expect(again.equals(first)).toBe(true);
    } finally {
      catalogs.de['doc.colText'] = label;
    }
  });

  test('a cancelled one gets its original (payable, as it was sent) and a cancellation notice without a payment part', async () => {
    const ws = await pdfWorkspace();
    const original = await ws.write(Buffer.from((await app.call('invoices.pdf', { id: old.ids.cancelled })).contentBase64, 'base64'));
    const notice = await ws.write(Buffer.from((await app.call('invoices.pdf', { id: old.ids.cancelled, kind: 'cancellation' })).contentBase64, 'base64'));
    expect(await qrCodesInPdf(original)).toHaveLength(1);
    expect(await qrCodesInPdf(notice)).toEqual([]);
    expect(await pdfText(notice)).toContain('Storniert am 20.09.2026 – nicht bezahlen');
    const { documents } = await app.call('invoices.get', { id: old.ids.cancelled });
    expect(documents.map((d) => [d.kind, d.archivedLater])).toEqual([['invoice', true], ['cancellation', true]]);
  });
});
