/** The practice form's values and their conversion to and from the contract's PracticeFields. */
import type { Practice, PracticeFieldsInput } from '../../../shared/contract/index.js';
import { emptyAddress } from '../../../shared/validation/fields.js';

export interface PracticeFormValues extends Omit<PracticeFieldsInput, 'paymentTermDays' | 'profession' | 'invoiceNumberFormat'> {
  /** '' until chosen: a profession picked silently by default would go unnoticed. */
  profession: PracticeFieldsInput['profession'] | '';
  paymentTermDays: string;
  invoiceNumberFormat: string;
}

export const defaultInvoiceNumberFormat = '{YYYY}-{NNNNN}';

export function emptyPractice(): PracticeFormValues {
  return {
    name: '', therapistName: '', profession: '', address: emptyAddress(), phone: '', email: '', website: '', iban: '',
    qrReferencePrefix: '', zsrNumber: '', glnNumber: '', vatNumber: '', currency: 'CHF', defaultLanguage: 'de',
    paymentTermDays: '30', invoiceNumberFormat: defaultInvoiceNumberFormat,
  };
}

export function fromPractice(p: Practice): PracticeFormValues {
  return {
    name: p.name, therapistName: p.therapistName, profession: p.profession, address: { ...p.address }, phone: p.phone,
    email: p.email, website: p.website, iban: p.iban, qrReferencePrefix: p.qrReferencePrefix, zsrNumber: p.zsrNumber,
    glnNumber: p.glnNumber, vatNumber: p.vatNumber, currency: p.currency, defaultLanguage: p.defaultLanguage,
    paymentTermDays: String(p.paymentTermDays), invoiceNumberFormat: p.invoiceNumberFormat,
  };
}

export function toPracticeFields(v: PracticeFormValues): PracticeFieldsInput {
  const days = v.paymentTermDays.trim();
  return {
    ...v,
    // An empty choice is sent as-is so that main answers with its own "please choose" message.
    profession: v.profession as PracticeFieldsInput['profession'],
    paymentTermDays: days === '' || !/^-?\d+([.,]\d+)?$/.test(days) ? Number.NaN : Number(days.replace(',', '.')),
  };
}
