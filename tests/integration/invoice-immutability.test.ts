import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeApp, type TestApp } from '../helpers/app.js';
import { issuedInvoice, setupPractice } from '../helpers/invoicing.js';

/** What the app never does, tried directly in SQL: the database itself must refuse it. */
describe('issued invoices are immutable at the database level', () => {
  let app: TestApp;
  let invoiceId: string;
  let cancelledId: string;
  let consultationId: string;
  beforeAll(async () => {
    app = await makeApp();
    const setup = await setupPractice(app);
    const first = await issuedInvoice(app, setup);
    invoiceId = first.invoice.id;
    consultationId = first.consultations[0]!.id;
    const second = await issuedInvoice(app, setup, { lastName: 'Storniert' });
    cancelledId = second.invoice.id;
    await app.call('invoices.cancel', { id: cancelledId, reason: 'Test' });
  });
  afterAll(() => app.cleanup());

  const refused = (sql: string, ...params: unknown[]) => expect(() => app.db!.prepare(sql).run(...params)).toThrow(/immutable|cannot be deleted|issued invoice|never reused|never changes|belongs to a treatment case/);

  test.each([
    ['the total', "UPDATE invoices SET total_minor = 1 WHERE id = ?"],
    ['the printed snapshot', "UPDATE invoices SET snapshot = '{}' WHERE id = ?"],
    ['the number', "UPDATE invoices SET number = 'X-1' WHERE id = ?"],
    ['the invoice date', "UPDATE invoices SET invoice_date = '2020-01-01' WHERE id = ?"],
    ['the recipient', "UPDATE invoices SET recipient = 'billing' WHERE id = ?"],
    ['the status back to draft', "UPDATE invoices SET status = 'draft', number = NULL WHERE id = ?"],
  ])('changing %s of an issued invoice fails', (_what, sql) => refused(sql, invoiceId));

  test('deleting an issued or a cancelled invoice fails', () => {
    refused('DELETE FROM invoices WHERE id = ?', invoiceId);
    refused('DELETE FROM invoices WHERE id = ?', cancelledId);
  });

  test('a cancelled invoice cannot be revived or changed', () => {
    refused("UPDATE invoices SET status = 'issued', cancelled_at = NULL WHERE id = ?", cancelledId);
    refused("UPDATE invoices SET cancel_reason = 'anders' WHERE id = ?", cancelledId);
  });

  test('the consultations and services on an issued invoice are frozen', () => {
    refused('UPDATE consultations SET duration_minutes = 5 WHERE id = ?', consultationId);
    refused('DELETE FROM consultations WHERE id = ?', consultationId);
    refused('UPDATE consultation_items SET unit_price_minor = 1 WHERE consultation_id = ?', consultationId);
    refused('DELETE FROM consultation_items WHERE consultation_id = ?', consultationId);
    const { service_id } = app.db!.prepare('SELECT service_id FROM consultation_items WHERE consultation_id = ?').get(consultationId) as { service_id: string };
    refused('INSERT INTO consultation_items VALUES (?, 99, ?, 100, 100, 0, NULL)', consultationId, service_id);
    refused("UPDATE consultations SET case_id = NULL WHERE id = ?", consultationId);
    refused('DELETE FROM invoice_consultations WHERE invoice_id = ?', invoiceId);
  });

  test('free lines and discounts cannot be added to an issued invoice', () => {
    refused("INSERT INTO invoice_extra_lines (invoice_id, position, kind, text, quantity_hundredths, unit_price_minor, vat_rate_bp) VALUES (?, 0, 'free', 'Bericht', 100, 5000, 0)", invoiceId);
    refused("INSERT INTO invoice_extra_lines (invoice_id, position, kind, text, percent_bp) VALUES (?, 0, 'discount', 'Rabatt', 1000)", invoiceId);
    refused('UPDATE invoices SET note = ? WHERE id = ?', 'nachträglich', invoiceId);
  });

  test('invoice numbers never go back', () => {
    refused('UPDATE number_ranges SET next_value = next_value - 1');
    app.db!.prepare("INSERT INTO number_range_years (range_id, year, next_value) SELECT id, 2030, 5 FROM number_ranges LIMIT 1").run();
    refused('UPDATE number_range_years SET next_value = 4 WHERE year = 2030');
    refused("UPDATE invoices SET number_period = 2026 WHERE id = ?", invoiceId);
  });

  test('the post history is never changed or deleted', async () => {
    await app.call('invoices.recordPost', { id: invoiceId, how: 'marked' });
    refused("UPDATE post_dispatches SET at = '2000-01-01' WHERE invoice_id = ?", invoiceId);
    refused('DELETE FROM post_dispatches WHERE invoice_id = ?', invoiceId);
  });

  test('the refused changes left everything as it was', async () => {
    const inv = await app.call('invoices.get', { id: invoiceId });
    expect(inv).toMatchObject({ status: 'issued', number: '2026-00001', totalMinor: 16_695 });
  });
});
