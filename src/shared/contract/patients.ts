import { z } from 'zod';
import {
  Address, AhvNumber, CompleteAddress, Email, Id, Language, OptionalDate, Phone, SearchQuery, longText, requiredText, text,
} from '../validation/fields.js';
import { method } from './define.js';

/** Printed above the name in an address ("Herr", "Frau", "Familie"), in the letter's language. */
export const salutations = ['none', 'mr', 'ms', 'family'] as const;
export const Salutation = z.enum(salutations, { error: 'v.choice' });
export const sexes = ['female', 'male', 'other', 'unknown'] as const;

/** An academic or professional title printed before the name ("Dr. med.", "Prof."). */
const Title = text(40).default('');

/** A billing recipient as stored (one saved before its address was required may lack parts of it). */
export const BillingRecipient = z.strictObject({
  salutation: Salutation,
  title: Title,
  firstName: text(50),
  lastName: requiredText(70),
  address: Address,
  email: Email,
});
export type BillingRecipient = z.infer<typeof BillingRecipient>;
export type BillingRecipientInput = z.input<typeof BillingRecipient>;

/** What is saved: an invoice goes to this address, so it must be complete (not found out at "Ausstellen"). */
const BillingRecipientFields = BillingRecipient.extend({ address: CompleteAddress });

export const PatientFields = z.strictObject({
  salutation: Salutation,
  title: Title,
  firstName: requiredText(50),
  lastName: requiredText(50),
  birthDate: OptionalDate,
  sex: z.enum(sexes, { error: 'v.choice' }),
  ahvNumber: AhvNumber,
  address: Address,
  phone: Phone,
  mobile: Phone,
  email: Email,
  language: Language,
  insuranceName: text(70),
  insuredNumber: text(30),
  billingRecipient: BillingRecipientFields.nullable(),
  invoicesByPost: z.boolean({ error: 'v.type' }),
  consentDate: OptionalDate,
  anamnesis: longText(20000),
  notes: longText(20000),
  categories: z.array(requiredText(30), { error: 'v.type' }).max(20, { error: 'v.too_big' }),
});
export type PatientFields = z.infer<typeof PatientFields>;
export type PatientFieldsInput = z.input<typeof PatientFields>;

export const Patient = PatientFields.extend({
  billingRecipient: BillingRecipient.nullable(),
  id: Id,
  archivedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Patient = z.infer<typeof Patient>;

export const PatientSummary = z.object({
  id: Id,
  firstName: z.string(),
  lastName: z.string(),
  birthDate: z.string().nullable(),
  email: z.string(),
  phone: z.string(),
  mobile: z.string(),
  town: z.string(),
  categories: z.array(z.string()),
  archivedAt: z.string().nullable(),
});
export type PatientSummary = z.infer<typeof PatientSummary>;

export const patientSorts = ['name', 'birthDate', 'createdAt', 'updatedAt'] as const;

export const PatientListQuery = z.strictObject({
  query: SearchQuery.default(''),
  status: z.enum(['active', 'archived', 'all']).default('active'),
  sort: z.enum(patientSorts).default('name'),
  direction: z.enum(['asc', 'desc']).default('asc'),
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(200).default(50),
});

export const patientMethods = {
  'patients.list': method(PatientListQuery, z.object({ total: z.number().int(), items: z.array(PatientSummary) })),
  'patients.get': method(z.strictObject({ id: Id }), Patient),
  'patients.create': method(z.strictObject({ patient: PatientFields }), Patient),
  'patients.update': method(z.strictObject({ id: Id, patient: PatientFields }), Patient),
  'patients.archive': method(z.strictObject({ id: Id }), Patient),
  'patients.unarchive': method(z.strictObject({ id: Id }), Patient),
  'patients.delete': method(z.strictObject({ id: Id }), z.object({ id: Id })),
  /** Whether the patient can be deleted (no invoices to keep), so the screen can say so before asking to confirm. */
  'patients.deletable': method(z.strictObject({ id: Id }), z.object({ deletable: z.boolean() })),
};
