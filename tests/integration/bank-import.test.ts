/**
 * Bank files for the practice's own invoices, built by the test helper as a bank delivers them, read
 * through the upload and the reading job: each preview group is what the line is (paid in full,
 * partial, overpaid, already paid, cancelled invoice, unknown reference, no reference, reversal,
 * pending, ignored, already booked); "Grüne verbuchen" books only the green ones; other lines are
 * assigned by hand (also spread over several invoices); re-reading a file, or a camt.053 that
 * overlaps a camt.054 already read, books nothing twice; a reversal undoes the matched payment; a
 * file that is not a bank file is refused before anything is parsed.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Invoice } from '../../src/shared/contract/index.js';
import { makeApp, type TestApp } from '../helpers/app.js';
import { bookGroups, groupCounts, linesOf, readBankFile, refusedBankFile } from '../helpers/bankImport.js';
import { buildCamt, nextBankRef, paymentOf, type CamtEntryInput } from '../helpers/camt.js';
import { issuedInvoice, setupPractice } from '../helpers/invoicing.js';
import { QR_IBAN } from '../helpers/pdf.js';

const ACCOUNT = 'CH9300762011623852957';

let app: TestApp;
let setup: Awaited<ReturnType<typeof setupPractice>>;
beforeEach(async () => {
  app = await makeApp();
  setup = await setupPractice(app);
});
afterEach(() => app.cleanup());

let n = 0;
async function invoice(): Promise<Invoice> {
  n += 1;
  return (await issuedInvoice(app, setup, { firstName: `P${n}`, lastName: 'Muster', email: `p${n}@example.ch` })).invoice;
}

const camt054 = (entries: CamtEntryInput[], version: '04' | '08' = '08', account = ACCOUNT) => buildCamt({ message: 'camt.054', version, account, entries });
const stateOf = async (inv: Invoice) => (await app.call('payments.forInvoice', { invoiceId: inv.id })).account.state;

describe('the preview groups every line', () => {
  test('one file with a line of each kind', async () => {
    const [full, partial, over, paidBefore, cancelled, twice] = [await invoice(), await invoice(), await invoice(), await invoice(), await invoice(), await invoice()];
    await app.call('payments.record', { date: '2026-11-20', method: 'cash', note: '', allocations: [{ invoiceId: paidBefore.id, amountMinor: paidBefore.totalMinor }] });
    await app.call('invoices.cancel', { id: cancelled.id, reason: 'doppelt' });
    const summary = await readBankFile(app, camt054([
      { transactions: [paymentOf(full, full.totalMinor), paymentOf(partial, 1_000), paymentOf(over, over.totalMinor + 500)] },
      { transactions: [paymentOf(paidBefore, paidBefore.totalMinor)] },
      { transactions: [paymentOf(cancelled, cancelled.totalMinor)] },
      { transactions: [paymentOf(twice, twice.totalMinor), paymentOf(twice, twice.totalMinor)] },
      { transactions: [{ amountMinor: 777, reference: { type: 'SCOR', value: 'RF18539007547034' }, bankRef: nextBankRef() }] },
      { transactions: [{ amountMinor: 888, reference: null, debtorName: 'Ohne Referenz', bankRef: nextBankRef() }] },
      { reversal: true, transactions: [paymentOf(paidBefore, paidBefore.totalMinor)] },
      { status: 'PDNG', transactions: [paymentOf(partial, 100)] },
      { transactions: [{ amountMinor: 2_400, debit: true, bankRef: nextBankRef() }] },
    ]));
    expect(summary).toMatchObject({ foreignAccount: false, message: 'camt.054', version: '08', accounts: [ACCOUNT] });
    expect(groupCounts(summary)).toEqual({ full: 2, partial: 1, overpaid: 1, already_paid: 2, cancelled_invoice: 1, unknown_reference: 1, no_reference: 1, reversal: 1, pending: 1, ignored: 1 });
    const lines = await linesOf(app, summary.id);
    expect(lines.map((l) => [l.group, l.invoiceNumber, l.bookable])).toEqual([
      ['full', full.number, true], ['partial', partial.number, true], ['overpaid', over.number, true],
      ['already_paid', paidBefore.number, true], ['cancelled_invoice', cancelled.number, false],
      ['full', twice.number, true], ['already_paid', twice.number, true],
      ['unknown_reference', null, false], ['no_reference', null, false],
      ['reversal', paidBefore.number, true], ['pending', partial.number, false], ['ignored', null, false],
    ]);
    expect(lines[1]).toMatchObject({ openBeforeMinor: partial.totalMinor, amountMinor: 1_000, debtorName: 'Anna Muster' });
    expect(summary.groups.find((g) => g.group === 'full')!.amounts).toEqual([{ currency: 'CHF', amountMinor: full.totalMinor + twice.totalMinor }]);
  });

  test('a group holding CHF and EUR lines sums each currency on its own', async () => {
    const summary = await readBankFile(app, camt054([
      { transactions: [{ amountMinor: 1_000, reference: null, debtorName: 'Franken', bankRef: nextBankRef() }] },
      { transactions: [{ amountMinor: 2_500, currency: 'EUR', reference: null, debtorName: 'Euro', bankRef: nextBankRef() }] },
      { transactions: [{ amountMinor: 300, reference: null, debtorName: 'Franken 2', bankRef: nextBankRef() }] },
    ]));
    expect(summary.groups).toEqual([{ group: 'no_reference', count: 3, booked: 0, amounts: [{ currency: 'CHF', amountMinor: 1_300 }, { currency: 'EUR', amountMinor: 2_500 }] }]);
  });

  test('a QR-IBAN practice: QRR references, the QR-IBAN in NtryRef, a batch, camt.054 .04', async () => {
    const qr = await setupPractice(app, { name: 'Praxis QR', iban: QR_IBAN, qrReferencePrefix: '' });
    const a = (await issuedInvoice(app, qr, { firstName: 'Q1', email: 'q1@example.ch' })).invoice;
    const b = (await issuedInvoice(app, qr, { firstName: 'Q2', email: 'q2@example.ch' })).invoice;
    expect(a.paymentReference).toMatch(/^\d{27}$/);
    // The account is the practice's bank account; the QR-IBAN comes in NtryRef.
    const summary = await readBankFile(app, camt054([{ entryRef: QR_IBAN.replace(/\s/g, ''), transactions: [paymentOf(a, a.totalMinor), paymentOf(b, b.totalMinor)] }], '04', 'CH5604835012345678009'));
    expect(summary.foreignAccount).toBe(false);
    expect(groupCounts(summary)).toEqual({ full: 2 });
  });
});

describe('booking', () => {
  test('"Grüne verbuchen" books the green lines only, in one go; the rest stays for a hand', async () => {
    const [a, b, c] = [await invoice(), await invoice(), await invoice()];
    const summary = await readBankFile(app, camt054([{ transactions: [paymentOf(a, a.totalMinor), paymentOf(b, b.totalMinor), paymentOf(c, 2_000)] }]));
    expect(await bookGroups(app, summary.id)).toEqual({ booked: 2, amountMinor: a.totalMinor + b.totalMinor, skipped: 0 });
    expect([await stateOf(a), await stateOf(b), await stateOf(c)]).toEqual(['paid', 'paid', 'open']);
    const after = await app.call('payments.importSummary', { importId: summary.id });
    expect(after.groups.find((g) => g.group === 'full')).toMatchObject({ count: 2, booked: 2 });
    expect((await app.fail('payments.bookImport', { importId: summary.id, groups: ['full'] })).code).toBe('payments.nothing_to_book');
    // The partial line, booked by hand to its invoice.
    const line = await app.call('payments.bookImportLine', { importId: summary.id, position: 2 });
    expect(line).toMatchObject({ bookedAt: expect.any(String), bookable: false });
    expect(await stateOf(c)).toBe('partly_paid');
    expect((await app.fail('payments.bookImportLine', { importId: summary.id, position: 2 })).code).toBe('payments.line_already_booked');
    const entries = (await app.call('payments.forInvoice', { invoiceId: a.id })).entries;
    expect(entries).toEqual([expect.objectContaining({ method: 'transfer', date: '2026-11-20', fromBankFile: true, amountMinor: a.totalMinor })]);
  });

  test('an invoice cancelled between the preview and the booking gets no payment; the line stays open', async () => {
    const [a, b] = [await invoice(), await invoice()];
    const summary = await readBankFile(app, camt054([{ transactions: [paymentOf(a, a.totalMinor), paymentOf(b, b.totalMinor)] }]));
    expect(groupCounts(summary)).toEqual({ full: 2 });
    await app.call('invoices.cancel', { id: b.id, reason: 'doppelt erfasst' });
    expect(await bookGroups(app, summary.id)).toEqual({ booked: 1, amountMinor: a.totalMinor, skipped: 1 });
    expect((await app.call('payments.forInvoice', { invoiceId: b.id })).entries).toEqual([]);
    expect((await linesOf(app, summary.id)).map((l) => l.bookedAt !== null)).toEqual([true, false]);
  });

  test('a line without reference is assigned by hand, spread over two invoices of one patient', async () => {
    const { patient, invoice: a } = await issuedInvoice(app, setup, { email: 'x@example.ch' });
    const second = await app.call('consultations.create', { consultation: { patientId: patient.id, date: '2026-11-15', startTime: '10:00', durationMinutes: 30, items: [{ serviceId: setup.session.id, quantityHundredths: 100 }], notes: '' } });
    const b = await app.call('invoices.issue', { id: (await app.call('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: [second.id] } })).id });
    const amount = a.totalMinor + b.totalMinor;
    const summary = await readBankFile(app, camt054([{ transactions: [{ amountMinor: amount, reference: null, debtorName: 'Familie Müller', bankRef: nextBankRef() }] }]));
    expect(groupCounts(summary)).toEqual({ no_reference: 1 });
    const found = await app.call('payments.searchInvoices', { query: 'Müller' });
    expect(found.map((f) => f.number).sort()).toEqual([a.number, b.number].sort());
    const short = await app.fail('payments.bookImportLine', { importId: summary.id, position: 0, allocations: [{ invoiceId: a.id, amountMinor: a.totalMinor }] });
    expect(short.code).toBe('payments.allocation_mismatch');
    await app.call('payments.bookImportLine', { importId: summary.id, position: 0, allocations: [{ invoiceId: a.id, amountMinor: a.totalMinor }, { invoiceId: b.id, amountMinor: b.totalMinor }] });
    expect([await stateOf(a), await stateOf(b)]).toEqual(['paid', 'paid']);
  });

  test('a file for an account that is not the practice’s is flagged and nothing of it is booked', async () => {
    const a = await invoice();
    const summary = await readBankFile(app, camt054([{ transactions: [paymentOf(a, a.totalMinor)] }], '08', 'CH5604835012345678009'));
    expect(summary).toMatchObject({ foreignAccount: true, accounts: ['CH5604835012345678009'] });
    expect((await linesOf(app, summary.id))[0]).toMatchObject({ group: 'full', bookable: false });
    expect((await app.fail('payments.bookImport', { importId: summary.id, groups: ['full'] })).code).toBe('payments.foreign_account');
    expect((await app.fail('payments.bookImportLine', { importId: summary.id, position: 0 })).code).toBe('payments.foreign_account');
    expect(await stateOf(a)).toBe('open');
  });
});

describe('nothing is booked twice', () => {
  test('reading the same file again: every line "already booked", the file recognised', async () => {
    const [a, b] = [await invoice(), await invoice()];
    const xml = camt054([{ transactions: [paymentOf(a, a.totalMinor), paymentOf(b, 500)] }]);
    const first = await readBankFile(app, xml);
    await bookGroups(app, first.id, ['full', 'partial']);
    const again = await readBankFile(app, xml);
    expect(groupCounts(again)).toEqual({ already_booked: 2 });
    expect(again.readBefore).toEqual([first.createdAt]);
    expect((await app.fail('payments.bookImport', { importId: again.id, groups: ['full'] })).code).toBe('payments.nothing_to_book');
    expect((await app.call('payments.forInvoice', { invoiceId: b.id })).account.paidMinor).toBe(500);
  });

  test('a camt.053 statement overlapping a camt.054 already booked: its credits are known, a new one is not', async () => {
    const [a, b] = [await invoice(), await invoice()];
    const pa = paymentOf(a, a.totalMinor);
    await bookGroups(app, (await readBankFile(app, camt054([{ transactions: [pa] }]))).id);
    const statement = buildCamt({ message: 'camt.053', version: '04', account: ACCOUNT, entries: [
      { transactions: [pa] }, { transactions: [paymentOf(b, b.totalMinor)] }, { transactions: [{ amountMinor: 1_200, debit: true, bankRef: nextBankRef() }] },
    ] });
    const summary = await readBankFile(app, statement, 'camt053.xml');
    expect(summary.message).toBe('camt.053');
    expect(groupCounts(summary)).toEqual({ already_booked: 1, full: 1, ignored: 1 });
    await bookGroups(app, summary.id);
    expect((await app.call('payments.forInvoice', { invoiceId: a.id })).entries).toHaveLength(1);
    expect(await stateOf(b)).toBe('paid');
  });
});

describe('reversals', () => {
  test('a reversal undoes the matched payment as a counter-entry; the invoice is open again; reading it again reverses nothing more', async () => {
    const a = await invoice();
    const credit = paymentOf(a, a.totalMinor);
    await bookGroups(app, (await readBankFile(app, camt054([{ transactions: [credit] }]))).id);
    expect(await stateOf(a)).toBe('paid');
    const reversalXml = camt054([{ reversal: true, transactions: [{ ...credit, bankRef: nextBankRef('RVSL') }] }]);
    const summary = await readBankFile(app, reversalXml);
    expect(groupCounts(summary)).toEqual({ reversal: 1 });
    expect(await bookGroups(app, summary.id, ['reversal'])).toMatchObject({ booked: 1, amountMinor: -a.totalMinor });
    expect(await stateOf(a)).toBe('open');
    const money = await app.call('payments.forInvoice', { invoiceId: a.id });
    expect(money.entries.map((e) => [e.kind, e.amountMinor])).toEqual([['payment', a.totalMinor], ['reversal', -a.totalMinor]]);
    expect(groupCounts(await readBankFile(app, reversalXml))).toEqual({ already_booked: 1 });
  });

  test('a reversal with no payment to undo is shown and cannot be booked', async () => {
    const a = await invoice();
    const summary = await readBankFile(app, camt054([{ reversal: true, transactions: [paymentOf(a, a.totalMinor)] }]));
    expect((await linesOf(app, summary.id))[0]).toMatchObject({ group: 'reversal', bookable: false });
  });
});

describe('what is not a bank file is refused before it is parsed', () => {
  test('a DOCTYPE or ENTITY declaration', async () => {
    const evil = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x "y">]><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"></Document>';
    expect(await refusedBankFile(app, evil)).toMatchObject({ code: 'payments.bank_file_doctype' });
  });

  test('a file cut off, not UTF-8, or not XML at all', async () => {
    const a = await invoice();
    const xml = camt054([{ transactions: [paymentOf(a, a.totalMinor)] }]);
    expect(await refusedBankFile(app, xml.slice(0, xml.length - 40))).toMatchObject({ code: 'payments.bank_file_truncated' });
    expect(await refusedBankFile(app, Buffer.from([0x3c, 0xff, 0xfe, 0x00]))).toMatchObject({ code: 'payments.bank_file_encoding' });
    expect(await refusedBankFile(app, 'Datum;Betrag\n20.11.2026;120.00\n', 'export.csv')).toMatchObject({ code: 'payments.bank_file_truncated' });
    expect(await refusedBankFile(app, '<Document><Other/></Document>')).toMatchObject({ code: 'payments.bank_file_not_camt' });
    expect(await refusedBankFile(app, xml.replace('<Amt Ccy="CHF">', '<Amt Ccy="CHF">12.345'))).toMatchObject({ code: 'payments.bank_file_invalid' });
  });

  test('entries whose details do not add up and batches without details are explained', async () => {
    const [a, b] = [await invoice(), await invoice()];
    const summary = await readBankFile(app, camt054([
      { transactions: [paymentOf(a, a.totalMinor)], entryAmountMinor: a.totalMinor + 150 },
      { withoutDetails: true, transactions: [paymentOf(b, 100), paymentOf(b, 200)] },
    ]));
    expect(summary.notices.map((x) => x.key)).toEqual(['import.notice.difference', 'import.notice.batches_without_details']);
    expect(summary.notices[0]!.params).toMatchObject({ entry: 1, difference: 'CHF 1.50' });
    expect(groupCounts(summary)).toEqual({ full: 1, no_reference: 1 });
  });
});
