/** A Tarif 590 form snapshot with made-up test codes and texts (not the official tariff's). */
import type { InvoiceSnapshot, SnapshotTarif590 } from '../../src/main/invoices/snapshot.js';
import { chfSnapshot, line } from './pdf.js';

const texts = {
  de: ['Testmethode Eins (Prüfdaten)', 'Testmethode Zwei mit einem längeren offiziellen Text, der auf dem Formular umbrechen muss, weil er die ganze Breite füllt (Prüfdaten)'],
  fr: ['Méthode test un (données de test)', 'Méthode test deux avec un texte officiel plus long qui doit passer à la ligne sur le formulaire (données de test)'],
  it: ['Metodo di prova uno (dati di test)', 'Metodo di prova due con un testo ufficiale più lungo che deve andare a capo sul modulo (dati di test)'],
  en: ['Test method one', 'Test method two'],
};

export function tarif590Block(overrides: Partial<SnapshotTarif590> = {}): SnapshotTarif590 {
  const address = { street: 'Bahnhofstrasse', houseNumber: '12a', postalCode: '8001', town: 'Zürich', country: 'CH' };
  return {
    release: 'Arnika T590 1.0 (FD 4.5)',
    biller: { name: 'Anna Dvořák', profession: 'Naturheilpraktikerin', address, phone: '+41 44 123 45 67', zsr: 'A123456', gln: '7601000000002' },
    provider: { name: 'Anna Dvořák', profession: 'Naturheilpraktikerin', address, phone: '+41 44 123 45 67', zsr: 'A123456', gln: '7601000000002' },
    patient: {
      lastName: 'Müller', firstName: 'Zoë', address: { street: 'Seestrasse', houseNumber: '5', postalCode: '3000', town: 'Bern', country: 'CH' },
      birthDate: '1980-03-09', sex: 'female', ahv: '756.1234.5678.97', cardNumber: '80756000000000000001', insuredNumber: '123.456.789',
    },
    canton: 'ZH',
    reimbursement: 'TG',
    catalogueVersion: 'Testversion 2026',
    prepaymentMinor: 0,
    patientCopy: false,
    ...overrides,
  };
}

export function tarif590Snapshot(language: InvoiceSnapshot['language'] = 'de', overrides: Partial<Omit<InvoiceSnapshot, 'totals' | 'paymentReference'>> = {}): InvoiceSnapshot {
  const t = texts[language];
  return chfSnapshot({
    language,
    recipient: { nameLines: ['Zoë Müller'], address: { street: 'Seestrasse', houseNumber: '5', postalCode: '3000', town: 'Bern', country: 'CH' }, email: '' },
    patient: { name: 'Zoë Müller', birthDate: '1980-03-09' },
    insurance: { name: 'Helsana', insuredNumber: '123.456.789' },
    treatmentCase: {
      title: 'Rücken', reason: 'illness', law: 'vvg', diagnosis: 'Lumbalgie', accidentDate: null, claimNumber: '',
      referrer: { name: 'Dr. med. Eva Zuber', address: { street: 'Spitalgasse', houseNumber: '4', postalCode: '3011', town: 'Bern', country: 'CH' }, gln: '7601000000002', zsr: 'A123456' },
      startDate: '2026-02-01', endDate: null, remark: '', period: { from: '2026-02-02', to: '2026-02-09' },
    },
    tarif590: tarif590Block(),
    lines: [
      line({ kind: 'service', date: '2026-02-02', code: 'T1', text: 'Testmethode', tariffCode: '1001', tariffText: t[0], quantityHundredths: 1200, unitPriceMinor: 1000, unit: '5min', minutes: 60, vatRateBasisPoints: 0 }),
      line({ kind: 'service', date: '2026-02-09', code: 'T2', text: 'Testmethode 2', tariffCode: '1002', tariffText: t[1], quantityHundredths: 900, unitPriceMinor: 1000, unit: '5min', minutes: 45, vatRateBasisPoints: 0 }),
    ],
    texts: {},
    ...overrides,
  });
}
