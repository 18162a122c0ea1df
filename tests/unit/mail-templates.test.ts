/**
 * Email templates as text: the built-in invoice texts, rendering, unknown placeholders (reported in
 * a preview, refused with a field error on save), the greeting line.
 */
import { describe, expect, it } from 'vitest';
import { mailMethods } from '../../src/shared/contract/mail.js';
import {
  defaultTemplate, placeholders, renderTemplate, salutationLine, sampleValues, unknownPlaceholders, type TemplateValues,
} from '../../src/shared/mail/templates.js';
import { languages } from '../../src/shared/validation/fields.js';
import { toFieldErrors } from '../../src/shared/validation/issues.js';

const values: TemplateValues = {
  salutation: 'Sehr geehrte Frau Muster', firstName: 'Anna', lastName: 'Muster', invoiceNumber: '2026-0042', amount: 'CHF 180.00',
  dueDate: '30.04.2026', practiceName: 'Physio am See', therapistName: 'Eva Beispiel',
};

describe('built-in invoice templates', () => {
  it.each(languages)('%s: uses only known placeholders, and the ones an invoice mail needs', (lang) => {
    const t = defaultTemplate('invoice', lang);
    expect(unknownPlaceholders(t.subject + t.body)).toEqual([]);
    for (const p of ['salutation', 'invoiceNumber', 'amount', 'dueDate', 'therapistName', 'practiceName']) {
      expect(t.subject + t.body, p).toContain(`{${p}}`);
    }
    expect(t.subject).not.toMatch(/[\r\n]/);
    const rendered = renderTemplate(t, values);
    expect(rendered.unknownPlaceholders).toEqual([]);
    expect(rendered.body).not.toMatch(/\{\w+\}/);
    expect(rendered.body).toContain('2026-0042');
  });

  it('German is Swiss: "Grüsse", no comma after the greeting', () => {
    const t = defaultTemplate('invoice', 'de');
    expect(t.body).toContain('Freundliche Grüsse');
    expect(t.body).not.toContain('ß');
    expect(t.body.startsWith('{salutation}\n')).toBe(true);
    expect(defaultTemplate('invoice', 'fr').body.startsWith('{salutation},\n')).toBe(true);
  });

  it('French and Italian as a Swiss practice writes them: "Madame," alone, "Le invio", "Resto a Sua disposizione"', () => {
    const fr = renderTemplate(defaultTemplate('invoice', 'fr'), { ...values, salutation: salutationLine('fr', 'ms', 'Anna', 'Muster') });
    expect(fr.body).toMatch(/^Madame,\n\nVeuillez trouver ci-joint la facture 2026-0042 /);
    expect(fr.body).toContain('Je reste à votre disposition');
    const it = renderTemplate(defaultTemplate('invoice', 'it'), { ...values, salutation: salutationLine('it', 'mr', 'Luca', 'Rossi') });
    expect(it.body).toMatch(/^Gentile Signor Rossi,\n\nin allegato Le invio la fattura 2026-0042 /);
    expect(it.body).toContain('Resto a Sua disposizione');
  });

  it('hands out a copy, not the shared object', () => {
    const t = defaultTemplate('invoice', 'de');
    t.subject = 'changed';
    expect(defaultTemplate('invoice', 'de').subject).not.toBe('changed');
  });
});

describe('renderTemplate', () => {
  it('fills every placeholder, as often as it occurs', () => {
    const r = renderTemplate({ subject: 'Rechnung {invoiceNumber}', body: '{salutation}\n{invoiceNumber} / {invoiceNumber}: {amount} bis {dueDate}' }, values);
    expect(r).toEqual({
      subject: 'Rechnung 2026-0042',
      body: 'Sehr geehrte Frau Muster\n2026-0042 / 2026-0042: CHF 180.00 bis 30.04.2026',
      unknownPlaceholders: [],
    });
  });

  it('leaves unknown placeholders visible and reports each once; other braces are text', () => {
    const r = renderTemplate({ subject: '{rechnungsnummer}', body: 'Hallo {firstname} {firstName} {firstname}, { } {1} {a-b}' }, values);
    expect(r.body).toBe('Hallo {firstname} Anna {firstname}, { } {1} {a-b}');
    expect(r.unknownPlaceholders).toEqual(['rechnungsnummer', 'firstname']);
  });

  it('keeps the subject on one line even if a value has a line break', () => {
    const r = renderTemplate({ subject: 'Rechnung {practiceName}', body: '' }, { ...values, practiceName: 'Physio\r\nBcc: x@example.com' });
    expect(r.subject).toBe('Rechnung Physio Bcc: x@example.com');
  });

  it('does not treat replacement patterns in values specially', () => {
    expect(renderTemplate({ subject: '{lastName}', body: '' }, { ...values, lastName: "$& $' $1" }).subject).toBe("$& $' $1");
  });
});

describe('salutationLine', () => {
  it.each([
    ['de', 'ms', 'Sehr geehrte Frau Muster'],
    ['de', 'mr', 'Sehr geehrter Herr Muster'],
    ['de', 'none', 'Guten Tag Anna Muster'],
    ['fr', 'ms', 'Madame'],
    ['fr', 'none', 'Bonjour Anna Muster'],
    ['it', 'mr', 'Gentile Signor Muster'],
    ['en', 'none', 'Dear Anna Muster'],
  ] as const)('%s %s', (lang, kind, expected) => {
    expect(salutationLine(lang, kind, 'Anna', 'Muster')).toBe(expected);
  });

  it('does not leave a double space without a first name, and takes names literally', () => {
    expect(salutationLine('de', 'none', '', 'Muster')).toBe('Guten Tag Muster');
    expect(salutationLine('de', 'ms', 'Anna', "$& $'")).toBe("Sehr geehrte Frau $& $'");
  });
});

describe('sample values for the preview', () => {
  it('cover every placeholder and carry the practice\'s names', () => {
    const v = sampleValues('fr', { practiceName: 'Cabinet du Lac', therapistName: 'Eva Exemple' });
    expect(Object.keys(v).sort()).toEqual([...placeholders].sort());
    expect(v).toMatchObject({ practiceName: 'Cabinet du Lac', therapistName: 'Eva Exemple', salutation: 'Madame' });
  });
});

describe('saving refuses unknown placeholders with a field error', () => {
  const base = { practiceId: '6f1c2a4e-8d3b-4c1a-9e7f-2b5d8c0a1e34', language: 'de', kind: 'invoice' };
  const errors = (input: object) => {
    const r = mailMethods['mail.saveTemplate'].input.safeParse({ ...base, ...input });
    return r.success ? [] : toFieldErrors(r.error.issues);
  };

  it('names the unknown placeholders per field', () => {
    expect(errors({ subject: 'Rechnung {nummer}', body: 'Hallo {vorname} {firstName} {betrag}' })).toEqual([
      { path: 'subject', key: 'v.mail_unknown_placeholder', params: { placeholders: '{nummer}' } },
      { path: 'body', key: 'v.mail_unknown_placeholder', params: { placeholders: '{vorname}, {betrag}' } },
    ]);
  });

  it('accepts known placeholders, refuses a multi-line or empty subject and an empty body', () => {
    expect(errors(defaultTemplate('invoice', 'de'))).toEqual([]);
    expect(errors({ subject: 'a\nb', body: 'x' })).toEqual([{ path: 'subject', key: 'v.single_line' }]);
    expect(errors({ subject: '', body: '  ' })).toEqual([
      { path: 'subject', key: 'v.required' },
      { path: 'body', key: 'v.required' },
    ]);
  });
});
