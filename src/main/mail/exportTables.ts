/** The mail domain's part of "Alle Daten exportieren" (platform/dataExport.ts): every email sent or tried, with its outcome. */
import type { DataExport } from '../platform/dataExport.js';

export const mailExport: DataExport = {
  tables: [
    {
      name: 'mail_history',
      columns: ['id', 'invoice_id', 'invoice_number', 'to_address', 'from_address', 'subject', 'attachment', 'state', 'attempts', 'error_code', 'created_at', 'sent_at'],
      *rows(db) {
        const rows = db.prepare(`SELECT o.*, i.number FROM outbox o JOIN invoices i ON i.id = o.invoice_id ORDER BY o.created_at, o.position, o.id`);
        for (const r of rows.iterate() as IterableIterator<Record<string, string | number | null>>) {
          yield [r.id, r.invoice_id, r.number, r.to_address, r.from_address, r.subject, r.attachment_name, r.state, r.attempts, r.error_code, r.created_at, r.sent_at];
        }
      },
    },
  ],
};
