/**
 * Templates per practice and language on a real SQLite file: the built-in text until the practice
 * saves its own, saving, resetting, and the preview with the practice's names.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { mailMethods, type MailHandlers, type MailMethodName, type MailMethodOutput, type MailMethods } from '../../src/shared/contract/mail.js';
import { PracticeFields } from '../../src/shared/contract/practices.js';
import { defaultTemplate } from '../../src/shared/mail/templates.js';
import { openDatabase, type Db } from '../../src/main/db/open.js';
import { createMailHandlers } from '../../src/main/mail/handlers.js';
import { Practices } from '../../src/main/practices/practices.js';
import { keyFileSecretBox } from '../../src/main/secrets/secrets.js';

async function invoke<M extends MailMethodName>(h: MailHandlers, method: M, input: z.input<MailMethods[M]['input']>): Promise<MailMethodOutput<M>> {
  const spec = mailMethods[method];
  const out = await (h[method] as (i: unknown) => unknown)(spec.input.parse(input));
  return spec.output.parse(out) as MailMethodOutput<M>;
}

const clock = { now: () => new Date('2026-03-02T09:00:00Z') };
const practiceInput = (name: string) =>
  PracticeFields.parse({
    name, therapistName: 'Eva Beispiel', profession: 'physiotherapy',
    address: { street: 'Seestrasse', houseNumber: '2', postalCode: '6300', town: 'Zug', country: 'CH' },
    phone: '', email: '', website: '', iban: '', qrReferencePrefix: '', zsrNumber: '', glnNumber: '', vatNumber: '',
    currency: 'CHF', defaultLanguage: 'de', paymentTermDays: 30,
  });
let dir: string;
let db: Db;
let h: MailHandlers;
let practiceId: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'arnika-mail-templates-'));
  ({ db } = await openDatabase(join(dir, 'arnika.sqlite')));
  practiceId = new Practices(db, clock).create(practiceInput('Physio am See')).id;
  h = createMailHandlers({ db, secrets: keyFileSecretBox(dir), clock, resolver: null, fetch: null });
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('templates per practice', () => {
  it('lists the built-in text in all four languages until the practice saves its own', async () => {
    const list = await invoke(h, 'mail.listTemplates', { practiceId });
    expect(list.map((t) => [t.kind, t.language, t.isCustom])).toEqual([
      ['invoice', 'de', false], ['invoice', 'fr', false], ['invoice', 'it', false], ['invoice', 'en', false],
    ]);
    expect(list[1]).toMatchObject({ ...defaultTemplate('invoice', 'fr'), updatedAt: null });
  });

  it('saves one language without touching the others, overwrites on save, and resets to the built-in text', async () => {
    const saved = await invoke(h, 'mail.saveTemplate', {
      practiceId, language: 'fr', kind: 'invoice', subject: 'Votre facture {invoiceNumber}', body: '{salutation},\n\nMerci.\n{therapistName}',
    });
    expect(saved).toMatchObject({ language: 'fr', isCustom: true, subject: 'Votre facture {invoiceNumber}', updatedAt: '2026-03-02T09:00:00.000Z' });
    await invoke(h, 'mail.saveTemplate', { practiceId, language: 'fr', kind: 'invoice', subject: 'Facture {invoiceNumber}', body: 'Merci.' });

    const list = await invoke(h, 'mail.listTemplates', { practiceId });
    expect(list.filter((t) => t.isCustom).map((t) => [t.language, t.subject])).toEqual([['fr', 'Facture {invoiceNumber}']]);
    expect((db.prepare('SELECT count(*) AS n FROM mail_templates').get() as { n: number }).n).toBe(1);

    const reset = await invoke(h, 'mail.resetTemplate', { practiceId, language: 'fr', kind: 'invoice' });
    expect(reset).toMatchObject({ ...defaultTemplate('invoice', 'fr'), isCustom: false });
  });

  it('keeps each practice\'s texts apart, and they go with their practice', async () => {
    const practices = new Practices(db, clock);
    const other = practices.create(practiceInput('Zweitpraxis')).id;
    await invoke(h, 'mail.saveTemplate', { practiceId: other, language: 'de', kind: 'invoice', subject: 'Zweit {invoiceNumber}', body: 'x' });
    expect((await invoke(h, 'mail.listTemplates', { practiceId }))[0]!.isCustom).toBe(false);
    practices.delete(other);
    expect((db.prepare('SELECT count(*) AS n FROM mail_templates').get() as { n: number }).n).toBe(0);
  });

  it('answers not_found for an unknown practice', async () => {
    await expect(invoke(h, 'mail.listTemplates', { practiceId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('mail.previewTemplate', () => {
  it('fills in the practice\'s names and example values in the template\'s language', async () => {
    const t = defaultTemplate('invoice', 'it');
    const preview = await invoke(h, 'mail.previewTemplate', { practiceId, language: 'it', ...t });
    expect(preview.subject).toBe('Fattura 2026-0001 di Physio am See');
    expect(preview.body).toContain('Gentile Signora Muster,');
    expect(preview.body).toContain('Eva Beispiel\nPhysio am See');
    expect(preview.unknownPlaceholders).toEqual([]);
  });

  it('takes given values over the examples and reports unknown placeholders instead of refusing them', async () => {
    const preview = await invoke(h, 'mail.previewTemplate', {
      practiceId, language: 'de', subject: 'Rechnung {invoiceNumber}', body: '{salutation} {vorname}', values: { invoiceNumber: '2026-0777', salutation: 'Guten Tag' },
    });
    expect(preview).toEqual({ subject: 'Rechnung 2026-0777', body: 'Guten Tag {vorname}', unknownPlaceholders: ['vorname'] });
  });
});
