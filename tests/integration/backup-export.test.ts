/**
 * "Alle Daten exportieren": one ZIP with every table as CSV that Excel in a Swiss or German locale
 * opens as it should (UTF-8 with BOM, semicolons, quoted where needed, amounts with the practice's
 * decimal separator, no formula run from a cell) and every archived PDF named by its number, byte
 * for byte. And the emergency sheet: a PDF that says where backups go, never the passphrase.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { csvField } from '../../src/main/backup/exportAll.js';
import { tempDir } from '../helpers/app.js';
import { downloadBytes, jobResult, zipEntries } from '../helpers/jobs.js';
import { makeBackupApp, passphrase, setUpBackups } from '../helpers/backups.js';
import { addConsultation, addPatient, issuedInvoice, setupPractice } from '../helpers/invoicing.js';

/** A CSV as Excel reads it: the BOM, then lines of semicolon-separated, possibly quoted fields. */
function parseCsv(bytes: Buffer): string[][] {
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString('utf8');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') endField();
    else if (c === '\r' && text[i + 1] === '\n') {
      endField();
      rows.push(row);
      row = [];
      i++;
    } else field += c;
  }
  return rows;
}

function table(entries: Map<string, Buffer>, name: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(entries.get(`${name}.csv`)!);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
}

test('every table as CSV and every archived PDF by its number', async () => {
  const app = await makeBackupApp();
  const setup = await setupPractice(app);
  const a = await issuedInvoice(app, setup, { lastName: 'Müller; Meier', anamnesis: 'Zeile 1\nZeile 2 mit "Zitat"', phone: '+41 31 123 45 67' });
  const b = await issuedInvoice(app, setup, { lastName: 'Rossi' });
  await app.call('invoices.cancel', { id: b.invoice.id, reason: 'Doppelt' });
  await app.call('invoices.recordPost', { id: a.invoice.id, how: 'marked' });
  await app.call('payments.record', { date: '2026-11-20', method: 'cash', note: 'bar an der Theke', allocations: [{ invoiceId: a.invoice.id, amountMinor: 5_000 }] });
  // A draft with a free line and a discount, on a case with a title.
  const keller = await addPatient(app, { lastName: 'Keller' });
  const knee = await app.call('cases.create', { patientId: keller.id, treatmentCase: {
    title: 'Knie rechts', reason: 'illness', law: 'kvg', diagnosis: '', referrer: { name: '', address: { street: '', houseNumber: '', postalCode: '', town: '', country: 'CH' }, gln: '', zsr: '' },
    accidentDate: null, claimNumber: '', insuranceName: 'Sanitas', insuredNumber: '123', startDate: '2026-11-01', endDate: null, remark: '',
  } });
  const onKnee = await addConsultation(app, keller.id, setup.per5.id, { date: '2026-11-12', minutes: 25 });
  await app.call('invoices.createDraft', { patientId: keller.id, draft: { consultationIds: [onKnee.id], extraLines: [
    { kind: 'free', text: 'Bericht', quantityHundredths: 100, unitPriceMinor: 4_500, vatRateBasisPoints: 0 },
    { kind: 'discount', text: 'Rabatt', percentBasisPoints: 1_000, amountMinor: null },
  ] } });

  const result = await jobResult(app, await app.call('backup.exportAll', {}), 'backup.exportAll');
  expect(result).toMatchObject({ tables: 16, documents: 3 });
  expect(result.download.fileName).toMatch(/^Alle-Daten-\d{4}-\d{2}-\d{2}\.zip$/);
  const entries = await zipEntries(app, result.download);
  expect([...entries.keys()].filter((n) => n.endsWith('.csv')).sort()).toEqual(
    ['consultation_lines', 'consultations', 'credit_notes', 'documents', 'invoice_charges', 'invoice_extra_lines', 'invoice_lines', 'invoices', 'mail_history', 'patients', 'payments', 'post_dispatches', 'practices', 'reminders', 'services', 'treatment_cases']
      .map((n) => `${n}.csv`),
  );

  const patients = table(entries, 'patients');
  const muller = patients.find((p) => p.last_name === 'Müller; Meier')!;
  expect(muller.anamnesis).toBe('Zeile 1\nZeile 2 mit "Zitat"');
  // A cell that a spreadsheet would run as a formula is shown as text.
  expect(muller.phone).toBe("'+41 31 123 45 67");
  expect(muller.categories).toBe('Rücken');

  const invoices = table(entries, 'invoices');
  expect(invoices.map((i) => [i.number, i.status])).toEqual([[a.invoice.number, 'issued'], [b.invoice.number, 'cancelled'], ['', 'draft']]);
  expect(invoices[2]!.case_id).toBe(knee.id);
  expect(invoices[0]!.total).toBe((a.invoice.totals.totalMinor / 100).toFixed(2));
  expect(table(entries, 'invoice_lines').filter((l) => l.invoice_number === a.invoice.number)).toHaveLength(2);
  const consultations = table(entries, 'consultations');
  expect(consultations).toHaveLength(5);
  expect(consultations.find((c) => c.id === onKnee.id)).toMatchObject({ case_id: knee.id, patient_name: 'Keller Anna' });
  expect(table(entries, 'consultation_lines')[0]).toMatchObject({ service_code: '1200', minutes: '45', quantity: '9.00', unit_price: '11.13' });
  expect(table(entries, 'consultation_lines').find((l) => l.consultation_id === onKnee.id)).toMatchObject({ minutes: '25', quantity: '5.00' });

  // Billing data: cases with the patient's name, free lines and discounts as entered, the post history.
  expect(table(entries, 'treatment_cases').find((c) => c.id === knee.id)).toMatchObject({ patient_id: keller.id, patient_name: 'Keller Anna', title: 'Knie rechts', law: 'kvg', insurance_name: 'Sanitas' });
  expect(table(entries, 'treatment_cases').map((c) => c.patient_name).sort()).toEqual(['Keller Anna', 'Müller; Meier Anna', 'Rossi Anna']);
  expect(table(entries, 'invoice_extra_lines').map((l) => [l.kind, l.text, l.quantity, l.unit_price, l.discount_percent, l.discount_amount])).toEqual([
    ['free', 'Bericht', '1.00', '45.00', '', ''], ['discount', 'Rabatt', '', '', '10.00', ''],
  ]);
  expect(table(entries, 'post_dispatches')).toEqual([{ invoice_id: a.invoice.id, invoice_number: a.invoice.number!, how: 'marked', document_sha256: '', at: expect.stringMatching(/^\d{4}-/) }]);

  // Money: the partial payment as booked (its invoice's number, the amount as the spreadsheet reads it).
  expect(table(entries, 'payments').map((p) => [p.kind, p.invoice_number, p.amount, p.method, p.note])).toEqual([['payment', a.invoice.number, '50.00', 'cash', 'bar an der Theke']]);
  expect(table(entries, 'reminders')).toEqual([]);
  expect(Object.keys(patients[0]!)).toContain('title');

  // The PDFs, byte for byte as archived.
  for (const [invoice, kind] of [[a.invoice, 'invoice'], [b.invoice, 'invoice'], [b.invoice, 'cancellation']] as const) {
    const pdf = await app.call('invoices.pdf', { id: invoice.id, kind });
    expect(entries.get(`PDF/${pdf.fileName}`)?.equals(Buffer.from(pdf.contentBase64, 'base64')), pdf.fileName).toBe(true);
    expect(pdf.fileName).toContain(invoice.number!.replace(/[^A-Za-z0-9._-]/g, '_'));
  }
  expect(table(entries, 'documents').map((d) => d.file)).toEqual([...entries.keys()].filter((n) => n.startsWith('PDF/')));
  app.cleanup();
});

test('a practice that bills in EUR gets amounts with a decimal comma', async () => {
  const app = await makeBackupApp();
  await setupPractice(app, { currency: 'EUR', iban: 'DE89 3704 0044 0532 0130 00', address: { street: 'Hauptstrasse', houseNumber: '1', postalCode: '10115', town: 'Berlin', country: 'DE' } });
  const entries = await zipEntries(app, (await jobResult(app, await app.call('backup.exportAll', {}), 'backup.exportAll')).download);
  expect(table(entries, 'services').map((s) => s.price)).toEqual(expect.arrayContaining(['11,13', '120,00', '8,50']));
  app.cleanup();
});

test('CSV fields', () => {
  expect(csvField('Müller')).toBe('Müller');
  expect(csvField('a;b')).toBe('"a;b"');
  expect(csvField('Er sagte "ja"')).toBe('"Er sagte ""ja"""');
  expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
  expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
  expect(csvField(-12)).toBe('-12');
  expect(csvField(null)).toBe('');
});

test('the emergency sheet says where backups go and how to restore, and never prints the passphrase', async () => {
  const folder = tempDir('arnika-nas-');
  const app = await makeBackupApp();
  await setupPractice(app, { name: 'Praxis Bergblick' });
  await setUpBackups(app, folder);
  const download = await app.call('backup.emergencySheet', {});
  expect(download.fileName).toBe('Notfallblatt-Datensicherung.pdf');
  const file = join(tempDir(), 'sheet.pdf');
  writeFileSync(file, await downloadBytes(app, download));
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  expect(text).toContain('Notfallblatt');
  expect(text).toContain('Praxis Bergblick');
  expect(text.replace(/\s/g, '')).toContain(folder);
  expect(text).toContain('Daten aus einer Sicherung übernehmen');
  expect(text).toContain('age --decrypt');
  expect(text).not.toContain(passphrase);
  expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Pages:\s+1\b/);
  app.cleanup();
});
