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

  const refused = (sql: string, ...params: unknown[]) => expect(() => app.db!.prepare(sql).run(...params)).toThrow(/immutable|cannot be deleted|issued invoice|never reused/);

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
    refused('INSERT INTO consultation_items VALUES (?, 99, ?, 100, 100, 0)', consultationId, service_id);
    refused('DELETE FROM invoice_consultations WHERE invoice_id = ?', invoiceId);
  });

  test('invoice numbers never go back', () => {
    refused('UPDATE number_ranges SET next_value = next_value - 1');
  });

  test('the refused changes left everything as it was', async () => {
    const inv = await app.call('invoices.get', { id: invoiceId });
    expect(inv).toMatchObject({ status: 'issued', number: '2026-00001', totalMinor: 16_695 });
  });
});
