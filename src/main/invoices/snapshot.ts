/**
 * Owns the invoice snapshot: everything an invoice PDF prints, frozen when the invoice is issued
 * and stored with it, so rendering the same invoice years later gives the same bytes whatever has
 * changed in the practice, patient or tariff tables since. Also owns the pre-flight check
 * (`checkPrintable`) that refuses what the QR-bill library would let through, and the choice of
 * payment reference for a practice's IBAN.
 *
 * The schema checks shape only (types, integers, dates), deliberately not today's business limits,
 * so that an old stored snapshot always parses again; `checkPrintable` applies the limits at issue.
 */
import { z } from 'zod';
import { caseLaws, caseReasons } from '../../shared/contract/cases.js';
import type { FieldError } from '../../shared/errors.js';
import { MAX_AMOUNT_MINOR, lineAmount, totals as computeTotals } from '../../shared/money.js';
import {
  creditorReferenceFromInvoiceNumber, isValidCreditorReference, isValidQrReference, qrReferenceFromInvoiceNumber,
} from '../../shared/references.js';
import { compact, isQrIban, isValidIban } from '../../shared/validation/checksums.js';
import { Currency, IsoDate, Language } from '../../shared/validation/fields.js';
import { discountProblems, totalsInput } from './lines.js';
import { qrAdditionalInformation, qrMessage } from './pdf/qrData.js';

/**
 * 2 (issue 12): salutation and title in the address, insurer, the treatment case, free lines and
 * discounts, a note above the totals, minutes of time-based lines. Every addition is optional, so a
 * version-1 snapshot parses as it is and prints as it did.
 */
export const SNAPSHOT_VERSION = 2;

const int = z.number().int();

/** A structured postal address (QR-bill address type S). `street` may hold a post box ("Postfach 12"). */
export const SnapshotAddress = z.object({
  street: z.string(),
  houseNumber: z.string(),
  postalCode: z.string(),
  town: z.string(),
  /** ISO 3166-1 alpha-2. Not limited to the countries the UI offers: recipients live anywhere. */
  country: z.string().regex(/^[A-Z]{2}$/),
});
export type SnapshotAddress = z.infer<typeof SnapshotAddress>;

export const SnapshotPractice = z.object({
  /** Printed as letterhead and used as the creditor (account holder) name in the QR-bill. */
  name: z.string(),
  therapistName: z.string(),
  /** The printed words ("Physiotherapie", "dipl. Physiotherapeutin FH"), see texts.professionLabel. */
  profession: z.string(),
  address: SnapshotAddress,
  phone: z.string(),
  email: z.string(),
  website: z.string(),
  iban: z.string(),
  ibanIsQr: z.boolean(),
  /** Only for EUR invoices (GiroCode); may be empty, EPC version 002 allows that inside the EEA. */
  bic: z.string(),
  /** Bank customer id put in front of QR references; digits, may be empty. */
  qrReferencePrefix: z.string(),
  zsrNumber: z.string(),
  glnNumber: z.string(),
  /** Empty when the practice is not VAT registered; then no VAT is charged and a note is printed. */
  vatNumber: z.string(),
});
export type SnapshotPractice = z.infer<typeof SnapshotPractice>;

export const SnapshotRecipient = z.object({
  /**
   * The address block's name lines, 1 to 4 ("Familie Muster", "c/o ..."). The first line is the
   * payer's name and becomes the QR-bill debtor name.
   */
  nameLines: z.array(z.string()).min(1).max(4),
  /** Printed on its own line above the name ("Herr", "Madame", "Famiglia"); absent or '' for none. Not part of the QR-bill. */
  salutation: z.string().optional(),
  address: SnapshotAddress,
  email: z.string(),
});
export type SnapshotRecipient = z.infer<typeof SnapshotRecipient>;

export const SnapshotPatient = z.object({
  name: z.string(),
  birthDate: IsoDate.nullable(),
});

/** 'none': a free position, printed without a unit. */
export const lineUnits = ['5min', 'session', 'item', 'none'] as const;

/** A consultation's service (version 1 knows only these, without `kind`) or a free position. */
export const SnapshotPricedLine = z.object({
  kind: z.enum(['service', 'free']).optional(),
  /** The consultation's date; null for a free position. */
  date: IsoDate.nullable(),
  /** Tariff code (e.g. Tarif 590 "1200"); may be empty. */
  code: z.string(),
  text: z.string(),
  /** Integer hundredths: 150 = 1.5 units; for unit '5min', 12 units = 60 minutes is 1200. */
  quantityHundredths: int,
  unit: z.enum(lineUnits),
  unitPriceMinor: int,
  /** 810 = 8.1 %; ignored (no VAT) when the practice has no VAT number. */
  vatRateBasisPoints: int.min(0).max(10_000),
  /** money.lineAmount(quantityHundredths, unitPriceMinor); checkPrintable verifies it. */
  amountMinor: int,
  /** A per-5-minutes line: the minutes it bills. */
  minutes: int.optional(),
  /** Tarif 590 (issue 16): the tariff code and its official text in the invoice language, printed verbatim. */
  tariffCode: z.string().optional(),
  tariffText: z.string().optional(),
  /** A missed appointment: never on an insurer's form. */
  absence: z.boolean().optional(),
});
export type SnapshotPricedLine = z.infer<typeof SnapshotPricedLine>;

/** A discount on the positions above it: negative, divided over their VAT rates (money.discountAmount). */
export const SnapshotDiscountLine = z.object({
  kind: z.literal('discount'),
  text: z.string(),
  /** Basis points of a percentage discount; null for a fixed amount. */
  percentBasisPoints: int.nullable(),
  amountMinor: int,
  parts: z.array(z.object({ vatRateBasisPoints: int, amountMinor: int })),
});
export type SnapshotDiscountLine = z.infer<typeof SnapshotDiscountLine>;

export const SnapshotLine = z.union([SnapshotDiscountLine, SnapshotPricedLine]);
export type SnapshotLine = z.infer<typeof SnapshotLine>;

/** The treatment case the invoice bills, as printed (codes; the words come from the catalogs). */
export const SnapshotCase = z.object({
  title: z.string(),
  reason: z.enum(caseReasons).nullable(),
  law: z.enum(caseLaws).nullable(),
  diagnosis: z.string(),
  accidentDate: IsoDate.nullable(),
  claimNumber: z.string(),
  /** The referring doctor; null when none is entered. */
  referrer: z.object({
    name: z.string(),
    address: z.object({ street: z.string(), houseNumber: z.string(), postalCode: z.string(), town: z.string(), country: z.string() }),
    gln: z.string(),
    zsr: z.string(),
  }).nullable(),
  startDate: IsoDate,
  endDate: IsoDate.nullable(),
  remark: z.string(),
  /** The first and last consultation on this invoice (Behandlungszeitraum). */
  period: z.object({ from: IsoDate, to: IsoDate }).nullable(),
});
export type SnapshotCase = z.infer<typeof SnapshotCase>;

/** A party on the Tarif 590 form: the biller (Rechnungssteller) or the provider (Leistungserbringer). */
export const SnapshotParty = z.object({
  name: z.string(),
  /** Printed under the name (the provider's profession); may be empty. */
  profession: z.string(),
  address: SnapshotAddress,
  phone: z.string(),
  zsr: z.string(),
  gln: z.string(),
});
export type SnapshotParty = z.infer<typeof SnapshotParty>;

/**
 * What the Tarif 590 Rückforderungsbeleg prints beyond the standard invoice (issue 16). Present
 * only when the invoice is rendered as that form.
 */
export const SnapshotTarif590 = z.object({
  /** The release tag printed at the top right: which layout of Arnika's form this is. */
  release: z.string(),
  biller: SnapshotParty,
  provider: SnapshotParty,
  patient: z.object({
    lastName: z.string(),
    firstName: z.string(),
    address: SnapshotAddress,
    birthDate: IsoDate.nullable(),
    sex: z.enum(['female', 'male', 'other', 'unknown']),
    ahv: z.string(),
    cardNumber: z.string(),
    insuredNumber: z.string(),
  }),
  /** Canton where the treatment took place. */
  canton: z.string(),
  reimbursement: z.enum(['TG', 'TP']),
  /** The catalogue version the codes were checked against (its label); null when none was valid. */
  catalogueVersion: z.string().nullable(),
  prepaymentMinor: int,
  /** The practice wants a patient copy printed behind the original. */
  patientCopy: z.boolean(),
});
export type SnapshotTarif590 = z.infer<typeof SnapshotTarif590>;

export const SnapshotTotals = z.object({
  subtotalMinor: int,
  vat: z.array(z.object({ rateBasisPoints: int, netMinor: int, vatMinor: int })),
  vatTotalMinor: int,
  roundingMinor: int,
  totalMinor: int,
});

export const PaymentReference = z.discriminatedUnion('type', [
  z.object({ type: z.literal('QRR'), value: z.string() }),
  z.object({ type: z.literal('SCOR'), value: z.string() }),
  z.object({ type: z.literal('NON'), value: z.literal('') }),
]);
export type PaymentReference = z.infer<typeof PaymentReference>;

export const InvoiceSnapshot = z.object({
  /** Lets a later Arnika read old snapshots and migrate them explicitly. */
  schemaVersion: z.union([z.literal(1), z.literal(SNAPSHOT_VERSION)]),
  language: Language,
  currency: Currency,
  invoiceNumber: z.string().min(1),
  invoiceDate: IsoDate,
  dueDate: IsoDate,
  practice: SnapshotPractice,
  recipient: SnapshotRecipient,
  patient: SnapshotPatient,
  /** The insurer and insured number (of the case, else the patient's); absent when neither is entered. */
  insurance: z.object({ name: z.string(), insuredNumber: z.string() }).optional(),
  treatmentCase: SnapshotCase.optional(),
  /** Rendered as the Tarif 590 Rückforderungsbeleg (issue 16) when present. */
  tarif590: SnapshotTarif590.optional(),
  lines: z.array(SnapshotLine),
  /** As computed by money.totals(lines, currency, practice.vatNumber !== ''). */
  totals: SnapshotTotals,
  paymentReference: PaymentReference,
  texts: z.object({
    /** Printed above the table; nothing when absent. */
    intro: z.string().optional(),
    /** Printed after the payment terms; nothing when absent. */
    closing: z.string().optional(),
    /** The draft's note, printed above the totals; nothing when absent. */
    note: z.string().optional(),
    /** Replaces the default VAT exemption note (only printed when there is no VAT number). */
    vatNote: z.string().optional(),
  }),
  /** Only for rendering the cancellation notice (never stored): when and why the invoice was cancelled. */
  cancelled: z.object({ date: IsoDate, reason: z.string() }).optional(),
  /**
   * Only for rendering a reminder (never stored with the invoice): its date and number, the fee as a
   * line of its own, and the new amount the QR-bill asks for. The Tarif 590 form prints it as the form.
   */
  reminder: z.object({ date: IsoDate, number: z.string(), feeText: z.string(), feeMinor: int, amountDueMinor: int }).optional(),
});
export type InvoiceSnapshot = z.infer<typeof InvoiceSnapshot>;

/**
 * The reference an invoice gets: a QR-IBAN takes a QR reference (with the bank's customer id
 * prefix), any other IBAN a creditor reference. Throws a validation AppError when the invoice
 * number does not fit (see references.ts).
 */
export function buildPaymentReference(
  practice: Pick<SnapshotPractice, 'iban' | 'qrReferencePrefix'>,
  invoiceNumber: string,
): PaymentReference {
  if (practice.iban !== '' && isQrIban(practice.iban)) {
    return { type: 'QRR', value: qrReferenceFromInvoiceNumber(invoiceNumber, practice.qrReferencePrefix) };
  }
  return { type: 'SCOR', value: creditorReferenceFromInvoiceNumber(invoiceNumber) };
}

// ---------------------------------------------------------------------------------------------
// Characters.

/**
 * Characters the Swiss Payment Standards allow in a QR-bill (IG QR-bill 2.3, section 4.1.1, valid
 * for QR-bills since 21 Nov 2025): Basic Latin U+0020-U+007E, Latin-1 Supplement U+00A0-U+00FF,
 * Latin Extended-A U+0100-U+017F, plus Ș ș Ț ț (U+0218-U+021B) and € (U+20AC): 324 code points.
 * swissqrbill 4 checks none of this (its cleaner only removes line breaks).
 */
export function isSpsCharacter(codePoint: number): boolean {
  return (
    (codePoint >= 0x20 && codePoint <= 0x7e) ||
    (codePoint >= 0xa0 && codePoint <= 0x17f) ||
    (codePoint >= 0x218 && codePoint <= 0x21b) ||
    codePoint === 0x20ac
  );
}

/**
 * Characters the invoice body may print: the SPS set plus typographic punctuation people type in
 * free texts (dashes, curly quotes, ellipsis, per mille, narrow/thin spaces), all present in the
 * embedded Liberation Sans. Anything else (emoji, Cyrillic, CJK) would print as an empty box.
 */
export function isPrintableCharacter(codePoint: number): boolean {
  return (
    isSpsCharacter(codePoint) ||
    (codePoint >= 0x2009 && codePoint <= 0x200a) ||
    (codePoint >= 0x2010 && codePoint <= 0x2027) ||
    codePoint === 0x202f ||
    (codePoint >= 0x2030 && codePoint <= 0x203a)
  );
}

function firstBadCharacter(value: string, allowed: (cp: number) => boolean): string | null {
  for (const ch of value) {
    if (!allowed(ch.codePointAt(0) as number)) return ch;
  }
  return null;
}

function codePointLabel(ch: string): string {
  return `U+${(ch.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The first character of a free text that the embedded font cannot print, as the params of
 * `inv.chars_not_allowed`; null when all can be printed. `multiLine`: line breaks are allowed.
 */
export function firstUnprintable(value: string, multiLine: boolean): { char: string; codePoint: string } | null {
  const bad = firstBadCharacter(value, (cp) => (multiLine && cp === 0x0a) || isPrintableCharacter(cp));
  return bad === null ? null : { char: bad, codePoint: codePointLabel(bad) };
}

// ---------------------------------------------------------------------------------------------
// Pre-flight.

export type PrintProblem = FieldError;

/** Limits of QR-bill address fields (IG QR-bill 2.3, address type S). */
const QR_LIMITS = { name: 70, street: 70, houseNumber: 16, postalCode: 16, town: 35 } as const;

function checkQrAddress(
  problems: PrintProblem[],
  base: 'practice' | 'recipient',
  name: string,
  namePath: string,
  address: SnapshotAddress,
): void {
  const incomplete = base === 'practice' ? 'inv.practice_address_incomplete' : 'inv.recipient_address_incomplete';
  const fields: [string, string, number][] = [
    [namePath, name, QR_LIMITS.name],
    [`${base}.address.street`, address.street, QR_LIMITS.street],
    [`${base}.address.houseNumber`, address.houseNumber, QR_LIMITS.houseNumber],
    [`${base}.address.postalCode`, address.postalCode, QR_LIMITS.postalCode],
    [`${base}.address.town`, address.town, QR_LIMITS.town],
  ];
  for (const [path, value, max] of fields) {
    const required = !path.endsWith('houseNumber');
    if (required && value.trim() === '') problems.push({ path, key: incomplete });
    else if ([...value].length > max) problems.push({ path, key: 'inv.too_long', params: { max } });
  }
  if (!/^[A-Z]{2}$/.test(address.country)) problems.push({ path: `${base}.address.country`, key: incomplete });
}

function checkCharacters(problems: PrintProblem[], path: string, value: string, allowed: (cp: number) => boolean): void {
  const bad = firstBadCharacter(value, allowed);
  if (bad !== null) problems.push({ path, key: 'inv.chars_not_allowed', params: { char: bad, codePoint: codePointLabel(bad) } });
}

/** Field by field, so key order (JSON from the database, zod output) cannot matter. */
function sameTotals(a: InvoiceSnapshot['totals'], b: InvoiceSnapshot['totals']): boolean {
  return (
    a.subtotalMinor === b.subtotalMinor &&
    a.vatTotalMinor === b.vatTotalMinor &&
    a.roundingMinor === b.roundingMinor &&
    a.totalMinor === b.totalMinor &&
    a.vat.length === b.vat.length &&
    a.vat.every((g, i) => {
      const h = b.vat[i];
      return h !== undefined && g.rateBasisPoints === h.rateBasisPoints && g.netMinor === h.netMinor && g.vatMinor === h.vatMinor;
    })
  );
}

/** The case's free texts, which are printed on the invoice. */
function caseTexts(c: SnapshotCase | undefined): [string, string][] {
  if (!c) return [];
  const r = c.referrer;
  return [
    ['treatmentCase.diagnosis', c.diagnosis],
    ['treatmentCase.claimNumber', c.claimNumber],
    ['treatmentCase.remark', c.remark],
    ['treatmentCase.referrer.name', r?.name ?? ''],
    ['treatmentCase.referrer.address.street', r?.address.street ?? ''],
    ['treatmentCase.referrer.address.town', r?.address.town ?? ''],
  ];
}

/**
 * Everything that would make the printed invoice or its payment slip wrong, as field problems
 * with catalog keys (`inv.*`). Empty list = printable. CHF invoices are checked for the QR-bill
 * (IBAN, reference type and check digits, structured creditor and debtor addresses, field lengths,
 * SPS characters, amount range); EUR invoices carry no QR-bill, so only IBAN and amount. Both get
 * the arithmetic check (line amounts and totals as money.ts computes them) and the font check.
 */
export function checkPrintable(snapshot: InvoiceSnapshot): PrintProblem[] {
  const problems: PrintProblem[] = [];
  const s = snapshot;
  const { practice, recipient } = s;

  // Arithmetic: the snapshot must say what money.ts says, or the PDF and the QR code disagree.
  if (s.lines.length === 0) problems.push({ path: 'lines', key: 'inv.no_lines' });
  s.lines.forEach((line, i) => {
    if (line.kind !== 'discount' && line.amountMinor !== lineAmount(line.quantityHundredths, line.unitPriceMinor)) {
      problems.push({ path: `lines.${i}.amountMinor`, key: 'inv.line_amount_mismatch' });
    }
  });
  problems.push(...discountProblems(s.lines));
  if (!sameTotals(s.totals, computeTotals(totalsInput(s.lines), s.currency, practice.vatNumber.trim() !== ''))) {
    problems.push({ path: 'totals', key: 'inv.totals_mismatch' });
  }
  if (s.totals.totalMinor <= 0) problems.push({ path: 'totals.totalMinor', key: 'inv.amount_not_positive' });
  else if (s.totals.totalMinor > MAX_AMOUNT_MINOR) problems.push({ path: 'totals.totalMinor', key: 'inv.amount_too_large' });
  if (s.dueDate < s.invoiceDate) problems.push({ path: 'dueDate', key: 'inv.due_before_invoice_date' });

  // Account.
  const iban = compact(practice.iban);
  if (iban === '') problems.push({ path: 'practice.iban', key: 'inv.iban_missing' });
  else if (!isValidIban(iban)) problems.push({ path: 'practice.iban', key: 'inv.iban_invalid' });

  if (s.currency === 'CHF' && iban !== '' && isValidIban(iban)) {
    // The QR-bill only carries CH and LI accounts.
    if (!/^(CH|LI)/.test(iban)) problems.push({ path: 'practice.iban', key: 'inv.iban_not_swiss' });
    const qrIban = isQrIban(iban);
    const ref = s.paymentReference;
    if (qrIban && ref.type !== 'QRR') problems.push({ path: 'paymentReference', key: 'inv.qr_iban_needs_qr_reference' });
    if (!qrIban && ref.type === 'QRR') problems.push({ path: 'paymentReference', key: 'inv.qr_reference_needs_qr_iban' });
  }
  if (s.currency === 'CHF') {
    const ref = s.paymentReference;
    if (ref.type === 'QRR' && !isValidQrReference(ref.value)) problems.push({ path: 'paymentReference.value', key: 'inv.reference_invalid' });
    if (ref.type === 'SCOR' && !isValidCreditorReference(ref.value)) problems.push({ path: 'paymentReference.value', key: 'inv.reference_invalid' });

    // Structured addresses and the SPS character set for everything that goes into the QR code.
    checkQrAddress(problems, 'practice', practice.name, 'practice.name', practice.address);
    checkQrAddress(problems, 'recipient', recipient.nameLines[0] ?? '', 'recipient.nameLines.0', recipient.address);
    const qrFields: [string, string][] = [
      ['practice.name', practice.name],
      ['practice.address.street', practice.address.street],
      ['practice.address.houseNumber', practice.address.houseNumber],
      ['practice.address.postalCode', practice.address.postalCode],
      ['practice.address.town', practice.address.town],
      ['recipient.nameLines.0', recipient.nameLines[0] ?? ''],
      ['recipient.address.street', recipient.address.street],
      ['recipient.address.houseNumber', recipient.address.houseNumber],
      ['recipient.address.postalCode', recipient.address.postalCode],
      ['recipient.address.town', recipient.address.town],
      ['invoiceNumber', s.invoiceNumber],
    ];
    for (const [path, value] of qrFields) checkCharacters(problems, path, value, isSpsCharacter);
    const message = qrMessage(s);
    const info = qrAdditionalInformation(s);
    if (message.length + info.length > 140) problems.push({ path: 'invoiceNumber', key: 'inv.too_long', params: { max: 140 } });
  }

  // Everything else printed must exist in the embedded font.
  const printed: [string, string][] = [
    ['practice.therapistName', practice.therapistName],
    ['practice.profession', practice.profession],
    ['practice.phone', practice.phone],
    ['practice.email', practice.email],
    ['practice.website', practice.website],
    ['practice.zsrNumber', practice.zsrNumber],
    ['practice.glnNumber', practice.glnNumber],
    ['practice.vatNumber', practice.vatNumber],
    ['patient.name', s.patient.name],
    ...recipient.nameLines.map((l, i): [string, string] => [`recipient.nameLines.${i}`, l]),
    ...s.lines.flatMap((l, i): [string, string][] => [
      [`lines.${i}.code`, l.kind === 'discount' ? '' : l.code],
      [`lines.${i}.text`, l.text],
    ]),
    ['recipient.salutation', recipient.salutation ?? ''],
    ['insurance.name', s.insurance?.name ?? ''],
    ['insurance.insuredNumber', s.insurance?.insuredNumber ?? ''],
    ...caseTexts(s.treatmentCase),
    ['texts.note', s.texts.note ?? ''],
    ['texts.intro', s.texts.intro ?? ''],
    ['texts.closing', s.texts.closing ?? ''],
    ['texts.vatNote', s.texts.vatNote ?? ''],
    // The Tarif 590 form prints the official tariff texts and the biller's and provider's names and profession too.
    ...s.lines.map((l, i): [string, string] => [`lines.${i}.tariffText`, l.kind === 'discount' ? '' : l.tariffText ?? '']),
    ...(['biller', 'provider'] as const).flatMap((who): [string, string][] => (s.tarif590 ? [
      [`tarif590.${who}.name`, s.tarif590[who].name],
      [`tarif590.${who}.profession`, s.tarif590[who].profession],
    ] : [])),
  ];
  if (s.currency === 'EUR') {
    printed.push(
      ['practice.name', practice.name],
      ['practice.address.street', practice.address.street],
      ['practice.address.town', practice.address.town],
      ['recipient.address.street', recipient.address.street],
      ['recipient.address.town', recipient.address.town],
    );
  }
  // Line breaks are fine in free texts; other control characters are not.
  const printable = (cp: number) => cp === 0x0a || isPrintableCharacter(cp);
  for (const [path, value] of printed) {
    if (problems.some((p) => p.path === path && p.key === 'inv.chars_not_allowed')) continue;
    checkCharacters(problems, path, value, printable);
  }
  return problems;
}
