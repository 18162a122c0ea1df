/**
 * Contract of treatment cases (Behandlungsfall): a patient's course of treatment for one reason
 * under one law. Consultations belong to a case and an invoice bills one case, whose data it prints
 * (and the Tarif 590 form will print): law and reason, accident date and claim number, the
 * referring doctor with GLN and ZSR, insurer and insured number, diagnosis, period, remark.
 */
import { z } from 'zod';
import { Address, DateInput, Gln, Id, OptionalDate, longText, text, Zsr } from '../validation/fields.js';
import { method } from './define.js';

/** Behandlungsgrund as the Tarif 590 form names them: Krankheit, Unfall, Mutterschaft, Prävention, Geburtsgebrechen. */
export const caseReasons = ['illness', 'accident', 'maternity', 'prevention', 'birth_defect'] as const;
export type CaseReason = (typeof caseReasons)[number];
/** Gesetz / Deckung: KVG, UVG, IVG, MVG, VVG (Zusatzversicherung), privat (Selbstzahler). */
export const caseLaws = ['kvg', 'uvg', 'ivg', 'mvg', 'vvg', 'private'] as const;
export type CaseLaw = (typeof caseLaws)[number];

export const Referrer = z.strictObject({
  /** "Dr. med. Hans Muster"; empty = no referring doctor. */
  name: text(70),
  address: Address,
  gln: Gln,
  zsr: Zsr,
});
export type Referrer = z.infer<typeof Referrer>;

export const CaseFields = z
  .strictObject({
    title: text(80),
    reason: z.enum(caseReasons, { error: 'v.choice' }).nullable(),
    law: z.enum(caseLaws, { error: 'v.choice' }).nullable(),
    diagnosis: longText(1000),
    referrer: Referrer,
    accidentDate: OptionalDate,
    claimNumber: text(40),
    insuranceName: text(70),
    insuredNumber: text(30),
    startDate: DateInput,
    endDate: OptionalDate,
    remark: longText(1000),
    /** The form of this case's invoices; null: as the practice decides (Tarif 590 for VVG by default). */
    invoiceForm: z.enum(['standard', 'tarif590'], { error: 'v.choice' }).nullable().default(null),
    /** Insurance card number (Versichertenkarte), printed on the Tarif 590 form. */
    cardNumber: text(24).default(''),
  })
  .superRefine((c, ctx) => {
    if (c.endDate !== null && c.endDate < c.startDate) ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'v.case_end_before_start' });
    // The accident insurer pays by the accident: its date is what the claim is filed under.
    if (c.reason === 'accident' && c.accidentDate === null) ctx.addIssue({ code: 'custom', path: ['accidentDate'], message: 'v.accident_date_required' });
    if (c.accidentDate !== null && c.accidentDate > c.startDate) ctx.addIssue({ code: 'custom', path: ['accidentDate'], message: 'v.accident_after_start' });
    const r = c.referrer;
    const anyReferrer = r.gln !== '' || r.zsr !== '' || r.address.street !== '' || r.address.town !== '' || r.address.postalCode !== '';
    if (anyReferrer && r.name === '') ctx.addIssue({ code: 'custom', path: ['referrer', 'name'], message: 'v.required' });
  });
export type CaseFields = z.infer<typeof CaseFields>;
export type CaseFieldsInput = z.input<typeof CaseFields>;

export const TreatmentCase = z.object({
  id: Id,
  patientId: Id,
  title: z.string(),
  reason: z.enum(caseReasons).nullable(),
  law: z.enum(caseLaws).nullable(),
  diagnosis: z.string(),
  referrer: z.object({ name: z.string(), address: z.object({ street: z.string(), houseNumber: z.string(), postalCode: z.string(), town: z.string(), country: z.string() }), gln: z.string(), zsr: z.string() }),
  accidentDate: z.string().nullable(),
  claimNumber: z.string(),
  insuranceName: z.string(),
  insuredNumber: z.string(),
  startDate: z.string(),
  endDate: z.string().nullable(),
  remark: z.string(),
  invoiceForm: z.enum(['standard', 'tarif590']).nullable(),
  cardNumber: z.string(),
  /** Not ended, or ended today or later: new consultations may go on it. */
  open: z.boolean(),
  consultationCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TreatmentCase = z.infer<typeof TreatmentCase>;

export const caseMethods = {
  /** A patient's cases, open ones first, newest first. */
  'cases.list': method(z.strictObject({ patientId: Id }), z.array(TreatmentCase)),
  'cases.get': method(z.strictObject({ id: Id }), TreatmentCase),
  'cases.create': method(z.strictObject({ patientId: Id, treatmentCase: CaseFields }), TreatmentCase),
  'cases.update': method(z.strictObject({ id: Id, treatmentCase: CaseFields }), TreatmentCase),
  /** Only a case without consultations. */
  'cases.delete': method(z.strictObject({ id: Id }), z.object({ id: Id })),
};
