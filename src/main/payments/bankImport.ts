/**
 * Owns bank files from upload to booking: reading one (camt.ts), matching every line exactly by its
 * reference (the indexed column, never fuzzily) and grouping it for the preview, keeping the preview,
 * and booking it: the green lines in one click, any other line by hand. Booking a file is one
 * transaction (all or nothing), and a credit already booked, from this file or any other that carried
 * it (a camt.053 that overlaps a camt.054), is never booked again: its key is in bank_credits.
 *
 * A file for an account that is not one of the practices' is flagged when it is read, and nothing of
 * it is booked.
 */
import type { BankImport, ImportGroup, ImportLine } from '../../shared/contract/payments.js';
import { AppError } from '../../shared/errors.js';
import { formatMoneyWithCurrency, minorToDecimalString } from '../../shared/money.js';
import { compact } from '../../shared/validation/checksums.js';
import type { Language } from '../../shared/validation/fields.js';
import type { InvoicesApi, Receivable } from '../invoices/index.js';
import type { PracticesApi } from '../practices/index.js';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db/open.js';
import { cached } from '../platform/db/statements.js';
import type { EventBus } from '../platform/events.js';
import type { FileStore } from '../platform/files.js';
import { sha256Hex } from '../platform/hash.js';
import { newId } from '../platform/ids.js';
import type { JobContext } from '../platform/jobs.js';
import { bankKeys, decodeBankFile, parseCamt, type CamtFile, type CamtLine } from './camt.js';
import { deriveAccount, noFigures } from './ledger.js';
import type { Payments } from './payments.js';

/** Bigger than any day's notification of a practice by far; a bank file is read whole. */
export const maxBankFileBytes = 100 * 1024 * 1024;

/** Groups whose lines the bulk booking takes: they point at an invoice (or, for reversals, at the payment to undo). */
const bookableGroups = new Set<ImportGroup>(['full', 'partial', 'overpaid', 'already_paid', 'reversal']);

interface LineRow {
  import_id: string; position: number; patient_id: string | null; practice_id: string | null; grp: ImportGroup; status: string; credit_debit: 'CRDT' | 'DBIT'; reversal: number; amount_minor: number;
  currency: string; booking_date: string | null; value_date: string | null; reference: string | null; reference_type: string | null;
  debtor_name: string | null; message: string | null; bank_ref: string | null; bank_key: string; invoice_id: string | null;
  open_before_minor: number | null; reverses_payment_id: string | null; booked_at: string | null;
}

/** What booking a file decides on for each line; a reversal's whole row is read when it is booked. */
type LineToBook = Pick<LineRow, 'position' | 'invoice_id' | 'currency' | 'reversal' | 'credit_debit' | 'status' | 'booked_at'>;

interface ImportRow {
  id: string; sha256: string; file_name: string; message: 'camt.053' | 'camt.054'; version: string; message_id: string; accounts: string;
  foreign_account: number; notices: string; created_at: string;
}

type StoredNotice =
  | { kind: 'difference'; entry: number; entryAmountMinor: number; detailsMinor: number; currency: string }
  | { kind: 'batches_without_details'; count: number };

/** A line as the preview classified it. */
export interface Classified {
  line: CamtLine;
  key: string;
  group: ImportGroup;
  invoice: Receivable | null;
  openBeforeMinor: number | null;
  reversesPaymentId: string | null;
}

export interface BankImportDeps {
  db: Db;
  clock: Clock;
  invoices: InvoicesApi;
  practices: Pick<PracticesApi, 'list'>;
  payments: Payments;
  events: EventBus;
  uiLanguage: () => Language;
}

export class BankImports {
  constructor(private readonly deps: BankImportDeps) {
    // Ids for payments written by one statement for a whole file (UUIDs, like every id).
    deps.db.function('arnika_uuid', { deterministic: false }, () => newId());
  }

  private get db(): Db {
    return this.deps.db;
  }

  // Reading ------------------------------------------------------------------------------------

  /** The job that reads an uploaded file: refuse, parse, match, store the preview. */
  async read(job: JobContext, files: FileStore, uploadId: string): Promise<{ importId: string; lineCount: number }> {
    job.progress(0, { step: { key: 'import.step.reading' } });
    const upload = await files.openUpload(uploadId);
    if (upload.size > maxBankFileBytes) {
      upload.stream.destroy();
      throw new AppError('payments.bank_file_too_large', `The file has ${upload.size} bytes`, { limitMb: maxBankFileBytes / 1024 / 1024 });
    }
    const chunks: Buffer[] = [];
    for await (const chunk of upload.stream) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    job.throwIfCancelled();
    const importId = await this.readBytes(bytes, upload.fileName, async (step) => {
      job.progress(0, { step: { key: step } });
      // The step reaches the window, and the app answers other calls, between the parts.
      await new Promise((resolve) => setImmediate(resolve));
      job.throwIfCancelled();
    });
    void files.discard(uploadId);
    return { importId, lineCount: (cached(this.db, 'SELECT count(*) AS n FROM bank_import_lines WHERE import_id = ?').get(importId) as { n: number }).n };
  }

  /** Parses, matches and stores a file's preview; returns its import id. */
  async readBytes(bytes: Buffer, fileName: string, step: (key: string) => Promise<void> = async () => {}): Promise<string> {
    const sha256 = sha256Hex(bytes);
    const file = parseCamt(decodeBankFile(bytes));
    await step('import.step.matching');
    const practiceAccounts = new Set(this.deps.practices.list().map((p) => compact(p.iban)).filter((i) => i !== ''));
    const foreign = !file.accounts.some((a) => practiceAccounts.has(a));
    const classified = this.classify(file);
    await step('import.step.saving');
    return this.store(file, classified, { sha256, fileName, foreign });
  }

  /**
   * Each line's group, in file order: later lines for the same invoice see the earlier ones as paid.
   * What the lines need from the database (keys booked before, the invoices their references name,
   * those invoices' accounts) is read in a few statements for the whole file.
   */
  classify(file: CamtFile): Classified[] {
    const keys = bankKeys(file.lines);
    const booked = new Set(cached(this.db, 'SELECT bank_key FROM bank_credits WHERE bank_key IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify(keys)) as string[]);
    const references = [...new Set(file.lines.flatMap((l) => (l.reference ? [l.reference] : [])))];
    const byReference = this.deps.invoices.byReferences(references);
    const matched = [...new Set([...byReference.values()].flat().map((r) => r.id))];
    const figures = this.deps.payments.ledger.figuresFor(matched);
    const today = this.deps.payments.today();
    const openOf = new Map<string, number>();
    const running = (invoice: Receivable) => openOf.get(invoice.id) ?? deriveAccount(invoice, figures.get(invoice.id) ?? noFigures, today).openMinor;
    const fileAccounts = new Set(file.accounts);
    const lookup = (reference: string | null): Receivable | null => {
      const found = reference ? byReference.get(reference) : undefined;
      if (!found) return null;
      return found.find((r) => r.creditorIban !== null && fileAccounts.has(r.creditorIban)) ?? found[0] ?? null;
    };
    return file.lines.map((line, i) => {
      const key = keys[i]!;
      const c: Classified = { line, key, group: 'ignored', invoice: null, openBeforeMinor: null, reversesPaymentId: null };
      const invoice = lookup(line.reference);
      if (booked.has(key)) return { ...c, group: 'already_booked', invoice };
      if (!line.reversal && line.creditDebit === 'DBIT') return c;
      if (line.currency !== 'CHF' && line.currency !== 'EUR') return c;
      if (line.status !== 'BOOK') return { ...c, group: 'pending', invoice };
      if (line.reversal) {
        const reversesPaymentId = invoice ? this.paymentToReverse(invoice.id, line.amountMinor) : null;
        if (invoice && reversesPaymentId) openOf.set(invoice.id, running(invoice) + line.amountMinor);
        return { ...c, group: 'reversal', invoice, reversesPaymentId };
      }
      if (line.batchWithoutDetails || !line.reference) return { ...c, group: 'no_reference' };
      if (!invoice || invoice.currency !== line.currency) return { ...c, group: 'unknown_reference' };
      if (invoice.status === 'cancelled') return { ...c, group: 'cancelled_invoice', invoice };
      const open = running(invoice);
      openOf.set(invoice.id, open - line.amountMinor);
      const group: ImportGroup = open <= 0 ? 'already_paid' : line.amountMinor === open ? 'full' : line.amountMinor < open ? 'partial' : 'overpaid';
      return { ...c, group, invoice, openBeforeMinor: open };
    });
  }

  /** The payment a bank reversal undoes: one of that amount on the invoice, not reversed yet, a bank-booked one first. */
  private paymentToReverse(invoiceId: string, amountMinor: number): string | null {
    const row = cached(this.db, `SELECT p.id FROM payments p WHERE p.invoice_id = ? AND p.kind = 'payment' AND p.amount_minor = ?
                                 AND NOT EXISTS (SELECT 1 FROM payments r WHERE r.reverses_id = p.id)
                                 ORDER BY p.bank_key IS NULL, p.date DESC, p.created_at DESC LIMIT 1`).get(invoiceId, amountMinor) as { id: string } | undefined;
    return row?.id ?? null;
  }

  private store(file: CamtFile, lines: Classified[], meta: { sha256: string; fileName: string; foreign: boolean }): string {
    const id = newId();
    const notices: StoredNotice[] = [
      ...file.differences.map((d): StoredNotice => ({ kind: 'difference', ...d })),
      ...(file.batchesWithoutDetails > 0 ? [{ kind: 'batches_without_details', count: file.batchesWithoutDetails } as const] : []),
    ];
    const insertLine = cached(this.db, `INSERT INTO bank_import_lines (import_id, position, grp, status, credit_debit, reversal, amount_minor, currency,
        booking_date, value_date, reference, reference_type, debtor_name, message, bank_ref, bank_key, invoice_id, patient_id, practice_id, open_before_minor, reverses_payment_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.db.transaction(() => {
      cached(this.db, `INSERT INTO bank_imports (id, sha256, file_name, message, version, message_id, accounts, foreign_account, notices, created_at)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(id, meta.sha256, meta.fileName, file.message, file.version, file.messageId, JSON.stringify(file.accounts), meta.foreign ? 1 : 0,
          JSON.stringify(notices), this.deps.clock.now().toISOString());
      for (const c of lines) {
        const l = c.line;
        insertLine.run(id, l.position, c.group, l.status, l.creditDebit, l.reversal ? 1 : 0, l.amountMinor, l.currency, l.bookingDate, l.valueDate,
          l.reference, l.referenceType, l.debtorName, l.message, l.bankRef, c.key, c.invoice?.id ?? null, c.invoice?.patientId ?? null, c.invoice?.practiceId ?? null,
          c.openBeforeMinor, c.reversesPaymentId);
      }
    }).immediate();
    return id;
  }

  // The preview --------------------------------------------------------------------------------

  private importRow(id: string): ImportRow {
    const row = cached(this.db, 'SELECT * FROM bank_imports WHERE id = ?').get(id) as ImportRow | undefined;
    if (!row) throw new AppError('not_found', `Bank import ${id} not found`);
    return row;
  }

  summary(id: string): BankImport {
    const row = this.importRow(id);
    // A sum per currency: a camt.053 may hold a CHF and a EUR account, and adding them would be no amount at all.
    const sums = cached(this.db, `SELECT grp AS "group", currency, count(*) AS count, sum(amount_minor) AS amountMinor, count(booked_at) AS booked
                                  FROM bank_import_lines WHERE import_id = ? GROUP BY grp, currency ORDER BY grp, currency`)
      .all(id) as Array<{ group: ImportGroup; currency: string; count: number; amountMinor: number; booked: number }>;
    const groups: BankImport['groups'] = [];
    for (const s of sums) {
      const g = groups.at(-1)?.group === s.group ? groups.at(-1)! : (groups.push({ group: s.group, count: 0, booked: 0, amounts: [] }), groups.at(-1)!);
      g.count += s.count;
      g.booked += s.booked;
      g.amounts.push({ currency: s.currency, amountMinor: s.amountMinor });
    }
    const readBefore = (cached(this.db, 'SELECT created_at FROM bank_imports WHERE sha256 = ? AND rowid < (SELECT rowid FROM bank_imports WHERE id = ?) ORDER BY rowid').all(row.sha256, row.id) as { created_at: string }[])
      .map((r) => r.created_at);
    const lang = this.deps.uiLanguage();
    const money = (minor: number, currency: string) =>
      currency === 'CHF' || currency === 'EUR' ? formatMoneyWithCurrency(minor, currency, lang) : `${currency} ${minorToDecimalString(minor)}`;
    const notices = (JSON.parse(row.notices) as StoredNotice[]).map((n): BankImport['notices'][number] =>
      n.kind === 'difference'
        ? { key: 'import.notice.difference', params: {
          entry: n.entry + 1, entryAmount: money(n.entryAmountMinor, n.currency), details: money(n.detailsMinor, n.currency),
          difference: money(n.entryAmountMinor - n.detailsMinor, n.currency),
        } }
        : { key: 'import.notice.batches_without_details', params: { count: n.count } });
    return {
      id: row.id, fileName: row.file_name, message: row.message, version: row.version, accounts: JSON.parse(row.accounts) as string[],
      foreignAccount: row.foreign_account === 1, readBefore, notices, createdAt: row.created_at, groups,
      lineCount: groups.reduce((n, g) => n + g.count, 0),
    };
  }

  list(limit: number): BankImport[] {
    return (cached(this.db, 'SELECT id FROM bank_imports ORDER BY created_at DESC, rowid DESC LIMIT ?').all(limit) as { id: string }[]).map((r) => this.summary(r.id));
  }

  lines(q: { importId: string; group?: ImportGroup | undefined; offset: number; limit: number }): { total: number; items: ImportLine[] } {
    const row = this.importRow(q.importId);
    const where = q.group ? 'import_id = ? AND grp = ?' : 'import_id = ?';
    const params = q.group ? [q.importId, q.group] : [q.importId];
    const total = (this.db.prepare(`SELECT count(*) AS n FROM bank_import_lines WHERE ${where}`).get(...params) as { n: number }).n;
    const rows = this.db.prepare(`SELECT * FROM bank_import_lines WHERE ${where} ORDER BY position LIMIT ? OFFSET ?`).all(...params, q.limit, q.offset) as LineRow[];
    return { total, items: rows.map((r) => this.toLine(r, row.foreign_account === 1)) };
  }

  private toLine(r: LineRow, foreign: boolean): ImportLine {
    const invoice = r.invoice_id ? this.deps.invoices.receivable(r.invoice_id) : null;
    return {
      importId: r.import_id, position: r.position, group: r.grp, status: r.status, creditDebit: r.credit_debit, reversal: r.reversal === 1,
      amountMinor: r.amount_minor, currency: r.currency, bookingDate: r.booking_date, valueDate: r.value_date, reference: r.reference,
      referenceType: r.reference_type, debtorName: r.debtor_name, message: r.message, invoiceId: r.invoice_id, invoiceNumber: invoice?.number ?? null,
      patientName: invoice?.patientName ?? null, openBeforeMinor: r.open_before_minor,
      bookable: !foreign && r.booked_at === null && (r.grp === 'reversal' ? r.reverses_payment_id !== null : bookableGroups.has(r.grp) && r.invoice_id !== null),
      bookedAt: r.booked_at,
    };
  }

  private lineRow(importId: string, position: number): LineRow {
    const row = cached(this.db, 'SELECT * FROM bank_import_lines WHERE import_id = ? AND position = ?').get(importId, position) as LineRow | undefined;
    if (!row) throw new AppError('not_found', `Line ${position} of bank import ${importId} not found`);
    return row;
  }

  // Booking ------------------------------------------------------------------------------------

  /** Books one line inside the caller's transaction; false when it cannot (any more) be booked this way. */
  private bookRow(line: LineRow, allocations: readonly { invoiceId: string; amountMinor: number }[] | null, importId: string, now: string): boolean {
    if (line.booked_at !== null) return false;
    const date = line.booking_date ?? line.value_date ?? this.deps.payments.today();
    const note = [line.debtor_name, line.reference].filter(Boolean).join(' · ').slice(0, 200);
    let rows: Parameters<Payments['insertRows']>[0];
    if (line.reversal === 1) {
      if (!line.reverses_payment_id || allocations) return false;
      if (cached(this.db, 'SELECT 1 FROM payments WHERE reverses_id = ?').get(line.reverses_payment_id)) return false;
      const original = this.deps.payments.entry(line.reverses_payment_id);
      rows = [{ invoice: this.deps.invoices.receivable(original.invoiceId), kind: 'reversal', amountMinor: -original.amountMinor, date, method: original.method,
        note, reversesId: original.id, bankKey: line.bank_key }];
    } else {
      if (line.credit_debit !== 'CRDT' || line.status !== 'BOOK' || (line.currency !== 'CHF' && line.currency !== 'EUR')) return false;
      if (allocations) {
        if (allocations.reduce((s, a) => s + a.amountMinor, 0) !== line.amount_minor) {
          throw new AppError('payments.allocation_mismatch', 'The amounts do not add up to the bank line', { amountMinor: line.amount_minor });
        }
        const invoices = this.deps.payments.payableInvoices(allocations, line.currency);
        const transferId = allocations.length > 1 ? newId() : null;
        rows = allocations.map((a, i) => ({ invoice: invoices[i]!, kind: 'payment', amountMinor: a.amountMinor, date, method: 'transfer', note, transferId, bankKey: line.bank_key }));
      } else {
        // The matched invoice, still issued and in the line's currency (it may have been cancelled since the preview).
        if (!line.invoice_id) return false;
        const invoice = this.deps.invoices.receivable(line.invoice_id);
        if (invoice.status !== 'issued' || invoice.currency !== line.currency) return false;
        rows = [{ invoice, kind: 'payment', amountMinor: line.amount_minor, date, method: 'transfer', note, bankKey: line.bank_key }];
      }
    }
    // The key is the backstop: a credit booked from any file before is not booked again.
    if (cached(this.db, 'INSERT OR IGNORE INTO bank_credits (bank_key, import_id, position, booked_at) VALUES (?, ?, ?, ?)').run(line.bank_key, importId, line.position, now).changes === 0) return false;
    this.deps.payments.insertRows(rows);
    return true;
  }

  /** Marks the lines booked in this transaction (their keys went into bank_credits at `now`), in one statement. */
  private markBooked(importId: string, now: string): void {
    cached(this.db, `UPDATE bank_import_lines SET booked_at = @now WHERE import_id = @importId AND booked_at IS NULL
                     AND position IN (SELECT position FROM bank_credits WHERE import_id = @importId AND booked_at = @now)`).run({ now, importId });
  }

  private refuseForeign(importId: string): void {
    if (this.importRow(importId).foreign_account === 1) {
      throw new AppError('payments.foreign_account', 'The file is for an account that is not a practice’s', { accounts: (JSON.parse(this.importRow(importId).accounts) as string[]).join(', ') });
    }
  }

  /**
   * What a booking of these groups (the green ones by default) would take: refused at once (not in
   * the job) when the file is a foreign account's or nothing of these groups is left.
   */
  linesToBook(importId: string, groups: readonly ImportGroup[]): LineToBook[] {
    this.refuseForeign(importId);
    const wanted = groups.filter((g) => bookableGroups.has(g));
    const marks = wanted.map(() => '?').join(', ');
    const lines = wanted.length === 0 ? [] : this.db.prepare(`SELECT position, invoice_id, currency, reversal, credit_debit, status, booked_at FROM bank_import_lines
                                                              WHERE import_id = ? AND booked_at IS NULL AND grp IN (${marks}) ORDER BY position`)
      .all(importId, ...wanted) as LineToBook[];
    if (lines.length === 0) throw new AppError('payments.nothing_to_book', 'Nothing of these groups is left to book');
    return lines;
  }

  /** The job that books those lines in one transaction. */
  async book(job: JobContext, importId: string, lines: readonly LineToBook[]): Promise<{ booked: number; amountMinor: number; skipped: number }> {
    job.progress(0, { total: lines.length, step: { key: 'import.step.booking' } });
    // The step reaches the window before the transaction holds the app for its moment.
    await new Promise((resolve) => setImmediate(resolve));
    job.throwIfCancelled();
    const result = this.bookLines(importId, lines);
    job.progress(lines.length);
    return result;
  }

  /**
   * Books lines all or nothing (one IMMEDIATE transaction). The lines that pay their matched invoice
   * are written as payments from the preview's rows in two statements for all of them (the keys into
   * bank_credits, then the payments of the keys that went in); reversals one by one.
   */
  bookLines(importId: string, lines: readonly LineToBook[]): { booked: number; amountMinor: number; skipped: number } {
    const result = this.db.transaction(() => {
      const now = this.deps.clock.now().toISOString();
      // The matched invoices as they are now (one may have been cancelled since the preview).
      const issued = this.deps.invoices.issuedCurrencies([...new Set(lines.flatMap((l) => (l.invoice_id ? [l.invoice_id] : [])))]);
      const payable = lines.filter((l) =>
        l.reversal === 0 && l.booked_at === null && l.credit_debit === 'CRDT' && l.status === 'BOOK' && l.invoice_id !== null && issued.get(l.invoice_id) === l.currency);
      const positions = JSON.stringify(payable.map((l) => l.position));
      const params = { importId, now, positions, today: this.deps.payments.today() };
      cached(this.db, `INSERT OR IGNORE INTO bank_credits (bank_key, import_id, position, booked_at)
                       SELECT bank_key, import_id, position, @now FROM bank_import_lines
                       WHERE import_id = @importId AND booked_at IS NULL AND position IN (SELECT value FROM json_each(@positions))`).run(params);
      // Only the keys that went in just now: a credit booked from another file before is skipped.
      const paid = cached(this.db, `INSERT INTO payments (id, invoice_id, patient_id, practice_id, kind, amount_minor, currency, date, method, note,
                         reverses_id, transfer_id, credit_note_id, bank_key, created_at)
                       SELECT arnika_uuid(), l.invoice_id, l.patient_id, l.practice_id, 'payment', l.amount_minor, l.currency,
                         coalesce(l.booking_date, l.value_date, @today), 'transfer',
                         substr(trim(coalesce(l.debtor_name, '') || CASE WHEN l.debtor_name IS NOT NULL AND l.reference IS NOT NULL THEN ' · ' ELSE '' END || coalesce(l.reference, '')), 1, 200),
                         NULL, NULL, NULL, l.bank_key, @now
                       FROM bank_credits c JOIN bank_import_lines l ON l.import_id = c.import_id AND l.position = c.position
                       WHERE c.import_id = @importId AND c.booked_at = @now AND l.booked_at IS NULL AND l.reversal = 0
                         AND c.position IN (SELECT value FROM json_each(@positions))`).run(params).changes;
      let booked = paid;
      let amountMinor = (cached(this.db, `SELECT coalesce(sum(l.amount_minor), 0) AS s FROM bank_credits c JOIN bank_import_lines l ON l.import_id = c.import_id AND l.position = c.position
                                          WHERE c.import_id = @importId AND c.booked_at = @now AND l.booked_at IS NULL AND l.reversal = 0
                                            AND c.position IN (SELECT value FROM json_each(@positions))`).get(params) as { s: number }).s;
      for (const line of lines) {
        if (line.reversal !== 1) continue;
        const row = this.lineRow(importId, line.position);
        if (this.bookRow(row, null, importId, now)) {
          booked++;
          amountMinor -= row.amount_minor;
        }
      }
      this.markBooked(importId, now);
      return { booked, amountMinor, skipped: lines.length - booked };
    }).immediate();
    this.changed();
    return result;
  }

  /** Books one line by hand: to its matched invoice, or spread over several invoices of one patient. */
  bookLine(importId: string, position: number, allocations?: readonly { invoiceId: string; amountMinor: number }[]): ImportLine {
    this.refuseForeign(importId);
    this.db.transaction(() => {
      const line = this.lineRow(importId, position);
      if (line.booked_at !== null || cached(this.db, 'SELECT 1 FROM bank_credits WHERE bank_key = ?').get(line.bank_key)) {
        throw new AppError('payments.line_already_booked', 'This bank line is booked already');
      }
      const now = this.deps.clock.now().toISOString();
      if (!this.bookRow(line, allocations ?? null, importId, now)) {
        throw new AppError('payments.line_not_bookable', 'This bank line cannot be booked to an invoice');
      }
      this.markBooked(importId, now);
    }).immediate();
    this.changed();
    return this.toLine(this.lineRow(importId, position), false);
  }

  private changed(): void {
    this.deps.events.emit({ type: 'changed', methods: ['payments.', 'reminders.', 'invoices.get'] });
  }
}
