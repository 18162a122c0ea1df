/** The practices' part of "Alle Daten exportieren" (platform/dataExport.ts). */
import type { DataExport } from '../platform/dataExport.js';

const columns = [
  'id', 'name', 'therapist_name', 'profession', 'street', 'house_number', 'postal_code', 'town', 'country', 'phone', 'email', 'website',
  'iban', 'qr_reference_prefix', 'zsr_number', 'gln_number', 'vat_number', 'currency', 'default_language', 'payment_term_days',
  'invoice_number_format', 'is_default', 'created_at', 'updated_at',
] as const;

export const practicesExport: DataExport = {
  tables: [
    {
      name: 'practices',
      columns,
      *rows(db) {
        for (const r of db.prepare(`SELECT ${columns.join(', ')} FROM practices ORDER BY created_at, id`).iterate() as IterableIterator<Record<string, string | number | null>>) {
          yield columns.map((c) => r[c] ?? null);
        }
      },
    },
  ],
};
