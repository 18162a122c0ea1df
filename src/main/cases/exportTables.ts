/** The treatment cases' part of "Alle Daten exportieren" (platform/dataExport.ts): every case with its patient's name. */
import type { DataExport } from '../platform/dataExport.js';

interface Row {
  [column: string]: string | number | null;
}

const columns = [
  'id', 'patient_id', 'patient_name', 'title', 'reason', 'law', 'diagnosis', 'referrer_name', 'referrer_street', 'referrer_house_number',
  'referrer_postal_code', 'referrer_town', 'referrer_country', 'referrer_gln', 'referrer_zsr', 'accident_date', 'claim_number',
  'insurance_name', 'insured_number', 'start_date', 'end_date', 'remark', 'created_at', 'updated_at',
] as const;

export const casesExport: DataExport = {
  tables: [
    {
      name: 'treatment_cases',
      columns,
      *rows(db) {
        const sql = `SELECT tc.*, p.last_name || ' ' || p.first_name AS patient_name FROM treatment_cases tc JOIN patients p ON p.id = tc.patient_id
                     ORDER BY p.sort_name, tc.start_date, tc.created_at, tc.id`;
        for (const r of db.prepare(sql).iterate() as IterableIterator<Row>) yield columns.map((c) => r[c]);
      },
    },
  ],
};
