/**
 * A treatment case on screen: its short label ("Knie rechts · UVG"), its form values and their
 * conversion to the contract's CaseFields (dates '' in inputs, null in the API; a new case takes the
 * patient's insurer).
 */
import type { CaseFieldsInput, Patient, TreatmentCase } from '../../../shared/contract/index.js';
import { emptyAddress } from '../../../shared/validation/fields.js';
import type { Translator } from '../../app/i18n.js';
import { formatDate } from '../../ui/format.js';

/** "Knie rechts · UVG", or "Behandlungsfall seit 03.11.2026" for one without a title. */
export function caseLabel(t: Translator, c: Pick<TreatmentCase, 'title' | 'law' | 'startDate'>): string {
  const name = c.title.trim() || t('cases.untitled', { date: formatDate(c.startDate) });
  return c.law ? `${name} · ${t(`cases.law.${c.law}`)}` : name;
}

export interface CaseFormValues extends Omit<CaseFieldsInput, 'reason' | 'law' | 'accidentDate' | 'endDate' | 'invoiceForm' | 'cardNumber'> {
  /** '' = as the practice decides (Tarif 590 for VVG by default). */
  invoiceForm: string;
  cardNumber: string;
  reason: string;
  law: string;
  accidentDate: string;
  endDate: string;
}

export function newCase(patient: Patient, today: string): CaseFormValues {
  return {
    title: '', reason: '', law: '', diagnosis: '',
    referrer: { name: '', address: emptyAddress(), gln: '', zsr: '' },
    accidentDate: '', claimNumber: '', insuranceName: patient.insuranceName, insuredNumber: patient.insuredNumber,
    startDate: today, endDate: '', remark: '', invoiceForm: '', cardNumber: '',
  };
}

export function fromCase(c: TreatmentCase): CaseFormValues {
  return {
    title: c.title, reason: c.reason ?? '', law: c.law ?? '', diagnosis: c.diagnosis,
    referrer: { name: c.referrer.name, address: { ...c.referrer.address, country: c.referrer.address.country as CaseFormValues['referrer']['address']['country'] }, gln: c.referrer.gln, zsr: c.referrer.zsr },
    accidentDate: c.accidentDate ?? '', claimNumber: c.claimNumber, insuranceName: c.insuranceName, insuredNumber: c.insuredNumber,
    startDate: c.startDate, endDate: c.endDate ?? '', remark: c.remark, invoiceForm: c.invoiceForm ?? '', cardNumber: c.cardNumber,
  };
}

export function toCaseFields(v: CaseFormValues): CaseFieldsInput {
  return {
    ...v,
    reason: (v.reason || null) as CaseFieldsInput['reason'],
    law: (v.law || null) as CaseFieldsInput['law'],
    accidentDate: v.accidentDate || null,
    endDate: v.endDate || null,
    invoiceForm: (v.invoiceForm || null) as CaseFieldsInput['invoiceForm'],
  };
}

/** Accident date and claim number belong to accidents and to the accident, disability and military insurers. */
export function showsAccident(v: Pick<CaseFormValues, 'reason' | 'law' | 'accidentDate' | 'claimNumber'>): boolean {
  return v.reason === 'accident' || ['uvg', 'ivg', 'mvg'].includes(v.law) || v.accidentDate !== '' || v.claimNumber !== '';
}
