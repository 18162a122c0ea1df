/**
 * The payments domain: payments and reversals, cash with a receipt, credit notes and refunds, each
 * invoice's derived state, patient balances, open items, and bank files (camt.054/camt.053) read,
 * previewed and booked. Other domains use it through PaymentsApi; invoices ask it through the
 * CancelGuard port, patients through the records port.
 */
import type { paymentsContract } from '../../shared/contract/payments.js';
import type { InvoicesApi } from '../invoices/index.js';
import type { PatientsApi } from '../patients/index.js';
import type { Db } from '../platform/db/open.js';
import type { DomainDeps, HandlersFor } from '../platform/domain.js';
import type { PracticesApi } from '../practices/index.js';
import type { Language } from '../../shared/validation/fields.js';
import { BankImports } from './bankImport.js';
import { Payments } from './payments.js';

export { bankKeys, decimalToMinor, parseCamt, type CamtFile, type CamtLine } from './camt.js';
export { moneyExport } from './exportTables.js';
export { deriveAccount, type AccountFigures } from './ledger.js';

export interface CreditNoteCounter { practice_id: string; year: number; block_from: number; next_value: number }

/** For a restore: the credit-note counters before it (see raiseCreditNoteCounters). */
export function creditNoteCounters(db: Db): CreditNoteCounter[] {
  return db.prepare('SELECT practice_id, year, block_from, next_value FROM credit_note_counters').all() as CreditNoteCounter[];
}

/**
 * For a restore: restored data may be older than the credit notes issued before the restore; the
 * counters continue after those, so that no credit-note number is given twice. A practice the
 * restored data does not know is left out.
 */
export function raiseCreditNoteCounters(db: Db, before: readonly CreditNoteCounter[]): void {
  const raise = db.prepare(`INSERT INTO credit_note_counters (practice_id, year, block_from, next_value)
    SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM practices WHERE id = ?)
    ON CONFLICT (practice_id, year, block_from) DO UPDATE SET next_value = max(next_value, excluded.next_value)`);
  for (const c of before) raise.run(c.practice_id, c.year, c.block_from, c.next_value, c.practice_id);
}

/** What other domains may ask of payments (reminders: accounts, charges; invoices: the cancel guard; patients: records). */
export type PaymentsApi = Pick<Payments, 'account' | 'accounts' | 'charge' | 'cancelRefusal' | 'hasRecords' | 'today'>;

export interface PaymentsPorts {
  invoices: InvoicesApi;
  practices: PracticesApi;
  patients: PatientsApi;
  uiLanguage: () => Language;
  /** The highest reminder level sent per invoice, for the open items (answered by reminders). */
  reminderLevels?: () => Map<string, number>;
}

export function registerPayments(deps: Pick<DomainDeps, 'db' | 'clock' | 'jobs' | 'files' | 'events'>, ports: PaymentsPorts) {
  const payments = new Payments(deps.db, deps.clock, ports);
  const imports = new BankImports({ db: deps.db, clock: deps.clock, invoices: ports.invoices, practices: ports.practices, payments, events: deps.events, uiLanguage: ports.uiLanguage });
  const changed = <T>(value: T): T => {
    // Balances, open items and the reminder run follow every change of an account.
    deps.events.emit({ type: 'changed', methods: ['payments.', 'reminders.', 'invoices.get'] });
    return value;
  };

  const handlers: HandlersFor<typeof paymentsContract> = {
    'payments.forInvoice': ({ invoiceId }) => payments.forInvoice(invoiceId),
    'payments.record': (input) => changed(payments.record(input)),
    'payments.reverse': ({ paymentId, reason }) => changed(payments.reverse(paymentId, reason)),
    'payments.issuePaidInCash': async ({ invoiceId }) => changed(await payments.issuePaidInCash(invoiceId)),
    'payments.receiptPdf': async ({ paymentId }) => {
      const { fileName, content } = await payments.receiptPdf(paymentId);
      return { fileName, contentBase64: content.toString('base64') };
    },
    'payments.list': (q) => payments.list(q),
    'payments.patientBalance': ({ patientId }) => payments.patientBalance(patientId),
    'payments.openItems': (q) => payments.openItems(q),
    'payments.exportOpenItems': (q) => payments.exportOpenItems(q, deps.files),
    'payments.searchInvoices': ({ query, patientId }) => payments.searchInvoices(query, patientId),
    'payments.createCreditNote': async (input) => changed(await payments.createCreditNote(input)),
    'payments.creditNotePdf': ({ creditNoteId }) => {
      const { fileName, content } = payments.creditNotePdf(creditNoteId);
      return { fileName, contentBase64: content.toString('base64') };
    },
    'payments.listCreditNotes': (q) => payments.listCreditNotes(q),
    'payments.refund': (input) => changed(payments.refund(input)),
    'payments.settings': ({ practiceId }) => payments.settings(practiceId),
    'payments.saveSettings': ({ practiceId, settings }) => payments.saveSettings(practiceId, settings),

    'payments.readBankFile': ({ uploadId }) => deps.jobs.start('payments.readBankFile', (job) => imports.read(job, deps.files, uploadId)),
    'payments.importSummary': ({ importId }) => imports.summary(importId),
    'payments.importLines': (q) => imports.lines(q),
    'payments.listImports': ({ limit }) => imports.list(limit),
    'payments.bookImport': ({ importId, groups }) => {
      const lines = imports.linesToBook(importId, groups);
      return deps.jobs.start('payments.bookImport', (job) => imports.book(job, importId, lines), { ref: importId, total: lines.length });
    },
    'payments.bookImportLine': ({ importId, position, allocations }) => imports.bookLine(importId, position, allocations),
  };
  const api: PaymentsApi = payments;
  return { handlers, api, payments, imports };
}
