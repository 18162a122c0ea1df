/**
 * Owns treatment cases (table treatment_cases, migration 0009): a patient's course of treatment for
 * one reason under one law, with what the invoice and the Tarif 590 form print about it. Which
 * consultations belong to a case is the consultations' business (invoices domain); this module asks
 * them only through the usage port.
 */
import type { CaseFields, TreatmentCase } from '../../shared/contract/cases.js';
import { AppError, fieldError } from '../../shared/errors.js';
import { localDate, type Clock } from '../platform/clock.js';
import { newId } from '../platform/ids.js';
import type { Db } from '../platform/db/open.js';
import { cached } from '../platform/db/statements.js';
import type { PatientsApi } from '../patients/index.js';

interface CaseRow {
  id: string; patient_id: string; title: string; reason: TreatmentCase['reason']; law: TreatmentCase['law']; diagnosis: string;
  referrer_name: string; referrer_street: string; referrer_house_number: string; referrer_postal_code: string; referrer_town: string;
  referrer_country: string; referrer_gln: string; referrer_zsr: string; accident_date: string | null; claim_number: string;
  insurance_name: string; insured_number: string; start_date: string; end_date: string | null; remark: string;
  invoice_form: TreatmentCase['invoiceForm']; card_number: string;
  created_at: string; updated_at: string;
}

/** What refers to a case (answered by the owner of consultations and invoices). */
export interface CaseUsagePort {
  /** How many consultations each of a patient's cases holds. */
  consultationCounts(patientId: string): Map<string, number>;
  /** How many invoices (drafts, issued, cancelled) bill the case: a cancelled one keeps it after its consultations were freed. */
  invoiceCount(caseId: string): number;
}

function toParams(c: CaseFields) {
  return {
    title: c.title, reason: c.reason, law: c.law, diagnosis: c.diagnosis, referrer_name: c.referrer.name,
    referrer_street: c.referrer.address.street, referrer_house_number: c.referrer.address.houseNumber,
    referrer_postal_code: c.referrer.address.postalCode, referrer_town: c.referrer.address.town,
    referrer_country: c.referrer.address.country, referrer_gln: c.referrer.gln, referrer_zsr: c.referrer.zsr,
    accident_date: c.accidentDate, claim_number: c.claimNumber, insurance_name: c.insuranceName, insured_number: c.insuredNumber,
    start_date: c.startDate, end_date: c.endDate, remark: c.remark, invoice_form: c.invoiceForm, card_number: c.cardNumber,
  };
}

const columns = Object.keys(toParams({
  title: '', reason: null, law: null, diagnosis: '', referrer: { name: '', address: { street: '', houseNumber: '', postalCode: '', town: '', country: 'CH' }, gln: '', zsr: '' },
  accidentDate: null, claimNumber: '', insuranceName: '', insuredNumber: '', startDate: '', endDate: null, remark: '', invoiceForm: null, cardNumber: '',
}));

export class Cases {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly patients: PatientsApi,
    private readonly usage: CaseUsagePort,
  ) {}

  private fromRow(r: CaseRow, count: number): TreatmentCase {
    return {
      id: r.id, patientId: r.patient_id, title: r.title, reason: r.reason, law: r.law, diagnosis: r.diagnosis,
      referrer: {
        name: r.referrer_name,
        address: { street: r.referrer_street, houseNumber: r.referrer_house_number, postalCode: r.referrer_postal_code, town: r.referrer_town, country: r.referrer_country },
        gln: r.referrer_gln, zsr: r.referrer_zsr,
      },
      accidentDate: r.accident_date, claimNumber: r.claim_number, insuranceName: r.insurance_name, insuredNumber: r.insured_number,
      startDate: r.start_date, endDate: r.end_date, remark: r.remark, invoiceForm: r.invoice_form, cardNumber: r.card_number,
      open: r.end_date === null || r.end_date >= localDate(this.clock),
      consultationCount: count, createdAt: r.created_at, updatedAt: r.updated_at,
    };
  }

  private row(id: string): CaseRow {
    const row = cached(this.db, 'SELECT * FROM treatment_cases WHERE id = ?').get(id) as CaseRow | undefined;
    if (!row) throw new AppError('not_found', `Treatment case ${id} not found`);
    return row;
  }

  list(patientId: string): TreatmentCase[] {
    this.patients.get(patientId);
    const counts = this.usage.consultationCounts(patientId);
    const rows = cached(this.db, 'SELECT * FROM treatment_cases WHERE patient_id = ? ORDER BY start_date DESC, created_at DESC').all(patientId) as CaseRow[];
    const cases = rows.map((r) => this.fromRow(r, counts.get(r.id) ?? 0));
    // Open ones first; within each, the newest first (the order above).
    return [...cases.filter((c) => c.open), ...cases.filter((c) => !c.open)];
  }

  get(id: string): TreatmentCase {
    const row = this.row(id);
    return this.fromRow(row, this.usage.consultationCounts(row.patient_id).get(id) ?? 0);
  }

  create(patientId: string, c: CaseFields): TreatmentCase {
    this.patients.get(patientId);
    const id = newId();
    const now = this.clock.now().toISOString();
    const params = { ...toParams(c), id, patient_id: patientId, created_at: now, updated_at: now };
    const names = ['id', 'patient_id', ...columns, 'created_at', 'updated_at'];
    cached(this.db, `INSERT INTO treatment_cases (${names.join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})`).run(params);
    return this.get(id);
  }

  /** Issued invoices keep the case as it was printed (their snapshot); drafts print it as it is now. */
  update(id: string, c: CaseFields): TreatmentCase {
    this.row(id);
    const params = { ...toParams(c), id, updated_at: this.clock.now().toISOString() };
    cached(this.db, `UPDATE treatment_cases SET ${[...columns, 'updated_at'].map((n) => `${n} = @${n}`).join(', ')} WHERE id = @id`).run(params);
    return this.get(id);
  }

  delete(id: string): { id: string } {
    const c = this.get(id);
    if (c.consultationCount > 0) throw new AppError('case.in_use', 'The case has consultations; end it instead');
    if (this.usage.invoiceCount(id) > 0) throw new AppError('case.invoiced', 'The case is on invoices; end it instead');
    cached(this.db, 'DELETE FROM treatment_cases WHERE id = ?').run(id);
    return { id };
  }

  /**
   * The case a consultation goes on: the one chosen (it must be the patient's), or else the patient's
   * latest open case, or else a new one opened on the consultation's date with the patient's insurer
   * (a therapist records the first consultation before thinking about cases).
   */
  caseForConsultation(patientId: string, caseId: string | undefined, date: string): string {
    if (caseId !== undefined) {
      const row = cached(this.db, 'SELECT patient_id FROM treatment_cases WHERE id = ?').get(caseId) as { patient_id: string } | undefined;
      if (!row || row.patient_id !== patientId) throw fieldError('consultation.caseId', 'v.case_unknown');
      return caseId;
    }
    const open = cached(this.db, `SELECT id FROM treatment_cases WHERE patient_id = ? AND (end_date IS NULL OR end_date >= ?)
                                  ORDER BY start_date DESC, created_at DESC LIMIT 1`).get(patientId, localDate(this.clock)) as { id: string } | undefined;
    if (open) return open.id;
    const patient = this.patients.get(patientId);
    return this.create(patientId, {
      title: '', reason: null, law: null, diagnosis: '',
      referrer: { name: '', address: { street: '', houseNumber: '', postalCode: '', town: '', country: 'CH' }, gln: '', zsr: '' },
      accidentDate: null, claimNumber: '', insuranceName: patient.insuranceName, insuredNumber: patient.insuredNumber,
      startDate: date, endDate: null, remark: '', invoiceForm: null, cardNumber: '',
    }).id;
  }
}
