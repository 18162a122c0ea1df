/**
 * The patient form's values and their conversion to and from the contract's PatientFields:
 * dates as '' in inputs but null in the API, the billing recipient kept while unticked.
 */
import type { BillingRecipient, Patient, PatientFieldsInput } from '../../../shared/contract/index.js';
import { emptyAddress, type Language } from '../../../shared/validation/fields.js';
import type { FieldErrors } from '../../ui/form.js';

export interface PatientFormValues extends Omit<PatientFieldsInput, 'birthDate' | 'consentDate' | 'billingRecipient'> {
  birthDate: string;
  consentDate: string;
  hasBillingRecipient: boolean;
  billingRecipient: BillingRecipient;
}

const emptyRecipient = (): BillingRecipient => ({ salutation: 'none', title: '', firstName: '', lastName: '', address: emptyAddress(), email: '' });

export function emptyPatient(language: Language): PatientFormValues {
  return {
    salutation: 'none', title: '', firstName: '', lastName: '', birthDate: '', sex: 'unknown', ahvNumber: '',
    address: emptyAddress(), phone: '', mobile: '', email: '', language, insuranceName: '', insuredNumber: '',
    hasBillingRecipient: false, billingRecipient: emptyRecipient(), invoicesByPost: false, consentDate: '',
    anamnesis: '', notes: '', categories: [],
  };
}

export function fromPatient(p: Patient): PatientFormValues {
  return {
    salutation: p.salutation, title: p.title, firstName: p.firstName, lastName: p.lastName, birthDate: p.birthDate ?? '', sex: p.sex,
    ahvNumber: p.ahvNumber, address: { ...p.address }, phone: p.phone, mobile: p.mobile, email: p.email,
    language: p.language, insuranceName: p.insuranceName, insuredNumber: p.insuredNumber,
    hasBillingRecipient: p.billingRecipient !== null, billingRecipient: p.billingRecipient ?? emptyRecipient(),
    invoicesByPost: p.invoicesByPost, consentDate: p.consentDate ?? '', anamnesis: p.anamnesis, notes: p.notes,
    categories: [...p.categories],
  };
}

export function toPatientFields(v: PatientFormValues): PatientFieldsInput {
  const { hasBillingRecipient, billingRecipient, birthDate, consentDate, ...rest } = v;
  return {
    ...rest,
    birthDate: birthDate === '' ? null : birthDate,
    consentDate: consentDate === '' ? null : consentDate,
    billingRecipient: hasBillingRecipient ? billingRecipient : null,
  };
}

/**
 * The date rules main checks against its clock, repeated here so that they show together with
 * the schema's messages in one round. Main stays the authority: these only add to its refusal.
 */
export function clientDateErrors(v: PatientFormValues, today: string): FieldErrors {
  const out: FieldErrors = {};
  // An invoice goes to the billing recipient: its address must be complete (main says so too).
  if (v.hasBillingRecipient) {
    for (const key of ['street', 'postalCode', 'town'] as const) {
      const path = `billingRecipient.address.${key}`;
      if (v.billingRecipient.address[key].trim() === '') out[path] = { path, key: 'v.required' };
    }
  }
  if (v.birthDate && v.birthDate > today) out.birthDate = { path: 'birthDate', key: 'v.birth_date_future' };
  else if (v.birthDate && v.birthDate < '1900-01-01') out.birthDate = { path: 'birthDate', key: 'v.birth_date_past' };
  if (v.consentDate && v.consentDate > today) out.consentDate = { path: 'consentDate', key: 'v.date_future' };
  return out;
}
