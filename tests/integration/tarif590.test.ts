/**
 * Tarif 590 through the real API on a real database: therapists per practice (a solo practice's
 * one made from its own data; the therapist on each consultation), the catalogue import with its
 * preview (a new version, a changed text, a removed code), the form chosen per practice and per
 * case, the checker refusing a mixed-therapist invoice and the split that fixes it, a missed
 * appointment moved to a private invoice, and the issued form archived with its QR-bill for the
 * amount due on the last page.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { PracticeFields, type CaseFieldsInput } from '../../src/shared/contract/index.js';
import { makeApp, type TestApp } from '../helpers/app.js';
import { fieldsOf, practiceInput } from '../helpers/fixtures.js';
import { addPatient, setupPractice } from '../helpers/invoicing.js';
import { SWISS_QR_REGION, decodeQrOnPage, pageCount, parseSwissQr, pdfText, pdfWorkspace } from '../helpers/pdf.js';
import { importTariff, setupTarif590, tariffCsv, testTariff2026 } from '../helpers/tarif590.js';

let app: TestApp;
beforeEach(async () => {
  app = await makeApp();
});
afterEach(() => app.cleanup());

const keys = (problems: { key: string }[]) => problems.map((p) => p.key);

describe('therapists', () => {
  test('a solo practice has one therapist made from its own name, ZSR and GLN; consultations get it without asking', async () => {
    const setup = await setupPractice(app);
    const list = await app.call('therapists.list', { practiceId: setup.practice.id });
    expect(list).toEqual([expect.objectContaining({ name: 'Anna Beispiel', zsr: 'A123456', gln: '7601000000002', active: true })]);
    const patient = await addPatient(app);
    const c = await app.call('consultations.create', { consultation: { patientId: patient.id, date: '2026-11-10', startTime: '09:00', durationMinutes: 30, items: [{ serviceId: setup.session.id }], notes: '' } });
    expect(c.therapistId).toBe(list[0]!.id);
  });

  test("a solo practice's ZSR entered in the practice after its therapist was made reaches the form; until then the problem points at the practice", async () => {
    const setup = await setupPractice(app, { zsrNumber: '', glnNumber: '' });
    const practiceId = setup.practice.id;
    await app.call('tarif590.updateSettings', { practiceId, settings: { invoiceForm: 'by_cover', biller: 'therapist', canton: 'ZH', reimbursement: 'TG', patientCopy: false } });
    const [solo] = await app.call('therapists.list', { practiceId });
    expect(solo).toMatchObject({ zsr: '', gln: '' });
    await importTariff(app, testTariff2026, '2026-01-01', 'Tarif 590 Testversion 2026');
    const service = await app.call('services.create', { practiceId, service: {
      code: 'T1', names: { de: 'Testmethode Eins', fr: '', it: '', en: '' }, unit: 'min5', priceMinor: 1_000, vatRateBasisPoints: 0, active: true,
      tariffCode: '1001', tariffTexts: { de: testTariff2026[0]![1], fr: testTariff2026[0]![2], it: testTariff2026[0]![3] },
    } });
    const patient = await addPatient(app);
    const vvg = await app.call('cases.create', { patientId: patient.id, treatmentCase: {
      title: 'Rücken', reason: 'illness', law: 'vvg', diagnosis: '', referrer: { name: '', address: { street: '', houseNumber: '', postalCode: '', town: '', country: 'CH' }, gln: '', zsr: '' },
      accidentDate: null, claimNumber: '', insuranceName: 'Helsana', insuredNumber: '123.456.789', startDate: '2026-11-01', endDate: null, remark: '', cardNumber: '',
    } });
    const c = await app.call('consultations.create', { consultation: { patientId: patient.id, practiceId, caseId: vvg.id, date: '2026-11-10', startTime: '09:00', durationMinutes: 30, items: [{ serviceId: service.id, minutes: 30 }], notes: '' } });
    const draft = await app.call('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: [c.id] } });
    expect(draft.problems).toContainEqual(expect.objectContaining({ path: 'practice.zsrNumber', key: 't590.provider_zsr_missing' }));

    await app.call('practices.update', { id: practiceId, practice: fieldsOf(PracticeFields, setup.practice, { zsrNumber: 'A123456', glnNumber: '7601000000002' }) });
    expect(await app.call('therapists.list', { practiceId })).toEqual([expect.objectContaining({ zsr: 'A123456', gln: '7601000000002' })]);
    const again = await app.call('invoices.get', { id: draft.id });
    expect(again.problems).toEqual([]);
    await app.call('invoices.issue', { id: draft.id });
    const issued = app.db!.prepare('SELECT snapshot FROM invoices WHERE id = ?').pluck().get(draft.id) as string;
    expect(JSON.parse(issued).tarif590.provider).toMatchObject({ zsr: 'A123456', gln: '7601000000002' });
  });

  test('the canton setting takes one of the 26 cantons (or none yet); anything else is refused and not saved', async () => {
    const setup = await setupPractice(app);
    const settings = { invoiceForm: 'by_cover', biller: 'therapist', canton: 'XX', reimbursement: 'TG', patientCopy: false } as const;
    const refused = await app.fail('tarif590.updateSettings', { practiceId: setup.practice.id, settings });
    expect(refused.details?.fields).toEqual([expect.objectContaining({ path: 'settings.canton' })]);
    expect((await app.call('tarif590.settings', { practiceId: setup.practice.id })).canton).toBe('');
    expect((await app.call('tarif590.updateSettings', { practiceId: setup.practice.id, settings: { ...settings, canton: 'TI' } })).canton).toBe('TI');
  });

  test('a ZSR number is personal: a second therapist with the same one is refused; a therapist of another practice cannot treat here', async () => {
    const s = await setupTarif590(app);
    const clash = await app.fail('therapists.create', { practiceId: s.practice.id, therapist: { name: 'Kopie', profession: '', zsr: 'B654321', gln: '', methods: [], active: true } });
    expect(clash.details?.fields).toEqual([{ path: 'therapist.zsr', key: 'v.zsr_taken' }]);
    const other = await app.call('practices.create', { practice: practiceInput({ name: 'Andere Praxis' }) });
    const [foreign] = await app.call('therapists.list', { practiceId: other.id });
    const refused = await app.fail('consultations.create', { consultation: { patientId: s.patient.id, practiceId: s.practice.id, therapistId: foreign!.id, date: '2026-11-10', startTime: '09:00', durationMinutes: 30, items: [{ serviceId: s.session.id }], notes: '' } });
    expect(refused.details?.fields).toEqual([{ path: 'consultation.therapistId', key: 'v.therapist_unknown' }]);
  });
});

describe('the catalogue import', () => {
  test('the preview of a new version shows the added, the changed and the removed codes and the services that no longer match; nothing is saved until the import', async () => {
    const s = await setupTarif590(app);
    const next: [string, string, string, string][] = [
      testTariff2026[0]!,
      ['1002', 'Testmethode Zwei, geänderter Text (Prüfdaten)', testTariff2026[1]![2], testTariff2026[1]![3]],
      ['1004', 'Testmethode Vier (Prüfdaten)', 'Méthode test quatre', 'Metodo di prova quattro'],
    ];
    const upload = await app.files!.putUpload('tarif590-2027.csv', tariffCsv(next));
    const preview = await app.call('tariff.previewImport', { uploadId: upload.uploadId, label: 'Testversion 2027', validFrom: '2027-01-01' });
    expect(preview.comparedWith).toBe('Tarif 590 Testversion 2026');
    expect(preview.entryCount).toBe(3);
    expect(preview.added.map((e) => e.code)).toEqual(['1004']);
    expect(preview.changed).toEqual([{ code: '1002', before: expect.objectContaining({ de: testTariff2026[1]![1] }), after: expect.objectContaining({ de: 'Testmethode Zwei, geänderter Text (Prüfdaten)' }) }]);
    expect(preview.removed.map((e) => e.code)).toEqual(['1003']);
    expect(preview.affectedServices).toEqual([]);
    expect((await app.call('tariff.versions', {})).length).toBe(1);

    // A version without code 1001: the service using it is named in the preview.
    const without = await app.files!.putUpload('x.csv', tariffCsv([testTariff2026[1]!]));
    const p2 = await app.call('tariff.previewImport', { uploadId: without.uploadId, label: 'ohne 1001', validFrom: '2027-01-01' });
    expect(p2.affectedServices).toEqual([{ id: s.t1001.id, name: 'Testmethode Eins', code: '1001' }]);

    const imported = await app.call('tariff.import', { uploadId: upload.uploadId, label: 'Testversion 2027', validFrom: '2027-01-01' });
    expect(imported).toMatchObject({ validFrom: '2027-01-01', validTo: null, entryCount: 3, sourceName: 'tarif590-2027.csv' });
    const versions = await app.call('tariff.versions', {});
    expect(versions.map((v) => [v.label, v.validFrom, v.validTo])).toEqual([['Testversion 2027', '2027-01-01', null], ['Tarif 590 Testversion 2026', '2026-01-01', '2026-12-31']]);
    expect((await app.call('tariff.entries', { date: '2026-12-31' })).entries.map((e) => e.code)).toEqual(['1001', '1002', '1003']);
    expect((await app.call('tariff.entries', { date: '2027-01-01' })).entries.map((e) => e.code)).toEqual(['1001', '1002', '1004']);
  });

  test('a file the import cannot read is refused with the row to fix, and nothing is stored', async () => {
    await setupPractice(app);
    const bad = await app.files!.putUpload('bad.csv', tariffCsv([['1001', 'A', 'B', 'C'], ['12x', 'D', 'E', 'F']]));
    const err = await app.fail('tariff.import', { uploadId: bad.uploadId, label: 'X', validFrom: '2026-01-01' });
    expect(err).toMatchObject({ code: 'tariff.csv_bad_code', details: { row: 3, code: '12x' } });
    const noColumns = await app.files!.putUpload('cols.csv', Buffer.from('Nummer;Text\n1001;A\n'));
    expect((await app.fail('tariff.previewImport', { uploadId: noColumns.uploadId, label: 'X', validFrom: '2026-01-01' })).code).toBe('tariff.csv_columns');
    expect(await app.call('tariff.versions', {})).toEqual([]);
  });

  test('columns are found by their language word, not by the first heading with a text word; a heading that is unclear refuses the file', async () => {
    await setupPractice(app);
    const frFirst = await app.files!.putUpload('fr-first.csv', Buffer.from('Code;Bezeichnung FR;Bezeichnung DE;Bezeichnung IT\n1001;Méthode un;Methode eins;Metodo uno\n'));
    const preview = await app.call('tariff.previewImport', { uploadId: frFirst.uploadId, label: 'X', validFrom: '2026-01-01' });
    expect(preview.added).toEqual([{ code: '1001', texts: { de: 'Methode eins', fr: 'Méthode un', it: 'Metodo uno' } }]);
    const twice = await app.files!.putUpload('twice.csv', Buffer.from('Code;Text DE;Deutsch;Text FR;Text IT\n1001;A;B;C;D\n'));
    expect(await app.fail('tariff.previewImport', { uploadId: twice.uploadId, label: 'X', validFrom: '2026-01-01' })).toMatchObject({ code: 'tariff.csv_column_unclear', details: { heading: 'Deutsch' } });
    const both = await app.files!.putUpload('both.csv', Buffer.from('Code;Text DE/FR;Text IT\n1001;A;B\n'));
    expect(await app.fail('tariff.previewImport', { uploadId: both.uploadId, label: 'X', validFrom: '2026-01-01' })).toMatchObject({ code: 'tariff.csv_column_unclear', details: { heading: 'Text DE/FR' } });
    expect(await app.call('tariff.versions', {})).toEqual([]);
  });

  test('a row with fewer fields than the header, or without its French or Italian text, is refused with its line', async () => {
    await setupPractice(app);
    const short = await app.files!.putUpload('short.csv', Buffer.from('Code;Text DE;Text FR;Text IT\n1001;A;B;C\n1002;Nur Deutsch\n'));
    expect(await app.fail('tariff.import', { uploadId: short.uploadId, label: 'X', validFrom: '2026-01-01' })).toMatchObject({ code: 'tariff.csv_fields_missing', details: { row: 3 } });
    const noFr = await app.files!.putUpload('nofr.csv', tariffCsv([['1001', 'A', '', 'C']]));
    expect(await app.fail('tariff.import', { uploadId: noFr.uploadId, label: 'X', validFrom: '2026-01-01' })).toMatchObject({ code: 'tariff.csv_text_missing_fr', details: { row: 2, code: '1001' } });
    const noIt = await app.files!.putUpload('noit.csv', tariffCsv([['1001', 'A', 'B', ' ']]));
    expect(await app.fail('tariff.import', { uploadId: noIt.uploadId, label: 'X', validFrom: '2026-01-01' })).toMatchObject({ code: 'tariff.csv_text_missing_it', details: { row: 2, code: '1001' } });
    expect(await app.call('tariff.versions', {})).toEqual([]);
  });

  test('a Windows-1252 file (as Excel saves it) keeps its umlauts and accents', async () => {
    await setupPractice(app);
    const latin1 = Buffer.from('Code;Text DE;Text FR;Text IT\r\n1001;Prüfmethode;Méthode éprouvée;Metodo è\r\n', 'latin1');
    const upload = await app.files!.putUpload('excel.csv', latin1);
    const preview = await app.call('tariff.previewImport', { uploadId: upload.uploadId, label: 'X', validFrom: '2026-01-01' });
    expect(preview.added).toEqual([{ code: '1001', texts: { de: 'Prüfmethode', fr: 'Méthode éprouvée', it: 'Metodo è' } }]);
  });
});

describe('the form per practice and per case', () => {
  test('a VVG case gets the Tarif 590 form by default; the case can choose the standard invoice; the practice can choose Tarif 590 for every case', async () => {
    const s = await setupTarif590(app);
    const c = await s.consult(s.anna.id, s.t1001.id, '2026-11-10');
    const draft = await app.call('invoices.createDraft', { patientId: s.patient.id, draft: { consultationIds: [c.id] } });
    expect(draft.form).toBe('tarif590');
    await app.call('cases.update', { id: s.vvgCase.id, treatmentCase: { ...caseFields(s.vvgCase), invoiceForm: 'standard' } });
    expect((await app.call('invoices.get', { id: draft.id })).form).toBe('standard');
    await app.call('cases.update', { id: s.vvgCase.id, treatmentCase: { ...caseFields(s.vvgCase), law: 'private', invoiceForm: null } });
    expect((await app.call('invoices.get', { id: draft.id })).form).toBe('standard');
    await app.call('tarif590.updateSettings', { practiceId: s.practice.id, settings: { invoiceForm: 'tarif590', biller: 'therapist', canton: 'ZH', reimbursement: 'TG', patientCopy: false } });
    expect((await app.call('invoices.get', { id: draft.id })).form).toBe('tarif590');
  });
});

function caseFields(c: Awaited<ReturnType<typeof setupTarif590>>['vvgCase']) {
  const { id: _id, patientId: _p, open: _o, consultationCount: _n, createdAt: _c, updatedAt: _u, ...fields } = c;
  return fields as CaseFieldsInput;
}

describe('the checker before issuing', () => {
  test('a mixed-therapist invoice is refused; splitting it gives one draft per therapist, each issued as the form with its own provider', async () => {
    const s = await setupTarif590(app);
    const a = await s.consult(s.anna.id, s.t1001.id, '2026-11-03');
    const b = await s.consult(s.ben.id, s.t1001.id, '2026-11-05', 30);
    const c = await s.consult(s.anna.id, s.t1001.id, '2026-11-10', 45);
    const draft = await app.call('invoices.createDraft', { patientId: s.patient.id, draft: { consultationIds: [a.id, b.id, c.id] } });
    expect(draft.problems).toEqual([{ path: 'therapist', key: 't590.mixed_therapists', params: { count: 2 } }]);
    const refused = await app.fail('invoices.issue', { id: draft.id });
    expect(refused.code).toBe('invoice.not_printable');

    const { invoiceIds } = await app.call('invoices.splitByTherapist', { id: draft.id });
    expect(invoiceIds).toHaveLength(2);
    const [annas, bens] = await Promise.all(invoiceIds.map((id) => app.call('invoices.get', { id })));
    expect(annas!.consultationIds.sort()).toEqual([a.id, c.id].sort());
    expect(bens!.consultationIds).toEqual([b.id]);
    expect(annas!.problems).toEqual([]);
    expect(bens!.problems).toEqual([]);

    const ws = await pdfWorkspace();
    try {
      for (const [invoice, provider, zsr] of [[annas!, 'Anna Beispiel', 'A123456'], [bens!, 'Ben Muster', 'B654321']] as const) {
        const issued = await app.call('invoices.issue', { id: invoice.id });
        expect(issued.form).toBe('tarif590');
        const pdf = await app.call('invoices.pdf', { id: invoice.id });
        const path = await ws.write(Buffer.from(pdf.contentBase64, 'base64'));
        const text = await pdfText(path);
        expect(text).toContain('Rückforderungsbeleg');
        expect(text).toContain(provider);
        expect(text).toContain(zsr);
        // The official text verbatim under the line, and the tariff and code in their columns.
        expect(text).toContain(testTariff2026[0]![1]);
        expect(text).toMatch(/590\s+1001/);
        // The QR-bill on the last page asks for the amount due.
        const last = await pageCount(path);
        const qr = parseSwissQr((await decodeQrOnPage(path, last, SWISS_QR_REGION))!);
        expect(qr.amount).toBe((issued.totalMinor / 100).toFixed(2));
      }
    } finally {
      await ws.cleanup();
    }
  });

  test('a missed appointment is flagged on the insurer form and moved to a private draft on request', async () => {
    const s = await setupTarif590(app);
    const treated = await s.consult(s.anna.id, s.t1001.id, '2026-11-03');
    const missed = await s.consult(s.anna.id, s.absence.id, '2026-11-10');
    const draft = await app.call('invoices.createDraft', { patientId: s.patient.id, draft: { consultationIds: [treated.id, missed.id] } });
    expect(keys(draft.problems)).toEqual(['t590.absence_line']);
    const moved = await app.call('invoices.moveAbsences', { id: draft.id });
    const insurer = await app.call('invoices.get', { id: moved.invoiceId });
    const privat = await app.call('invoices.get', { id: moved.privateInvoiceId });
    expect(insurer.consultationIds).toEqual([treated.id]);
    expect(insurer.problems).toEqual([]);
    expect(privat).toMatchObject({ form: 'standard', consultationIds: [missed.id], problems: [] });
    expect((await app.fail('invoices.moveAbsences', { id: draft.id })).code).toBe('invoice.no_absence');
  });

  test('a consultation holding a missed appointment and a treatment says to split it; moving refuses with that date instead of "nothing to move"', async () => {
    const s = await setupTarif590(app);
    const both = await app.call('consultations.create', { consultation: {
      patientId: s.patient.id, practiceId: s.practice.id, caseId: s.vvgCase.id, therapistId: s.anna.id, date: '2026-11-10', startTime: '09:00', durationMinutes: 60,
      items: [{ serviceId: s.t1001.id, minutes: 30 }, { serviceId: s.absence.id, minutes: null }], notes: '',
    } });
    const draft = await app.call('invoices.createDraft', { patientId: s.patient.id, draft: { consultationIds: [both.id] } });
    expect(draft.problems).toEqual([{ path: 'lines.1', key: 't590.absence_mixed', params: { text: 'Verpasster Termin', date: '2026-11-10' } }]);
    expect(await app.fail('invoices.moveAbsences', { id: draft.id })).toMatchObject({ code: 'invoice.absence_mixed', details: { date: '2026-11-10' } });
    expect((await app.call('invoices.get', { id: draft.id })).consultationIds).toEqual([both.id]);
  });

  test('a code missing from the version valid on the service date, and a text that is not verbatim, are refused', async () => {
    const s = await setupTarif590(app);
    // From 2027 code 1001 is gone.
    await importTariff(app, [testTariff2026[1]!], '2027-01-01', 'Testversion 2027');
    app.clock.set('2027-01-20T10:00:00Z');
    const late = await s.consult(s.anna.id, s.t1001.id, '2027-01-12');
    const d1 = await app.call('invoices.createDraft', { patientId: s.patient.id, draft: { consultationIds: [late.id] } });
    expect(keys(d1.problems)).toEqual(['t590.code_unknown']);
    await app.call('invoices.deleteDraft', { id: d1.id });
    await app.call('consultations.delete', { id: late.id });

    await app.call('services.update', {
      id: s.t1001.id,
      service: { code: 'T1', names: { de: 'Testmethode Eins', fr: '', it: '', en: '' }, unit: 'min5', priceMinor: 1_000, vatRateBasisPoints: 0, active: true, tariffCode: '1001', tariffTexts: { de: 'Testmethode 1', fr: '', it: '' } },
    });
    const early = await s.consult(s.anna.id, s.t1001.id, '2026-11-12');
    const d2 = await app.call('invoices.createDraft', { patientId: s.patient.id, draft: { consultationIds: [early.id] } });
    expect(keys(d2.problems)).toEqual(['t590.text_differs']);
  });

  test('the issued form is frozen: a later change of the therapist, the settings or the tariff list changes neither its snapshot nor its archived PDF', async () => {
    const s = await setupTarif590(app);
    const c = await s.consult(s.anna.id, s.t1001.id, '2026-11-03');
    const draft = await app.call('invoices.createDraft', { patientId: s.patient.id, draft: { consultationIds: [c.id] } });
    await app.call('invoices.issue', { id: draft.id });
    const snapshot = () => app.db!.prepare('SELECT snapshot FROM invoices WHERE id = ?').pluck().get(draft.id) as string;
    const before = { snapshot: snapshot(), pdf: (await app.call('invoices.pdf', { id: draft.id })).contentBase64 };
    expect(JSON.parse(before.snapshot).tarif590.provider).toMatchObject({ name: 'Anna Beispiel', zsr: 'A123456' });
    await app.call('therapists.update', { id: s.anna.id, therapist: { name: 'Anna Neu', profession: '', zsr: 'A999999', gln: '', methods: [], active: true } });
    await app.call('tarif590.updateSettings', { practiceId: s.practice.id, settings: { invoiceForm: 'standard', biller: 'practice', canton: 'BE', reimbursement: 'TP', patientCopy: true } });
    await importTariff(app, [testTariff2026[1]!], '2026-06-01', 'Testversion Mitte 2026');
    expect(snapshot()).toBe(before.snapshot);
    expect((await app.call('invoices.pdf', { id: draft.id })).contentBase64).toBe(before.pdf);
    expect((await app.call('invoices.get', { id: draft.id })).form).toBe('tarif590');
  });
});
