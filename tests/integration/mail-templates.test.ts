/**
 * Templates per practice and language through the real app (createApp on a real SQLite file) and its
 * dispatcher: the built-in text until the practice saves its own, saving, resetting, and the preview
 * with the practice's names.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MethodInput, MethodName } from '../../src/shared/contract/index.js';
import type { PracticeFieldsInput } from '../../src/shared/contract/practices.js';
import { defaultTemplate } from '../../src/shared/mail/templates.js';
import { makeApp, type TestApp } from '../helpers/app.js';

const practiceInput = (name: string): PracticeFieldsInput => ({
    name, therapistName: 'Eva Beispiel', profession: 'physiotherapy',
    address: { street: 'Seestrasse', houseNumber: '2', postalCode: '6300', town: 'Zug', country: 'CH' },
    phone: '', email: '', website: '', iban: '', qrReferencePrefix: '', zsrNumber: '', glnNumber: '', vatNumber: '',
    currency: 'CHF', defaultLanguage: 'de', paymentTermDays: 30,
});
let app: TestApp;
let practiceId: string;

beforeEach(async () => {
  app = await makeApp({ now: '2026-03-02T09:00:00Z', app: { mail: { network: { resolver: null, fetch: null } } } });
  practiceId = (await app.call('practices.create', { practice: practiceInput('Physio am See') })).id;
});

afterEach(() => app?.cleanup());

/** A mail method through the dispatcher; its data, or the test fails with the error envelope. */
const invoke = <M extends MethodName>(method: M, input: MethodInput<M>) => app.call(method, input);
const count = () => (app.db!.prepare('SELECT count(*) AS n FROM mail_templates').get() as { n: number }).n;

describe('templates per practice', () => {
  it('lists the built-in text in all four languages until the practice saves its own', async () => {
    const list = await invoke('mail.listTemplates', { practiceId });
    // The invoice's text, and one per reminder level (reminders attach the reminder's PDF).
    expect(list.map((t) => [t.kind, t.language, t.isCustom])).toEqual(
      ['invoice', 'reminder1', 'reminder2', 'reminder3'].flatMap((kind) => ['de', 'fr', 'it', 'en'].map((lang) => [kind, lang, false])),
    );
    expect(list[1]).toMatchObject({ ...defaultTemplate('invoice', 'fr'), updatedAt: null });
  });

  it('saves one language without touching the others, overwrites on save, and resets to the built-in text', async () => {
    const saved = await invoke('mail.saveTemplate', {
      practiceId, language: 'fr', kind: 'invoice', subject: 'Votre facture {invoiceNumber}', body: '{salutation},\n\nMerci.\n{therapistName}',
    });
    expect(saved).toMatchObject({ language: 'fr', isCustom: true, subject: 'Votre facture {invoiceNumber}', updatedAt: '2026-03-02T09:00:00.000Z' });
    await invoke('mail.saveTemplate', { practiceId, language: 'fr', kind: 'invoice', subject: 'Facture {invoiceNumber}', body: 'Merci.' });

    const list = await invoke('mail.listTemplates', { practiceId });
    expect(list.filter((t) => t.isCustom).map((t) => [t.language, t.subject])).toEqual([['fr', 'Facture {invoiceNumber}']]);
    expect(count()).toBe(1);

    const reset = await invoke('mail.resetTemplate', { practiceId, language: 'fr', kind: 'invoice' });
    expect(reset).toMatchObject({ ...defaultTemplate('invoice', 'fr'), isCustom: false });
  });

  it('keeps each practice\'s texts apart, and they go with their practice', async () => {
    const other = (await app.call('practices.create', { practice: practiceInput('Zweitpraxis') })).id;
    await invoke('mail.saveTemplate', { practiceId: other, language: 'de', kind: 'invoice', subject: 'Zweit {invoiceNumber}', body: 'x' });
    expect((await invoke('mail.listTemplates', { practiceId }))[0]!.isCustom).toBe(false);
    await app.call('practices.delete', { id: other });
    expect(count()).toBe(0);
  });

  it('answers not_found for an unknown practice', async () => {
    expect(await app.fail('mail.listTemplates', { practiceId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ code: 'not_found' });
  });
});

describe('mail.previewTemplate', () => {
  it('fills in the practice\'s names and example values in the template\'s language', async () => {
    const t = defaultTemplate('invoice', 'it');
    const preview = await invoke('mail.previewTemplate', { practiceId, language: 'it', ...t });
    expect(preview.subject).toBe('Fattura 2026-00001 di Physio am See');
    expect(preview.body).toContain('Gentile Signora Muster,');
    expect(preview.body).toContain('Eva Beispiel\nPhysio am See');
    expect(preview.unknownPlaceholders).toEqual([]);
  });

  it('shows the invoice number in the practice\'s own format', async () => {
    await app.call('practices.update', { id: practiceId, practice: { ...practiceInput('Physio am See'), invoiceNumberFormat: 'RE-{YY}/{NNN}' } });
    const preview = await invoke('mail.previewTemplate', { practiceId, language: 'de', ...defaultTemplate('invoice', 'de') });
    expect(preview.subject).toContain('RE-26/001');
  });

  it('takes given values over the examples and reports unknown placeholders instead of refusing them', async () => {
    const preview = await invoke('mail.previewTemplate', {
      practiceId, language: 'de', subject: 'Rechnung {invoiceNumber}', body: '{salutation} {vorname}', values: { invoiceNumber: '2026-0777', salutation: 'Guten Tag' },
    });
    expect(preview).toEqual({ subject: 'Rechnung 2026-0777', body: 'Guten Tag {vorname}', unknownPlaceholders: ['vorname'] });
  });
});
