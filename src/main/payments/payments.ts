/**
 * Owns payments, refunds and their reversals, receipts, credit notes and reminder charges: the rows
 * of an invoice's account (ledger.ts derives its state), the lists over them (a patient's balance,
 * open items with age buckets, the payments journal), and the guards other domains ask (may an invoice
 * be cancelled, does a patient have records to keep).
 *
 * Nothing here is ever updated or deleted: a payment is undone by a reversal that points at it, a
 * credit note is closed by refunds. Documents (receipts, credit notes) are rendered before the
 * transaction that records them, then archived in it; the number they print is checked again inside
 * and the render repeated if it changed meanwhile (as invoices are issued).
 */
import type { z } from 'zod';
import type {
  CreditNote, InvoiceAccount, InvoiceMoney, OpenItem, OpenItemsQuery, PaymentEntry, PaymentFields, PaymentMethod, PaymentSettings,
} from '../../shared/contract/payments.js';
import { ageBuckets } from '../../shared/contract/payments.js';
import type { DownloadRef } from '../../shared/contract/jobs.js';
import { AppError, fieldError } from '../../shared/errors.js';
import { translate } from '../../shared/i18n/index.js';
import { formatMoneyWithCurrency, minorToDecimalString, parseMoney } from '../../shared/money.js';
import type { Currency, Language } from '../../shared/validation/fields.js';
import { formatDate } from '../../shared/dates.js';
import type { InvoicesApi, Receivable } from '../invoices/index.js';
import type { PatientsApi } from '../patients/index.js';
import type { PracticesApi } from '../practices/index.js';
import { localDate, type Clock } from '../platform/clock.js';
import type { Db } from '../platform/db/open.js';
import { cached } from '../platform/db/statements.js';
import type { FileStore } from '../platform/files.js';
import { newId } from '../platform/ids.js';
import { deriveAccount, Ledger, noFigures, type AccountFigures } from './ledger.js';
import { CreditNoteSnapshot, fromInvoice, letterFileName, ReceiptSnapshot, renderCreditNote, renderReceipt } from './letters.js';

export interface PaymentsPorts {
  invoices: InvoicesApi;
  practices: Pick<PracticesApi, 'get' | 'list'>;
  patients: PatientsApi;
  /** The highest reminder level sent per invoice (answered by reminders; none when absent). */
  reminderLevels?: (() => Map<string, number>) | undefined;
  uiLanguage: () => Language;
}

interface PaymentRow {
  id: string; invoice_id: string; patient_id: string; practice_id: string; kind: 'payment' | 'refund' | 'reversal'; amount_minor: number;
  currency: Currency; date: string; method: PaymentMethod; note: string; reverses_id: string | null; transfer_id: string | null;
  credit_note_id: string | null; bank_key: string | null; created_at: string; reversed_by: string | null; has_receipt: number;
}

interface CreditNoteRow {
  id: string; invoice_id: string; patient_id: string; practice_id: string; kind: 'overpayment' | 'reduction'; number: string;
  amount_minor: number; currency: Currency; date: string; reason: string; snapshot: string; document_id: string; created_at: string;
  refunded: number;
}

/** A new row of the account: what recordRows inserts. */
export interface NewPayment {
  id?: string;
  invoice: Receivable;
  kind: 'payment' | 'refund' | 'reversal';
  amountMinor: number;
  date: string;
  method: PaymentMethod;
  note: string;
  reversesId?: string | null;
  transferId?: string | null;
  creditNoteId?: string | null;
  bankKey?: string | null;
}

/** Thrown inside a transaction (which it rolls back) when what was rendered is no longer what would be stored. */
class RenderedStale extends Error {}
/** Thrown inside a receipt's transaction when another call archived it meanwhile: nothing to do. */
class AlreadyArchived extends Error {}
const renderAttempts = 3;

const selectPayments = `SELECT p.*, rev.id AS reversed_by, (r.payment_id IS NOT NULL) AS has_receipt FROM payments p
  LEFT JOIN payments rev ON rev.reverses_id = p.id LEFT JOIN receipts r ON r.payment_id = p.id`;

const selectCreditNotes = `SELECT c.*, coalesce((SELECT -sum(p.amount_minor) FROM payments p WHERE p.credit_note_id = c.id), 0) AS refunded FROM credit_notes c`;

export class Payments {
  readonly ledger: Ledger;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly ports: PaymentsPorts,
  ) {
    this.ledger = new Ledger(db);
  }

  today(): string {
    return localDate(this.clock);
  }

  /** Documents are rendered and numbered one at a time. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => {});
    return run;
  }

  // Accounts -----------------------------------------------------------------------------------

  account(invoiceId: string, today = this.today()): InvoiceAccount {
    return deriveAccount(this.ports.invoices.receivable(invoiceId), this.ledger.figures(invoiceId), today);
  }

  accountOf(r: Receivable, figures: AccountFigures | undefined, today = this.today()): InvoiceAccount {
    return deriveAccount(r, figures ?? noFigures, today);
  }

  /** Issued invoices (of a practice, or all) with their accounts: for open items and the reminder run. */
  accounts(q: { practiceId?: string | undefined; patientId?: string | undefined }, today = this.today()): { receivable: Receivable; account: InvoiceAccount }[] {
    const receivables = this.ports.invoices.receivables(q);
    const figures = q.patientId ? this.ledger.figuresFor(receivables.map((r) => r.id)) : this.ledger.allFigures();
    return receivables.map((receivable) => ({ receivable, account: deriveAccount(receivable, figures.get(receivable.id) ?? noFigures, today) }));
  }

  forInvoice(invoiceId: string): InvoiceMoney {
    const account = this.account(invoiceId);
    const entries = this.entries(cached(this.db, `${selectPayments} WHERE p.invoice_id = ? ORDER BY p.date, p.created_at, p.rowid`).all(invoiceId) as PaymentRow[]);
    const creditNotes = this.creditNotes(cached(this.db, `${selectCreditNotes} WHERE c.invoice_id = ? ORDER BY c.date, c.created_at`).all(invoiceId) as CreditNoteRow[]);
    const charges = cached(this.db, 'SELECT kind, amount_minor AS amountMinor, date FROM invoice_charges WHERE invoice_id = ? ORDER BY date, created_at').all(invoiceId) as InvoiceMoney['charges'];
    return { account, entries, creditNotes, charges };
  }

  private entries(rows: PaymentRow[]): PaymentEntry[] {
    const invoices = new Map<string, Receivable>();
    const invoiceOf = (id: string) => {
      let r = invoices.get(id);
      if (!r) invoices.set(id, (r = this.ports.invoices.receivable(id)));
      return r;
    };
    return rows.map((r) => {
      const inv = invoiceOf(r.invoice_id);
      return {
        id: r.id, invoiceId: r.invoice_id, invoiceNumber: inv.number, patientId: r.patient_id, patientName: inv.patientName, kind: r.kind,
        amountMinor: r.amount_minor, currency: r.currency, date: r.date, method: r.method, note: r.note, reversesId: r.reverses_id,
        reversedById: r.reversed_by, transferId: r.transfer_id, creditNoteId: r.credit_note_id, fromBankFile: r.bank_key !== null,
        hasReceipt: r.has_receipt === 1, createdAt: r.created_at,
      };
    });
  }

  entry(id: string): PaymentEntry {
    const row = cached(this.db, `${selectPayments} WHERE p.id = ?`).get(id) as PaymentRow | undefined;
    if (!row) throw new AppError('not_found', `Payment ${id} not found`);
    return this.entries([row])[0]!;
  }

  // Recording ----------------------------------------------------------------------------------

  /** Inserts account rows; call inside a transaction. Returns their ids. */
  insertRows(rows: readonly NewPayment[]): string[] {
    const insert = cached(this.db, `INSERT INTO payments (id, invoice_id, patient_id, practice_id, kind, amount_minor, currency, date, method, note,
        reverses_id, transfer_id, credit_note_id, bank_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const now = this.clock.now().toISOString();
    return rows.map((p) => {
      const id = p.id ?? newId();
      insert.run(id, p.invoice.id, p.invoice.patientId, p.invoice.practiceId, p.kind, p.amountMinor, p.invoice.currency, p.date, p.method, p.note,
        p.reversesId ?? null, p.transferId ?? null, p.creditNoteId ?? null, p.bankKey ?? null, now);
      return id;
    });
  }

  /**
   * The invoices a payment may go to: issued ones of one patient, in one currency. Checked for a
   * payment recorded by hand and for a bank line spread by hand alike.
   */
  payableInvoices(allocations: readonly { invoiceId: string; amountMinor: number }[], currency?: string): Receivable[] {
    const invoices = allocations.map((a, i) => {
      let r: Receivable;
      try {
        r = this.ports.invoices.receivable(a.invoiceId);
      } catch (err) {
        if (err instanceof AppError && err.code === 'not_found') throw fieldError(`allocations.${i}.invoiceId`, 'v.invoice_not_payable');
        throw err;
      }
      if (r.status !== 'issued') throw new AppError('payments.invoice_not_payable', `Invoice ${r.number} is cancelled`, { number: r.number });
      return r;
    });
    const first = invoices[0]!;
    if (invoices.some((r) => r.patientId !== first.patientId)) throw new AppError('payments.other_patient', 'One transfer pays invoices of one patient');
    const expected = currency ?? first.currency;
    if (invoices.some((r) => r.currency !== expected)) throw new AppError('payments.currency_mismatch', 'The currencies differ', { currency: expected });
    if (new Set(invoices.map((r) => r.id)).size !== invoices.length) throw fieldError('allocations', 'v.invoice_twice');
    return invoices;
  }

  record(input: z.output<typeof PaymentFields>): PaymentEntry[] {
    const invoices = this.payableInvoices(input.allocations);
    const transferId = input.allocations.length > 1 ? newId() : null;
    const ids = this.db.transaction(() =>
      this.insertRows(input.allocations.map((a, i) => ({
        invoice: invoices[i]!, kind: 'payment', amountMinor: a.amountMinor, date: input.date, method: input.method, note: input.note, transferId,
      }))),
    ).immediate();
    return ids.map((id) => this.entry(id));
  }

  reverse(paymentId: string, reason: string): PaymentEntry {
    const id = this.db.transaction(() => {
      const row = cached(this.db, `${selectPayments} WHERE p.id = ?`).get(paymentId) as PaymentRow | undefined;
      if (!row) throw new AppError('not_found', `Payment ${paymentId} not found`);
      if (row.kind === 'reversal') throw new AppError('payments.not_reversible', 'A reversal is not reversed; record the payment again');
      if (row.reversed_by) throw new AppError('payments.already_reversed', 'This payment was reversed already');
      return this.insertRows([{
        invoice: this.ports.invoices.receivable(row.invoice_id), kind: 'reversal', amountMinor: -row.amount_minor, date: this.today(),
        method: row.method, note: reason, reversesId: row.id, creditNoteId: row.credit_note_id,
      }])[0]!;
    }).immediate();
    return this.entry(id);
  }

  /** Reminder fees and interest a reminder charges, inside the reminder's transaction. */
  charge(invoiceId: string, charges: readonly { kind: 'reminder_fee' | 'interest'; amountMinor: number }[], date: string, sourceId: string): void {
    const insert = cached(this.db, 'INSERT INTO invoice_charges (id, invoice_id, kind, amount_minor, date, source_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const now = this.clock.now().toISOString();
    for (const c of charges) if (c.amountMinor > 0) insert.run(newId(), invoiceId, c.kind, c.amountMinor, date, sourceId, now);
  }

  // Cash and receipts --------------------------------------------------------------------------

  /** "Bar bezahlt": the draft is issued, its total recorded as paid in cash today, and a receipt archived. */
  async issuePaidInCash(invoiceId: string): Promise<{ invoiceId: string; payment: PaymentEntry }> {
    if (this.ports.invoices.get(invoiceId).status !== 'draft') throw new AppError('payments.not_draft', 'Only a draft can be issued and paid in cash at once');
    await this.ports.invoices.issue(invoiceId);
    const invoice = this.ports.invoices.receivable(invoiceId);
    const paymentId = newId();
    await this.withReceipt(invoice, paymentId, () => {
      this.insertRows([{ id: paymentId, invoice, kind: 'payment', amountMinor: invoice.totalMinor, date: this.today(), method: 'cash', note: '' }]);
    }, { amountMinor: invoice.totalMinor, method: 'cash', date: this.today(), openAfterMinor: this.account(invoiceId).openMinor - invoice.totalMinor });
    return { invoiceId, payment: this.entry(paymentId) };
  }

  /**
   * Renders the receipt of a payment and commits it with `inTransaction` (which records the payment
   * itself when it is new) and the archived document, in one transaction.
   */
  private withReceipt(
    invoice: Receivable,
    paymentId: string,
    inTransaction: () => void,
    facts: { amountMinor: number; method: PaymentMethod; date: string; openAfterMinor: number },
  ): Promise<void> {
    return this.serial(async () => {
      const invoiceSnapshot = this.ports.invoices.snapshotOf(invoice.id);
      for (let attempt = 1; ; attempt++) {
        const seq = this.receiptCount(invoice.id) + 1;
        const snapshot: ReceiptSnapshot = {
          schemaVersion: 1, ...fromInvoice(invoiceSnapshot), number: `${invoice.number}-Q${seq}`, date: facts.date, amountMinor: facts.amountMinor,
          method: facts.method, openAfterMinor: facts.openAfterMinor,
        };
        const content = await renderReceipt(snapshot);
        try {
          this.db.transaction(() => {
            if (this.receiptCount(invoice.id) + 1 !== seq) throw new RenderedStale();
            inTransaction();
            const now = this.clock.now().toISOString();
            const doc = this.ports.invoices.archive({ invoiceId: invoice.id, kind: 'receipt', fileName: letterFileName('receipt', snapshot.language, snapshot.number), content, createdAt: now });
            cached(this.db, 'INSERT INTO receipts (payment_id, number, snapshot, document_id, created_at) VALUES (?, ?, ?, ?, ?)').run(paymentId, snapshot.number, JSON.stringify(snapshot), doc.id, now);
          }).immediate();
          return;
        } catch (err) {
          if (err instanceof AlreadyArchived) return;
          if (!(err instanceof RenderedStale) || attempt === renderAttempts) throw err;
        }
      }
    });
  }

  private receiptCount(invoiceId: string): number {
    return (cached(this.db, 'SELECT count(*) AS n FROM receipts r JOIN payments p ON p.id = r.payment_id WHERE p.invoice_id = ?').get(invoiceId) as { n: number }).n;
  }

  /** The payment's receipt as archived; a payment without one gets it now. */
  async receiptPdf(paymentId: string): Promise<{ fileName: string; content: Buffer }> {
    const existing = () => cached(this.db, 'SELECT document_id FROM receipts WHERE payment_id = ?').get(paymentId) as { document_id: string } | undefined;
    let row = existing();
    if (!row) {
      const entry = this.entry(paymentId);
      if (entry.kind !== 'payment') throw new AppError('payments.not_reversible', 'Only a payment has a receipt');
      const invoice = this.ports.invoices.receivable(entry.invoiceId);
      await this.withReceipt(invoice, paymentId, () => {
        if (existing()) throw new AlreadyArchived();
      }, { amountMinor: entry.amountMinor, method: entry.method, date: entry.date, openAfterMinor: this.account(invoice.id).openMinor });
      row = existing()!;
    }
    const doc = this.ports.invoices.archived(row.document_id);
    return { fileName: doc.fileName, content: doc.content };
  }

  // Lists --------------------------------------------------------------------------------------

  list(q: { from?: string | undefined; to?: string | undefined; patientId?: string | undefined; practiceId?: string | undefined; offset: number; limit: number }) {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.from) { where.push('p.date >= ?'); params.push(q.from); }
    if (q.to) { where.push('p.date <= ?'); params.push(q.to); }
    if (q.patientId) { where.push('p.patient_id = ?'); params.push(q.patientId); }
    if (q.practiceId) { where.push('p.practice_id = ?'); params.push(q.practiceId); }
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (this.db.prepare(`SELECT count(*) AS n FROM payments p ${whereSql}`).get(...params) as { n: number }).n;
    const rows = this.db.prepare(`${selectPayments} ${whereSql} ORDER BY p.date DESC, p.created_at DESC, p.rowid DESC LIMIT ? OFFSET ?`).all(...params, q.limit, q.offset) as PaymentRow[];
    return { total, items: this.entries(rows) };
  }

  patientBalance(patientId: string) {
    this.ports.patients.get(patientId);
    const rows = this.accounts({ patientId });
    const balances = new Map<Currency, { currency: Currency; owesMinor: number; creditMinor: number }>();
    for (const { account } of rows) {
      const b = balances.get(account.currency) ?? { currency: account.currency, owesMinor: 0, creditMinor: 0 };
      if (account.openMinor > 0) b.owesMinor += account.openMinor;
      else b.creditMinor -= account.openMinor;
      balances.set(account.currency, b);
    }
    return {
      balances: [...balances.values()],
      invoices: rows.filter((r) => r.account.openMinor !== 0).map(({ receivable, account }) => ({ invoiceId: receivable.id, number: receivable.number, invoiceDate: receivable.invoiceDate, account })),
    };
  }

  openItems(q: z.output<typeof OpenItemsQuery>): { items: OpenItem[]; totals: ReturnType<Payments['totalsOf']>; asOf: string } {
    const asOf = this.today();
    const levels = this.ports.reminderLevels?.() ?? new Map<string, number>();
    const items = this.accounts(q, asOf)
      .filter(({ account }) => account.openMinor > 0 && (!q.overdueOnly || account.daysOverdue > 0))
      .map(({ receivable: r, account }): OpenItem => ({
        invoiceId: r.id, number: r.number, practiceId: r.practiceId, patientId: r.patientId, patientName: r.patientName, invoiceDate: r.invoiceDate,
        currency: r.currency, totalMinor: r.totalMinor, account, bucket: bucketOf(account.daysOverdue), reminderLevel: levels.get(r.id) ?? 0,
      }))
      .sort((a, b) => b.account.daysOverdue - a.account.daysOverdue || a.number.localeCompare(b.number));
    return { items, totals: this.totalsOf(items), asOf };
  }

  private totalsOf(items: OpenItem[]) {
    const names = new Map(this.ports.practices.list().map((p) => [p.id, p.name]));
    const totals = new Map<string, { practiceId: string; practiceName: string; currency: Currency; openMinor: number; count: number; buckets: Record<(typeof ageBuckets)[number], number> }>();
    for (const item of items) {
      const key = `${item.practiceId}/${item.currency}`;
      let t = totals.get(key);
      if (!t) {
        t = { practiceId: item.practiceId, practiceName: names.get(item.practiceId) ?? '', currency: item.currency, openMinor: 0, count: 0, buckets: Object.fromEntries(ageBuckets.map((b) => [b, 0])) as Record<(typeof ageBuckets)[number], number> };
        totals.set(key, t);
      }
      t.openMinor += item.account.openMinor;
      t.count += 1;
      t.buckets[item.bucket] += item.account.openMinor;
    }
    return [...totals.values()];
  }

  /** Open items as CSV for a spreadsheet: UTF-8 with BOM, semicolons, plain decimal amounts, the UI's language for the header. */
  async exportOpenItems(q: z.output<typeof OpenItemsQuery>, files: FileStore): Promise<DownloadRef> {
    const lang = this.ports.uiLanguage();
    const t = (key: string) => translate(lang, key);
    const { items, asOf } = this.openItems(q);
    const names = new Map(this.ports.practices.list().map((p) => [p.id, p.name]));
    const header = ['practice', 'number', 'invoiceDate', 'dueDate', 'patient', 'currency', 'total', 'paid', 'charges', 'open', 'daysOverdue', 'bucket', 'reminderLevel']
      .map((c) => t(`openItems.csv.${c}`));
    const lines = items.map((i) => [
      names.get(i.practiceId) ?? '', i.number, formatDate(i.invoiceDate), formatDate(i.account.dueDate), i.patientName, i.currency,
      minorToDecimalString(i.totalMinor), minorToDecimalString(i.account.paidMinor), minorToDecimalString(i.account.chargesMinor),
      minorToDecimalString(i.account.openMinor), String(i.account.daysOverdue), t(`openItems.bucket.${i.bucket}`), String(i.reminderLevel),
    ]);
    const csv = `\uFEFF${[header, ...lines].map((row) => row.map(csvField).join(';')).join('\r\n')}\r\n`;
    return files.putDownload(`${t('openItems.csv.file')}-${asOf}.csv`, 'text/csv; charset=utf-8', Buffer.from(csv, 'utf8'));
  }

  /** Issued invoices by number, reference, name or amount, with their accounts. */
  searchInvoices(query: string, patientId?: string) {
    const amount = /\d/.test(query) ? parseMoney(query) : null;
    const found = new Map<string, Receivable>();
    if (amount !== null && amount > 0) for (const r of this.ports.invoices.searchReceivables('', 20, amount)) found.set(r.id, r);
    if (query.trim() !== '' || patientId) for (const r of this.ports.invoices.searchReceivables(query, 30)) found.set(r.id, r);
    const today = this.today();
    return [...found.values()]
      .filter((r) => !patientId || r.patientId === patientId)
      .map((r) => ({ invoiceId: r.id, number: r.number, patientId: r.patientId, patientName: r.patientName, invoiceDate: r.invoiceDate, account: this.accountOf(r, this.ledger.figures(r.id), today) }));
  }

  // Credit notes -------------------------------------------------------------------------------

  private creditNotes(rows: CreditNoteRow[]): CreditNote[] {
    return rows.map((r) => {
      const inv = this.ports.invoices.receivable(r.invoice_id);
      const refundable = this.refundable(r);
      return {
        id: r.id, invoiceId: r.invoice_id, invoiceNumber: inv.number, patientId: r.patient_id, patientName: inv.patientName, kind: r.kind, number: r.number,
        amountMinor: r.amount_minor, currency: r.currency, date: r.date, reason: r.reason, refundedMinor: r.refunded, closed: refundable === 0, createdAt: r.created_at,
      };
    });
  }

  /**
   * What may still be paid back on a note: its amount less what was refunded, and never more than the
   * patient's credit on the invoice (a reduction of an unpaid invoice is set off against it, not paid out).
   */
  private refundable(r: Pick<CreditNoteRow, 'amount_minor' | 'refunded' | 'invoice_id'>): number {
    const credit = Math.max(0, -this.account(r.invoice_id).openMinor);
    return Math.max(0, Math.min(r.amount_minor - r.refunded, credit));
  }

  private creditNoteRow(id: string): CreditNoteRow {
    const row = cached(this.db, `${selectCreditNotes} WHERE c.id = ?`).get(id) as CreditNoteRow | undefined;
    if (!row) throw new AppError('not_found', `Credit note ${id} not found`);
    return row;
  }

  creditNote(id: string): CreditNote {
    return this.creditNotes([this.creditNoteRow(id)])[0]!;
  }

  listCreditNotes(q: { patientId?: string | undefined; openOnly: boolean }): CreditNote[] {
    const rows = (q.patientId
      ? this.db.prepare(`${selectCreditNotes} WHERE c.patient_id = ? ORDER BY c.date DESC, c.created_at DESC`).all(q.patientId)
      : this.db.prepare(`${selectCreditNotes} ORDER BY c.date DESC, c.created_at DESC LIMIT 500`).all()) as CreditNoteRow[];
    const notes = this.creditNotes(rows);
    return q.openOnly ? notes.filter((n) => !n.closed) : notes;
  }

  settings(practiceId: string): PaymentSettings {
    this.ports.practices.get(practiceId);
    const row = cached(this.db, 'SELECT credit_note_numbering, credit_note_prefix FROM payment_settings WHERE practice_id = ?').get(practiceId) as
      | { credit_note_numbering: 'sequence' | 'invoice'; credit_note_prefix: string }
      | undefined;
    return row ? { creditNoteNumbering: row.credit_note_numbering, creditNotePrefix: row.credit_note_prefix } : { creditNoteNumbering: 'sequence', creditNotePrefix: 'GS-' };
  }

  saveSettings(practiceId: string, s: PaymentSettings): PaymentSettings {
    this.ports.practices.get(practiceId);
    cached(this.db, `INSERT INTO payment_settings (practice_id, credit_note_numbering, credit_note_prefix, updated_at) VALUES (?, ?, ?, ?)
                     ON CONFLICT (practice_id) DO UPDATE SET credit_note_numbering = excluded.credit_note_numbering, credit_note_prefix = excluded.credit_note_prefix, updated_at = excluded.updated_at`)
      .run(practiceId, s.creditNoteNumbering, s.creditNotePrefix, this.clock.now().toISOString());
    return this.settings(practiceId);
  }

  /** The number the next credit note of this invoice gets (peeked; `take` moves the sequence on). */
  private creditNoteNumber(invoice: Receivable, date: string, take: boolean): string {
    const s = this.settings(invoice.practiceId);
    if (s.creditNoteNumbering === 'invoice') {
      const n = (cached(this.db, 'SELECT count(*) AS n FROM credit_notes WHERE invoice_id = ?').get(invoice.id) as { n: number }).n + 1;
      return `${s.creditNotePrefix}${invoice.number}${n > 1 ? `-${n}` : ''}`;
    }
    const year = Number(date.slice(0, 4));
    // Each computer counts in its own block (migration 0014): a second workstation's credit notes never take the main computer's numbers.
    const block = this.ports.invoices.workstationNumberStart();
    const row = cached(this.db, 'SELECT next_value FROM credit_note_counters WHERE practice_id = ? AND year = ? AND block_from = ?')
      .get(invoice.practiceId, year, block) as { next_value: number } | undefined;
    const value = row?.next_value ?? block;
    if (take) {
      cached(this.db, `INSERT INTO credit_note_counters (practice_id, year, block_from, next_value) VALUES (?, ?, ?, ? + 1)
                       ON CONFLICT (practice_id, year, block_from) DO UPDATE SET next_value = next_value + 1`).run(invoice.practiceId, year, block, block);
    }
    return `${s.creditNotePrefix}${year}-${String(value).padStart(4, '0')}`;
  }

  /** How much a new note of this kind may be for. */
  private creditNoteLimit(invoice: Receivable, kind: 'overpayment' | 'reduction'): number {
    const account = this.account(invoice.id);
    if (kind === 'reduction') return account.totalMinor - account.reductionsMinor;
    const open = this.creditNotes(cached(this.db, `${selectCreditNotes} WHERE c.invoice_id = ? AND c.kind = 'overpayment'`).all(invoice.id) as CreditNoteRow[])
      .reduce((sum, n) => sum + (n.amountMinor - n.refundedMinor), 0);
    return Math.max(0, -account.openMinor - open);
  }

  createCreditNote(input: { invoiceId: string; kind: 'overpayment' | 'reduction'; amountMinor: number; reason: string; date?: string | undefined }): Promise<CreditNote> {
    return this.serial(async () => {
      const invoice = this.ports.invoices.receivable(input.invoiceId);
      if (invoice.status !== 'issued') throw new AppError('payments.invoice_not_payable', `Invoice ${invoice.number} is cancelled`, { number: invoice.number });
      const date = input.date ?? this.today();
      const invoiceSnapshot = this.ports.invoices.snapshotOf(invoice.id);
      for (let attempt = 1; ; attempt++) {
        const limit = this.creditNoteLimit(invoice, input.kind);
        if (input.amountMinor > limit) {
          throw new AppError('payments.credit_note_too_large', 'The credit note is larger than what can be credited', {
            fields: [{ path: 'amountMinor', key: `v.credit_note_max_${input.kind}`, params: { max: formatMoneyWithCurrency(limit, invoice.currency, this.ports.uiLanguage()) } }],
          });
        }
        const number = this.creditNoteNumber(invoice, date, false);
        const snapshot: CreditNoteSnapshot = {
          schemaVersion: 1, ...fromInvoice(invoiceSnapshot), number, date, kind: input.kind, amountMinor: input.amountMinor, reason: input.reason,
          paidMinor: this.account(invoice.id).paidMinor,
        };
        const content = await renderCreditNote(snapshot);
        const id = newId();
        try {
          this.db.transaction(() => {
            if (this.creditNoteNumber(invoice, date, true) !== number || this.creditNoteLimit(invoice, input.kind) < input.amountMinor) throw new RenderedStale();
            const now = this.clock.now().toISOString();
            const doc = this.ports.invoices.archive({ invoiceId: invoice.id, kind: 'credit_note', fileName: letterFileName('credit_note', snapshot.language, number), content, createdAt: now });
            cached(this.db, `INSERT INTO credit_notes (id, invoice_id, patient_id, practice_id, kind, number, amount_minor, currency, date, reason, snapshot, document_id, created_at)
                             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
              .run(id, invoice.id, invoice.patientId, invoice.practiceId, input.kind, number, input.amountMinor, invoice.currency, date, input.reason, JSON.stringify(snapshot), doc.id, now);
          }).immediate();
          return this.creditNote(id);
        } catch (err) {
          if (!(err instanceof RenderedStale) || attempt === renderAttempts) throw err;
        }
      }
    });
  }

  creditNotePdf(id: string): { fileName: string; content: Buffer } {
    const doc = this.ports.invoices.archived(this.creditNoteRow(id).document_id);
    return { fileName: doc.fileName, content: doc.content };
  }

  refund(input: { creditNoteId: string; amountMinor?: number | undefined; date: string; method: PaymentMethod; note: string }): PaymentEntry {
    const id = this.db.transaction(() => {
      const note = this.creditNoteRow(input.creditNoteId);
      const refundable = this.refundable(note);
      if (refundable === 0) throw new AppError('payments.credit_note_closed', 'Nothing is left to refund on this credit note');
      const amount = input.amountMinor ?? refundable;
      if (amount > refundable) {
        const invoice = this.ports.invoices.receivable(note.invoice_id);
        throw new AppError('payments.refund_too_large', 'The refund is larger than what is left', {
          fields: [{ path: 'amountMinor', key: 'v.refund_max', params: { max: formatMoneyWithCurrency(refundable, invoice.currency, this.ports.uiLanguage()) } }],
        });
      }
      return this.insertRows([{
        invoice: this.ports.invoices.receivable(note.invoice_id), kind: 'refund', amountMinor: -amount, date: input.date, method: input.method, note: input.note,
        creditNoteId: note.id,
      }])[0]!;
    }).immediate();
    return this.entry(id);
  }

  // What other domains ask ---------------------------------------------------------------------

  /** An invoice with payments (not reversed) or credit notes is not cancelled: reverse them, or issue a credit note. */
  cancelRefusal(invoiceId: string): AppError | null {
    const live = cached(this.db, `SELECT count(*) AS n FROM payments p WHERE p.invoice_id = ? AND p.kind <> 'reversal'
                                  AND NOT EXISTS (SELECT 1 FROM payments r WHERE r.reverses_id = p.id)`).get(invoiceId) as { n: number };
    const notes = cached(this.db, 'SELECT count(*) AS n FROM credit_notes WHERE invoice_id = ?').get(invoiceId) as { n: number };
    if (live.n === 0 && notes.n === 0) return null;
    return new AppError('invoice.has_payments', 'The invoice has payments or credit notes; reverse the payments first or issue a credit note', { payments: live.n, creditNotes: notes.n });
  }

  /** A patient with payments is archived, not deleted. */
  hasRecords(patientId: string): boolean {
    return cached(this.db, 'SELECT 1 FROM payments WHERE patient_id = ? LIMIT 1').get(patientId) !== undefined
      || cached(this.db, 'SELECT 1 FROM credit_notes WHERE patient_id = ? LIMIT 1').get(patientId) !== undefined;
  }
}

export function bucketOf(daysOverdue: number): (typeof ageBuckets)[number] {
  if (daysOverdue <= 0) return 'not_due';
  if (daysOverdue <= 30) return 'd1_30';
  if (daysOverdue <= 60) return 'd31_60';
  if (daysOverdue <= 90) return 'd61_90';
  return 'd90_plus';
}

function csvField(value: string): string {
  // A leading = + - @ would be read as a formula by a spreadsheet: quoted and prefixed.
  const safe = /^[=+\-@]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

