/**
 * Money's part of "Alle Daten exportieren" (platform/dataExport.ts): every payment, refund and
 * reversal, the fees and interest charged, the credit notes, and the reminders with their level,
 * fee and the amount they asked for. Their PDFs (receipts, credit notes, reminders) are archived
 * documents and travel with the invoices' files.
 */
import type { CsvValue, DataExport } from '../platform/dataExport.js';

type Row = Record<string, string | number | null>;

export const moneyExport: DataExport = {
  tables: [
    {
      name: 'payments',
      columns: ['id', 'date', 'kind', 'invoice_id', 'invoice_number', 'patient_id', 'practice_id', 'amount', 'currency', 'method', 'note', 'reverses_id', 'transfer_id', 'credit_note_id', 'bank_key', 'created_at'],
      *rows(db, ctx) {
        const sql = `SELECT p.*, i.number AS invoice_number FROM payments p JOIN invoices i ON i.id = p.invoice_id ORDER BY p.date, p.created_at, p.id`;
        for (const r of db.prepare(sql).iterate() as IterableIterator<Row>) {
          yield [r.id, r.date, r.kind, r.invoice_id, r.invoice_number, r.patient_id, r.practice_id, ctx.hundredths(r.amount_minor as number), r.currency, r.method, r.note,
            r.reverses_id, r.transfer_id, r.credit_note_id, r.bank_key, r.created_at] satisfies CsvValue[];
        }
      },
    },
    {
      name: 'invoice_charges',
      columns: ['id', 'date', 'kind', 'invoice_id', 'invoice_number', 'amount', 'reminder_id', 'created_at'],
      *rows(db, ctx) {
        const sql = `SELECT c.*, i.number AS invoice_number FROM invoice_charges c JOIN invoices i ON i.id = c.invoice_id ORDER BY c.date, c.created_at, c.id`;
        for (const r of db.prepare(sql).iterate() as IterableIterator<Row>) {
          yield [r.id, r.date, r.kind, r.invoice_id, r.invoice_number, ctx.hundredths(r.amount_minor as number), r.source_id, r.created_at];
        }
      },
    },
    {
      name: 'credit_notes',
      columns: ['id', 'number', 'date', 'kind', 'invoice_id', 'invoice_number', 'patient_id', 'practice_id', 'amount', 'currency', 'reason'],
      *rows(db, ctx) {
        const sql = `SELECT n.*, i.number AS invoice_number FROM credit_notes n JOIN invoices i ON i.id = n.invoice_id ORDER BY n.date, n.number`;
        for (const r of db.prepare(sql).iterate() as IterableIterator<Row>) {
          yield [r.id, r.number, r.date, r.kind, r.invoice_id, r.invoice_number, r.patient_id, r.practice_id, ctx.hundredths(r.amount_minor as number), r.currency, r.reason];
        }
      },
    },
    {
      name: 'reminders',
      columns: ['id', 'date', 'level', 'invoice_id', 'invoice_number', 'patient_id', 'practice_id', 'due_date', 'fee', 'interest', 'total', 'created_at'],
      *rows(db, ctx) {
        const sql = `SELECT m.*, i.number AS invoice_number FROM reminders m JOIN invoices i ON i.id = m.invoice_id ORDER BY m.date, i.number, m.level`;
        for (const r of db.prepare(sql).iterate() as IterableIterator<Row>) {
          yield [r.id, r.date, r.level, r.invoice_id, r.invoice_number, r.patient_id, r.practice_id, r.due_date,
            ctx.hundredths(r.fee_minor as number), ctx.hundredths(r.interest_minor as number), ctx.hundredths(r.total_minor as number), r.created_at];
        }
      },
    },
  ],
};
