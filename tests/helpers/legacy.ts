/**
 * Rows as an older Arnika wrote them, for migration tests: an invoice issued before migration 0007
 * has its number and snapshot but no archived document and no payment reference column. The code
 * of today cannot issue that way, so the issue is written in SQL, the way the old code did it: take
 * the next number of the active range, freeze the snapshot, mark the row issued.
 */
import type { Db } from '../../src/main/platform/db/open.js';
import { buildSearchText, buildSortName } from '../../src/main/patients/search.js';
import type { PatientFields } from '../../src/shared/contract/patients.js';
import type { InvoiceSnapshot } from '../../src/main/invoices/snapshot.js';

/** A draft for one consultation, as the old code wrote it (today's createDraft reads columns the old schema lacks). */
export function draftTheOldWay(
  db: Db,
  d: { id: string; practiceId: string; patientId: string; consultationId: string; currency: 'CHF' | 'EUR'; patientName: string; createdAt: string },
): string {
  db.transaction(() => {
    db.prepare(`INSERT INTO invoices (id, practice_id, patient_id, status, invoice_date, due_date, language, recipient, currency,
                  created_at, updated_at, patient_name, recipient_name, search_name)
                VALUES (@id, @practiceId, @patientId, 'draft', '2026-09-10', '2026-10-10', 'de', 'patient', @currency,
                  @createdAt, @createdAt, @patientName, @patientName, lower(@patientName))`).run(d);
    db.prepare('INSERT INTO invoice_consultations (invoice_id, consultation_id) VALUES (?, ?)').run(d.id, d.consultationId);
    db.prepare('UPDATE consultations SET invoice_id = ? WHERE id = ?').run(d.id, d.consultationId);
  })();
  return d.id;
}

/** Issues the draft `invoiceId` the pre-0007 way, with `snapshot` (its number is the one printed). */
export function issueTheOldWay(db: Db, invoiceId: string, snapshot: InvoiceSnapshot, issuedAt: string): void {
  db.transaction(() => {
    let range = db.prepare('SELECT id, next_value FROM number_ranges WHERE active = 1').get() as { id: string; next_value: number } | undefined;
    if (!range) {
      db.prepare(`INSERT INTO number_ranges (id, label, range_from, range_to, next_value, this_workstation, active, created_at)
                  VALUES ('00000000-0000-4000-8000-0000000000a1', 'Arbeitsplatz 1', 1, 9999, 1, 1, 1, ?)`).run(issuedAt);
      range = { id: '00000000-0000-4000-8000-0000000000a1', next_value: 1 };
    }
    db.prepare('UPDATE number_ranges SET next_value = next_value + 1 WHERE id = ?').run(range.id);
    db.prepare(`UPDATE invoices SET status = 'issued', number = ?, number_value = ?, number_range_id = ?, snapshot = ?, total_minor = ?,
                  issued_at = ?, updated_at = ? WHERE id = ? AND status = 'draft'`)
      .run(snapshot.invoiceNumber, range.next_value, range.id, JSON.stringify(snapshot), snapshot.totals.totalMinor, issuedAt, issuedAt, invoiceId);
  })();
}

/** Cancels the pre-0007 way: status and reason only (no document was kept). */
export function cancelTheOldWay(db: Db, invoiceId: string, reason: string, cancelledAt: string): void {
  db.transaction(() => {
    db.prepare("UPDATE invoices SET status = 'cancelled', cancelled_at = ?, cancel_reason = ?, updated_at = ? WHERE id = ?").run(cancelledAt, reason, cancelledAt, invoiceId);
    db.prepare('UPDATE consultations SET invoice_id = NULL WHERE invoice_id = ?').run(invoiceId);
  })();
}

// Records as the code before migration 0009 wrote them (today's domain code writes a patient's title,
// a consultation's case and an item's minutes, which older schemas lack).

let legacyIds = 0;
const legacyId = (prefix: string) => `00000000-0000-4000-8000-${prefix}${String(++legacyIds).padStart(12 - prefix.length, '0')}`;

/** A patient as the code before 0009 stored it (no title). `fields` is PatientFields output. */
export function patientTheOldWay(db: Db, p: PatientFields, now: string, archived = false): { id: string } {
  const id = legacyId('d');
  db.prepare(`INSERT INTO patients (id, salutation, first_name, last_name, birth_date, sex, ahv_number, street, house_number, postal_code, town, country,
                phone, mobile, email, language, insurance_name, insured_number, billing_recipient, invoices_by_post, consent_date, anamnesis, notes,
                categories, archived_at, created_at, updated_at, search_text, sort_name)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(id, p.salutation, p.firstName, p.lastName, p.birthDate, p.sex, p.ahvNumber, p.address.street, p.address.houseNumber, p.address.postalCode,
      p.address.town, p.address.country, p.phone, p.mobile, p.email, p.language, p.insuranceName, p.insuredNumber,
      p.billingRecipient ? JSON.stringify(p.billingRecipient) : null, p.invoicesByPost ? 1 : 0, p.consentDate, p.anamnesis, p.notes,
      JSON.stringify(p.categories), archived ? now : null, now, now, buildSearchText(p), buildSortName(p));
  return { id };
}

/** A service as every version stored it. */
export function serviceTheOldWay(db: Db, practiceId: string, s: { code: string; name: string; unit: 'min5' | 'session' | 'item'; priceMinor: number }, now: string): { id: string } {
  const id = legacyId('5');
  db.prepare(`INSERT INTO services (id, practice_id, code, name_de, name_fr, name_it, name_en, unit, price_minor, vat_rate_bp, active, created_at, updated_at)
              VALUES (?, ?, ?, ?, '', '', '', ?, ?, 0, 1, ?, ?)`).run(id, practiceId, s.code, s.name, s.unit, s.priceMinor, now, now);
  return { id };
}

/** A consultation with one item as the code before 0009 stored it (no case, no minutes: a per-5-minutes item took the duration). */
export function consultationTheOldWay(
  db: Db,
  c: { patientId: string; practiceId: string; date: string; durationMinutes: number; serviceId: string; quantityHundredths: number; unitPriceMinor: number },
  now: string,
): { id: string } {
  const id = legacyId('c');
  db.transaction(() => {
    db.prepare(`INSERT INTO consultations (id, patient_id, practice_id, date, start_time, duration_minutes, notes, invoice_id, created_at, updated_at)
                VALUES (?, ?, ?, ?, '09:00', ?, '', NULL, ?, ?)`).run(id, c.patientId, c.practiceId, c.date, c.durationMinutes, now, now);
    db.prepare('INSERT INTO consultation_items (consultation_id, position, service_id, quantity_hundredths, unit_price_minor, vat_rate_bp) VALUES (?, 0, ?, ?, ?, 0)')
      .run(id, c.serviceId, c.quantityHundredths, c.unitPriceMinor);
  })();
  return { id };
}

/** A consultation template as the code before 0009 stored it (no minutes per item). */
export function templateTheOldWay(db: Db, t: { practiceId: string; name: string; durationMinutes: number; items: { serviceId: string; quantityHundredths: number }[] }, now: string): { id: string } {
  const id = legacyId('7');
  db.transaction(() => {
    db.prepare('INSERT INTO consultation_templates (id, practice_id, name, duration_minutes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, t.practiceId, t.name, t.durationMinutes, now, now);
    t.items.forEach((item, i) => db.prepare('INSERT INTO consultation_template_items (template_id, position, service_id, quantity_hundredths) VALUES (?, ?, ?, ?)')
      .run(id, i, item.serviceId, item.quantityHundredths));
  })();
  return { id };
}
