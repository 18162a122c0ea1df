/**
 * Rows as an older Arnika wrote them, for migration tests: an invoice issued before migration 0007
 * has its number and snapshot but no archived document and no payment reference column. The code
 * of today cannot issue that way, so the issue is written in SQL, the way the old code did it: take
 * the next number of the active range, freeze the snapshot, mark the row issued.
 */
import type { Db } from '../../src/main/platform/db/open.js';
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
