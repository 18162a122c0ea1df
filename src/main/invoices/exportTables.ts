/**
 * The invoices domain's part of "Alle Daten exportieren" (platform/dataExport.ts): services,
 * consultations (with their case) and their lines (with each time-based position's minutes),
 * invoices with their lines as printed (read from the snapshot taken at issue), the free lines and
 * discounts as entered, the post history, the list of archived documents, and every archived PDF
 * named by its number.
 */
import { lineAmount } from '../../shared/money.js';
import type { CsvValue, DataExport, ExportFile } from '../platform/dataExport.js';

type Row = Record<string, string | number | null>;

function* query(db: Parameters<DataExport['tables'][number]['rows']>[0], sql: string): Generator<Row> {
  yield* db.prepare(sql).iterate() as IterableIterator<Row>;
}

interface PrintedLine {
  kind?: 'service' | 'free' | 'discount'; minutes?: number; date: string; code: string; text: string; quantityHundredths: number; unit: string; unitPriceMinor: number; vatRateBasisPoints: number; amountMinor: number;
}
interface PrintedTotals {
  subtotalMinor: number; vatTotalMinor: number; roundingMinor: number; totalMinor: number;
}

function printed(snapshot: string | null): { lines: PrintedLine[]; totals: PrintedTotals | null } {
  if (!snapshot) return { lines: [], totals: null };
  try {
    const s = JSON.parse(snapshot) as { lines?: PrintedLine[]; totals?: PrintedTotals };
    return { lines: s.lines ?? [], totals: s.totals ?? null };
  } catch {
    return { lines: [], totals: null };
  }
}

export const invoicesExport: DataExport = {
  tables: [
    {
      name: 'services',
      columns: ['id', 'practice_id', 'code', 'name_de', 'name_fr', 'name_it', 'name_en', 'unit', 'price', 'vat_rate_percent', 'active'],
      *rows(db, ctx) {
        for (const r of query(db, 'SELECT * FROM services ORDER BY code, id')) {
          yield [r.id, r.practice_id, r.code, r.name_de, r.name_fr, r.name_it, r.name_en, r.unit, ctx.hundredths(r.price_minor as number), ctx.hundredths(r.vat_rate_bp as number), r.active === 1 ? 'yes' : 'no'];
        }
      },
    },
    {
      name: 'consultations',
      columns: ['id', 'patient_id', 'patient_name', 'case_id', 'practice_id', 'date', 'start_time', 'duration_minutes', 'notes', 'invoice_id', 'invoice_number', 'created_at', 'updated_at'],
      *rows(db) {
        for (const r of query(db, `SELECT c.*, p.last_name || ' ' || p.first_name AS patient_name, i.number AS invoice_number
                                  FROM consultations c JOIN patients p ON p.id = c.patient_id LEFT JOIN invoices i ON i.id = c.invoice_id
                                  ORDER BY c.date, c.start_time, c.id`)) {
          yield [r.id, r.patient_id, r.patient_name, r.case_id, r.practice_id, r.date, r.start_time, r.duration_minutes, r.notes, r.invoice_id, r.invoice_number, r.created_at, r.updated_at];
        }
      },
    },
    {
      name: 'consultation_lines',
      columns: ['consultation_id', 'date', 'position', 'service_code', 'service_name', 'unit', 'minutes', 'quantity', 'unit_price', 'vat_rate_percent', 'amount'],
      *rows(db, ctx) {
        for (const r of query(db, `SELECT ci.*, c.date, s.code, s.name_de, s.unit FROM consultation_items ci
                                  JOIN consultations c ON c.id = ci.consultation_id JOIN services s ON s.id = ci.service_id
                                  ORDER BY c.date, c.start_time, ci.consultation_id, ci.position`)) {
          const q = r.quantity_hundredths as number;
          const price = r.unit_price_minor as number;
          yield [r.consultation_id, r.date, r.position, r.code, r.name_de, r.unit, r.minutes, ctx.hundredths(q), ctx.hundredths(price), ctx.hundredths(r.vat_rate_bp as number), ctx.hundredths(lineAmount(q, price))];
        }
      },
    },
    {
      name: 'invoices',
      columns: [
        'id', 'number', 'status', 'invoice_date', 'due_date', 'patient_id', 'patient_name', 'recipient_name', 'practice_id', 'currency', 'language',
        'subtotal', 'vat', 'rounding', 'total', 'payment_reference', 'case_id', 'note', 'issued_at', 'cancelled_at', 'cancel_reason', 'created_at',
      ],
      *rows(db, ctx) {
        for (const r of query(db, 'SELECT * FROM invoices ORDER BY invoice_date, coalesce(number_value, 9223372036854775807), created_at, id')) {
          const { totals } = printed(r.snapshot as string | null);
          const cells: CsvValue[] = [
            r.id, r.number, r.status, r.invoice_date, r.due_date, r.patient_id, r.patient_name, r.recipient_name, r.practice_id, r.currency, r.language,
            totals ? ctx.hundredths(totals.subtotalMinor) : '', totals ? ctx.hundredths(totals.vatTotalMinor) : '', totals ? ctx.hundredths(totals.roundingMinor) : '',
            ctx.hundredths(r.total_minor as number | null), r.payment_reference, r.case_id, r.note, r.issued_at, r.cancelled_at, r.cancel_reason, r.created_at,
          ];
          yield cells;
        }
      },
    },
    {
      name: 'invoice_lines',
      columns: ['invoice_id', 'invoice_number', 'position', 'kind', 'date', 'code', 'text', 'unit', 'minutes', 'quantity', 'unit_price', 'vat_rate_percent', 'amount'],
      *rows(db, ctx) {
        // Numbers count again each year (number_period), so the year orders first.
        for (const r of query(db, `SELECT id, number, snapshot FROM invoices WHERE status <> 'draft' ORDER BY number_period, number_value`)) {
          for (const [i, l] of printed(r.snapshot as string).lines.entries()) {
            // A discount line has no quantity, price or rate of its own (its parts are spread over the rates).
            const priced = l.kind !== 'discount';
            yield [r.id, r.number, i + 1, l.kind ?? 'service', l.date, l.code, l.text, l.unit, l.minutes, priced ? ctx.hundredths(l.quantityHundredths) : '',
              priced ? ctx.hundredths(l.unitPriceMinor) : '', priced ? ctx.hundredths(l.vatRateBasisPoints) : '', ctx.hundredths(l.amountMinor)];
          }
        }
      },
    },
    {
      name: 'invoice_extra_lines',
      columns: ['invoice_id', 'invoice_number', 'position', 'kind', 'text', 'quantity', 'unit_price', 'vat_rate_percent', 'discount_percent', 'discount_amount'],
      *rows(db, ctx) {
        for (const r of query(db, `SELECT x.*, i.number FROM invoice_extra_lines x JOIN invoices i ON i.id = x.invoice_id
                                  ORDER BY i.invoice_date, i.number_period, i.number_value, i.created_at, x.invoice_id, x.position`)) {
          const n = (v: unknown) => (v === null ? '' : ctx.hundredths(v as number));
          yield [r.invoice_id, r.number, r.position, r.kind, r.text, n(r.quantity_hundredths), n(r.unit_price_minor), n(r.vat_rate_bp), n(r.percent_bp), n(r.amount_minor)];
        }
      },
    },
    {
      name: 'post_dispatches',
      columns: ['invoice_id', 'invoice_number', 'how', 'document_sha256', 'at'],
      *rows(db) {
        for (const r of query(db, `SELECT d.*, i.number FROM post_dispatches d JOIN invoices i ON i.id = d.invoice_id ORDER BY d.at, d.rowid`)) {
          yield [r.invoice_id, r.number, r.how, r.document_sha256, r.at];
        }
      },
    },
    {
      name: 'documents',
      columns: ['invoice_id', 'invoice_number', 'kind', 'file', 'sha256', 'created_at'],
      *rows(db) {
        for (const r of query(db, `SELECT d.invoice_id, i.number, d.kind, d.file_name, d.sha256, d.created_at FROM documents d JOIN invoices i ON i.id = d.invoice_id
                                  ORDER BY i.number_period, i.number_value, d.kind, d.seq`)) {
          yield [r.invoice_id, r.number, r.kind, `PDF/${r.file_name}`, r.sha256, r.created_at];
        }
      },
    },
  ],
  *files(db): Generator<ExportFile> {
    // Named as archived ("Rechnung-2026-00001.pdf", "Storno-…"), which carries the invoice number.
    const rows = db.prepare(`SELECT d.file_name, d.content FROM documents d JOIN invoices i ON i.id = d.invoice_id ORDER BY i.number_period, i.number_value, d.kind, d.seq`);
    const seen = new Set<string>();
    for (const r of rows.iterate() as IterableIterator<{ file_name: string; content: Buffer }>) {
      let name = `PDF/${r.file_name}`;
      for (let n = 2; seen.has(name); n++) name = `PDF/${r.file_name.replace(/\.pdf$/i, '')}-${n}.pdf`;
      seen.add(name);
      yield { name, content: r.content };
    }
  },
};
