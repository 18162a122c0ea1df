/**
 * Payments on invoices through the API, on a real database: an invoice's state and open amount come
 * from its account (never a stored flag); partial payments, overpayments and one transfer over
 * several invoices of a patient are normal; a payment is never changed or deleted, only reversed by a
 * counter-entry; an invoice with payments is not cancelled (the guard says what to do instead);
 * "Bar bezahlt" issues the draft, records the cash and archives a receipt; credit notes are numbered,
 * archived, and closed by their refund; open items are aged and exported as CSV; a patient with
 * payments is archived, not deleted.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { makeApp, type TestApp } from '../helpers/app.js';
import { addConsultation, addPatient, issuedInvoice, setupPractice } from '../helpers/invoicing.js';
import { pdfText, pdfWorkspace } from '../helpers/pdf.js';

let app: TestApp;
let setup: Awaited<ReturnType<typeof setupPractice>>;

beforeEach(async () => {
  app = await makeApp();
  setup = await setupPractice(app);
});
afterEach(() => app.cleanup());

async function invoiceOf(patientOverrides = {}) {
  return (await issuedInvoice(app, setup, patientOverrides)).invoice;
}

const pay = (invoiceId: string, amountMinor: number, date = '2026-11-20', method: 'transfer' | 'cash' = 'transfer') =>
  app.call('payments.record', { date, method, note: '', allocations: [{ invoiceId, amountMinor }] });

describe('an invoice’s state follows its payments', () => {
  test('open, partly paid, paid, overpaid; the open amount is what is owed less what came in', async () => {
    const invoice = await invoiceOf();
    const total = invoice.totalMinor;
    const state = async () => (await app.call('payments.forInvoice', { invoiceId: invoice.id })).account;
    expect(await state()).toMatchObject({ state: 'open', paidMinor: 0, openMinor: total });
    await pay(invoice.id, 5_000);
    expect(await state()).toMatchObject({ state: 'partly_paid', paidMinor: 5_000, openMinor: total - 5_000 });
    await pay(invoice.id, total - 5_000);
    expect(await state()).toMatchObject({ state: 'paid', openMinor: 0 });
    await pay(invoice.id, 1_000);
    expect(await state()).toMatchObject({ state: 'overpaid', openMinor: -1_000 });
  });

  test('past its due date with something open it is overdue, with the days counted', async () => {
    const invoice = await invoiceOf();
    app.clock.set('2027-01-10T10:00:00Z');
    const { account } = await app.call('payments.forInvoice', { invoiceId: invoice.id });
    expect(account).toMatchObject({ state: 'overdue', dueDate: invoice.dueDate });
    expect(account.daysOverdue).toBeGreaterThan(0);
  });

  test('one transfer pays several invoices of one patient; a transfer over two patients is refused', async () => {
    const { patient, invoice: a } = await issuedInvoice(app, setup);
    const c = await addConsultation(app, patient.id, setup.session.id, { date: '2026-11-12', practiceId: setup.practice.id });
    const b = await app.call('invoices.issue', { id: (await app.call('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: [c.id] } })).id });
    const entries = await app.call('payments.record', { date: '2026-11-20', method: 'transfer', note: 'Sammelzahlung', allocations: [{ invoiceId: a.id, amountMinor: a.totalMinor }, { invoiceId: b.id, amountMinor: 1_000 }] });
    expect(entries).toHaveLength(2);
    expect(entries[0]!.transferId).not.toBeNull();
    expect(entries[0]!.transferId).toBe(entries[1]!.transferId);
    expect((await app.call('payments.forInvoice', { invoiceId: b.id })).account.state).toBe('partly_paid');
    const other = await invoiceOf({ firstName: 'Jo', lastName: 'Keller', email: 'jo@example.ch' });
    const refused = await app.fail('payments.record', { date: '2026-11-20', method: 'transfer', note: '', allocations: [{ invoiceId: a.id, amountMinor: 100 }, { invoiceId: other.id, amountMinor: 100 }] });
    expect(refused.code).toBe('payments.other_patient');
  });
});

describe('a payment is reversed, never changed', () => {
  test('the reversal is a counter-entry; both stay; the invoice is open again; a second reversal is refused', async () => {
    const invoice = await invoiceOf();
    const [payment] = await pay(invoice.id, invoice.totalMinor);
    const reversal = await app.call('payments.reverse', { paymentId: payment!.id, reason: 'Falsch zugeordnet' });
    expect(reversal).toMatchObject({ kind: 'reversal', amountMinor: -invoice.totalMinor, reversesId: payment!.id, note: 'Falsch zugeordnet' });
    const money = await app.call('payments.forInvoice', { invoiceId: invoice.id });
    expect(money.entries.map((e) => [e.kind, e.amountMinor, e.reversedById])).toEqual([['payment', invoice.totalMinor, reversal.id], ['reversal', -invoice.totalMinor, null]]);
    expect(money.account).toMatchObject({ state: 'open', paidMinor: 0 });
    expect((await app.fail('payments.reverse', { paymentId: payment!.id, reason: 'nochmals' })).code).toBe('payments.already_reversed');
    expect((await app.fail('payments.reverse', { paymentId: reversal.id, reason: 'nochmals' })).code).toBe('payments.not_reversible');
  });

  test('the database refuses to change or delete a payment', async () => {
    const invoice = await invoiceOf();
    await pay(invoice.id, 1_000);
    expect(() => app.db!.prepare('UPDATE payments SET amount_minor = 2000').run()).toThrow(/never changed/);
    expect(() => app.db!.prepare('DELETE FROM payments').run()).toThrow(/never deleted/);
  });
});

describe('cancelling and deleting', () => {
  test('an invoice with payments is not cancelled, with what to do instead; after the reversal it is', async () => {
    const invoice = await invoiceOf();
    const [payment] = await pay(invoice.id, 2_000);
    const refused = await app.fail('invoices.cancel', { id: invoice.id, reason: 'Doppelt' });
    expect(refused.code).toBe('invoice.has_payments');
    expect(app.db!.prepare('SELECT status FROM invoices WHERE id = ?').pluck().get(invoice.id)).toBe('issued');
    await app.call('payments.reverse', { paymentId: payment!.id, reason: 'zurück' });
    expect((await app.call('invoices.cancel', { id: invoice.id, reason: 'Doppelt' })).status).toBe('cancelled');
    expect((await app.fail('payments.record', { date: '2026-11-20', method: 'cash', note: '', allocations: [{ invoiceId: invoice.id, amountMinor: 100 }] })).code).toBe('payments.invoice_not_payable');
  });
});

describe('Bar bezahlt: issue, cash and receipt in one step', () => {
  test('the draft is issued, its total paid in cash today, and the receipt archived once', async () => {
    const patient = await addPatient(app);
    const c = await addConsultation(app, patient.id, setup.session.id, { practiceId: setup.practice.id });
    const draft = await app.call('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: [c.id] } });
    const { payment } = await app.call('payments.issuePaidInCash', { invoiceId: draft.id });
    const invoice = await app.call('invoices.get', { id: draft.id });
    expect(invoice.status).toBe('issued');
    expect(payment).toMatchObject({ kind: 'payment', method: 'cash', amountMinor: invoice.totalMinor, date: '2026-11-23', hasReceipt: true });
    expect((await app.call('payments.forInvoice', { invoiceId: draft.id })).account.state).toBe('paid');
    expect(invoice.documents.map((d) => d.kind)).toEqual(['invoice', 'receipt']);

    const first = await app.call('payments.receiptPdf', { paymentId: payment.id });
    const again = await app.call('payments.receiptPdf', { paymentId: payment.id });
    expect(again.contentBase64).toBe(first.contentBase64);
    expect(first.fileName).toBe(`Quittung-${invoice.number}-Q1.pdf`);
    const ws = await pdfWorkspace();
    try {
      const text = await pdfText(await ws.write(Buffer.from(first.contentBase64, 'base64')));
      expect(text).toContain(`Quittung ${invoice.number}-Q1`);
      expect(text).toContain('bar');
      expect(text).toContain('Vielen Dank für Ihre Zahlung.');
    } finally {
      await ws.cleanup();
    }
    expect((await app.fail('payments.issuePaidInCash', { invoiceId: draft.id })).code).toBe('payments.not_draft');
  });

  test('any payment gets its receipt on request, archived beside the invoice', async () => {
    const invoice = await invoiceOf();
    const [payment] = await pay(invoice.id, 3_000, '2026-11-21', 'cash');
    expect(payment!.hasReceipt).toBe(false);
    const receipt = await app.call('payments.receiptPdf', { paymentId: payment!.id });
    expect(Buffer.from(receipt.contentBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    expect((await app.call('payments.forInvoice', { invoiceId: invoice.id })).entries[0]!.hasReceipt).toBe(true);
  });
});

describe('credit notes', () => {
  test('an overpayment becomes a numbered credit note; refunding it closes it and settles the invoice', async () => {
    const invoice = await invoiceOf();
    await pay(invoice.id, invoice.totalMinor + 2_000);
    const tooMuch = await app.fail('payments.createCreditNote', { invoiceId: invoice.id, kind: 'overpayment', amountMinor: 2_500, reason: 'Überzahlung' });
    expect(tooMuch).toMatchObject({ code: 'payments.credit_note_too_large', details: { fields: [{ path: 'amountMinor', key: 'v.credit_note_max_overpayment', params: { max: 'CHF 20.00' } }] } });
    const note = await app.call('payments.createCreditNote', { invoiceId: invoice.id, kind: 'overpayment', amountMinor: 2_000, reason: 'Überzahlung' });
    expect(note).toMatchObject({ number: 'GS-2026-0001', closed: false, refundedMinor: 0 });
    expect((await app.call('payments.forInvoice', { invoiceId: invoice.id })).account.state).toBe('overpaid');
    const refund = await app.call('payments.refund', { creditNoteId: note.id, date: '2026-11-25', method: 'transfer', note: 'zurück an Patientin' });
    expect(refund).toMatchObject({ kind: 'refund', amountMinor: -2_000, creditNoteId: note.id });
    expect((await app.call('payments.listCreditNotes', { patientId: invoice.patientId }))[0]).toMatchObject({ closed: true, refundedMinor: 2_000 });
    expect((await app.call('payments.forInvoice', { invoiceId: invoice.id })).account).toMatchObject({ state: 'paid', openMinor: 0 });
    expect((await app.fail('payments.refund', { creditNoteId: note.id, date: '2026-11-25', method: 'transfer', note: '' })).code).toBe('payments.credit_note_closed');

    const pdf = await app.call('payments.creditNotePdf', { creditNoteId: note.id });
    const ws = await pdfWorkspace();
    try {
      const text = await pdfText(await ws.write(Buffer.from(pdf.contentBase64, 'base64')));
      expect(text).toContain('Gutschrift GS-2026-0001');
      expect(text).toContain('zurückerstattet oder mit einer offenen oder künftigen Rechnung verrechnet');
      expect(text).not.toContain('Zahlteil');
    } finally {
      await ws.cleanup();
    }
  });

  test('a reduction lowers what the invoice asks for; numbering by invoice number with a prefix when the practice chooses it', async () => {
    await app.call('payments.saveSettings', { practiceId: setup.practice.id, settings: { creditNoteNumbering: 'invoice', creditNotePrefix: 'G-' } });
    const invoice = await invoiceOf();
    const note = await app.call('payments.createCreditNote', { invoiceId: invoice.id, kind: 'reduction', amountMinor: 1_000, reason: 'Termin nicht wahrgenommen, nicht verrechnet' });
    expect(note.number).toBe(`G-${invoice.number}`);
    expect((await app.call('payments.createCreditNote', { invoiceId: invoice.id, kind: 'reduction', amountMinor: 500, reason: 'Kulanz' })).number).toBe(`G-${invoice.number}-2`);
    const { account } = await app.call('payments.forInvoice', { invoiceId: invoice.id });
    expect(account).toMatchObject({ reductionsMinor: 1_500, openMinor: invoice.totalMinor - 1_500 });
    await pay(invoice.id, invoice.totalMinor - 1_500);
    expect((await app.call('payments.forInvoice', { invoiceId: invoice.id })).account.state).toBe('paid');
    // Set off against the invoice: nothing to pay back, the note is closed.
    expect((await app.call('payments.listCreditNotes', { patientId: invoice.patientId, openOnly: true }))).toEqual([]);
    // An invoice with a credit note is not cancelled.
    expect((await app.fail('invoices.cancel', { id: invoice.id, reason: 'x' })).code).toBe('invoice.has_payments');
  });
});

describe('balances and open items', () => {
  test('a patient’s balance: what they owe and what they have in credit', async () => {
    const { patient, invoice: a } = await issuedInvoice(app, setup);
    const c = await addConsultation(app, patient.id, setup.session.id, { date: '2026-11-12', practiceId: setup.practice.id });
    const b = await app.call('invoices.issue', { id: (await app.call('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: [c.id] } })).id });
    await pay(a.id, a.totalMinor + 500);
    const balance = await app.call('payments.patientBalance', { patientId: patient.id });
    expect(balance.balances).toEqual([{ currency: 'CHF', owesMinor: b.totalMinor, creditMinor: 500 }]);
    expect(balance.invoices.map((i) => [i.number, i.account.state])).toEqual([[a.number, 'overpaid'], [b.number, 'open']]);
  });

  test('open items are aged in buckets with totals per practice and currency, and exported as CSV', async () => {
    const fresh = await invoiceOf();
    const old = await invoiceOf({ firstName: 'Jo', lastName: 'Keller', email: 'jo@example.ch' });
    const paid = await invoiceOf({ firstName: 'Mia', lastName: 'Paid', email: 'mia@example.ch' });
    await pay(paid.id, paid.totalMinor);
    await pay(old.id, 1_000);
    // The invoices are due on 2026-12-23 (30 days); on 2027-02-10 they are 49 days overdue.
    app.clock.set('2027-02-10T10:00:00Z');
    const { items, totals } = await app.call('payments.openItems', {});
    expect(items.map((i) => [i.number, i.bucket, i.account.openMinor])).toEqual([
      [fresh.number, 'd31_60', fresh.totalMinor], [old.number, 'd31_60', old.totalMinor - 1_000],
    ]);
    expect(totals).toEqual([{ practiceId: setup.practice.id, practiceName: 'Praxis Arnika', currency: 'CHF', openMinor: fresh.totalMinor + old.totalMinor - 1_000, count: 2,
      buckets: { not_due: 0, d1_30: 0, d31_60: fresh.totalMinor + old.totalMinor - 1_000, d61_90: 0, d90_plus: 0 } }]);
    expect((await app.call('payments.openItems', { patientId: old.patientId })).items.map((i) => i.number)).toEqual([old.number]);

    const download = await app.call('payments.exportOpenItems', {});
    const { stream } = await app.files!.download(download.downloadId);
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    const csv = Buffer.concat(chunks).toString('utf8');
    expect(download.fileName).toBe('Offene-Posten-2027-02-10.csv');
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Praxis;Rechnungsnummer;Rechnungsdatum;Fällig am;Patient/in;Währung;Rechnungsbetrag;Bezahlt;Gebühren und Zinsen;Offen;Tage überfällig;Alter;Mahnstufe');
    expect(lines[2]).toContain(`;${old.number};`);
    expect(lines[2]).toContain(';10.00;0.00;');
    expect(lines).toHaveLength(3);
  });

  test('a patient with payments is archived, not deleted', async () => {
    const invoice = await invoiceOf();
    await pay(invoice.id, 1_000);
    expect((await app.fail('patients.delete', { id: invoice.patientId })).code).toBe('patient.has_financial_records');
  });
});
