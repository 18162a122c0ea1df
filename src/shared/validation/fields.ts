/**
 * Reusable zod field schemas. Every custom message is a catalog key (`v.*`), so the same schema
 * gives a translated, field-level message in the renderer and a `validation` error in main.
 */
import { z } from 'zod';
import { compact, formatAhv, formatIban, isValidAhv, isValidGln, isValidIban, isValidVatNumber, isValidZsr } from './checksums.js';

export const languages = ['de', 'fr', 'it', 'en'] as const;
export const Language = z.enum(languages, { error: 'v.choice' });
export type Language = z.infer<typeof Language>;

export const currencies = ['CHF', 'EUR'] as const;
export const Currency = z.enum(currencies, { error: 'v.choice' });
export type Currency = z.infer<typeof Currency>;

export const countries = ['CH', 'LI', 'DE', 'AT', 'FR', 'IT'] as const;
export const Country = z.enum(countries, { error: 'v.country' });

export const Id = z.uuid({ error: 'v.id' });

/** Text the user may leave empty. Trimmed; control characters refused. */
export const text = (max: number) =>
  z
    .string({ error: 'v.text' })
    .trim()
    .max(max, { error: 'v.too_long' })
    .refine((s) => ![...s].some(isControlCharacter), { error: 'v.control_chars' });

/** C0 control characters other than tab and line breaks: never typed on purpose, unsafe in PDFs and mail. */
function isControlCharacter(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d;
}

/** Multi-line text (notes, anamnesis). */
export const longText = (max: number) => z.string({ error: 'v.text' }).max(max, { error: 'v.too_long' });

export const requiredText = (max: number) => text(max).refine((s) => s.length > 0, { error: 'v.required' });

export const Email = text(254).refine((s) => s === '' || z.email().safeParse(s).success, { error: 'v.email' });

export const Phone = text(40).refine((s) => s === '' || /^\+?[\d\s()./-]{6,}$/.test(s), { error: 'v.phone' });

export const Website = text(200).refine((s) => s === '' || /^(https?:\/\/)?[\w-]+(\.[\w-]+)+(\/\S*)?$/i.test(s), {
  error: 'v.website',
});

export const IsoDate = z
  .string({ error: 'v.date' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'v.date' })
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, { error: 'v.date' });

export const OptionalDate = IsoDate.nullable();

export const Iban = text(42)
  .refine((s) => s === '' || isValidIban(s), { error: 'v.iban' })
  .transform((s) => (s === '' ? '' : formatIban(s)));

export const AhvNumber = text(20)
  .refine((s) => s === '' || /^756[\d.\s]+$/.test(s.replace(/\s/g, '')) && s.replace(/[\s.]/g, '').length === 13, {
    error: 'v.ahv_format',
  })
  .refine((s) => s === '' || isValidAhv(s), { error: 'v.ahv_check' })
  .transform((s) => (s === '' ? '' : formatAhv(s)));

export const Gln = text(20).refine((s) => s === '' || isValidGln(s), { error: 'v.gln' }).transform((s) => s.replace(/\s/g, ''));

export const Zsr = text(12).refine((s) => s === '' || isValidZsr(s), { error: 'v.zsr' }).transform((s) => (s === '' ? '' : compact(s)));

export const VatNumber = text(30).refine((s) => s === '' || isValidVatNumber(s), { error: 'v.vat' });

const postalPatterns: Record<string, RegExp> = { CH: /^\d{4}$/, LI: /^\d{4}$/, AT: /^\d{4}$/, DE: /^\d{5}$/, FR: /^\d{5}$/, IT: /^\d{5}$/ };

export function isValidPostalCode(country: string, code: string): boolean {
  const p = postalPatterns[country];
  return p ? p.test(code) : code.length > 0 && code.length <= 16;
}

const addressShape = {
  street: text(70),
  houseNumber: text(16),
  postalCode: text(16),
  town: text(35),
  country: Country,
};

/** A structured address (QR-bill type S). Completeness is demanded where it is needed (practice, invoice). */
export const Address = z
  .object(addressShape)
  .superRefine((a, ctx) => {
    if (a.postalCode !== '' && !isValidPostalCode(a.country, a.postalCode)) {
      ctx.addIssue({ code: 'custom', path: ['postalCode'], message: 'v.postal_code', params: { country: a.country } });
    }
  });
export type Address = z.infer<typeof Address>;

export const CompleteAddress = Address.superRefine((a, ctx) => {
  for (const key of ['street', 'postalCode', 'town'] as const) {
    if (a[key] === '') ctx.addIssue({ code: 'custom', path: [key], message: 'v.required' });
  }
});

export const emptyAddress = (country: (typeof countries)[number] = 'CH'): Address => ({
  street: '',
  houseNumber: '',
  postalCode: '',
  town: '',
  country,
});
