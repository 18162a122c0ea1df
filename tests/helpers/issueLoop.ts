/**
 * Child process for the crash test: opens the data folder given as argv[2] and issues invoices
 * in a loop until it is killed, printing "issued <number>" after each commit (the issue archives
 * the invoice's PDF in the same transaction).
 */
import { createApp } from '../../src/main/app/createApp.js';
import { silentLogger } from '../../src/main/platform/log.js';

const dataDir = process.argv[2]!;
const app = await createApp({ dataDir, log: silentLogger });
const call = async (method: string, input: unknown) => {
  const r = await app.dispatch(method, input);
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
  return r.data as { id: string; number?: string };
};

let practiceId = (app.db!.prepare('SELECT id FROM practices LIMIT 1').get() as { id: string } | undefined)?.id;
if (!practiceId) {
  practiceId = (await call('practices.create', { practice: {
    name: 'Praxis Crash', therapistName: 'Test', profession: 'massage',
    address: { street: 'Weg', houseNumber: '1', postalCode: '3000', town: 'Bern', country: 'CH' },
    phone: '', email: '', website: '', iban: 'CH9300762011623852957', qrReferencePrefix: '', zsrNumber: '', glnNumber: '',
    vatNumber: '', currency: 'CHF', defaultLanguage: 'de', paymentTermDays: 30,
  } })).id;
}
let serviceId = (app.db!.prepare('SELECT id FROM services LIMIT 1').get() as { id: string } | undefined)?.id;
serviceId ??= (await call('services.create', { practiceId, service: { code: 'S', names: { de: 'Sitzung', fr: '', it: '', en: '' }, unit: 'session', priceMinor: 9_000, vatRateBasisPoints: 0, active: true } })).id;
let patientId = (app.db!.prepare('SELECT id FROM patients LIMIT 1').get() as { id: string } | undefined)?.id;
patientId ??= (await call('patients.create', { patient: {
  salutation: 'ms', firstName: 'Clara', lastName: 'Crash', birthDate: '1980-01-01', sex: 'female', ahvNumber: '',
  address: { street: 'Gasse', houseNumber: '2', postalCode: '3000', town: 'Bern', country: 'CH' }, phone: '', mobile: '', email: '',
  language: 'de', insuranceName: '', insuredNumber: '', billingRecipient: null, invoicesByPost: false, consentDate: null,
  anamnesis: '', notes: '', categories: [],
} })).id;

async function issueOne(): Promise<string | undefined> {
  const c = await call('consultations.create', { consultation: { patientId, date: '2026-11-20', startTime: '10:00', durationMinutes: 30, items: [{ serviceId, quantityHundredths: 100 }], notes: '' } });
  const draft = await call('invoices.createDraft', { patientId, draft: { consultationIds: [c.id] } });
  return (await call('invoices.issue', { id: draft.id })).number;
}

// The first issue of a process loads the PDF renderer and its fonts; it goes before "ready", so the
// kills land among issues at their steady pace.
process.stdout.write(`issued ${await issueOne()}\n`);
process.stdout.write('ready\n');
for (;;) process.stdout.write(`issued ${await issueOne()}\n`);
