/**
 * Email templates as pure text: the placeholders a template may use, the built-in invoice texts in
 * de/fr/it/en, the greeting line, and rendering. Shared so that the renderer previews exactly what
 * main will send; storing templates per practice is main's job (src/main/mail/templates.ts).
 */
import { translate } from '../i18n/translate.js';
import type { Language } from '../validation/fields.js';

/** The invoice email, and one per reminder level (reminders attach the reminder's PDF). */
export const templateKinds = ['invoice', 'reminder1', 'reminder2', 'reminder3'] as const;
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

export type SalutationKind = 'none' | 'mr' | 'ms' | 'family';

/** The value of {salutation}: the whole greeting line without punctuation, e.g. "Sehr geehrte Frau Muster". */
export function salutationLine(language: Language, kind: SalutationKind, firstName: string, lastName: string): string {
  return translate(language, `mail.greeting.${kind}`)
    .replace('{firstName}', () => firstName)
    .replace('{lastName}', () => lastName)
    .replace(/\s+/g, ' ')
    .trim();
}

/** The built-in text of a kind in a language, from the catalogs (mail.default.<kind>.*). */
export function defaultTemplate(kind: TemplateKind, language: Language): TemplateText {
  return { subject: translate(language, `mail.default.${kind}.subject`), body: translate(language, `mail.default.${kind}.body`) };
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
