/**
 * The Tarif 590 rules that are pure data or arithmetic: the 26 cantons, the Swiss VAT rates in
 * force and their codes on the form, the insurance card number's shape, the tariff's own code
 * format. Identifier check digits (GLN, AHV, ZSR) live in validation/checksums.ts.
 */

/** The 26 cantons by their official abbreviation. */
export const cantons = [
  'AG', 'AI', 'AR', 'BE', 'BL', 'BS', 'FR', 'GE', 'GL', 'GR', 'JU', 'LU', 'NE',
  'NW', 'OW', 'SG', 'SH', 'SO', 'SZ', 'TG', 'TI', 'UR', 'VD', 'VS', 'ZG', 'ZH',
] as const;
export type Canton = (typeof cantons)[number];
export const isCanton = (value: string): value is Canton => (cantons as readonly string[]).includes(value);

/**
 * Swiss VAT rates in force since 1 January 2024 (basis points), with the code printed on the
 * form: 0 exempt / not liable, 1 normal rate 8.1 %, 2 reduced rate 2.6 %, 3 accommodation 3.8 %.
 */
export const vatCodes: ReadonlyArray<{ code: string; rateBasisPoints: number }> = [
  { code: '0', rateBasisPoints: 0 },
  { code: '1', rateBasisPoints: 810 },
  { code: '2', rateBasisPoints: 260 },
  { code: '3', rateBasisPoints: 380 },
];

/** The form's VAT code of a rate, or null for a rate not in force. */
export function vatCodeOf(rateBasisPoints: number): string | null {
  return vatCodes.find((v) => v.rateBasisPoints === rateBasisPoints)?.code ?? null;
}

/** A Tarif 590 position: four digits, or 999 for what the tariff does not list (then a free text is needed). */
export const TARIFF_FREE_CODE = '999';
export const isTariffCode = (code: string) => /^\d{4}$/.test(code) || code === TARIFF_FREE_CODE;

/**
 * The insurance card number (Versichertenkarte): 20 digits, starting with 80756 (health cards,
 * Switzerland). Spaces are ignored. No check digit is verified: none is published that we could cite.
 */
export function isCardNumber(value: string): boolean {
  return /^80756\d{15}$/.test(value.replace(/\s/g, ''));
}

/** A Swiss VAT number as printed on a VAT-liable invoice: CHE-123.456.789 MWST (or TVA, IVA). */
export const isPrintedSwissVatNumber = (value: string) => /^CHE-\d{3}\.\d{3}\.\d{3} (MWST|TVA|IVA)$/.test(value.trim());

/** The form's choice: the standard invoice or the Tarif 590 Rückforderungsbeleg. */
export const invoiceForms = ['standard', 'tarif590'] as const;
export type InvoiceForm = (typeof invoiceForms)[number];
export const practiceInvoiceForms = ['by_cover', 'standard', 'tarif590'] as const;
export type PracticeInvoiceForm = (typeof practiceInvoiceForms)[number];

/**
 * Which form an invoice gets: the invoice's own choice (a private invoice for a missed appointment),
 * else the case's, else the practice's; 'by_cover' gives the Tarif 590 form for VVG cases.
 */
export function resolveInvoiceForm(
  invoice: InvoiceForm | null, caseForm: InvoiceForm | null, practice: PracticeInvoiceForm, law: string | null,
): InvoiceForm {
  if (invoice) return invoice;
  if (caseForm) return caseForm;
  if (practice !== 'by_cover') return practice;
  return law === 'vvg' ? 'tarif590' : 'standard';
}
