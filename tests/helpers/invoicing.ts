/** Sets up a practice with services, a patient and consultations, through the real API. */
import type { PatientFieldsInput, PracticeFieldsInput } from '../../src/shared/contract/index.js';
import type { TestApp } from './app.js';
import { patientInput, practiceInput } from './fixtures.js';

export async function setupPractice(app: TestApp, overrides: Partial<PracticeFieldsInput> = {}) {
  const practice = await app.call('practices.create', { practice: practiceInput(overrides) });
  const per5 = await app.call('services.create', {
    practiceId: practice.id,
    service: { code: '1200', names: { de: 'Manuelle Therapie, pro 5 Minuten', fr: 'Thérapie manuelle, par 5 minutes', it: 'Terapia manuale, per 5 minuti', en: 'Manual therapy, per 5 minutes' }, unit: 'min5', priceMinor: 1_113, vatRateBasisPoints: 0, active: true },
  });
  const session = await app.call('services.create', {
    practiceId: practice.id,
    service: { code: 'S1', names: { de: 'Erstkonsultation', fr: 'Première consultation', it: '', en: '' }, unit: 'session', priceMinor: 12_000, vatRateBasisPoints: 810, active: true },
  });
  const item = await app.call('services.create', {
    practiceId: practice.id,
    service: { code: 'M1', names: { de: 'Kinesiotape', fr: '', it: '', en: '' }, unit: 'item', priceMinor: 850, vatRateBasisPoints: 810, active: true },
  });
  return { practice, per5, session, item };
}

export async function addPatient(app: TestApp, overrides: Partial<PatientFieldsInput> = {}) {
  return app.call('patients.create', { patient: patientInput(overrides) });
}

export async function addConsultation(app: TestApp, patientId: string, serviceId: string, options: { date?: string; minutes?: number; quantityHundredths?: number; practiceId?: string } = {}) {
  return app.call('consultations.create', {
    consultation: {
      patientId, ...(options.practiceId ? { practiceId: options.practiceId } : {}), date: options.date ?? '2026-11-10', startTime: '09:00', durationMinutes: options.minutes ?? 45,
      items: [{ serviceId, quantityHundredths: options.quantityHundredths ?? 100 }], notes: 'Behandlung LWS',
    },
  });
}

/** A patient with two consultations on one issued invoice. */
export async function issuedInvoice(app: TestApp, setup: Awaited<ReturnType<typeof setupPractice>>, patientOverrides: Partial<PatientFieldsInput> = {}) {
  const patient = await addPatient(app, patientOverrides);
  const practiceId = setup.practice.id;
  const a = await addConsultation(app, patient.id, setup.per5.id, { date: '2026-11-03', minutes: 45, practiceId });
  const b = await addConsultation(app, patient.id, setup.per5.id, { date: '2026-11-10', minutes: 30, practiceId });
  const draft = await app.call('invoices.createDraft', { patientId: patient.id, draft: { consultationIds: [a.id, b.id] } });
  const invoice = await app.call('invoices.issue', { id: draft.id });
  return { patient, consultations: [a, b], invoice };
}
