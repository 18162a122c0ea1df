/** Owns the patient record: create, edit, archive, delete, and the searchable list. */
import { z } from 'zod';
import {
  BillingRecipient, PatientListQuery, type Patient, type PatientFields, type PatientSummary,
} from '../../shared/contract/index.js';
import { AppError, fieldError } from '../../shared/errors.js';
import { localDate, type Clock } from '../app/clock.js';
import { newId } from '../app/ids.js';
import { isForeignKeyRefusal } from '../db/errors.js';
import type { Db } from '../db/open.js';
import { buildSearchText, buildSortName, ftsQuery, likePattern, searchTerms } from './search.js';

interface PatientRow {
  id: string; salutation: string; first_name: string; last_name: string; birth_date: string | null; sex: string;
  ahv_number: string; street: string; house_number: string; postal_code: string; town: string; country: string;
  phone: string; mobile: string; email: string; language: string; insurance_name: string; insured_number: string;
  billing_recipient: string | null; invoices_by_post: number; consent_date: string | null; anamnesis: string;
  notes: string; categories: string; archived_at: string | null; created_at: string; updated_at: string;
}

function fromRow(r: PatientRow): Patient {
  return {
    id: r.id,
    salutation: r.salutation as Patient['salutation'],
    firstName: r.first_name,
    lastName: r.last_name,
    birthDate: r.birth_date,
    sex: r.sex as Patient['sex'],
    ahvNumber: r.ahv_number,
    address: { street: r.street, houseNumber: r.house_number, postalCode: r.postal_code, town: r.town, country: r.country as Patient['address']['country'] },
    phone: r.phone,
    mobile: r.mobile,
    email: r.email,
    language: r.language as Patient['language'],
    insuranceName: r.insurance_name,
    insuredNumber: r.insured_number,
    billingRecipient: r.billing_recipient ? BillingRecipient.parse(JSON.parse(r.billing_recipient)) : null,
    invoicesByPost: r.invoices_by_post === 1,
    consentDate: r.consent_date,
    anamnesis: r.anamnesis,
    notes: r.notes,
    categories: JSON.parse(r.categories) as string[],
    archivedAt: r.archived_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toParams(p: PatientFields) {
  return {
    salutation: p.salutation, first_name: p.firstName, last_name: p.lastName, birth_date: p.birthDate, sex: p.sex,
    ahv_number: p.ahvNumber, street: p.address.street, house_number: p.address.houseNumber,
    postal_code: p.address.postalCode, town: p.address.town, country: p.address.country, phone: p.phone,
    mobile: p.mobile, email: p.email, language: p.language, insurance_name: p.insuranceName,
    insured_number: p.insuredNumber, billing_recipient: p.billingRecipient ? JSON.stringify(p.billingRecipient) : null,
    invoices_by_post: p.invoicesByPost ? 1 : 0, consent_date: p.consentDate, anamnesis: p.anamnesis, notes: p.notes,
    categories: JSON.stringify([...new Set(p.categories)]), search_text: buildSearchText(p), sort_name: buildSortName(p),
  };
}

type Params = ReturnType<typeof toParams>;
const columns = [
  'salutation', 'first_name', 'last_name', 'birth_date', 'sex', 'ahv_number', 'street', 'house_number', 'postal_code',
  'town', 'country', 'phone', 'mobile', 'email', 'language', 'insurance_name', 'insured_number', 'billing_recipient',
  'invoices_by_post', 'consent_date', 'anamnesis', 'notes', 'categories', 'search_text', 'sort_name',
] as const satisfies readonly (keyof Params)[];

const sortColumns = {
  name: 'sort_name',
  birthDate: 'birth_date IS NULL, birth_date',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
} as const;

/**
 * Checks that say a patient has financial records and so must be archived, not deleted. Later
 * domains (invoices, payments) add theirs; foreign keys are the backstop.
 */
export type FinancialRecordCheck = (db: Db, patientId: string) => boolean;
/** Cleans up what may go with the patient (drafts), inside the delete transaction. */
export type BeforeDelete = (db: Db, patientId: string) => void;

export class Patients {
  private readonly financialChecks: FinancialRecordCheck[] = [];
  private readonly beforeDelete: BeforeDelete[] = [];

  constructor(private readonly db: Db, private readonly clock: Clock) {}

  addFinancialRecordCheck(check: FinancialRecordCheck): void {
    this.financialChecks.push(check);
  }

  addBeforeDelete(hook: BeforeDelete): void {
    this.beforeDelete.push(hook);
  }

  list(query: z.output<typeof PatientListQuery>): { total: number; items: PatientSummary[] } {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.status === 'active') where.push('archived_at IS NULL');
    if (query.status === 'archived') where.push('archived_at IS NOT NULL');
    const terms = searchTerms(query.query);
    // Terms of three characters or more go through the trigram index, and the query starts from
    // its hits (CROSS JOIN fixes that order: probing every patient against the hits is far slower).
    // Shorter terms are checked on those hits, or on every row if all terms are short.
    const match = ftsQuery(terms);
    const from = match
      ? 'FROM (SELECT patient_id FROM patients_fts WHERE patients_fts MATCH ?) hits CROSS JOIN patients p ON p.id = hits.patient_id'
      : 'FROM patients p';
    const fromParams: unknown[] = match ? [match] : [];
    for (const term of terms.filter((t) => !match || [...t].length < 3)) {
      where.push("search_text LIKE ? ESCAPE '\\'");
      params.push(likePattern(term));
    }
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const dir = query.direction === 'desc' ? 'DESC' : 'ASC';
    const order = sortColumns[query.sort].split(', ').map((c) => (c.endsWith('IS NULL') ? c : `${c} ${dir}`)).join(', ');
    type SummaryRow = Pick<PatientRow, 'id' | 'first_name' | 'last_name' | 'birth_date' | 'email' | 'phone' | 'mobile' | 'town' | 'categories' | 'archived_at'> & { total: number };
    // One pass for the page and the total (a common name can match thousands of patients).
    const rows = this.db
      .prepare(
        `SELECT p.id, first_name, last_name, birth_date, email, phone, mobile, town, categories, archived_at, count(*) OVER () AS total
         ${from} ${whereSql} ORDER BY ${order}, p.id ${dir} LIMIT ? OFFSET ?`,
      )
      .all(...fromParams, ...params, query.limit, query.offset) as SummaryRow[];
    // Past the last page there is no row to carry the total.
    const total = rows[0]?.total ?? (this.db.prepare(`SELECT count(*) AS n ${from} ${whereSql}`).get(...fromParams, ...params) as { n: number }).n;
    return {
      total,
      items: rows.map((r) => ({
        id: r.id, firstName: r.first_name, lastName: r.last_name, birthDate: r.birth_date, email: r.email,
        phone: r.phone, mobile: r.mobile, town: r.town, categories: JSON.parse(r.categories) as string[], archivedAt: r.archived_at,
      })),
    };
  }

  get(id: string): Patient {
    const row = this.db.prepare('SELECT * FROM patients WHERE id = ?').get(id) as PatientRow | undefined;
    if (!row) throw new AppError('not_found', `Patient ${id} not found`);
    return fromRow(row);
  }

  /** Rules that need the clock, so cannot live in the static schema. */
  private checkDates(p: PatientFields): void {
    const today = localDate(this.clock);
    if (p.birthDate && p.birthDate > today) throw fieldError('birthDate', 'v.birth_date_future');
    if (p.birthDate && p.birthDate < '1900-01-01') throw fieldError('birthDate', 'v.birth_date_past');
    if (p.consentDate && p.consentDate > today) throw fieldError('consentDate', 'v.date_future');
  }

  create(fields: PatientFields): Patient {
    this.checkDates(fields);
    const id = newId();
    const now = this.clock.now().toISOString();
    this.db
      .prepare(
        `INSERT INTO patients (id, ${columns.join(', ')}, archived_at, created_at, updated_at)
         VALUES (@id, ${columns.map((c) => `@${c}`).join(', ')}, NULL, @now, @now)`,
      )
      .run({ ...toParams(fields), id, now });
    return this.get(id);
  }

  update(id: string, fields: PatientFields): Patient {
    this.get(id);
    this.checkDates(fields);
    this.db
      .prepare(`UPDATE patients SET ${columns.map((c) => `${c} = @${c}`).join(', ')}, updated_at = @now WHERE id = @id`)
      .run({ ...toParams(fields), id, now: this.clock.now().toISOString() });
    return this.get(id);
  }

  setArchived(id: string, archived: boolean): Patient {
    this.get(id);
    const now = this.clock.now().toISOString();
    this.db.prepare('UPDATE patients SET archived_at = ?, updated_at = ? WHERE id = ?').run(archived ? now : null, now, id);
    return this.get(id);
  }

  delete(id: string): { id: string } {
    this.get(id);
    if (this.financialChecks.some((check) => check(this.db, id))) {
      throw new AppError('patient.has_financial_records', 'The patient has invoices or payments; archive instead of deleting');
    }
    try {
      this.db.transaction(() => {
        for (const hook of this.beforeDelete) hook(this.db, id);
        this.db.prepare('DELETE FROM patients WHERE id = ?').run(id);
      })();
    } catch (err) {
      if (isForeignKeyRefusal(err)) {
        throw new AppError('patient.has_financial_records', 'The patient has records that must be kept; archive instead of deleting');
      }
      throw err;
    }
    return { id };
  }
}
