/**
 * Owns every word printed on an invoice PDF, in de/fr/it/en. German differs between a Swiss (CHF)
 * and a German (EUR) practice (MWST vs USt., ss vs ß), so EUR has a small override table. These are
 * the document's own texts, not UI catalogs: they travel with the PDF renderer, and the free texts a
 * therapist may change (intro, closing, VAT note) are frozen in the snapshot instead.
 *
 * Dates are printed dd.mm.yyyy in all four languages: it is the Swiss and German convention, and
 * one numeric format for every language avoids the dd/mm vs mm/dd confusion in English.
 */
import type { professions } from '../../../shared/contract/practices.js';
import type { Currency, Language } from '../../../shared/validation/fields.js';

const de = {
  invoice: 'Rechnung',
  invoiceNumber: 'Rechnungsnummer',
  invoiceDate: 'Rechnungsdatum',
  dueDate: 'Zahlbar bis',
  patient: 'Patient/in',
  birthDate: 'Geburtsdatum',
  page: 'Seite {page} von {pages}',
  continued: 'Fortsetzung',
  colDate: 'Datum',
  colCode: 'Tarif',
  colText: 'Leistung',
  colQuantity: 'Anzahl',
  colUnit: 'Einheit',
  colUnitPrice: 'Preis',
  colAmount: 'Betrag',
  unit5min: '5 Min.',
  unitSession: 'Sitzung',
  unitItem: 'Stück',
  subtotal: 'Zwischentotal',
  vatOn: 'MWST {rate} % auf {net}',
  rounding: 'Rundung',
  total: 'Total',
  vatExempt: 'Nicht MWST-pflichtig.',
  paymentTerms: 'Bitte bezahlen Sie den Betrag bis {date} mit dem untenstehenden Zahlteil.',
  phone: 'Tel.',
  email: 'E-Mail',
  zsr: 'ZSR-Nr.',
  gln: 'GLN',
  vatNumber: 'MWST-Nr.',
  bankDetails: 'Bankverbindung',
  accountHolder: 'Kontoinhaber',
  iban: 'IBAN',
  bic: 'BIC',
  remittance: 'Verwendungszweck',
  amount: 'Betrag',
  giroCodeHint: 'Mit der Banking-App scannen (GiroCode)',
  cancelledStamp: 'STORNIERT',
  cancellation: 'Storno',
  cancellationTitle: 'Storno der Rechnung {number}',
  cancelledStatement: 'Storniert am {date} – nicht bezahlen',
  cancelReason: 'Grund: {reason}',
  cancellationBody: 'Die Rechnung {number} vom {invoiceDate} über {amount} ist storniert. Bitte bezahlen Sie diese Rechnung nicht. Falls Sie bereits bezahlt haben, melden Sie sich bitte bei uns.',
  cancelledLines: 'Stornierte Leistungen',
};

type InvoiceTexts = Record<keyof typeof de, string>;

const fr: InvoiceTexts = {
  invoice: 'Facture',
  invoiceNumber: 'N° de facture',
  invoiceDate: 'Date de facture',
  dueDate: 'Payable jusqu’au',
  patient: 'Patient(e)',
  birthDate: 'Date de naissance',
  page: 'Page {page} sur {pages}',
  continued: 'Suite',
  colDate: 'Date',
  colCode: 'Tarif',
  colText: 'Prestation',
  colQuantity: 'Quantité',
  colUnit: 'Unité',
  colUnitPrice: 'Prix',
  colAmount: 'Montant',
  unit5min: '5 min',
  unitSession: 'séance',
  unitItem: 'pièce',
  subtotal: 'Sous-total',
  vatOn: 'TVA {rate} % sur {net}',
  rounding: 'Arrondi',
  total: 'Total',
  vatExempt: 'Non assujetti à la TVA.',
  paymentTerms: 'Merci de régler le montant d’ici au {date} au moyen de la section paiement ci-dessous.',
  phone: 'Tél.',
  email: 'E-mail',
  zsr: 'N° RCC',
  gln: 'GLN',
  vatNumber: 'N° TVA',
  bankDetails: 'Coordonnées bancaires',
  accountHolder: 'Titulaire du compte',
  iban: 'IBAN',
  bic: 'BIC',
  remittance: 'Motif du paiement',
  amount: 'Montant',
  giroCodeHint: 'Scanner avec l’app bancaire (GiroCode)',
  cancelledStamp: 'ANNULÉE',
  cancellation: 'Annulation',
  cancellationTitle: 'Annulation de la facture {number}',
  cancelledStatement: 'Annulée le {date} – ne pas payer',
  cancelReason: 'Motif : {reason}',
  cancellationBody: 'La facture {number} du {invoiceDate} d’un montant de {amount} est annulée. Merci de ne pas la payer. Si vous l’avez déjà réglée, veuillez nous contacter.',
  cancelledLines: 'Prestations annulées',
};

const it: InvoiceTexts = {
  invoice: 'Fattura',
  invoiceNumber: 'N. fattura',
  invoiceDate: 'Data fattura',
  dueDate: 'Pagabile entro il',
  patient: 'Paziente',
  birthDate: 'Data di nascita',
  page: 'Pagina {page} di {pages}',
  continued: 'Continuazione',
  colDate: 'Data',
  colCode: 'Tariffa',
  colText: 'Prestazione',
  colQuantity: 'Quantità',
  colUnit: 'Unità',
  colUnitPrice: 'Prezzo',
  colAmount: 'Importo',
  unit5min: '5 min',
  unitSession: 'seduta',
  unitItem: 'pezzo',
  subtotal: 'Subtotale',
  vatOn: 'IVA {rate} % su {net}',
  rounding: 'Arrotondamento',
  total: 'Totale',
  vatExempt: 'Non assoggettato all’IVA.',
  paymentTerms: 'Vi preghiamo di pagare l’importo entro il {date} con la sezione pagamento qui sotto.',
  phone: 'Tel.',
  email: 'E-mail',
  zsr: 'N. RCC',
  gln: 'GLN',
  vatNumber: 'N. IVA',
  bankDetails: 'Coordinate bancarie',
  accountHolder: 'Titolare del conto',
  iban: 'IBAN',
  bic: 'BIC',
  remittance: 'Causale',
  amount: 'Importo',
  giroCodeHint: 'Scansionare con l’app bancaria (GiroCode)',
  cancelledStamp: 'ANNULLATA',
  cancellation: 'Annullamento',
  cancellationTitle: 'Annullamento della fattura {number}',
  cancelledStatement: 'Annullata il {date} – non pagare',
  cancelReason: 'Motivo: {reason}',
  cancellationBody: 'La fattura {number} del {invoiceDate} di {amount} è annullata. Vi preghiamo di non pagarla. Se l’avete già pagata, contattateci.',
  cancelledLines: 'Prestazioni annullate',
};

const en: InvoiceTexts = {
  invoice: 'Invoice',
  invoiceNumber: 'Invoice number',
  invoiceDate: 'Invoice date',
  dueDate: 'Payable by',
  patient: 'Patient',
  birthDate: 'Date of birth',
  page: 'Page {page} of {pages}',
  continued: 'Continued',
  colDate: 'Date',
  colCode: 'Code',
  colText: 'Service',
  colQuantity: 'Qty',
  colUnit: 'Unit',
  colUnitPrice: 'Price',
  colAmount: 'Amount',
  unit5min: '5 min',
  unitSession: 'session',
  unitItem: 'item',
  subtotal: 'Subtotal',
  vatOn: 'VAT {rate} % on {net}',
  rounding: 'Rounding',
  total: 'Total',
  vatExempt: 'Not subject to VAT.',
  paymentTerms: 'Please pay the amount by {date} using the payment part below.',
  phone: 'Phone',
  email: 'Email',
  zsr: 'ZSR no.',
  gln: 'GLN',
  vatNumber: 'VAT no.',
  bankDetails: 'Bank details',
  accountHolder: 'Account holder',
  iban: 'IBAN',
  bic: 'BIC',
  remittance: 'Payment reference',
  amount: 'Amount',
  giroCodeHint: 'Scan with your banking app (GiroCode)',
  cancelledStamp: 'CANCELLED',
  cancellation: 'Cancellation',
  cancellationTitle: 'Cancellation of invoice {number}',
  cancelledStatement: 'Cancelled on {date} – do not pay',
  cancelReason: 'Reason: {reason}',
  cancellationBody: 'Invoice {number} of {invoiceDate} for {amount} is cancelled. Please do not pay it. If you have already paid, please contact us.',
  cancelledLines: 'Cancelled services',
};

export const invoiceTextTables: Record<Language, InvoiceTexts> = { de, fr, it, en };

/**
 * What a German practice (EUR) says differently. The default VAT note is the exemption for
 * therapeutic treatment (§ 4 Nr. 14 UStG), which covers most German therapists; a practice under
 * the small-business rule (§ 19 UStG) puts its own note into the snapshot's texts.vatNote.
 */
export const eurOverrides: Record<Language, Partial<InvoiceTexts>> = {
  de: {
    subtotal: 'Zwischensumme',
    vatOn: 'USt. {rate} % auf {net}',
    total: 'Gesamtbetrag',
    vatExempt: 'Umsatzsteuerfrei gemäß § 4 Nr. 14 UStG.',
    paymentTerms: 'Bitte überweisen Sie den Betrag bis {date} auf das unten genannte Konto.',
    vatNumber: 'USt-IdNr.',
  },
  fr: {
    vatExempt: 'Exonéré de TVA selon le § 4 n° 14 UStG.',
    paymentTerms: 'Merci de virer le montant d’ici au {date} sur le compte indiqué ci-dessous.',
  },
  it: {
    vatExempt: 'Esente IVA ai sensi del § 4 n. 14 UStG.',
    paymentTerms: 'Vi preghiamo di bonificare l’importo entro il {date} sul conto indicato qui sotto.',
  },
  en: {
    vatExempt: 'VAT exempt under § 4 No. 14 UStG.',
    paymentTerms: 'Please transfer the amount by {date} to the account below.',
  },
};

export type InvoiceTextKey = keyof InvoiceTexts;

export function invoiceTexts(lang: Language, currency: Currency): InvoiceTexts {
  return currency === 'EUR' ? { ...invoiceTextTables[lang], ...eurOverrides[lang] } : invoiceTextTables[lang];
}

/** Fills {name} placeholders. */
export function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** Country names for the last address line of a foreign address, in the invoice language. */
export const countryNames: Record<Language, Record<string, string>> = {
  de: { CH: 'Schweiz', LI: 'Liechtenstein', DE: 'Deutschland', AT: 'Österreich', FR: 'Frankreich', IT: 'Italien' },
  fr: { CH: 'Suisse', LI: 'Liechtenstein', DE: 'Allemagne', AT: 'Autriche', FR: 'France', IT: 'Italie' },
  it: { CH: 'Svizzera', LI: 'Liechtenstein', DE: 'Germania', AT: 'Austria', FR: 'Francia', IT: 'Italia' },
  en: { CH: 'Switzerland', LI: 'Liechtenstein', DE: 'Germany', AT: 'Austria', FR: 'France', IT: 'Italy' },
};

type Profession = (typeof professions)[number];

/**
 * Printed profession for the letterhead, for the lead's snapshot builder: the snapshot stores the
 * words (so a re-print stays identical), this only proposes them.
 */
export const professionLabels: Record<Language, Record<Profession, string>> = {
  de: {
    physiotherapy: 'Physiotherapie', massage: 'Massage', complementary: 'Komplementärtherapie', osteopathy: 'Osteopathie',
    psychology: 'Psychologie', ergotherapy: 'Ergotherapie', nutrition: 'Ernährungsberatung', other: '',
  },
  fr: {
    physiotherapy: 'Physiothérapie', massage: 'Massage', complementary: 'Thérapie complémentaire', osteopathy: 'Ostéopathie',
    psychology: 'Psychologie', ergotherapy: 'Ergothérapie', nutrition: 'Conseil en nutrition', other: '',
  },
  it: {
    physiotherapy: 'Fisioterapia', massage: 'Massaggio', complementary: 'Terapia complementare', osteopathy: 'Osteopatia',
    psychology: 'Psicologia', ergotherapy: 'Ergoterapia', nutrition: 'Consulenza nutrizionale', other: '',
  },
  en: {
    physiotherapy: 'Physiotherapy', massage: 'Massage', complementary: 'Complementary therapy', osteopathy: 'Osteopathy',
    psychology: 'Psychology', ergotherapy: 'Occupational therapy', nutrition: 'Nutrition counselling', other: '',
  },
};

export function professionLabel(profession: Profession, lang: Language): string {
  return professionLabels[lang][profession];
}

export { formatDate } from '../../../shared/dates.js';

/** Quantity from hundredths: 150 -> "1.5" (CHF) / "1,5" (EUR), 1200 -> "12". */
export function formatQuantity(hundredths: number, currency: Currency): string {
  const abs = Math.abs(hundredths);
  const whole = Math.floor(abs / 100);
  const fraction = String(abs % 100).padStart(2, '0').replace(/0+$/, '');
  const sep = currency === 'EUR' ? ',' : '.';
  return `${hundredths < 0 ? '-' : ''}${whole}${fraction === '' ? '' : `${sep}${fraction}`}`;
}
