/**
 * Billing the way therapists bill (issue 12), through the real API on a real database: minutes per
 * time-based position, treatment cases on consultations and invoices, free lines, discounts and a
 * note, invoices sent by post (one at a time and as one PDF), and a billing recipient whose address
 * is required when the patient is saved.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { PatientFields, PracticeFields } from '../../src/shared/contract/index.js';
import type { CaseFieldsInput } from '../../src/shared/contract/cases.js';
import { makeApp, type TestApp } from '../helpers/app.js';
import { fieldsOf, patientInput } from '../helpers/fixtures.js';
import { addConsultation, addPatient, issuedInvoice, setupPractice } from '../helpers/invoicing.js';
import { downloadBytes, jobResult } from '../helpers/jobs.js';
import { pageCount, pdfText, pdfWorkspace } from '../helpers/pdf.js';
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

function caseInput(overrides: Partial<CaseFieldsInput> = {}): CaseFieldsInput {
  return {
    title: 'Knie rechts', reason: 'accident', law: 'uvg', diagnosis: 'Distorsion Knie rechts',
    referrer: { name: 'Dr. med. Eva Zuber', address: { street: 'Spitalgasse', houseNumber: '4', postalCode: '3011', town: 'Bern', country: 'CH' }, gln: '7601000000002', zsr: 'A123456' },
    accidentDate: '2026-10-28', claimNumber: 'SUVA 12.34567.26.1', insuranceName: 'Suva', insuredNumber: '756.1234.5678.97',
    startDate: '2026-11-02', endDate: null, remark: 'Verordnung 9 Sitzungen',
    ...overrides,
  };
}

describe('minutes per time-based position', () => {
  test('a 50-minute consultation with a sitting and two time-based positions split 20/30 bills 4 + 6 periods, not the duration twice', async () => {
    const patient = await addPatient(app);
    const c = await app.call('consultations.create', { consultation: {
      patientId: patient.id, date: '2026-11-10', startTime: '09:00', durationMinutes: 50, notes: '',
      items: [{ serviceId: setup.session.id }, { serviceId: setup.per5.id, minutes: 20 }, { serviceId: setup.per5.id, minutes: 30 }],
    } });
    expect(c.items.map((i) => [i.unit, i.minutes, i.quantityHundredths, i.amountMinor])).toEqual([
      ['session', null, 100, 12_000], ['min5', 20, 400, 4_452], ['min5', 30, 600, 6_678],
    ]);
    const draft = await app.call('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: [c.id] } });
    expect(draft.lines.map((l) => [l.kind, l.minutes, l.quantityHundredths])).toEqual([['service', null, 100], ['service', 20, 400], ['service', 30, 600]]);
    // 120.00 + 44.52 + 66.78 = 231.30 (VAT not registered); before, each time-based position billed all 50 minutes.
    expect(draft.totals.totalMinor).toBe(23_130);
  });

  test('positions that do not add up to the duration are saved as entered (the form warns; nothing is refused)', async () => {
    const patient = await addPatient(app);
    const c = await app.call('consultations.create', { consultation: {
      patientId: patient.id, date: '2026-11-10', startTime: '09:00', durationMinutes: 50, notes: '',
      items: [{ serviceId: setup.per5.id, minutes: 30 }],
    } });
    expect(c.items[0]).toMatchObject({ minutes: 30, quantityHundredths: 600 });
    const edited = await app.call('consultations.update', { id: c.id, consultation: {
      patientId: patient.id, date: '2026-11-10', startTime: '09:00', durationMinutes: 50, notes: '', caseId: c.caseId,
      items: [{ serviceId: setup.per5.id, minutes: 31 }, { serviceId: setup.per5.id, minutes: 40 }],
    } });
    expect(edited.items.map((i) => i.quantityHundredths)).toEqual([700, 800]);
  });

  test('templates keep default minutes per time-based position', async () => {
    const t = await app.call('consultationTemplates.create', { practiceId: setup.practice.id, template: {
      name: 'Sitzung 50', durationMinutes: 50, items: [{ serviceId: setup.session.id }, { serviceId: setup.per5.id, minutes: 20 }, { serviceId: setup.per5.id, minutes: 30 }],
    } });
    expect(t.items).toEqual([
      { serviceId: setup.session.id, quantityHundredths: 100, minutes: null },
      { serviceId: setup.per5.id, quantityHundredths: 100, minutes: 20 },
      { serviceId: setup.per5.id, quantityHundredths: 100, minutes: 30 },
    ]);
  });

  test('an issued invoice keeps the minutes it was issued with', async () => {
    const patient = await addPatient(app);
    const c = await app.call('consultations.create', { consultation: { patientId: patient.id, date: '2026-11-10', startTime: '09:00', durationMinutes: 30, notes: '', items: [{ serviceId: setup.per5.id, minutes: 30 }] } });
    const draft = await app.call('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: [c.id] } });
    const issued = await app.call('invoices.issue', { id: draft.id });
    expect((await app.fail('consultations.update', { id: c.id, consultation: { patientId: patient.id, date: '2026-11-10', startTime: '09:00', durationMinutes: 30, notes: '', items: [{ serviceId: setup.per5.id, minutes: 10 }] } })).code).toBe('consultation.invoiced');
    expect((await app.call('invoices.get', { id: issued.id })).lines[0]).toMatchObject({ minutes: 30, quantityHundredths: 600 });
  });
});

describe('treatment cases', () => {
  test('a case is created, listed, validated at its fields and cannot be deleted while it has consultations', async () => {
    const patient = await addPatient(app);
    const created = await app.call('cases.create', { patientId: patient.id, treatmentCase: caseInput() });
    expect(created).toMatchObject({ title: 'Knie rechts', law: 'uvg', reason: 'accident', open: true, consultationCount: 0 });
    const refused = await app.fail('cases.create', { patientId: patient.id, treatmentCase: caseInput({ accidentDate: null, endDate: '2026-10-01' }) });
    expect(refused.details?.fields).toEqual(expect.arrayContaining([
      { path: 'treatmentCase.accidentDate', key: 'v.accident_date_required' },
      { path: 'treatmentCase.endDate', key: 'v.case_end_before_start' },
    ]));
    expect((await app.fail('cases.create', { patientId: patient.id, treatmentCase: caseInput({ referrer: { name: '', address: { street: '', houseNumber: '', postalCode: '', town: '', country: 'CH' }, gln: '7601000000002', zsr: '' } }) })).details?.fields)
      .toEqual([{ path: 'treatmentCase.referrer.name', key: 'v.required' }]);
    await addConsultation(app, patient.id, setup.session.id);
    expect((await app.call('cases.get', { id: created.id })).consultationCount).toBe(1);
    expect((await app.fail('cases.delete', { id: created.id })).code).toBe('case.in_use');
    const ended = await app.call('cases.update', { id: created.id, treatmentCase: caseInput({ endDate: '2026-11-20' }) });
    expect(ended.open).toBe(false);
    expect((await app.call('cases.list', { patientId: patient.id })).map((c) => c.id)).toEqual([created.id]);
  });

  test('a case billed by a cancelled invoice is refused for deletion with a message, not a database error, after its consultations moved on', async () => {
    const { patient, invoice, consultations } = await issuedInvoice(app, setup);
    await app.call('invoices.cancel', { id: invoice.id, reason: 'Falscher Fall' });
    // The consultations stay as the cancelled invoice's record (not deleted), but go on to the right case.
    expect((await app.fail('consultations.delete', { id: consultations[0]!.id })).code).toBe('consultation.on_cancelled_invoice');
    const right = await app.call('cases.create', { patientId: patient.id, treatmentCase: caseInput({ title: 'Richtig' }) });
    for (const c of consultations) {
      await app.call('consultations.update', { id: c.id, consultation: { patientId: patient.id, caseId: right.id, date: c.date, startTime: c.startTime, durationMinutes: c.durationMinutes, notes: '', items: c.items.map((i) => ({ serviceId: i.serviceId, minutes: i.minutes ?? undefined })) } });
    }
    const treatmentCase = await app.call('cases.get', { id: invoice.caseId! });
    expect(treatmentCase.consultationCount).toBe(0);
    expect((await app.fail('cases.delete', { id: treatmentCase.id })).code).toBe('case.invoiced');
    expect((await app.call('cases.get', { id: treatmentCase.id })).id).toBe(treatmentCase.id);
  });

  test('a first consultation opens a case with the patient\'s insurer; later ones go on the latest open case; another patient\'s case is refused', async () => {
    const patient = await addPatient(app, { insuranceName: 'Sanitas', insuredNumber: '999' });
    const first = await addConsultation(app, patient.id, setup.session.id, { date: '2026-11-03' });
    const [opened] = await app.call('cases.list', { patientId: patient.id });
    expect(opened).toMatchObject({ id: first.caseId, startDate: '2026-11-03', insuranceName: 'Sanitas', insuredNumber: '999', law: null });
    expect((await addConsultation(app, patient.id, setup.session.id)).caseId).toBe(first.caseId);
    const other = await addPatient(app, { lastName: 'Andere' });
    const otherCase = await app.call('cases.create', { patientId: other.id, treatmentCase: caseInput() });
    const error = await app.fail('consultations.create', { consultation: { patientId: patient.id, caseId: otherCase.id, date: '2026-11-10', startTime: '09:00', durationMinutes: 30, items: [{ serviceId: setup.session.id }], notes: '' } });
    expect(error.details?.fields).toEqual([{ path: 'consultation.caseId', key: 'v.case_unknown' }]);
  });

  test('an invoice bills one case; its data is printed and frozen in the snapshot, while a draft shows it as it is now', async () => {
    const patient = await addPatient(app);
    const knee = await app.call('cases.create', { patientId: patient.id, treatmentCase: caseInput() });
    const back = await app.call('cases.create', { patientId: patient.id, treatmentCase: caseInput({ title: 'Rücken', reason: 'illness', law: 'kvg', accidentDate: null, claimNumber: '' }) });
    const onKnee = await app.call('consultations.create', { consultation: { patientId: patient.id, caseId: knee.id, date: '2026-11-03', startTime: '09:00', durationMinutes: 30, items: [{ serviceId: setup.session.id }], notes: '' } });
    const onKnee2 = await app.call('consultations.create', { consultation: { patientId: patient.id, caseId: knee.id, date: '2026-11-17', startTime: '09:00', durationMinutes: 30, items: [{ serviceId: setup.session.id }], notes: '' } });
    const onBack = await app.call('consultations.create', { consultation: { patientId: patient.id, caseId: back.id, date: '2026-11-04', startTime: '09:00', durationMinutes: 30, items: [{ serviceId: setup.session.id }], notes: '' } });
    const mixed = await app.fail('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: [onKnee.id, onBack.id] } });
    expect(mixed.details?.fields).toEqual([{ path: 'draft.consultationIds.1', key: 'v.consultation_other_case' }]);

    const draft = await app.call('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: [onKnee.id, onKnee2.id] } });
    expect(draft.caseId).toBe(knee.id);
    // A consultation on the draft stays in the draft's case.
    const moved = await app.fail('consultations.update', { id: onKnee.id, consultation: { patientId: patient.id, caseId: back.id, date: '2026-11-03', startTime: '09:00', durationMinutes: 30, items: [{ serviceId: setup.session.id }], notes: '' } });
    expect(moved.details?.fields).toEqual([{ path: 'consultation.caseId', key: 'v.case_change_on_draft' }]);

    const issued = await app.call('invoices.issue', { id: draft.id });
    const ws = await pdfWorkspace();
    try {
      const text = await pdfText(await ws.write(Buffer.from((await app.call('invoices.pdf', { id: issued.id })).contentBase64, 'base64')));
      for (const printed of ['Behandlungsfall: Knie rechts', 'Gesetz', 'UVG', 'Behandlungsgrund', 'Unfall', 'Unfalldatum', '28.10.2026', 'Schaden-Nr.', 'SUVA 12.34567.26.1',
        'Dr. med. Eva Zuber, Spitalgasse 4, 3011 Bern', 'GLN 7601000000002', 'ZSR-Nr. A123456', 'Distorsion Knie rechts', '03.11.–17.11.2026',
        'Verordnung 9 Sitzungen', 'Versicherung', 'Suva', 'Versicherten-Nr.']) expect(text, printed).toContain(printed);
    } finally {
      await ws.cleanup();
    }
    // Changing the case later changes nothing printed.
    await app.call('cases.update', { id: knee.id, treatmentCase: caseInput({ diagnosis: 'Meniskusriss' }) });
    const snapshot = JSON.parse(app.db!.prepare('SELECT snapshot FROM invoices WHERE id = ?').pluck().get(issued.id) as string) as { treatmentCase: { diagnosis: string; law: string; period: unknown }; insurance: unknown };
    expect(snapshot.treatmentCase).toMatchObject({ diagnosis: 'Distorsion Knie rechts', law: 'uvg', period: { from: '2026-11-03', to: '2026-11-17' } });
    expect(snapshot.insurance).toEqual({ name: 'Suva', insuredNumber: '756.1234.5678.97' });
    // The invoice screen shows the case as printed; a draft has none printed yet (it shows the case as it is now).
    expect((await app.call('invoices.get', { id: issued.id })).printedCase).toEqual({
      title: 'Knie rechts', reason: 'accident', law: 'uvg', diagnosis: 'Distorsion Knie rechts', accidentDate: '2026-10-28',
      claimNumber: 'SUVA 12.34567.26.1', startDate: '2026-11-02', period: { from: '2026-11-03', to: '2026-11-17' },
    });
    expect(draft.printedCase).toBeNull();
  });
});

describe('free lines, discounts and a note', () => {
  test('a free line and a discount add up, with VAT on what is really charged and 5-Rappen rounding', async () => {
    await app.call('practices.update', { id: setup.practice.id, practice: fieldsOf(PracticeFields, setup.practice, { vatNumber: 'CHE-116.281.710 MWST' }) });
    const patient = await addPatient(app);
    const c = await addConsultation(app, patient.id, setup.session.id); // 120.00 at 8.1 %
    const draft = await app.call('invoices.createDraft', { patientId: patient.id, draft: {
      consultationIds: [c.id],
      extraLines: [
        { kind: 'free', text: 'Bericht an Hausarzt', quantityHundredths: 100, unitPriceMinor: 4_500, vatRateBasisPoints: 0 },
        { kind: 'discount', text: 'Rabatt Familie', percentBasisPoints: 1_000, amountMinor: null },
      ],
      note: 'Bitte Rechnungsnummer angeben.',
    } });
    expect(draft.lines.map((l) => [l.kind, l.text, l.amountMinor])).toEqual([
      ['service', 'Erstkonsultation', 12_000], ['free', 'Bericht an Hausarzt', 4_500], ['discount', 'Rabatt Familie', -1_650],
    ]);
    // 10 % of 165.00 = 16.50, divided 12.00 : 4.50 over 8.1 % and 0 % = 12.00 and 4.50; VAT 8.1 % of 108.00 = 8.75.
    expect(draft.totals).toEqual({
      subtotalMinor: 14_850,
      vat: [{ rateBasisPoints: 810, netMinor: 10_800, vatMinor: 875 }, { rateBasisPoints: 0, netMinor: 4_050, vatMinor: 0 }],
      vatTotalMinor: 875, roundingMinor: 0, totalMinor: 15_725,
    });
    expect(draft.note).toBe('Bitte Rechnungsnummer angeben.');
    expect((await app.call('invoices.list', { status: 'draft' })).items[0]!.totalMinor).toBe(15_725);

    // An amount discount, and one too large for the positions: named before issuing.
    const tooLarge = await app.call('invoices.updateDraft', { id: draft.id, draft: { consultationIds: [c.id], extraLines: [{ kind: 'discount', text: 'Kulanz', percentBasisPoints: null, amountMinor: 20_000 }] } });
    expect(tooLarge.problems).toEqual(expect.arrayContaining([{ path: 'lines', key: 'inv.discount_too_large' }]));
    const amount = await app.call('invoices.updateDraft', { id: draft.id, draft: { consultationIds: [c.id], extraLines: [{ kind: 'discount', text: 'Kulanz', percentBasisPoints: null, amountMinor: 2_003 }] } });
    expect(amount.totals.totalMinor % 5).toBe(0);
    expect(amount.totals.subtotalMinor).toBe(12_000 - 2_003);
    expect(amount.note).toBe('Bitte Rechnungsnummer angeben.');

    const issued = await app.call('invoices.issue', { id: draft.id });
    expect(issued.extraLines).toEqual([{ kind: 'discount', text: 'Kulanz', quantityHundredths: null, unitPriceMinor: null, vatRateBasisPoints: null, percentBasisPoints: null, amountMinor: 2_003 }]);
    const ws = await pdfWorkspace();
    try {
      const text = await pdfText(await ws.write(Buffer.from((await app.call('invoices.pdf', { id: issued.id })).contentBase64, 'base64')));
      expect(text).toContain('Kulanz');
      expect(text).toContain('-20.03');
      expect(text).toContain('Bitte Rechnungsnummer angeben.');
    } finally {
      await ws.cleanup();
    }
    expect((await app.fail('invoices.updateDraft', { id: issued.id, draft: { consultationIds: [c.id], note: 'später' } })).code).toBe('invoice.not_draft');
  });

  test('a discount is either a percentage or an amount; texts are required; nothing is saved on a refusal', async () => {
    const patient = await addPatient(app);
    const c = await addConsultation(app, patient.id, setup.session.id);
    const draft = await app.call('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: [c.id] } });
    const both = await app.fail('invoices.updateDraft', { id: draft.id, draft: { consultationIds: [c.id], extraLines: [{ kind: 'discount', text: 'Rabatt', percentBasisPoints: 500, amountMinor: 100 }] } });
    expect(both.details?.fields).toEqual([{ path: 'draft.extraLines.0.amountMinor', key: 'v.discount_one_of' }]);
    const noText = await app.fail('invoices.updateDraft', { id: draft.id, draft: { consultationIds: [c.id], extraLines: [{ kind: 'free', text: '', quantityHundredths: 100, unitPriceMinor: 100, vatRateBasisPoints: 0 }] } });
    expect(noText.details?.fields).toEqual([{ path: 'draft.extraLines.0.text', key: 'v.required' }]);
    const emoji = await app.fail('invoices.updateDraft', { id: draft.id, draft: { consultationIds: [c.id], extraLines: [{ kind: 'free', text: 'Tape 🩹', quantityHundredths: 100, unitPriceMinor: 100, vatRateBasisPoints: 0 }] } });
    expect(emoji.details?.fields?.[0]).toMatchObject({ path: 'draft.extraLines.0.text', key: 'inv.chars_not_allowed' });
    expect((await app.call('invoices.get', { id: draft.id })).extraLines).toEqual([]);
  });
});

describe('invoices sent by post', () => {
  test('printing or marking records "per Post versandt" in the invoice\'s history; the list shows it; drafts are refused', async () => {
    const { invoice } = await issuedInvoice(app, setup, { invoicesByPost: true });
    expect(invoice.byPost).toBe(true);
    expect(invoice.postHistory).toEqual([]);
    app.clock.set('2026-11-24T08:30:00Z');
    const printed = await app.call('invoices.recordPost', { id: invoice.id, how: 'printed' });
    app.clock.set('2026-11-25T09:00:00Z');
    const marked = await app.call('invoices.recordPost', { id: invoice.id, how: 'marked' });
    expect(printed.postHistory).toEqual([{ how: 'printed', at: '2026-11-24T08:30:00.000Z' }]);
    expect(marked.postHistory.map((p) => p.how)).toEqual(['printed', 'marked']);
    expect(app.db!.prepare('SELECT document_sha256 FROM post_dispatches ORDER BY at').pluck().all()).toEqual([printed.documents[0]!.sha256, null]);
    expect((await app.call('invoices.list', {})).items.find((i) => i.id === invoice.id)!.postedAt).toBe('2026-11-25T09:00:00.000Z');

    const patient = await addPatient(app);
    const draft = await app.call('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: [(await addConsultation(app, patient.id, setup.session.id)).id] } });
    expect((await app.fail('invoices.recordPost', { id: draft.id, how: 'marked' })).code).toBe('invoice.not_issued');
  });

  test('an invoice cancelled while its document is read for printing gets no "per Post versandt" entry', async () => {
    const { invoice } = await issuedInvoice(app, setup, { invoicesByPost: true });
    // A second connection with the app's own domain code: its recordPost looks at the status, then reads the document.
    const { db: otherDb } = await openDatabase(join(app.dataDir, databaseFileName));
    try {
      const practices = new Practices(otherDb, app.clock);
      const patients = new Patients(otherDb, app.clock);
      const cases = new Cases(otherDb, app.clock, patients, { consultationCounts: () => new Map(), invoiceCount: () => 0 });
      const other = new Invoices(otherDb, app.clock, { practices, patients, cases, tarif590: registerTarif590({ db: otherDb, clock: app.clock, files: null as never }).api }, new NumberRanges(otherDb, app.clock));
      const printing = other.recordPost(invoice.id, 'printed');
      // Cancelled in that moment (the cancel's own change of status, as another screen makes it).
      app.db!.prepare("UPDATE invoices SET status = 'cancelled', cancelled_at = ?, cancel_reason = 'Doppelt' WHERE id = ?").run('2026-11-24T08:30:00.000Z', invoice.id);
      await expect(printing).rejects.toMatchObject({ code: 'invoice.cancelled_meanwhile' });
    } finally {
      otherDb.close();
    }
    expect((await app.call('invoices.get', { id: invoice.id })).postHistory).toEqual([]);
    expect((await app.fail('invoices.recordPost', { id: invoice.id, how: 'marked' })).code).toBe('invoice.not_issued');
  });

  test('"Stattdessen drucken": an invoice cancelled while the PDF is put together fails the job, and none of the invoices is recorded as sent', async () => {
    const a = await issuedInvoice(app, setup, { lastName: 'Aebi' });
    const b = await issuedInvoice(app, setup, { lastName: 'Brun' });
    const job = await app.call('invoices.printPdfs', { invoiceIds: [a.invoice.id, b.invoice.id] });
    // The job is under way (it reads the documents one by one); Brun's invoice is cancelled now.
    app.db!.prepare("UPDATE invoices SET status = 'cancelled', cancelled_at = ?, cancel_reason = 'Doppelt' WHERE id = ?").run('2026-11-24T08:30:00.000Z', b.invoice.id);
    const end = await app.jobs.settled(job.id);
    expect(end.state).toBe('failed');
    expect(end.error).toMatchObject({ code: 'invoice.cancelled_while_printing' });
    for (const id of [a.invoice.id, b.invoice.id]) expect((await app.call('invoices.get', { id })).postHistory).toEqual([]);
  });

  test('"Stattdessen drucken" gives one PDF of all chosen invoices in the order chosen, and records each as printed', async () => {
    const a = await issuedInvoice(app, setup, { lastName: 'Aebi' });
    const b = await issuedInvoice(app, setup, { lastName: 'Brun' });
    const job = await app.call('invoices.printPdfs', { invoiceIds: [b.invoice.id, a.invoice.id] });
    const result = await jobResult(app, job, 'invoices.printPdfs');
    expect(result.count).toBe(2);
    expect(result.download.mime).toBe('application/pdf');
    const ws = await pdfWorkspace();
    try {
      const path = await ws.write(await downloadBytes(app, result.download));
      const pagesA = await pageCount(await ws.write(Buffer.from((await app.call('invoices.pdf', { id: a.invoice.id })).contentBase64, 'base64')));
      const pagesB = await pageCount(await ws.write(Buffer.from((await app.call('invoices.pdf', { id: b.invoice.id })).contentBase64, 'base64')));
      expect(await pageCount(path)).toBe(pagesA + pagesB);
      expect(await pdfText(path, 1)).toContain('Brun');
      expect(await pdfText(path, pagesB + 1)).toContain('Aebi');
    } finally {
      await ws.cleanup();
    }
    for (const id of [a.invoice.id, b.invoice.id]) expect((await app.call('invoices.get', { id })).postHistory.map((p) => p.how)).toEqual(['printed']);

    const patient = await addPatient(app);
    const draft = await app.call('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: [(await addConsultation(app, patient.id, setup.session.id)).id] } });
    expect((await app.fail('invoices.printPdfs', { invoiceIds: [a.invoice.id, draft.id] })).code).toBe('invoice.not_issued');
    expect((await app.call('invoices.get', { id: a.invoice.id })).postHistory).toHaveLength(1);
  });
});

describe('salutation, title and the billing recipient', () => {
  test('the address carries salutation and title in the invoice\'s language; the QR-bill names the person', async () => {
    const { invoice } = await issuedInvoice(app, setup, { salutation: 'mr', title: 'Dr. med.', firstName: 'Jean', lastName: 'Dupont', language: 'fr' });
    const snapshot = JSON.parse(app.db!.prepare('SELECT snapshot FROM invoices WHERE id = ?').pluck().get(invoice.id) as string) as { recipient: { salutation: string; nameLines: string[] } };
    expect(snapshot.recipient).toMatchObject({ salutation: 'Monsieur', nameLines: ['Dr. med. Jean Dupont'] });
    const family = await issuedInvoice(app, setup, { salutation: 'family', firstName: 'Lou', lastName: 'Keller' });
    const familySnapshot = JSON.parse(app.db!.prepare('SELECT snapshot FROM invoices WHERE id = ?').pluck().get(family.invoice.id) as string) as { recipient: { salutation: string; nameLines: string[] } };
    expect(familySnapshot.recipient).toMatchObject({ salutation: 'Familie', nameLines: ['Lou Keller'] });
  });

  test('a billing recipient\'s address is required when the patient is saved, not found out at "Ausstellen"', async () => {
    const error = await app.fail('patients.create', { patient: patientInput({
      billingRecipient: { salutation: 'ms', title: '', firstName: 'Vera', lastName: 'Muster', address: { street: '', houseNumber: '', postalCode: '', town: 'Bern', country: 'CH' }, email: '' },
    }) });
    expect(error.details?.fields).toEqual(expect.arrayContaining([
      { path: 'patient.billingRecipient.address.street', key: 'v.required' },
      { path: 'patient.billingRecipient.address.postalCode', key: 'v.required' },
    ]));
    expect((await app.call('patients.list', { query: 'muster' })).total).toBe(0);
    const ok = await app.call('patients.create', { patient: patientInput({
      billingRecipient: { salutation: 'ms', title: 'Prof.', firstName: 'Vera', lastName: 'Muster', address: { street: 'Weg', houseNumber: '', postalCode: '3000', town: 'Bern', country: 'CH' }, email: '' },
    }) });
    expect(ok.billingRecipient).toMatchObject({ title: 'Prof.', lastName: 'Muster' });
    await app.call('patients.update', { id: ok.id, patient: fieldsOf(PatientFields, ok, { title: 'Dr.' }) });
  });
});

describe('number ranges that do not run out', () => {
  test('the first range, made at the first issue, holds 999\'999 numbers; with the year in the format it counts each year again', async () => {
    const first = await issuedInvoice(app, setup);
    expect(first.invoice.number).toBe('2026-00001');
    const [range] = await app.call('numberRanges.list', {});
    expect(range).toMatchObject({ label: 'Arbeitsplatz 1', from: 1, to: 999_999, next: 1, years: [{ year: 2026, next: 2, remaining: 999_998 }], usedPercent: 0, nearlyFull: false });
  });

  test('a range 90 % used says so; it can be extended when nothing lies beyond it, else the overlap is named', async () => {
    await app.call('numberRanges.create', { range: { label: 'Klein', from: 1, to: 10, thisWorkstation: true } });
    const other = await app.call('numberRanges.create', { range: { label: 'Laptop', from: 21, to: 30, thisWorkstation: false } });
    for (let i = 0; i < 9; i++) await issuedInvoice(app, setup, { lastName: `P${i}` });
    const [small] = await app.call('numberRanges.list', {});
    expect(small).toMatchObject({ usedPercent: 90, nearlyFull: true, years: [{ year: 2026, next: 10, remaining: 1 }] });
    expect(other.nearlyFull).toBe(false);

    const overlap = await app.fail('numberRanges.extend', { id: small!.id, to: 25 });
    expect(overlap.details?.fields).toEqual([{ path: 'to', key: 'v.range_overlap', params: { label: 'Laptop', from: 21, to: 30 } }]);
    expect((await app.fail('numberRanges.extend', { id: small!.id, to: 10 })).details?.fields).toEqual([{ path: 'to', key: 'v.range_extend_only', params: { to: 10 } }]);
    const extended = await app.call('numberRanges.extend', { id: small!.id, to: 20 });
    expect(extended).toMatchObject({ from: 1, to: 20, usedPercent: 45, nearlyFull: false });
    await issuedInvoice(app, setup, { lastName: 'P9' });
    const eleventh = await issuedInvoice(app, setup, { lastName: 'P10' });
    expect(eleventh.invoice.number).toBe('2026-00011');
  });

  test('numbers issued without a range (older data) block a new range over them; a range beside them is made', async () => {
    const { invoice } = await issuedInvoice(app, setup);
    // An invoice from before number ranges: the same row, numbered 5'000'001, without a range id (written in SQL, as old data is).
    app.db!.exec(`CREATE TEMP TABLE old_invoice AS SELECT * FROM invoices WHERE id = '${invoice.id}';
      UPDATE old_invoice SET id = 'old-1', number = '2020-5000001', number_value = 5000001, number_range_id = NULL, payment_reference = NULL;
      INSERT INTO invoices SELECT * FROM old_invoice; DROP TABLE old_invoice;`);
    const refused = await app.fail('numberRanges.create', { range: { label: 'Alt', from: 5_000_000, to: 5_000_100, thisWorkstation: false } });
    expect(refused.details?.fields).toEqual([{ path: 'range.from', key: 'v.range_used', params: { from: 5_000_000, to: 5_000_100 } }]);
    expect(await app.call('numberRanges.list', {})).toHaveLength(1);
    expect(await app.call('numberRanges.create', { range: { label: 'Daneben', from: 5_000_002, to: 5_000_100, thisWorkstation: false } })).toMatchObject({ from: 5_000_002 });
  });

  test('without a year in the format one sequence runs on across the new year', async () => {
    await app.call('practices.update', { id: setup.practice.id, practice: fieldsOf(PracticeFields, setup.practice, { invoiceNumberFormat: 'R{NNNN}' }) });
    const a = await issuedInvoice(app, setup);
    app.clock.set('2027-01-05T10:00:00Z');
    const patient = await addPatient(app, { lastName: 'Neujahr' });
    const c = await addConsultation(app, patient.id, setup.session.id, { date: '2027-01-04' });
    const draft = await app.call('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: [c.id] } });
    expect([a.invoice.number, (await app.call('invoices.issue', { id: draft.id })).number]).toEqual(['R0001', 'R0002']);
    const [range] = await app.call('numberRanges.list', {});
    expect(range).toMatchObject({ next: 3, years: [] });

  });
});

test('a pattern changed to one that prints a number already issued is named before issuing, and nothing is issued', async () => {
  const first = await issuedInvoice(app, setup);
  expect(first.invoice.number).toBe('2026-00001');
  // The year typed as text: one sequence (no year placeholder), which starts again at 1.
  await app.call('practices.update', { id: setup.practice.id, practice: fieldsOf(PracticeFields, setup.practice, { invoiceNumberFormat: '2026-{NNNNN}' }) });
  const patient = await addPatient(app, { lastName: 'Doppelt' });
  const draft = await app.call('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: [(await addConsultation(app, patient.id, setup.session.id)).id] } });
  expect(draft.problems).toEqual(expect.arrayContaining([{ path: 'invoiceNumber', key: 'inv.number_in_use', params: { number: '2026-00001' } }]));
  expect((await app.fail('invoices.issue', { id: draft.id })).code).toBe('invoice.not_printable');
  expect((await app.call('invoices.list', { status: 'issued' })).total).toBe(1);
});
