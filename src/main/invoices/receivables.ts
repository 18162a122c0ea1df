/**
 * What the money domains (payments, reminders) read of invoices, and how they archive their own
 * documents beside an invoice's: issued invoices as receivables (number, amounts, dates, reference),
 * the exact lookup of a payment reference (the indexed column, never fuzzy), and the archive for
 * reminders, receipts and credit notes (several per invoice, numbered by seq).
 */
import { AppError } from '../../shared/errors.js';
import type { Currency, Language } from '../../shared/validation/fields.js';
import type { Db } from '../platform/db/open.js';
import { cached } from '../platform/db/statements.js';
import { newId } from '../platform/ids.js';
import { sha256Hex } from '../platform/hash.js';
import { appVersion } from '../platform/version.js';
import { fold } from '../../shared/text/fold.js';

/** An issued (or cancelled) invoice as an amount owed. */
export interface Receivable {
  id: string;
  number: string;
  status: 'issued' | 'cancelled';
  practiceId: string;
  patientId: string;
  patientName: string;
  recipientName: string;
  currency: Currency;
  language: Language;
  totalMinor: number;
  invoiceDate: string;
  dueDate: string;
  paymentReference: string | null;
  creditorIban: string | null;
}

interface ReceivableRow {
  id: string; number: string; status: 'issued' | 'cancelled'; practice_id: string; patient_id: string; patient_name: string;
  recipient_name: string; currency: Currency; language: Language; total_minor: number; invoice_date: string; due_date: string;
  payment_reference: string | null; creditor_iban: string | null;
}

const columns = `id, number, status, practice_id, patient_id, patient_name, recipient_name, currency, language, total_minor,
  invoice_date, due_date, payment_reference, creditor_iban`;

function toReceivable(r: ReceivableRow): Receivable {
  return {
    id: r.id, number: r.number, status: r.status, practiceId: r.practice_id, patientId: r.patient_id, patientName: r.patient_name,
    recipientName: r.recipient_name, currency: r.currency, language: r.language, totalMinor: r.total_minor, invoiceDate: r.invoice_date,
    dueDate: r.due_date, paymentReference: r.payment_reference, creditorIban: r.creditor_iban,
  };
}

export type MoneyDocumentKind = 'reminder' | 'receipt' | 'credit_note';

export interface ArchivedMoneyDocument {
  id: string;
  invoiceId: string;
  kind: MoneyDocumentKind;
  seq: number;
  fileName: string;
  sha256: string;
  createdAt: string;
}

export class Receivables {
  constructor(private readonly db: Db) {}

  /** One issued or cancelled invoice; not_found for drafts and unknown ids. */
  receivable(id: string): Receivable {
    const row = cached(this.db, `SELECT ${columns} FROM invoices WHERE id = ? AND status <> 'draft'`).get(id) as ReceivableRow | undefined;
    if (!row) throw new AppError('not_found', `Issued invoice ${id} not found`);
    return toReceivable(row);
  }

  /**
   * Issued invoices (not cancelled unless asked), by practice, patient or ids, in number order.
   * Only what the money screens need: no snapshot is read.
   */
  receivables(q: { practiceId?: string | undefined; patientId?: string | undefined; ids?: readonly string[]; includeCancelled?: boolean }): Receivable[] {
    const where = [q.includeCancelled ? "status <> 'draft'" : "status = 'issued'"];
    const params: unknown[] = [];
    if (q.practiceId) { where.push('practice_id = ?'); params.push(q.practiceId); }
    if (q.patientId) { where.push('patient_id = ?'); params.push(q.patientId); }
    if (q.ids) {
      if (q.ids.length === 0) return [];
      const stmt = cached(this.db, `SELECT ${columns} FROM invoices WHERE id = ? AND ${where.join(' AND ')}`);
      return q.ids.flatMap((id) => {
        const row = stmt.get(id, ...params) as ReceivableRow | undefined;
        return row ? [toReceivable(row)] : [];
      });
    }
    return (this.db.prepare(`SELECT ${columns} FROM invoices WHERE ${where.join(' AND ')} ORDER BY number_value`).all(...params) as ReceivableRow[]).map(toReceivable);
  }

  /** The currency of each of these invoices that is issued (neither a draft nor cancelled): what booking a bank file's payments checks, for the whole file at once. */
  issuedCurrencies(ids: readonly string[]): Map<string, 'CHF' | 'EUR'> {
    // By primary key for each id: a condition "status = 'issued'" in SQL would make SQLite walk the status index over every issued invoice.
    const rows = cached(this.db, 'SELECT id, currency, status FROM invoices WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as { id: string; currency: 'CHF' | 'EUR'; status: string }[];
    return new Map(rows.filter((r) => r.status === 'issued').map((r) => [r.id, r.currency]));
  }

  /** The issued or cancelled invoices carrying exactly this payment reference (any account), or none. */
  byReference(reference: string): Receivable[] {
    const rows = cached(this.db, `SELECT ${columns} FROM invoices WHERE payment_reference = ?`).all(reference) as ReceivableRow[];
    return rows.map(toReceivable);
  }

  /** The invoices carrying any of these references, in one statement for a whole bank file. */
  byReferences(references: readonly string[]): Map<string, Receivable[]> {
    const rows = cached(this.db, `SELECT ${columns} FROM invoices WHERE payment_reference IN (SELECT value FROM json_each(?))`).all(JSON.stringify(references)) as ReceivableRow[];
    const out = new Map<string, Receivable[]>();
    for (const r of rows) out.set(r.payment_reference!, [...(out.get(r.payment_reference!) ?? []), toReceivable(r)]);
    return out;
  }

  /** Issued invoices whose number, reference or patient or recipient name contains the text (for assigning a payment by hand). */
  searchReceivables(query: string, limit: number, amountMinor?: number): Receivable[] {
    const where = ["status = 'issued'"];
    const params: unknown[] = [];
    if (amountMinor !== undefined) {
      // A typed amount finds the invoices of that total.
      return (this.db.prepare(`SELECT ${columns} FROM invoices WHERE status = 'issued' AND total_minor = ? ORDER BY number_value DESC LIMIT ?`).all(amountMinor, limit) as ReceivableRow[]).map(toReceivable);
    }
    for (const term of query.trim().split(/\s+/).filter(Boolean).slice(0, 5)) {
      where.push("(search_name LIKE ? ESCAPE '\\' OR number LIKE ? ESCAPE '\\' OR payment_reference LIKE ? ESCAPE '\\')");
      const like = `%${fold(term).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      params.push(like, like.toUpperCase(), `%${term.replace(/\s/g, '').toUpperCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    }
    return (this.db.prepare(`SELECT ${columns} FROM invoices WHERE ${where.join(' AND ')} ORDER BY number_value DESC LIMIT ?`).all(...params, limit) as ReceivableRow[]).map(toReceivable);
  }

  /**
   * Archives a reminder, receipt or credit note of an invoice, byte for byte, as the next of its kind
   * (seq). Synchronous: call it inside the transaction that records what the document is about.
   */
  archive(doc: { invoiceId: string; kind: MoneyDocumentKind; fileName: string; content: Buffer; createdAt: string }): ArchivedMoneyDocument {
    const { seq } = cached(this.db, 'SELECT coalesce(max(seq), 0) + 1 AS seq FROM documents WHERE invoice_id = ? AND kind = ?').get(doc.invoiceId, doc.kind) as { seq: number };
    const id = newId();
    const sha256 = sha256Hex(doc.content);
    cached(this.db, `INSERT INTO documents (id, invoice_id, kind, seq, file_name, media_type, content, sha256, created_at, archived, app_version)
                     VALUES (?, ?, ?, ?, ?, 'application/pdf', ?, ?, ?, 'at_issue', ?)`)
      .run(id, doc.invoiceId, doc.kind, seq, doc.fileName, doc.content, sha256, doc.createdAt, appVersion);
    return { id, invoiceId: doc.invoiceId, kind: doc.kind, seq, fileName: doc.fileName, sha256, createdAt: doc.createdAt };
  }

  /** An archived document by its id, with its bytes. */
  archived(id: string): ArchivedMoneyDocument & { content: Buffer } {
    const row = cached(this.db, 'SELECT id, invoice_id, kind, seq, file_name, sha256, created_at, content FROM documents WHERE id = ?').get(id) as
      | { id: string; invoice_id: string; kind: MoneyDocumentKind; seq: number; file_name: string; sha256: string; created_at: string; content: Buffer }
      | undefined;
    if (!row) throw new AppError('not_found', `Document ${id} not found`);
    return { id: row.id, invoiceId: row.invoice_id, kind: row.kind, seq: row.seq, fileName: row.file_name, sha256: row.sha256, createdAt: row.created_at, content: row.content };
  }
}
