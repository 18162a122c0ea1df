import { z } from 'zod';
import {
  CompleteAddress, Currency, Email, Gln, Iban, Id, Language, Phone, VatNumber, Website, Zsr, requiredText, text,
} from '../validation/fields.js';
import { method } from './define.js';

export const professions = [
  'physiotherapy', 'massage', 'complementary', 'osteopathy', 'psychology', 'ergotherapy', 'nutrition', 'other',
] as const;

export const PracticeFields = z.strictObject({
  name: requiredText(70),
  therapistName: requiredText(70),
  profession: z.enum(professions, { error: 'v.choice' }),
  address: CompleteAddress,
  phone: Phone,
  email: Email,
  website: Website,
  iban: Iban,
  /** Bank customer id that some banks put in front of QR references (digits only). */
  qrReferencePrefix: text(10).refine((s) => /^\d*$/.test(s), { error: 'v.digits' }),
  zsrNumber: Zsr,
  glnNumber: Gln,
  vatNumber: VatNumber,
  currency: Currency,
  defaultLanguage: Language,
  /** Invoice number pattern: {YYYY} or {YY} for the year, {NNNNN} (zero-padded) or {N} for the running number. */
  invoiceNumberFormat: text(40)
    .refine((f) => /^([A-Za-z0-9\-/._]|\{YYYY\}|\{YY\}|\{N+\})+$/.test(f) && (f.match(/\{N+\}/g) ?? []).length === 1, { error: 'v.number_format' })
    .default('{YYYY}-{NNNNN}'),
  paymentTermDays: z.number({ error: 'v.number' }).int({ error: 'v.integer' }).min(0, { error: 'v.too_small' }).max(365, { error: 'v.too_big' }),
});
export type PracticeFields = z.infer<typeof PracticeFields>;
export type PracticeFieldsInput = z.input<typeof PracticeFields>;

export const Practice = PracticeFields.extend({
  id: Id,
  isDefault: z.boolean(),
  ibanIsQr: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Practice = z.infer<typeof Practice>;

export const practiceMethods = {
  'practices.list': method(z.strictObject({}), z.array(Practice)),
  'practices.get': method(z.strictObject({ id: Id }), Practice),
  'practices.create': method(z.strictObject({ practice: PracticeFields, makeDefault: z.boolean().optional() }), Practice),
  'practices.update': method(z.strictObject({ id: Id, practice: PracticeFields }), Practice),
  'practices.setDefault': method(z.strictObject({ id: Id }), Practice),
  'practices.delete': method(z.strictObject({ id: Id }), z.object({ id: Id })),
};
