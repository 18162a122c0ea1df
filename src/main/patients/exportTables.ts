/** The patients' part of "Alle Daten exportieren" (platform/dataExport.ts): every patient, archived ones too. */
import type { DataExport } from '../platform/dataExport.js';

interface Row {
  [column: string]: string | number | null;
}

const columns = [
  'id', 'salutation', 'title', 'first_name', 'last_name', 'birth_date', 'sex', 'ahv_number', 'street', 'house_number', 'postal_code', 'town', 'country',
  'phone', 'mobile', 'email', 'language', 'insurance_name', 'insured_number', 'billing_recipient', 'invoices_by_post', 'consent_date',
  'anamnesis', 'notes', 'categories', 'archived_at', 'created_at', 'updated_at',
] as const;

/** A JSON list of categories as "Rücken, Knie". */
function categories(json: string | null): string {
  try {
    const list = JSON.parse(json ?? '[]') as unknown;
    return Array.isArray(list) ? list.join(', ') : '';
  } catch {
    return '';
  }
}

export const patientsExport: DataExport = {
  tables: [
    {
      name: 'patients',
      columns,
      *rows(db) {
        for (const r of db.prepare(`SELECT ${columns.join(', ')} FROM patients ORDER BY sort_name, id`).iterate() as IterableIterator<Row>) {
          yield columns.map((c) => (c === 'categories' ? categories(r.categories as string) : c === 'invoices_by_post' ? (r[c] === 1 ? 'yes' : 'no') : r[c] ?? null));
        }
      },
    },
  ],
};
