/**
 * Contract of the Tarif 590 domain: the therapists of a practice (Leistungserbringer), the
 * practice's Tarif 590 settings (form, biller, canton, reimbursement type, patient copy) and the
 * tariff catalogue imported from the published file, with a preview of what an import changes.
 */
import { z } from 'zod';
import { cantons, practiceInvoiceForms } from '../tarif590/rules.js';
import { DateInput, Gln, Id, OptionalDate, requiredText, text, Zsr } from '../validation/fields.js';
import { method } from './define.js';

export const TherapistFields = z.strictObject({
  name: requiredText(70),
  /** As printed; '' = the practice's profession. */
  profession: text(70),
  /** Personal ZSR number (mandatory for the Tarif 590 form: the checker says so before issuing). */
  zsr: Zsr,
  gln: Gln,
  /** Recognised methods (free text, e.g. from EMR or ASCA). */
  methods: z.array(requiredText(80)).max(30, { error: 'v.too_big' }).default([]),
  active: z.boolean().default(true),
});
export type TherapistFields = z.infer<typeof TherapistFields>;
export const Therapist = z.object({
  id: Id, practiceId: Id, name: z.string(), profession: z.string(), zsr: z.string(), gln: z.string(),
  methods: z.array(z.string()), active: z.boolean(),
});
export type Therapist = z.infer<typeof Therapist>;

export const Tarif590SettingsFields = z.strictObject({
  invoiceForm: z.enum(practiceInvoiceForms, { error: 'v.choice' }),
  biller: z.enum(['therapist', 'practice'], { error: 'v.choice' }),
  /** '' until set; the checker requires one of the 26 cantons. */
  canton: z.enum(['', ...cantons], { error: 'v.choice' }),
  reimbursement: z.enum(['TG', 'TP'], { error: 'v.choice' }),
  patientCopy: z.boolean(),
});
export type Tarif590Settings = z.infer<typeof Tarif590SettingsFields>;

export const TariffVersion = z.object({
  id: Id, label: z.string(), validFrom: z.string(), validTo: z.string().nullable(), sourceName: z.string(),
  importedAt: z.string(), entryCount: z.number().int(),
});
export type TariffVersion = z.infer<typeof TariffVersion>;
export const TariffEntry = z.object({ code: z.string(), texts: z.object({ de: z.string(), fr: z.string(), it: z.string() }) });
export type TariffEntry = z.infer<typeof TariffEntry>;

export const TariffImportInput = z.strictObject({
  uploadId: Id,
  label: requiredText(60),
  validFrom: DateInput,
  validTo: OptionalDate.default(null),
}).refine((v) => v.validTo === null || v.validTo >= v.validFrom, { path: ['validTo'], error: 'v.range_order' });

/** What an import would change against the version valid on its first day (or against nothing). */
export const TariffImportPreview = z.object({
  /** The version it is compared with; null when there is none. */
  comparedWith: z.string().nullable(),
  /** The Excel sheet the list was read from; null for a CSV file. */
  sheet: z.string().nullable(),
  entryCount: z.number().int(),
  added: z.array(TariffEntry),
  changed: z.array(z.object({ code: z.string(), before: TariffEntry.shape.texts, after: TariffEntry.shape.texts })),
  removed: z.array(TariffEntry),
  /** Services of any practice whose code or text would no longer match this version. */
  affectedServices: z.array(z.object({ id: Id, name: z.string(), code: z.string() })),
});
export type TariffImportPreview = z.infer<typeof TariffImportPreview>;

export const tarif590Methods = {
  'therapists.list': method(z.strictObject({ practiceId: Id, includeInactive: z.boolean().default(false) }), z.array(Therapist)),
  'therapists.create': method(z.strictObject({ practiceId: Id, therapist: TherapistFields }), Therapist),
  'therapists.update': method(z.strictObject({ id: Id, therapist: TherapistFields }), Therapist),
  'tarif590.settings': method(z.strictObject({ practiceId: Id }), Tarif590SettingsFields),
  'tarif590.updateSettings': method(z.strictObject({ practiceId: Id, settings: Tarif590SettingsFields }), Tarif590SettingsFields),
  'tariff.versions': method(z.strictObject({}), z.array(TariffVersion)),
  /** The entries of the version valid on `date`; empty when none is. */
  'tariff.entries': method(z.strictObject({ date: DateInput }), z.object({ version: TariffVersion.nullable(), entries: z.array(TariffEntry) })),
  /** Reads the uploaded CSV or Excel (.xlsx) file and says what importing it would change; nothing is saved. */
  'tariff.previewImport': method(TariffImportInput, TariffImportPreview),
  'tariff.import': method(TariffImportInput, TariffVersion),
};
