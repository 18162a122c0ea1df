import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { PatientFields, PracticeFields, ServiceFields } from '../../src/shared/contract/index.js';
import { makeApp, type TestApp } from '../helpers/app.js';
import { fieldsOf } from '../helpers/fixtures.js';
import { addConsultation, addPatient, issuedInvoice, setupPractice } from '../helpers/invoicing.js';
import { pdfText, pdfWorkspace } from '../helpers/pdf.js';
import { join } from 'node:path';
import { databaseFileName } from '../../src/main/app/createApp.js';
import { openDatabase } from '../../src/main/platform/db/open.js';
import { Invoices } from '../../src/main/invoices/invoices.js';
import { NumberRanges } from '../../src/main/invoices/numbering.js';
import { Cases } from '../../src/main/cases/cases.js';
import { registerTarif590 } from '../../src/main/tarif590/index.js';
import { Patients } from '../../src/main/patients/patients.js';
import { Practices } from '../../src/main/practices/practices.js';

let app: TestApp;
let setup: Awaited<ReturnType<typeof setupPractice>>;
beforeEach(async () => {
  app = await makeApp();
  setup = await setupPractice(app);
});
afterEach(() => app.cleanup());

describe('services and consultations', () => {
  test('per-5-minutes services take their quantity from the duration (every started 5 minutes)', async () => {
    const patient = await addPatient(app);
    const c = await addConsultation(app, patient.id, setup.per5.id, { minutes: 47, quantityHundredths: 100 });
    expect(c.items[0]).toMatchObject({ quantityHundredths: 1000, unitPriceMinor: 1113, amountMinor: 11_130 });
    expect(c.status).toBe('open');
  });

  test('a later price change does not alter recorded consultations', async () => {
    const patient = await addPatient(app);
    const c = await addConsultation(app, patient.id, setup.session.id);
    await app.call('services.update', { id: setup.session.id, service: fieldsOf(ServiceFields, setup.session, { priceMinor: 15_000 }) });
    expect((await app.call('consultations.get', { id: c.id })).items[0]!.unitPriceMinor).toBe(12_000);
    const c2 = await addConsultation(app, patient.id, setup.session.id);
    expect(c2.items[0]!.unitPriceMinor).toBe(15_000);
  });

  test('a service in use cannot be deleted, only deactivated; codes are unique among active services', async () => {
    const patient = await addPatient(app);
    await addConsultation(app, patient.id, setup.item.id);
    const listed = await app.call('services.list', { practiceId: setup.practice.id });
    expect(listed.map((s) => [s.code, s.inUse])).toEqual([['1200', false], ['M1', true], ['S1', false]]);
    expect((await app.fail('services.delete', { id: setup.item.id })).code).toBe('service.in_use');
    const dup = await app.fail('services.create', { practiceId: setup.practice.id, service: { code: '1200', names: { de: 'Doppelt', fr: '', it: '', en: '' }, unit: 'item', priceMinor: 1, vatRateBasisPoints: 0, active: true } });
    expect(dup.details?.fields?.[0]).toMatchObject({ path: 'service.code', key: 'v.service_code_taken' });
  });

  test('bad consultation input is refused at the field and nothing is saved', async () => {
    const patient = await addPatient(app);
    const other = await setupPractice(app, { name: 'Zweitpraxis' });
    const base = { patientId: patient.id, date: '2026-11-10', startTime: '09:00', durationMinutes: 30, notes: '' };
    const cases: Array<[unknown, string, string]> = [
      [{ ...base, startTime: '25:00', items: [{ serviceId: setup.session.id, quantityHundredths: 100 }] }, 'consultation.startTime', 'v.time'],
      // A per-5-minutes position bills its own minutes; without them (and no duration to start the first one with) it cannot.
      [{ ...base, durationMinutes: 0, items: [{ serviceId: setup.per5.id, quantityHundredths: 100 }] }, 'consultation.items.0.minutes', 'v.minutes_required'],
      [{ ...base, items: [{ serviceId: setup.per5.id, minutes: 20 }, { serviceId: setup.per5.id }] }, 'consultation.items.1.minutes', 'v.minutes_required'],
      [{ ...base, items: [{ serviceId: other.session.id, quantityHundredths: 100 }] }, 'consultation.items.0.serviceId', 'v.service_unknown'],
      [{ ...base, items: [] }, 'consultation.items', 'v.items_required'],
    ];
    for (const [consultation, path, key] of cases) {
      const error = await app.fail('consultations.create', { consultation });
      expect(error.details?.fields, key).toContainEqual(expect.objectContaining({ path, key }));
    }
    expect(await app.call('consultations.list', { patientId: patient.id })).toEqual([]);
  });

  test('templates hold a set of services with quantities', async () => {
    const t = await app.call('consultationTemplates.create', {
      practiceId: setup.practice.id,
      template: { name: 'Standard 45 Min.', durationMinutes: 45, items: [{ serviceId: setup.per5.id, quantityHundredths: 900 }, { serviceId: setup.item.id, quantityHundredths: 200 }] },
    });
    expect((await app.call('consultationTemplates.list', { practiceId: setup.practice.id }))[0]).toEqual(t);
    expect(t.items).toHaveLength(2);
  });
});

describe('drafts and issuing', () => {
  test('a draft from two consultations: lines, totals, language and due date', async () => {
    const patient = await addPatient(app, { language: 'fr' });
    const a = await addConsultation(app, patient.id, setup.per5.id, { date: '2026-11-03', minutes: 45 });
    const b = await addConsultation(app, patient.id, setup.per5.id, { date: '2026-11-10', minutes: 30 });
    const draft = await app.call('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: [b.id, a.id] } });
    expect(draft).toMatchObject({ status: 'draft', number: null, language: 'fr', invoiceDate: '2026-11-23', dueDate: '2026-12-23', recipient: 'patient' });
    expect(draft.lines.map((l) => [l.date, l.text, l.quantityHundredths, l.amountMinor])).toEqual([
      ['2026-11-03', 'Thérapie manuelle, par 5 minutes', 900, 10_017],
      ['2026-11-10', 'Thérapie manuelle, par 5 minutes', 600, 6_678],
    ]);
    // 166.95 is already on 5 Rappen; no rounding line needed.
    expect(draft.totals).toMatchObject({ subtotalMinor: 16_695, roundingMinor: 0, totalMinor: 16_695 });
    expect(draft.problems).toEqual([]);
    expect((await app.call('consultations.get', { id: a.id })).status).toBe('draft');
  });

  test('an invoice dated more than a year ahead, or in year 9999, is refused at the field and nothing is saved', async () => {
    const patient = await addPatient(app);
    const c = await addConsultation(app, patient.id, setup.per5.id);
    // The test clock says 2026-11-23.
    for (const [invoiceDate, key] of [['2027-11-24', 'v.invoice_date_ahead'], ['9999-12-31', 'v.date_range'], ['1899-12-31', 'v.date_range']] as const) {
      const error = await app.fail('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: [c.id], invoiceDate } });
      expect(error.details?.fields, invoiceDate).toContainEqual(expect.objectContaining({ path: 'draft.invoiceDate', key }));
    }
    expect((await app.call('invoices.list', {})).total).toBe(0);
    const draft = await app.call('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: [c.id], invoiceDate: '2027-11-23' } });
    expect(draft.dueDate).toBe('2027-12-23');
    const refused = await app.fail('invoices.updateDraft', { id: draft.id, draft: { consultationIds: [c.id], invoiceDate: '2028-01-01' } });
    expect(refused.details?.fields).toContainEqual(expect.objectContaining({ path: 'draft.invoiceDate', key: 'v.invoice_date_ahead' }));
    expect((await app.call('invoices.get', { id: draft.id })).invoiceDate).toBe('2027-11-23');
  });

  test('CHF totals are rounded to 5 Rappen with a visible rounding line', async () => {
    const patient = await addPatient(app);
    const c = await addConsultation(app, patient.id, setup.per5.id, { minutes: 5 });
    const draft = await app.call('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: [c.id] } });
    expect(draft.totals).toMatchObject({ subtotalMinor: 1113, roundingMinor: 2, totalMinor: 1115 });
  });

  test('issuing assigns the next number in the practice format and freezes the invoice', async () => {
    const { invoice, consultations } = await issuedInvoice(app, setup);
    expect(invoice).toMatchObject({ status: 'issued', number: '2026-00001', totalMinor: 16_695 });
    for (const c of consultations) {
      const now = await app.call('consultations.get', { id: c.id });
      expect(now).toMatchObject({ status: 'invoiced', invoiceNumber: '2026-00001' });
    }
    const second = await issuedInvoice(app, setup);
    expect(second.invoice.number).toBe('2026-00002');
  });

  test('issues made at the same moment get contiguous numbers, each with its archived document printing its own number', async () => {
    const patient = await addPatient(app);
    const drafts = [];
    for (let i = 0; i < 6; i++) {
      const c = await addConsultation(app, patient.id, setup.session.id, { date: `2026-11-1${i}` });
      drafts.push(await app.call('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: [c.id] } }));
    }
    const issued = await Promise.all(drafts.map((d) => app.call('invoices.issue', { id: d.id })));
    expect(issued.map((i) => i.number).sort()).toEqual(['2026-00001', '2026-00002', '2026-00003', '2026-00004', '2026-00005', '2026-00006']);
    const ws = await pdfWorkspace();
    for (const invoice of issued) {
      expect(invoice.documents).toHaveLength(1);
      const text = await pdfText(await ws.write(Buffer.from((await app.call('invoices.pdf', { id: invoice.id })).contentBase64, 'base64')));
      expect(text).toContain(`Rechnung ${invoice.number}`);
    }
  });

  test('another connection takes the number while the PDF is rendered: the issue renders again with the number it really gets', async () => {
    // A second connection to the same file with the app's own domain code: as a second process would.
    const { db: otherDb } = await openDatabase(join(app.dataDir, databaseFileName));
    try {
      const practices = new Practices(otherDb, app.clock);
      const patients = new Patients(otherDb, app.clock);
      const cases = new Cases(otherDb, app.clock, patients, { consultationCounts: () => new Map(), invoiceCount: () => 0 });
      const other = { invoices: new Invoices(otherDb, app.clock, { practices, patients, cases, tarif590: registerTarif590({ db: otherDb, clock: app.clock, files: null as never }).api }, new NumberRanges(otherDb, app.clock)) };
      const patient = await addPatient(app);
      const drafts = [];
      for (const date of ['2026-11-16', '2026-11-17']) {
        const c = await addConsultation(app, patient.id, setup.session.id, { date });
        drafts.push((await app.call('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: [c.id] } })).id);
      }
      // Both peek 2026-00001 and render with it; whichever commits second finds its number taken.
      const [mine, theirs] = await Promise.all([app.call('invoices.issue', { id: drafts[0]! }), other.invoices.issue(drafts[1]!)]);
      expect([mine.number, theirs.number].sort()).toEqual(['2026-00001', '2026-00002']);
      const ws = await pdfWorkspace();
      for (const invoice of [mine, theirs]) {
        const text = await pdfText(await ws.write(Buffer.from((await app.call('invoices.pdf', { id: invoice.id })).contentBase64, 'base64')));
        expect(text).toContain(`Rechnung ${invoice.number}`);
      }
    } finally {
      otherDb.close();
    }
  });

  test('a patient renamed while an issue is under way: the archived document prints exactly what the stored snapshot says', async () => {
    const { patient, consultations } = await issuedInvoice(app, setup).then(async (first) => {
      await app.call('invoices.cancel', { id: first.invoice.id, reason: 'neu' });
      return first;
    });
    const draft = await app.call('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: consultations.map((c) => c.id) } });
    const issuing = app.call('invoices.issue', { id: draft.id });
    await app.call('patients.update', { id: patient.id, patient: fieldsOf(PatientFields, patient, { lastName: 'Neuname' }) });
    const invoice = await issuing;
    const snapshot = JSON.parse(app.db!.prepare('SELECT snapshot FROM invoices WHERE id = ?').pluck().get(invoice.id) as string) as { recipient: { nameLines: string[] } };
    const text = await pdfText(await (await pdfWorkspace()).write(Buffer.from((await app.call('invoices.pdf', { id: invoice.id })).contentBase64, 'base64')));
    expect(text).toContain(snapshot.recipient.nameLines[0]);
    expect(text.includes('Anna Neuname')).toBe(snapshot.recipient.nameLines[0] === 'Anna Neuname');
  });

  test('the payment reference is stored with the invoice; a number that would repeat one on the same account is refused, naming the other invoice', async () => {
    const { invoice } = await issuedInvoice(app, setup);
    expect(invoice.paymentReference).toMatch(/^RF\d{2}202600001$/);
    expect((await app.call('invoices.list', {})).items[0]!.paymentReference).toBe(invoice.paymentReference);
    // The practice switches to plain numbers from 202600001: the same digits, so the same reference.
    await app.call('practices.update', { id: setup.practice.id, practice: fieldsOf(PracticeFields, setup.practice, { invoiceNumberFormat: '{N}' }) });
    await app.call('numberRanges.create', { range: { label: 'Neu', from: 202_600_001, to: 202_600_099, thisWorkstation: true } });
    const patient = await addPatient(app, { lastName: 'Zweite' });
    const c = await addConsultation(app, patient.id, setup.session.id);
    const draft = await app.call('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: [c.id] } });
    const clash = { path: 'invoiceNumber', key: 'inv.reference_in_use', params: { number: '2026-00001' } };
    expect(draft.problems).toContainEqual(clash);
    const refused = await app.fail('invoices.issue', { id: draft.id });
    expect(refused.code).toBe('invoice.not_printable');
    expect(refused.details?.fields).toContainEqual(clash);
    expect((await app.call('numberRanges.list', {})).find((r) => r.active)?.next).toBe(202_600_001);
  });

  test('an issued invoice is not edited, deleted or re-issued; its consultations are frozen', async () => {
    const { invoice, consultations } = await issuedInvoice(app, setup);
    expect((await app.fail('invoices.updateDraft', { id: invoice.id, draft: { consultationIds: invoice.consultationIds } })).code).toBe('invoice.not_draft');
    expect((await app.fail('invoices.deleteDraft', { id: invoice.id })).code).toBe('invoice.not_draft');
    expect((await app.fail('invoices.issue', { id: invoice.id })).code).toBe('invoice.not_draft');
    const c = consultations[0]!;
    expect((await app.fail('consultations.delete', { id: c.id })).code).toBe('consultation.invoiced');
    const edit = { patientId: c.patientId, date: c.date, startTime: c.startTime, durationMinutes: 60, items: [{ serviceId: setup.per5.id, quantityHundredths: 100 }], notes: '' };
    expect((await app.fail('consultations.update', { id: c.id, consultation: edit })).code).toBe('consultation.invoiced');
  });

  test('what was printed stays as printed when the practice, patient and prices change later', async () => {
    const { invoice, patient } = await issuedInvoice(app, setup);
    const before = await app.call('invoices.pdf', { id: invoice.id });
    await app.call('practices.update', { id: setup.practice.id, practice: fieldsOf(PracticeFields, setup.practice, { name: 'Ganz neuer Name', iban: 'CH4431999123000889012' }) });
    await app.call('patients.update', { id: patient.id, patient: fieldsOf(PatientFields, patient, { lastName: 'Umbenannt' }) });
    await app.call('services.update', { id: setup.per5.id, service: fieldsOf(ServiceFields, setup.per5, { names: { ...setup.per5.names, de: 'Neuer Text' }, priceMinor: 9_999 }) });
    const after = await app.call('invoices.pdf', { id: invoice.id });
    expect(after.contentBase64).toBe(before.contentBase64);
    expect(Buffer.from(after.contentBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    expect(after.fileName).toBe('Rechnung-2026-00001.pdf');
    const again = await app.call('invoices.get', { id: invoice.id });
    expect(again.lines[0]!.text).toBe('Manuelle Therapie, pro 5 Minuten');
    expect(again.recipientName).toBe('Anna Müller');
  });

  test('the recipient defaults to the billing recipient when the patient has one', async () => {
    const patient = await addPatient(app, {
      firstName: 'Lena', lastName: 'Kind', birthDate: '2018-05-01',
      billingRecipient: { salutation: 'ms', firstName: 'Petra', lastName: 'Kind', address: { street: 'Elternweg', houseNumber: '3', postalCode: '3000', town: 'Bern', country: 'CH' }, email: 'petra@example.ch' },
    });
    const c = await addConsultation(app, patient.id, setup.session.id);
    const draft = await app.call('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: [c.id] } });
    expect(draft).toMatchObject({ recipient: 'billing', recipientName: 'Petra Kind', patientName: 'Lena Kind' });
  });

  test('a consultation is on at most one invoice', async () => {
    const patient = await addPatient(app);
    const c = await addConsultation(app, patient.id, setup.session.id);
    await app.call('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: [c.id] } });
    expect((await app.fail('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: [c.id] } })).code).toBe('consultation.not_open');
    const other = await addPatient(app, { lastName: 'Fremd' });
    const foreign = await app.fail('invoices.createDraft', { patientId: other.id, draft: { consultationIds: [c.id] } });
    expect(foreign.details?.fields?.[0]?.key).toBe('v.consultation_unknown');
  });

  test('deleting a draft frees its consultations; no number is used', async () => {
    const patient = await addPatient(app);
    const c = await addConsultation(app, patient.id, setup.session.id);
    const draft = await app.call('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: [c.id] } });
    await app.call('invoices.deleteDraft', { id: draft.id });
    expect((await app.call('consultations.get', { id: c.id })).status).toBe('open');
    const next = await app.call('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: [c.id] } });
    expect((await app.call('invoices.issue', { id: next.id })).number).toBe('2026-00001');
  });
});

describe('validation before issue', () => {
  async function draftFor(overrides: Parameters<typeof addPatient>[1] = {}, serviceId = setup.session.id) {
    const patient = await addPatient(app, overrides);
    const c = await addConsultation(app, patient.id, serviceId);
    return app.call('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: [c.id] } });
  }

  test('an incomplete recipient address is named, nothing is issued and no number is used', async () => {
    const draft = await draftFor({ address: { street: '', houseNumber: '', postalCode: '3000', town: '', country: 'CH' } });
    expect(draft.problems.map((p) => p.key)).toContain('inv.recipient_address_incomplete');
    const error = await app.fail('invoices.issue', { id: draft.id });
    expect(error.code).toBe('invoice.not_printable');
    expect(error.details?.fields?.map((f) => f.key)).toContain('inv.recipient_address_incomplete');
    expect((await app.call('invoices.get', { id: draft.id })).status).toBe('draft');
    expect((await app.call('numberRanges.list', {}))[0]?.next ?? 1).toBe(1);
  });

  test('a missing IBAN is named', async () => {
    await app.call('practices.update', { id: setup.practice.id, practice: fieldsOf(PracticeFields, setup.practice, { iban: '' }) });
    const error = await app.fail('invoices.issue', { id: (await draftFor()).id });
    expect(error.details?.fields?.map((f) => f.key)).toContain('inv.iban_missing');
  });

  test('a zero amount is refused', async () => {
    const free = await app.call('services.create', { practiceId: setup.practice.id, service: { code: 'G', names: { de: 'Gratis', fr: '', it: '', en: '' }, unit: 'item', priceMinor: 0, vatRateBasisPoints: 0, active: true } });
    const error = await app.fail('invoices.issue', { id: (await draftFor({}, free.id)).id });
    expect(error.details?.fields?.map((f) => f.key)).toContain('inv.amount_not_positive');
  });

  test('characters the QR-bill does not allow are named with the character', async () => {
    const error = await app.fail('invoices.issue', { id: (await draftFor({ lastName: 'Иванов' })).id });
    expect(error.details?.fields).toContainEqual(expect.objectContaining({ key: 'inv.chars_not_allowed' }));
  });
});

describe('cancellation (Storno)', () => {
  test('keeps the number, frees the consultations, and the next invoice gets a new number', async () => {
    const { invoice, consultations, patient } = await issuedInvoice(app, setup);
    const cancelled = await app.call('invoices.cancel', { id: invoice.id, reason: 'Falsche Adresse' });
    expect(cancelled).toMatchObject({ status: 'cancelled', number: '2026-00001', cancelReason: 'Falsche Adresse' });
    for (const c of consultations) expect((await app.call('consultations.get', { id: c.id })).status).toBe('open');
    const redo = await app.call('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: consultations.map((c) => c.id) } });
    expect((await app.call('invoices.issue', { id: redo.id })).number).toBe('2026-00002');
    expect((await app.fail('invoices.cancel', { id: invoice.id, reason: 'nochmals' })).code).toBe('invoice.not_issued');
  });

  test('a reason is required', async () => {
    const { invoice } = await issuedInvoice(app, setup);
    expect((await app.fail('invoices.cancel', { id: invoice.id, reason: '  ' })).code).toBe('validation');
  });

  test('a patient with issued or cancelled invoices cannot be deleted; with only a draft they can', async () => {
    const { patient } = await issuedInvoice(app, setup);
    expect((await app.fail('patients.delete', { id: patient.id })).code).toBe('patient.has_financial_records');
    // The screen asks first, so it can explain and offer archiving before any destructive confirmation.
    expect(await app.call('patients.deletable', { id: patient.id })).toEqual({ deletable: false });
    const other = await addPatient(app, { lastName: 'Entwurf' });
    const c = await addConsultation(app, other.id, setup.session.id);
    await app.call('invoices.createDraft', { patientId: other.id, draft: { consultationIds: [c.id] } });
    expect(await app.call('patients.deletable', { id: other.id })).toEqual({ deletable: true });
    await app.call('patients.delete', { id: other.id });
    expect((await app.call('invoices.list', { status: 'draft' })).total).toBe(0);
  });
});

describe('number ranges', () => {
  test('a second workstation gets its own range; overlaps are refused', async () => {
    const mine = await app.call('numberRanges.create', { range: { label: 'Laptop', from: 10_001, to: 20_000, thisWorkstation: true } });
    expect(mine).toMatchObject({ active: true, next: 10_001, remaining: 10_000 });
    const overlap = await app.fail('numberRanges.create', { range: { label: 'Praxis-PC', from: 15_000, to: 25_000, thisWorkstation: false } });
    expect(overlap.code).toBe('invoice.number_range_overlap');
    const { invoice } = await issuedInvoice(app, setup);
    expect(invoice.number).toBe('2026-10001');
  });

  test('the first range, made by the first issue, is named in the language the user works in', async () => {
    await app.call('settings.update', { uiLanguage: 'fr' });
    await issuedInvoice(app, setup);
    expect((await app.call('numberRanges.list', {})).map((r) => r.label)).toEqual(['Poste de travail 1']);
  });

  test('a range that ends before it starts is refused at the field', async () => {
    const error = await app.fail('numberRanges.create', { range: { label: 'Falsch', from: 500, to: 100, thisWorkstation: true } });
    expect(error.details?.fields).toContainEqual(expect.objectContaining({ path: 'range.to', key: 'v.range_order' }));
    expect(await app.call('numberRanges.list', {})).toEqual([]);
  });

  test('an exhausted range stops issuing with a clear code; no wrap-around', async () => {
    await app.call('numberRanges.create', { range: { label: 'Klein', from: 1, to: 1, thisWorkstation: true } });
    await issuedInvoice(app, setup);
    const patient = await addPatient(app, { lastName: 'Zwei' });
    const c = await addConsultation(app, patient.id, setup.session.id);
    const draft = await app.call('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: [c.id] } });
    const error = await app.fail('invoices.issue', { id: draft.id });
    expect(error.code).toBe('invoice.number_range_exhausted');
    expect((await app.call('invoices.get', { id: draft.id })).status).toBe('draft');
    await app.call('numberRanges.create', { range: { label: 'Weiter', from: 100, to: 199, thisWorkstation: true } });
    expect((await app.call('invoices.issue', { id: draft.id })).number).toBe('2026-00100');
  });

  test('a range whose numbers were issued cannot be deleted', async () => {
    await issuedInvoice(app, setup);
    const [range] = await app.call('numberRanges.list', {});
    expect((await app.fail('numberRanges.delete', { id: range!.id })).code).toBe('invoice.number_range_in_use');
  });
});

describe('the invoice list', () => {
  test('filters by status, date, patient and text, with a total', async () => {
    const first = await issuedInvoice(app, setup);
    const second = await issuedInvoice(app, setup, { firstName: 'Jörg', lastName: 'Bäcker' });
    await app.call('invoices.cancel', { id: first.invoice.id, reason: 'Test' });
    expect((await app.call('invoices.list', {})).total).toBe(2);
    expect((await app.call('invoices.list', { status: 'issued' })).items.map((i) => i.number)).toEqual(['2026-00002']);
    expect((await app.call('invoices.list', { status: 'cancelled' })).items.map((i) => i.number)).toEqual(['2026-00001']);
    expect((await app.call('invoices.list', { query: 'backer' })).items.map((i) => i.id)).toEqual([second.invoice.id]);
    expect((await app.call('invoices.list', { query: '00001' })).items.map((i) => i.id)).toEqual([first.invoice.id]);
    expect((await app.call('invoices.list', { patientId: second.patient.id })).total).toBe(1);
    expect((await app.call('invoices.list', { from: '2026-12-01' })).total).toBe(0);
    expect((await app.call('invoices.list', { status: 'issued' })).totalMinor).toBe(16_695);
  });

  test('a draft shows its total as it stands now: VAT, rounding, an edited consultation, a practice that registers for VAT', async () => {
    const drafts: string[] = [];
    for (const [minutes, serviceIds] of [[5, [setup.per5.id]], [45, [setup.per5.id, setup.session.id, setup.item.id]], [30, [setup.item.id]]] as const) {
      const patient = await addPatient(app, { lastName: `Entwurf${minutes}` });
      const c = await app.call('consultations.create', {
        consultation: { patientId: patient.id, date: '2026-11-10', startTime: '09:00', durationMinutes: minutes, items: serviceIds.map((serviceId) => ({ serviceId, quantityHundredths: 150 })), notes: '' },
      });
      drafts.push((await app.call('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: [c.id] } })).id);
    }
    await issuedInvoice(app, setup);
    const listed = async () => new Map((await app.call('invoices.list', {})).items.map((i) => [i.id, i.totalMinor]));
    const fromGet = async () => new Map(await Promise.all(drafts.map(async (id) => [id, (await app.call('invoices.get', { id })).totalMinor] as const)));
    const first = await fromGet();
    expect(new Set(first.values()).size).toBe(3);
    for (const id of drafts) expect((await listed()).get(id), id).toBe(first.get(id));

    // Without a VAT number no VAT is charged; with one, the 8.1 % lines carry it, in every draft at once.
    const before = first;
    await app.call('practices.update', { id: setup.practice.id, practice: fieldsOf(PracticeFields, setup.practice, { vatNumber: 'CHE-116.281.710 MWST' }) });
    const after = await fromGet();
    expect(after.get(drafts[1]!)).toBeGreaterThan(before.get(drafts[1]!)!);
    for (const id of drafts) expect((await listed()).get(id), id).toBe(after.get(id));

    // Editing a consultation on a draft changes the draft's total in the list at once.
    const draft = await app.call('invoices.get', { id: drafts[2]! });
    const c = await app.call('consultations.get', { id: draft.consultationIds[0]! });
    await app.call('consultations.update', { id: c.id, consultation: { patientId: c.patientId, date: c.date, startTime: c.startTime, durationMinutes: 30, items: [{ serviceId: setup.item.id, quantityHundredths: 500 }], notes: '' } });
    const edited = (await app.call('invoices.get', { id: drafts[2]! })).totalMinor;
    expect(edited).not.toBe(after.get(drafts[2]!));
    expect((await listed()).get(drafts[2]!)).toBe(edited);
  });

  test('invoices of one day are listed by number (newest first, or oldest first), a draft of that day before them', async () => {
    const issued: string[] = [];
    for (let i = 0; i < 6; i++) issued.push((await issuedInvoice(app, setup, { lastName: `Tag${i}` })).invoice.number!);
    const patient = await addPatient(app, { lastName: 'Entwurf' });
    const c = await addConsultation(app, patient.id, setup.per5.id, { practiceId: setup.practice.id });
    await app.call('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: [c.id] } });
    // All carry the same date (the test clock stands still); ids are random, numbers are not.
    const desc = (await app.call('invoices.list', {})).items;
    expect(new Set(desc.map((i) => i.invoiceDate)).size).toBe(1);
    expect(desc.map((i) => i.number)).toEqual([null, ...[...issued].reverse()]);
    const asc = (await app.call('invoices.list', { direction: 'asc' })).items;
    expect(asc.map((i) => i.number)).toEqual([...issued, null]);
  });
});
