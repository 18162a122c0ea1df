/**
 * The pre-issue checker of the Tarif 590 form: everything insurers reject that Arnika can see before
 * the invoice is issued, as field problems (`t590.*` messages) for the problem list. Pure: it reads
 * the snapshot the form would print and a little context (the catalogue, how many therapists the
 * draft's consultations have, the case's dates).
 */
import type { FieldError } from '../../shared/errors.js';
import { cantons, isCardNumber, isPrintedSwissVatNumber, TARIFF_FREE_CODE, vatCodeOf } from '../../shared/tarif590/rules.js';
import { isValidAhv, isValidGln, isValidZsr } from '../../shared/validation/checksums.js';
import type { InvoiceSnapshot, SnapshotParty, SnapshotPricedLine } from './snapshot.js';

export interface Tarif590CheckContext {
  /** The code's official entry in the catalogue version valid on `date`; version null when none is valid then. */
  lookup(code: string, date: string): { version: string | null; entry: { texts: { de: string; fr: string; it: string } } | null };
  /** How many therapists the draft's consultations have. */
  therapistCount: number;
  /** Whose ZSR/GLN are entered in the practice's own data (a practice biller; a solo practice's therapist), so the fix points there. */
  enteredInPractice?: { biller: boolean; provider: boolean };
  /** Dates of the draft's consultations that hold a missed appointment and a treatment together (they cannot simply be moved). */
  mixedAbsenceDates?: string[];
}

function checkParty(problems: FieldError[], who: 'biller' | 'provider', p: SnapshotParty, inPractice: boolean): void {
  const field = (name: 'zsr' | 'gln') => (inPractice ? `practice.${name}Number` : `tarif590.${who}.${name}`);
  if (p.zsr.trim() === '') problems.push({ path: field('zsr'), key: `t590.${who}_zsr_missing`, params: { name: p.name } });
  else if (!isValidZsr(p.zsr)) problems.push({ path: field('zsr'), key: 't590.zsr_invalid', params: { name: p.name, value: p.zsr } });
  if (p.gln !== '' && !isValidGln(p.gln)) problems.push({ path: field('gln'), key: 't590.gln_invalid', params: { name: p.name, value: p.gln } });
}

const textIn = (texts: { de: string; fr: string; it: string }, lang: InvoiceSnapshot['language']) => (lang === 'fr' ? texts.fr : lang === 'it' ? texts.it : texts.de);

export function checkTarif590(s: InvoiceSnapshot, ctx: Tarif590CheckContext): FieldError[] {
  const problems: FieldError[] = [];
  const f = s.tarif590;
  if (!f) return problems;

  // The form is a Swiss form with a Swiss QR-bill: the insurers reimburse in francs only.
  if (s.currency !== 'CHF') problems.push({ path: 'currency', key: 't590.currency_not_chf', params: { currency: s.currency } });

  // Identity.
  checkParty(problems, 'biller', f.biller, ctx.enteredInPractice?.biller ?? false);
  checkParty(problems, 'provider', f.provider, ctx.enteredInPractice?.provider ?? false);
  const referrer = s.treatmentCase?.referrer;
  if (referrer && referrer.gln !== '' && !isValidGln(referrer.gln)) {
    problems.push({ path: 'treatmentCase.referrer.gln', key: 't590.gln_invalid', params: { name: referrer.name, value: referrer.gln } });
  }
  if (f.patient.ahv !== '' && !isValidAhv(f.patient.ahv)) problems.push({ path: 'tarif590.patient.ahv', key: 't590.ahv_invalid' });
  if (!(cantons as readonly string[]).includes(f.canton)) problems.push({ path: 'tarif590.canton', key: 't590.canton_invalid' });
  if (f.patient.cardNumber !== '' && !isCardNumber(f.patient.cardNumber)) problems.push({ path: 'treatmentCase.cardNumber', key: 't590.card_invalid' });

  // Patient.
  const pat = f.patient;
  const missing: [string, boolean][] = [
    ['patient.lastName', pat.lastName.trim() === ''],
    ['patient.firstName', pat.firstName.trim() === ''],
    ['patient.address.street', pat.address.street.trim() === ''],
    ['patient.address.postalCode', pat.address.postalCode.trim() === ''],
    ['patient.address.town', pat.address.town.trim() === ''],
  ];
  for (const [path, empty] of missing) if (empty) problems.push({ path: `tarif590.${path}`, key: 't590.patient_incomplete' });
  if (pat.birthDate === null) problems.push({ path: 'tarif590.patient.birthDate', key: 't590.birth_date_missing' });
  if (pat.sex !== 'female' && pat.sex !== 'male') problems.push({ path: 'tarif590.patient.sex', key: 't590.sex_missing' });
  const services = s.lines.filter((l): l is SnapshotPricedLine & { date: string } => l.kind !== 'discount' && l.kind !== 'free' && l.date !== null);
  const firstService = services.map((l) => l.date).sort()[0];
  if (pat.birthDate !== null && firstService !== undefined && pat.birthDate > firstService) {
    problems.push({ path: 'tarif590.patient.birthDate', key: 't590.birth_after_service' });
  }

  // Case.
  const c = s.treatmentCase;
  if (!c || c.law === null) problems.push({ path: 'treatmentCase.law', key: 't590.law_missing' });
  if (!c || c.reason === null) problems.push({ path: 'treatmentCase.reason', key: 't590.reason_missing' });
  if (c) {
    const outside = services.find((l) => l.date < c.startDate || (c.endDate !== null && l.date > c.endDate));
    if (outside) problems.push({ path: 'treatmentCase.endDate', key: 't590.outside_case_period', params: { date: outside.date } });
    if (c.law === 'uvg' && c.accidentDate === null) problems.push({ path: 'treatmentCase.accidentDate', key: 't590.uvg_accident_date' });
    if (c.law === 'uvg' && c.claimNumber.trim() === '') problems.push({ path: 'treatmentCase.claimNumber', key: 't590.uvg_claim_number' });
  }

  // One therapist per invoice.
  if (ctx.therapistCount > 1) problems.push({ path: 'therapist', key: 't590.mixed_therapists', params: { count: ctx.therapistCount } });

  // Services.
  s.lines.forEach((l, i) => {
    if (l.kind === 'discount') return;
    const path = `lines.${i}`;
    if (l.absence) {
      // A consultation that also holds a treatment must be split by hand first: moving it would take the treatment off the insurer form.
      if (l.date !== null && (ctx.mixedAbsenceDates ?? []).includes(l.date)) problems.push({ path, key: 't590.absence_mixed', params: { text: l.text, date: l.date } });
      else problems.push({ path, key: 't590.absence_line', params: { text: l.text } });
      return;
    }
    const code = l.tariffCode ?? '';
    if (code === '') {
      problems.push({ path: `${path}.tariffCode`, key: 't590.code_missing', params: { text: l.text } });
      return;
    }
    // The form prints the official text in the invoice's language under the line; an empty one leaves the line unexplained.
    const noText = (l.tariffText ?? '').trim() === '';
    if (code !== TARIFF_FREE_CODE && noText) problems.push({ path: `${path}.tariffText`, key: 't590.text_empty', params: { code, language: s.language } });
    if (code === TARIFF_FREE_CODE) {
      if ((l.tariffText ?? '').trim() === '') problems.push({ path: `${path}.tariffText`, key: 't590.free_code_text', params: { text: l.text } });
    } else if (l.date !== null) {
      const found = ctx.lookup(code, l.date);
      if (found.version === null) problems.push({ path: `${path}.tariffCode`, key: 't590.no_catalogue', params: { date: l.date } });
      else if (!found.entry) problems.push({ path: `${path}.tariffCode`, key: 't590.code_unknown', params: { code, date: l.date, version: found.version } });
      else if (!noText && textIn(found.entry.texts, s.language) !== (l.tariffText ?? '')) {
        problems.push({ path: `${path}.tariffText`, key: 't590.text_differs', params: { code, version: found.version } });
      }
    }
    if (l.unit !== '5min' || l.quantityHundredths % 100 !== 0) problems.push({ path: `${path}.quantity`, key: 't590.quantity_not_periods', params: { text: l.text } });
  });
  const sum = s.lines.reduce((total, l) => total + l.amountMinor, 0);
  if (sum !== s.totals.subtotalMinor) problems.push({ path: 'totals', key: 't590.sum_mismatch' });

  // VAT.
  const liable = s.practice.vatNumber.trim() !== '';
  if (liable && !isPrintedSwissVatNumber(s.practice.vatNumber)) problems.push({ path: 'practice.vatNumber', key: 't590.vat_number_format' });
  s.lines.forEach((l, i) => {
    if (l.kind === 'discount') return;
    if (liable && vatCodeOf(l.vatRateBasisPoints) === null) {
      problems.push({ path: `lines.${i}.vatRateBasisPoints`, key: 't590.vat_rate_unknown', params: { text: l.text } });
    }
    if (!liable && l.vatRateBasisPoints !== 0) problems.push({ path: `lines.${i}.vatRateBasisPoints`, key: 't590.vat_not_liable', params: { text: l.text } });
  });
  return problems;
}
