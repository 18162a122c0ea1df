/**
 * Owns consultations: date, time, duration, the treatment case they belong to, the services given
 * (with the price agreed at the time; a per-5-minutes position with its own minutes) and treatment
 * notes. A consultation is open, on a draft invoice, or invoiced; once on an issued invoice it is
 * frozen (triggers enforce it too) until that invoice is cancelled.
 */
import type { Consultation, ConsultationFields } from '../../shared/contract/index.js';
import { AppError, fieldError } from '../../shared/errors.js';
import { prefillMinutes, quantityForMinutes } from '../../shared/billing/rules.js';
import { lineAmount } from '../../shared/money.js';
import type { Clock } from '../platform/clock.js';
import { newId } from '../platform/ids.js';
import type { Db } from '../platform/db/open.js';
import type { CasesApi } from '../cases/index.js';
import type { PracticesApi } from '../practices/index.js';
import { serviceName, type ServiceRow } from './services.js';

interface ConsultationRow {
  id: string; patient_id: string; practice_id: string; date: string; start_time: string; duration_minutes: number;
  case_id: string; therapist_id: string | null; notes: string; invoice_id: string | null; invoice_status: string | null; invoice_number: string | null;
}

export interface ItemRow {
  consultation_id: string; position: number; service_id: string; quantity_hundredths: number; unit_price_minor: number;
  vat_rate_bp: number; minutes: number | null; code: string; unit: string; name_de: string; name_fr: string; name_it: string; name_en: string;
  tariff_code: string; tariff_text_de: string; tariff_text_fr: string; tariff_text_it: string; absence: number;
}

/** Who treated: answered by the Tarif 590 domain (a practice's therapists). */
export interface TherapistPort {
  therapistFor(practiceId: string, therapistId: string | undefined | null): string;
}


const selectConsultation = `
  SELECT c.*, i.status AS invoice_status, i.number AS invoice_number
  FROM consultations c LEFT JOIN invoices i ON i.id = c.invoice_id`;

export const selectItems = `
  SELECT ci.*, s.code, s.unit, s.name_de, s.name_fr, s.name_it, s.name_en, s.tariff_code, s.tariff_text_de, s.tariff_text_fr, s.tariff_text_it, s.absence
  FROM consultation_items ci JOIN services s ON s.id = ci.service_id`;

export class Consultations {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly practices: Pick<PracticesApi, 'get' | 'getDefault'>,
    private readonly cases: Pick<CasesApi, 'caseForConsultation'>,
    private readonly therapists: TherapistPort,
  ) {}

  private toConsultation(r: ConsultationRow, items: ItemRow[]): Consultation {
    const mapped = items.map((i) => ({
      serviceId: i.service_id,
      code: i.code,
      name: serviceName(i, 'de'),
      unit: i.unit as Consultation['items'][number]['unit'],
      quantityHundredths: i.quantity_hundredths,
      unitPriceMinor: i.unit_price_minor,
      vatRateBasisPoints: i.vat_rate_bp,
      amountMinor: lineAmount(i.quantity_hundredths, i.unit_price_minor),
      minutes: i.minutes,
    }));
    return {
      id: r.id, patientId: r.patient_id, practiceId: r.practice_id, date: r.date, startTime: r.start_time,
      durationMinutes: r.duration_minutes, caseId: r.case_id, therapistId: r.therapist_id, notes: r.notes, items: mapped,
      totalMinor: mapped.reduce((s, i) => s + i.amountMinor, 0),
      status: r.invoice_id === null ? 'open' : r.invoice_status === 'draft' ? 'draft' : 'invoiced',
      invoiceId: r.invoice_id, invoiceNumber: r.invoice_number,
    };
  }

  list(patientId: string): Consultation[] {
    const rows = this.db.prepare(`${selectConsultation} WHERE c.patient_id = ? ORDER BY c.date DESC, c.start_time DESC`).all(patientId) as ConsultationRow[];
    const items = this.db.prepare(`${selectItems} JOIN consultations c ON c.id = ci.consultation_id WHERE c.patient_id = ? ORDER BY ci.position`).all(patientId) as ItemRow[];
    const byConsultation = new Map<string, ItemRow[]>();
    for (const item of items) byConsultation.set(item.consultation_id, [...(byConsultation.get(item.consultation_id) ?? []), item]);
    return rows.map((r) => this.toConsultation(r, byConsultation.get(r.id) ?? []));
  }

  get(id: string): Consultation {
    const row = this.db.prepare(`${selectConsultation} WHERE c.id = ?`).get(id) as ConsultationRow | undefined;
    if (!row) throw new AppError('not_found', `Consultation ${id} not found`);
    return this.toConsultation(row, this.db.prepare(`${selectItems} WHERE ci.consultation_id = ? ORDER BY ci.position`).all(id) as ItemRow[]);
  }

  /** How many consultations each of a patient's cases holds (for the cases domain). */
  countsByCase(patientId: string): Map<string, number> {
    const rows = this.db.prepare('SELECT case_id, count(*) AS n FROM consultations WHERE patient_id = ? GROUP BY case_id').all(patientId) as { case_id: string; n: number }[];
    return new Map(rows.map((r) => [r.case_id, r.n]));
  }

  /**
   * Each per-5-minutes position bills its own minutes. One sent without (an older caller) takes the
   * consultation's duration if it is the first time-based position, the rule the form pre-fills
   * with; any further one must say its minutes, or the duration would be billed twice.
   */
  private resolveItems(practiceId: string, c: ConsultationFields) {
    const services = c.items.map((item, i) => {
      const s = this.db.prepare('SELECT * FROM services WHERE id = ?').get(item.serviceId) as ServiceRow | undefined;
      if (!s || s.practice_id !== practiceId) throw fieldError(`consultation.items.${i}.serviceId`, 'v.service_unknown');
      return s;
    });
    const rows = services.map((s, i) => ({ timeBased: s.unit === 'min5', minutes: c.items[i]!.minutes ?? Number.NaN }));
    return services.map((s, i) => {
      const item = c.items[i]!;
      if (s.unit !== 'min5') return { service: s, quantity: item.quantityHundredths, minutes: null };
      const minutes = item.minutes ?? prefillMinutes(c.durationMinutes, rows, i);
      if (minutes === null) throw fieldError(`consultation.items.${i}.minutes`, 'v.minutes_required');
      return { service: s, quantity: quantityForMinutes(minutes), minutes };
    });
  }

  private checkPatient(patientId: string): void {
    if (!this.db.prepare('SELECT 1 FROM patients WHERE id = ?').get(patientId)) throw fieldError('consultation.patientId', 'v.patient_unknown');
  }

  private writeItems(id: string, items: ReturnType<Consultations['resolveItems']>, keepPrices: Map<string, { price: number; vat: number }>): void {
    this.db.prepare('DELETE FROM consultation_items WHERE consultation_id = ?').run(id);
    const insert = this.db.prepare(
      'INSERT INTO consultation_items (consultation_id, position, service_id, quantity_hundredths, unit_price_minor, vat_rate_bp, minutes) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    items.forEach(({ service, quantity, minutes }, i) => {
      const kept = keepPrices.get(service.id);
      insert.run(id, i, service.id, quantity, kept?.price ?? service.price_minor, kept?.vat ?? service.vat_rate_bp, minutes);
    });
  }

  create(c: ConsultationFields): Consultation {
    this.checkPatient(c.patientId);
    const practiceId = c.practiceId ?? this.practices.getDefault().id;
    this.practices.get(practiceId);
    const items = this.resolveItems(practiceId, c);
    const id = newId();
    const now = this.clock.now().toISOString();
    this.db.transaction(() => {
      const caseId = this.cases.caseForConsultation(c.patientId, c.caseId, c.date);
      const therapistId = this.therapists.therapistFor(practiceId, c.therapistId);
      this.db
        .prepare(
          `INSERT INTO consultations (id, patient_id, practice_id, date, start_time, duration_minutes, case_id, therapist_id, notes, invoice_id, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
        )
        .run(id, c.patientId, practiceId, c.date, c.startTime, c.durationMinutes, caseId, therapistId, c.notes, now, now);
      this.writeItems(id, items, new Map());
    })();
    return this.get(id);
  }

  /** Editing keeps the prices recorded for services that stay; newly added services take today's price. */
  update(id: string, c: ConsultationFields): Consultation {
    const existing = this.get(id);
    if (existing.status === 'invoiced') throw new AppError('consultation.invoiced', 'The consultation is on an issued invoice');
    if (c.patientId !== existing.patientId) throw fieldError('consultation.patientId', 'v.patient_change');
    const practiceId = c.practiceId ?? existing.practiceId;
    if (practiceId !== existing.practiceId && existing.status !== 'open') throw fieldError('consultation.practiceId', 'v.practice_change');
    const items = this.resolveItems(practiceId, c);
    const keep = new Map(existing.items.map((i) => [i.serviceId, { price: i.unitPriceMinor, vat: i.vatRateBasisPoints }]));
    const caseId = c.caseId === undefined ? existing.caseId : this.cases.caseForConsultation(existing.patientId, c.caseId, c.date);
    // An invoice bills one case: a consultation on a draft stays in the draft's case.
    if (caseId !== existing.caseId && existing.status !== 'open') throw fieldError('consultation.caseId', 'v.case_change_on_draft');
    // A therapist of another practice does not come along when the practice changes.
    const keepTherapist = c.therapistId === undefined && practiceId === existing.practiceId ? existing.therapistId : c.therapistId;
    const therapistId = this.therapists.therapistFor(practiceId, keepTherapist);
    this.db.transaction(() => {
      this.db
        .prepare('UPDATE consultations SET practice_id = ?, date = ?, start_time = ?, duration_minutes = ?, case_id = ?, therapist_id = ?, notes = ?, updated_at = ? WHERE id = ?')
        .run(practiceId, c.date, c.startTime, c.durationMinutes, caseId, therapistId, c.notes, this.clock.now().toISOString(), id);
      this.writeItems(id, items, keep);
    })();
    return this.get(id);
  }

  delete(id: string): { id: string } {
    const existing = this.get(id);
    if (existing.status === 'invoiced') throw new AppError('consultation.invoiced', 'The consultation is on an issued invoice');
    this.db.transaction(() => {
      // A cancelled invoice keeps the consultations it billed (its record stays whole), so they are kept too.
      const billed = this.db.prepare(`SELECT 1 FROM invoice_consultations ic JOIN invoices i ON i.id = ic.invoice_id
                                      WHERE ic.consultation_id = ? AND i.status <> 'draft' LIMIT 1`).get(id);
      if (billed) throw new AppError('consultation.on_cancelled_invoice', 'The consultation was billed by a cancelled invoice');
      if (existing.invoiceId) this.db.prepare('DELETE FROM invoice_consultations WHERE consultation_id = ? AND invoice_id = ?').run(id, existing.invoiceId);
      this.db.prepare('DELETE FROM consultations WHERE id = ?').run(id);
    })();
    return { id };
  }
}
