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

/**
 * Text hygiene for every string a person types, applied here once so that every method gets it.
 * Refused everywhere: control characters (C0 but tab and line breaks, DEL, C1), which nobody
 * types on purpose and which break PDFs, mail headers and the search index; and unpaired
 * surrogates (half an emoji), which cannot be stored or sent as UTF-8 without changing them.
 * Single-line fields also refuse line breaks and tabs; multi-line fields (notes, anamnesis, email
 * bodies) allow newline and tab, and their Windows line ends are stored as plain newlines.
 */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const lineBreak = /[\n\r\u0085\u2028\u2029]/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const controlExceptTabNewline = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

/** Why a single-line text is refused (a catalog key), or null. */
export function singleLineProblem(s: string): string | null {
  if (loneSurrogate.test(s)) return 'v.invalid_chars';
  if (lineBreak.test(s) || s.includes('\t')) return 'v.single_line';
  if (controlExceptTabNewline.test(s)) return 'v.control_chars';
  return null;
}

/** Why a multi-line text is refused (a catalog key), or null. Expects \n line ends (see longText). */
export function multiLineProblem(s: string): string | null {
  if (loneSurrogate.test(s)) return 'v.invalid_chars';
  if (controlExceptTabNewline.test(s) || /[\r\u0085\u2028\u2029]/.test(s)) return 'v.control_chars';
  return null;
}

function refuse(problem: (s: string) => string | null) {
  return (s: string, ctx: z.core.$RefinementCtx<string>) => {
    const key = problem(s);
    if (key) ctx.addIssue({ code: 'custom', message: key });
  };
}

/** One line of text the user may leave empty. Trimmed. */
export const text = (max: number) =>
  z.string({ error: 'v.text' }).trim().max(max, { error: 'v.too_long' }).superRefine(refuse(singleLineProblem));

/** Multi-line text (notes, anamnesis, email bodies): newline and tab allowed; CRLF, CR and U+2028/9 stored as newline. */
export const longText = (max: number) =>
  z
    .string({ error: 'v.text' })
    .overwrite((s) => s.replace(/\r\n?|[\u2028\u2029]/g, '\n'))
    .max(max, { error: 'v.too_long' })
    .superRefine(refuse(multiLineProblem));

export const requiredLongText = (max: number) => longText(max).refine((s) => s.trim().length > 0, { error: 'v.required' });

/**
 * What is typed into a search box: never refused for its characters, so that a search answers like
 * any other (a pasted tab or line break separates words); control characters and unpaired
 * surrogates become spaces before the search sees them.
 */
const notSearchable = new RegExp(`${loneSurrogate.source}|${controlExceptTabNewline.source}|${lineBreak.source}|\\t`, 'g');
export const SearchQuery = z
  .string({ error: 'v.text' })
  .max(100, { error: 'v.too_long' })
  .overwrite((s) => s.replace(notSearchable, ' '));

export const requiredText = (max: number) => text(max).refine((s) => s.length > 0, { error: 'v.required' });

export const Email = text(254).refine((s) => s === '' || z.email().safeParse(s).success, { error: 'v.email' });

export const Phone = text(40).refine((s) => s === '' || /^\+?[\d\s()./-]{6,}$/.test(s), { error: 'v.phone' });

export const Website = text(200).refine((s) => s === '' || /^(https?:\/\/)?[\w-]+(\.[\w-]+)+(\/\S*)?$/i.test(s), {
  error: 'v.website',
});

/**
 * A calendar date (YYYY-MM-DD) of any year: the shape only, for reading stored documents, which
 * must always parse again. What a person enters is a DateInput.
 */
export const IsoDate = z
  .string({ error: 'v.date' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'v.date' })
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, { error: 'v.date' });

/**
 * The years a date typed into Arnika may have. A practice's dates lie well inside; the bounds keep
 * a mistyped year (9999, 0202) from being stored, and every date computed from one (a due date
 * 365 days later) inside four-digit years.
 */
export const dateRange = { min: '1900-01-01', max: '2099-12-31' } as const;

/** A date a person enters: a real calendar date within dateRange. Rules that need today's date live in main. */
export const DateInput = IsoDate.refine((s) => !/^\d{4}-\d{2}-\d{2}$/.test(s) || (s >= dateRange.min && s <= dateRange.max), {
  error: 'v.date_range',
  params: { min: dateRange.min.slice(0, 4), max: dateRange.max.slice(0, 4) },
});

export const OptionalDate = DateInput.nullable();

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
