/** Owns the patient record: create, edit, archive, delete, and the searchable list. */
import { z } from 'zod';
import {
  BillingRecipient, PatientListQuery, patientSorts, type Patient, type PatientFields, type PatientSummary,
} from '../../shared/contract/index.js';
import { AppError, fieldError } from '../../shared/errors.js';
import { localDate, type Clock } from '../platform/clock.js';
import { newId } from '../platform/ids.js';
import { isForeignKeyRefusal } from '../platform/db/errors.js';
import type { Db } from '../platform/db/open.js';
import { cached } from '../platform/db/statements.js';
import { buildSearchText, buildSortName, ftsQuery, searchTerms, wordStartLike, wordStartTerms } from './search.js';

interface PatientRow {
  id: string; salutation: string; title: string; first_name: string; last_name: string; birth_date: string | null; sex: string;
  ahv_number: string; street: string; house_number: string; postal_code: string; town: string; country: string;
  phone: string; mobile: string; email: string; language: string; insurance_name: string; insured_number: string;
  billing_recipient: string | null; invoices_by_post: number; consent_date: string | null; anamnesis: string;
  notes: string; categories: string; archived_at: string | null; created_at: string; updated_at: string;
}

function fromRow(r: PatientRow): Patient {
  return {
    id: r.id,
    salutation: r.salutation as Patient['salutation'],
    title: r.title,
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
    salutation: p.salutation, title: p.title, first_name: p.firstName, last_name: p.lastName, birth_date: p.birthDate, sex: p.sex,
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
  'salutation', 'title', 'first_name', 'last_name', 'birth_date', 'sex', 'ahv_number', 'street', 'house_number', 'postal_code',
  'town', 'country', 'phone', 'mobile', 'email', 'language', 'insurance_name', 'insured_number', 'billing_recipient',
  'invoices_by_post', 'consent_date', 'anamnesis', 'notes', 'categories', 'search_text', 'sort_name',
] as const satisfies readonly (keyof Params)[];

/**
 * The list's order for each sort: exactly the expressions of the patients_list_* indexes
 * (migration 0008), so a page is read in index order. The id breaks ties, so pages never overlap;
 * an unknown birth date sorts last either way.
 */
export function listOrder(sort: (typeof patientSorts)[number], direction: 'asc' | 'desc'): string {
  const dir = direction === 'desc' ? 'DESC' : 'ASC';
  switch (sort) {
    case 'name':
      return `sort_name ${dir}, id ${dir}`;
    case 'birthDate':
      return `birth_date IS NULL, birth_date ${dir}, id ${dir}`;
    case 'createdAt':
      return `created_at ${dir}, id ${dir}`;
    case 'updatedAt':
      return `updated_at ${dir}, id ${dir}`;
  }
}

/**
 * What the domains that keep a patient's records (invoices, later payments) say about deleting
 * one: whether there are records that must be kept (then: archive, not delete; foreign keys are the
 * backstop), and what goes with the patient (drafts), inside the delete transaction. Passed in by
 * the composition root (createApp).
 */
export interface PatientRecordsPort {
  hasFinancialRecords(patientId: string): boolean;
  beforeDelete(patientId: string): void;
}

/**
 * How the search index marks an archived patient (migration 0013): three U+0001, which no search
 * term can contain, since every text field refuses control characters.
 */
const archivedMarker = `"${'\u0001'.repeat(3)}"`;
/** From this many hits a search by name walks the name index instead of sorting the hits (see search). */
const walkFromHits = 1000;

const noRecords: PatientRecordsPort = { hasFinancialRecords: () => false, beforeDelete: () => {} };

export class Patients {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly records: PatientRecordsPort = noRecords,
  ) {}

  list(query: z.output<typeof PatientListQuery>): { total: number; items: PatientSummary[] } {
    const terms = searchTerms(query.query);
    const match = ftsQuery(terms);
    const oneLetter = wordStartTerms(terms);
    if (match && oneLetter.length === 0) return this.search(match, query);

    // No search, or one with one-letter terms, which the index cannot answer.
    const where: string[] = [];
    const params: unknown[] = [];
    if (match) {
      where.push('patients_fts MATCH ?');
      params.push(match);
    }
    if (query.status === 'active') where.push('p.archived_at IS NULL');
    if (query.status === 'archived') where.push('p.archived_at IS NOT NULL');
    for (const term of oneLetter) {
      where.push("(p.search_text LIKE ? ESCAPE '\\' OR p.search_text LIKE ? ESCAPE '\\')");
      params.push(...wordStartLike(term));
    }
    // With a search, the query starts from the index's hits (CROSS JOIN fixes that order: probing
    // every patient against the hits is far slower).
    const from = match ? 'FROM patients_fts CROSS JOIN patients p ON p.search_key = patients_fts.rowid' : 'FROM patients p';
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    // Without a search the page's ids come from the sort order's index alone (migration 0008).
    // Counting in the page's query (count(*) OVER ()) read and sorted every patient row for
    // every page; see count() instead.
    const ids = cached(this.db, `SELECT p.id ${from} ${whereSql} ORDER BY ${listOrder(query.sort, query.direction)} LIMIT ? OFFSET ?`)
      .pluck().all(...params, query.limit, query.offset) as string[];
    const complete = ids.length < query.limit && (ids.length > 0 || query.offset === 0);
    const total = complete ? query.offset + ids.length
      : !match && oneLetter.length === 0 ? this.count(query.status)
      : (cached(this.db, `SELECT count(*) ${from} ${whereSql}`).pluck().get(...params) as number);
    return { total, items: this.summaries(ids) };
  }

  /**
   * A search the index answers on its own (every term two letters or more). The index knows which
   * patients are archived (migration 0013), so the count of the hits in the chosen status is one
   * index query. Few hits are read and sorted; many hits (a common name) shown by name are found by
   * walking the name index in order and keeping the hits, which stops after the page instead of
   * reading and sorting thousands of patients to show fifty.
   */
  private search(match: string, query: z.output<typeof PatientListQuery>): { total: number; items: PatientSummary[] } {
    const inStatus = query.status === 'active' ? `(${match}) NOT ${archivedMarker}`
      : query.status === 'archived' ? `(${match}) AND ${archivedMarker}`
      : match;
    const total = cached(this.db, 'SELECT count(*) FROM patients_fts WHERE patients_fts MATCH ?').pluck().get(inStatus) as number;
    if (total <= query.offset) return { total, items: [] };
    const order = listOrder(query.sort, query.direction);
    const sql = query.sort === 'name' && total >= walkFromHits
      ? `SELECT p.id FROM patients p INDEXED BY patients_list_name
         WHERE p.search_key IN (SELECT rowid FROM patients_fts WHERE patients_fts MATCH ?) ORDER BY ${order} LIMIT ? OFFSET ?`
      : `SELECT p.id FROM patients_fts CROSS JOIN patients p ON p.search_key = patients_fts.rowid
         WHERE patients_fts MATCH ? ORDER BY ${order} LIMIT ? OFFSET ?`;
    const ids = cached(this.db, sql).pluck().all(inStatus, query.limit, query.offset) as string[];
    return { total, items: this.summaries(ids) };
  }

  /** The list's rows for a page of ids, in the page's order. */
  private summaries(ids: string[]): PatientSummary[] {
    type SummaryRow = Pick<PatientRow, 'id' | 'first_name' | 'last_name' | 'birth_date' | 'email' | 'phone' | 'mobile' | 'town' | 'categories' | 'archived_at'>;
    if (ids.length === 0) return [];
    const rows = cached(
      this.db,
      `SELECT id, first_name, last_name, birth_date, email, phone, mobile, town, categories, archived_at FROM patients
       WHERE id IN (${ids.map(() => '?').join(', ')})`,
    ).all(...ids) as SummaryRow[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)!).map((r) => ({
      id: r.id, firstName: r.first_name, lastName: r.last_name, birthDate: r.birth_date, email: r.email,
      phone: r.phone, mobile: r.mobile, town: r.town, categories: JSON.parse(r.categories) as string[], archivedAt: r.archived_at,
    }));
  }

  /**
   * How many patients a status has, without reading them: all of them is SQLite's page count of a
   * table, the archived ones are the few entries of a partial index (migration 0008), and the
   * active ones the difference.
   */
  private count(status: 'active' | 'archived' | 'all'): number {
    const all = cached(this.db, 'SELECT count(*) FROM patients').pluck().get() as number;
    if (status === 'all') return all;
    const archived = cached(this.db, 'SELECT count(*) FROM patients WHERE archived_at IS NOT NULL').pluck().get() as number;
    return status === 'archived' ? archived : all - archived;
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

  /** No records to keep (invoices): delete() would go through. */
  deletable(id: string): boolean {
    this.get(id);
    return !this.records.hasFinancialRecords(id);
  }

  delete(id: string): { id: string } {
    this.get(id);
    if (this.records.hasFinancialRecords(id)) {
      throw new AppError('patient.has_financial_records', 'The patient has invoices or payments; archive instead of deleting');
    }
    try {
      this.db.transaction(() => {
        this.records.beforeDelete(id);
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
