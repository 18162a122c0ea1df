/**
 * A Tarif 590 practice through the real API: canton set, two therapists with their own ZSR, a tariff
 * list imported from CSV, services with codes and a missed-appointment service, a patient and a VVG
 * case. The codes and texts here are test data made up for the tests (Arnika ships none): they are
 * not the official tariff's.
 */
import type { TestApp } from './app.js';
import { addPatient, setupPractice } from './invoicing.js';

/** A tariff file the way a spreadsheet exports it: ';', quoted texts, a header naming the columns. */
export function tariffCsv(rows: [string, string, string, string][]): Buffer {
  const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
  return Buffer.from(['Tarifziffer;Bezeichnung DE;Désignation FR;Denominazione IT', ...rows.map((r) => r.map(quote).join(';'))].join('\r\n'), 'utf8');
}

export const testTariff2026: [string, string, string, string][] = [
  ['1001', 'Testmethode Eins (Prüfdaten)', 'Méthode test un (données de test)', 'Metodo di prova uno (dati di test)'],
  ['1002', 'Testmethode Zwei, "Variante B" (Prüfdaten)', 'Méthode test deux (données de test)', 'Metodo di prova due (dati di test)'],
  ['1003', 'Testmethode Drei (Prüfdaten)', 'Méthode test trois (données de test)', 'Metodo di prova tre (dati di test)'],
];

export async function importTariff(app: TestApp, rows: [string, string, string, string][], validFrom: string, label: string) {
  const upload = await app.files!.putUpload('tarif590.csv', tariffCsv(rows));
  return app.call('tariff.import', { uploadId: upload.uploadId, label, validFrom });
}

export async function setupTarif590(app: TestApp) {
  const setup = await setupPractice(app);
  const practiceId = setup.practice.id;
  await app.call('tarif590.updateSettings', { practiceId, settings: { invoiceForm: 'by_cover', biller: 'therapist', canton: 'ZH', reimbursement: 'TG', patientCopy: false } });
  const [first] = await app.call('therapists.list', { practiceId });
  const anna = await app.call('therapists.update', { id: first!.id, therapist: { name: 'Anna Beispiel', profession: 'Naturheilpraktikerin', zsr: 'A123456', gln: '7601000000002', methods: ['Testmethode Eins'], active: true } });
  const ben = await app.call('therapists.create', { practiceId, therapist: { name: 'Ben Muster', profession: 'Therapeut', zsr: 'B654321', gln: '', methods: [], active: true } });
  await importTariff(app, testTariff2026, '2026-01-01', 'Tarif 590 Testversion 2026');
  const t1001 = await app.call('services.create', {
    practiceId,
    service: {
      code: 'T1', names: { de: 'Testmethode Eins', fr: '', it: '', en: '' }, unit: 'min5', priceMinor: 1_000, vatRateBasisPoints: 0, active: true,
      tariffCode: '1001', tariffTexts: { de: testTariff2026[0]![1], fr: testTariff2026[0]![2], it: testTariff2026[0]![3] },
    },
  });
  const absence = await app.call('services.create', {
    practiceId,
    service: { code: 'ABS', names: { de: 'Verpasster Termin', fr: 'Rendez-vous manqué', it: 'Appuntamento mancato', en: '' }, unit: 'session', priceMinor: 5_000, vatRateBasisPoints: 0, active: true, absence: true },
  });
  const patient = await addPatient(app);
  const vvgCase = await app.call('cases.create', {
    patientId: patient.id,
    treatmentCase: {
      title: 'Rücken', reason: 'illness', law: 'vvg', diagnosis: 'Lumbalgie', referrer: { name: '', address: { street: '', houseNumber: '', postalCode: '', town: '', country: 'CH' }, gln: '', zsr: '' },
      accidentDate: null, claimNumber: '', insuranceName: 'Helsana', insuredNumber: '123.456.789', startDate: '2026-11-01', endDate: null, remark: '',
      cardNumber: '80756000000000000001',
    },
  });
  const consult = (therapistId: string, serviceId: string, date: string, minutes = 60) =>
    app.call('consultations.create', {
      consultation: { patientId: patient.id, practiceId, caseId: vvgCase.id, therapistId, date, startTime: '09:00', durationMinutes: minutes, items: [{ serviceId, minutes: serviceId === t1001.id ? minutes : null }], notes: '' },
    });
  return { ...setup, anna, ben, t1001, absence, patient, vvgCase, consult };
}

/**
 * The same list as a real Excel workbook (written with write-excel-file, a dev dependency): a
 * title in row 1, an empty row 2, the heading in row 3, and the codes typed as numbers.
 */
export async function tariffXlsx(rows: [string, string, string, string][], options: { sheet?: string; title?: unknown[][]; extraSheets?: { sheet: string; data: unknown[][] }[] } = {}): Promise<Buffer> {
  const { default: writeXlsxFile } = await import('write-excel-file/node');
  const data = [
    ...(options.title ?? [['Tarif 590 (Testdaten)'], [null]]),
    ['Tarifziffer', 'Bezeichnung DE', 'Désignation FR', 'Denominazione IT'],
    ...rows.map(([code, ...texts]) => [/^\d+$/.test(code) ? Number(code) : code, ...texts]),
  ];
  const sheets = [{ sheet: options.sheet ?? 'Tarif 590', data }, ...(options.extraSheets ?? [])];
  return (writeXlsxFile as unknown as (s: unknown) => { toBuffer(): Promise<Buffer> })(sheets).toBuffer();
}
