/**
 * Email templates as pure text: the placeholders a template may use, the built-in invoice texts in
 * de/fr/it/en, the greeting line, and rendering. Shared so that the renderer previews exactly what
 * main will send; storing templates per practice is main's job (src/main/mail/templates.ts).
 */
import type { Language } from '../validation/fields.js';

export const templateKinds = ['invoice'] as const;
export type TemplateKind = (typeof templateKinds)[number];

export const placeholders = [
  'salutation', 'firstName', 'lastName', 'invoiceNumber', 'amount', 'dueDate', 'practiceName', 'therapistName',
] as const;
export type Placeholder = (typeof placeholders)[number];
export type TemplateValues = Record<Placeholder, string>;

export interface TemplateText {
  subject: string;
  body: string;
}

// A placeholder is an identifier in braces; other braces ("{ }", "{1,2}") are plain text.
const placeholderPattern = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const known = new Set<string>(placeholders);

/** Placeholder names used in `text` that Arnika does not know, each once, in order of appearance. */
export function unknownPlaceholders(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(placeholderPattern)) {
    const name = m[1]!;
    if (!known.has(name) && !found.includes(name)) found.push(name);
  }
  return found;
}

export interface RenderedTemplate extends TemplateText {
  /** Placeholders that were left as they are because Arnika does not know them. */
  unknownPlaceholders: string[];
}

/**
 * Fills the placeholders. Unknown ones stay visible (and are reported) rather than vanish, so a typo
 * shows up in the preview instead of as a hole in a sent mail. The subject is folded to one line:
 * a line break in a header value must never reach the message.
 */
export function renderTemplate(template: TemplateText, values: TemplateValues): RenderedTemplate {
  const fill = (text: string) =>
    text.replace(placeholderPattern, (m, name: string) => (known.has(name) ? values[name as Placeholder] : m));
  return {
    subject: fill(template.subject).replace(/[\r\n]+/g, ' ').trim(),
    body: fill(template.body),
    unknownPlaceholders: [...new Set([...unknownPlaceholders(template.subject), ...unknownPlaceholders(template.body)])],
  };
}

export type SalutationKind = 'none' | 'mr' | 'ms';

const greetings: Record<Language, Record<SalutationKind, string>> = {
  de: { ms: 'Sehr geehrte Frau {lastName}', mr: 'Sehr geehrter Herr {lastName}', none: 'Guten Tag {firstName} {lastName}' },
  fr: { ms: 'Bonjour Madame {lastName}', mr: 'Bonjour Monsieur {lastName}', none: 'Bonjour {firstName} {lastName}' },
  it: { ms: 'Gentile Signora {lastName}', mr: 'Gentile Signor {lastName}', none: 'Buongiorno {firstName} {lastName}' },
  en: { ms: 'Dear Ms {lastName}', mr: 'Dear Mr {lastName}', none: 'Dear {firstName} {lastName}' },
};

/** The value of {salutation}: the whole greeting line without punctuation, e.g. "Sehr geehrte Frau Muster". */
export function salutationLine(language: Language, kind: SalutationKind, firstName: string, lastName: string): string {
  return greetings[language][kind]
    .replace('{firstName}', () => firstName)
    .replace('{lastName}', () => lastName)
    .replace(/\s+/g, ' ')
    .trim();
}

// Swiss letters put no comma after the German greeting and start the next line in capitals; French,
// Italian and English do use the comma. The payment details are referred to, not described, because
// the practice may bill with a QR-bill (CH) or a bank transfer (DE).
const invoiceDefaults: Record<Language, TemplateText> = {
  de: {
    subject: 'Rechnung {invoiceNumber} von {practiceName}',
    body: [
      '{salutation}',
      '',
      'Im Anhang erhalten Sie die Rechnung {invoiceNumber} über {amount}, zahlbar bis {dueDate}.',
      'Die Zahlungsangaben finden Sie auf der Rechnung.',
      '',
      'Bei Fragen stehe ich Ihnen gerne zur Verfügung.',
      '',
      'Freundliche Grüsse',
      '{therapistName}',
      '{practiceName}',
    ].join('\n'),
  },
  fr: {
    subject: 'Facture {invoiceNumber} de {practiceName}',
    body: [
      '{salutation},',
      '',
      'Vous trouverez ci-joint la facture {invoiceNumber} d’un montant de {amount}, payable jusqu’au {dueDate}.',
      'Les informations de paiement figurent sur la facture.',
      '',
      'Je reste volontiers à votre disposition pour toute question.',
      '',
      'Meilleures salutations',
      '{therapistName}',
      '{practiceName}',
    ].join('\n'),
  },
  it: {
    subject: 'Fattura {invoiceNumber} di {practiceName}',
    body: [
      '{salutation},',
      '',
      'in allegato trova la fattura {invoiceNumber} di {amount}, pagabile entro il {dueDate}.',
      'I dati per il pagamento figurano sulla fattura.',
      '',
      'Resto volentieri a disposizione per eventuali domande.',
      '',
      'Cordiali saluti',
      '{therapistName}',
      '{practiceName}',
    ].join('\n'),
  },
  en: {
    subject: 'Invoice {invoiceNumber} from {practiceName}',
    body: [
      '{salutation},',
      '',
      'Please find attached invoice {invoiceNumber} for {amount}, payable by {dueDate}.',
      'The payment details are on the invoice.',
      '',
      'If you have any questions, I will be glad to help.',
      '',
      'Kind regards',
      '{therapistName}',
      '{practiceName}',
    ].join('\n'),
  },
};

export function defaultTemplate(kind: TemplateKind, language: Language): TemplateText {
  switch (kind) {
    case 'invoice':
      return { ...invoiceDefaults[language] };
  }
}

/** Example values for a preview, in the template's language; the practice's names are filled in by the caller. */
export function sampleValues(language: Language, practice: { practiceName: string; therapistName: string }): TemplateValues {
  // The due date is dd.mm.yyyy in every language, as the invoice prints it and as sending fills it in.
  const samples: Record<Language, { amount: string; dueDate: string }> = {
    de: { amount: 'CHF 150.00', dueDate: '31.01.2026' },
    fr: { amount: 'CHF 150.00', dueDate: '31.01.2026' },
    it: { amount: 'CHF 150.00', dueDate: '31.01.2026' },
    en: { amount: 'CHF 150.00', dueDate: '31.01.2026' },
  };
  return {
    salutation: salutationLine(language, 'ms', 'Anna', 'Muster'),
    firstName: 'Anna',
    lastName: 'Muster',
    invoiceNumber: '2026-0001',
    ...samples[language],
    practiceName: practice.practiceName,
    therapistName: practice.therapistName,
  };
}
