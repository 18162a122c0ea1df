/** Valid inputs a therapist would type, to vary per test. */
import type { PatientFieldsInput, PracticeFieldsInput } from '../../src/shared/contract/index.js';

export function practiceInput(overrides: Partial<PracticeFieldsInput> = {}): PracticeFieldsInput {
  return {
    name: 'Praxis Arnika',
    therapistName: 'Anna Beispiel',
    profession: 'physiotherapy',
    address: { street: 'Bahnhofstrasse', houseNumber: '12', postalCode: '8001', town: 'Zürich', country: 'CH' },
    phone: '+41 44 123 45 67',
    email: 'praxis@example.ch',
    website: 'www.praxis-arnika.ch',
    iban: 'CH93 0076 2011 6238 5295 7',
    qrReferencePrefix: '',
    zsrNumber: 'A123456',
    glnNumber: '7601000000002',
    vatNumber: '',
    currency: 'CHF',
    defaultLanguage: 'de',
    paymentTermDays: 30,
    ...overrides,
  };
}

export function patientInput(overrides: Partial<PatientFieldsInput> = {}): PatientFieldsInput {
  return {
    salutation: 'ms',
    firstName: 'Anna',
    lastName: 'Müller',
    birthDate: '1980-03-12',
    sex: 'female',
    ahvNumber: '756.1234.5678.97',
    address: { street: 'Dorfstrasse', houseNumber: '5', postalCode: '3000', town: 'Bern', country: 'CH' },
    phone: '031 123 45 67',
    mobile: '+41 79 555 12 34',
    email: 'anna.mueller@example.ch',
    language: 'de',
    insuranceName: 'Helsana',
    insuredNumber: '123.456.789',
    billingRecipient: null,
    invoicesByPost: false,
    consentDate: '2026-01-15',
    anamnesis: 'Rückenschmerzen seit 2024.',
    notes: '',
    categories: ['Rücken'],
    ...overrides,
  };
}

/** The editable fields of a stored record, as an update call wants them (strict schemas refuse the rest). */
export function fieldsOf<T extends Record<string, unknown>>(schema: { keyof(): { options: readonly string[] } }, record: T, overrides: Record<string, unknown> = {}): never {
  const picked = Object.fromEntries(schema.keyof().options.filter((k) => k in record).map((k) => [k, record[k]]));
  return { ...picked, ...overrides } as never;
}
