/**
 * Child process for the booking crash test: opens the data folder given as argv[2] (setting up a
 * practice and a few issued invoices on first use), then in a loop reads a bank file of many credits
 * on those invoices and books all of it, printing "booking <importId>" before the booking starts and
 * "booked <importId>" after it committed, until it is killed.
 */
import { createApp } from '../../src/main/app/createApp.js';
import { silentLogger } from '../../src/main/platform/log.js';
import { buildCamt, nextBankRef } from './camt.js';

const dataDir = process.argv[2]!;
const app = await createApp({ dataDir, log: silentLogger, mail: { autoStart: false } });
const call = async <T>(method: string, input: unknown): Promise<T> => {
  const r = await app.dispatch(method, input);
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
  return r.data as T;
};
const settled = async (job: { id: string }) => {
  const end = await app.jobs.settled(job.id);
  if (end.state !== 'done') throw new Error(`job ${end.kind}: ${JSON.stringify(end.error)}`);
  return end.result as Record<string, unknown>;
};

const account = 'CH9300762011623852957';
let invoices = app.db!.prepare("SELECT id, payment_reference AS ref FROM invoices WHERE status = 'issued'").all() as { id: string; ref: string }[];
if (invoices.length === 0) {
  const practice = await call<{ id: string }>('practices.create', { practice: {
    name: 'Praxis Crash', therapistName: 'Test', profession: 'massage', address: { street: 'Weg', houseNumber: '1', postalCode: '3000', town: 'Bern', country: 'CH' },
    phone: '', email: '', website: '', iban: account, qrReferencePrefix: '', zsrNumber: '', glnNumber: '', vatNumber: '', currency: 'CHF', defaultLanguage: 'de', paymentTermDays: 30,
  } });
  const service = await call<{ id: string }>('services.create', { practiceId: practice.id, service: { code: 'S', names: { de: 'Sitzung', fr: '', it: '', en: '' }, unit: 'session', priceMinor: 9_000, vatRateBasisPoints: 0, active: true } });
  for (let i = 0; i < 20; i++) {
    const patient = await call<{ id: string }>('patients.create', { patient: {
      salutation: 'ms', firstName: `P${i}`, lastName: 'Crash', birthDate: null, sex: 'female', ahvNumber: '', address: { street: 'Gasse', houseNumber: '2', postalCode: '3000', town: 'Bern', country: 'CH' },
      phone: '', mobile: '', email: '', language: 'de', insuranceName: '', insuredNumber: '', billingRecipient: null, invoicesByPost: false, consentDate: null, anamnesis: '', notes: '', categories: [],
    } });
    const c = await call<{ id: string }>('consultations.create', { consultation: { patientId: patient.id, date: '2026-11-20', startTime: '10:00', durationMinutes: 30, items: [{ serviceId: service.id, quantityHundredths: 100 }], notes: '' } });
    const draft = await call<{ id: string }>('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: [c.id] } });
    await call('invoices.issue', { id: draft.id });
  }
  invoices = app.db!.prepare("SELECT id, payment_reference AS ref FROM invoices WHERE status = 'issued'").all() as { id: string; ref: string }[];
}

process.stdout.write('ready\n');
for (;;) {
  // 3,000 credits over the 20 invoices: one booking transaction of 3,000 lines.
  const transactions = Array.from({ length: 3000 }, (_, i) => ({
    amountMinor: 100 + (i % 50), reference: { type: 'SCOR' as const, value: invoices[i % invoices.length]!.ref }, debtorName: 'Crash', bankRef: nextBankRef('CR'),
  }));
  const xml = buildCamt({ message: 'camt.054', version: '08', account, entries: [{ transactions }] });
  const upload = await app.files!.putUpload('camt.xml', Buffer.from(xml));
  const { importId } = (await settled(await call('payments.readBankFile', { uploadId: upload.uploadId }))) as { importId: string };
  process.stdout.write(`booking ${importId}\n`);
  await settled(await call('payments.bookImport', { importId, groups: ['full', 'partial', 'overpaid', 'already_paid'] }));
  process.stdout.write(`booked ${importId}\n`);
}
