/**
 * Numbers are never given twice, not even after restoring this computer's own older backup: the
 * invoices and credit notes issued since the backup are not in the restored data, but the counters
 * continue after them (a gap is what the restore costs; a repeated number would be a second
 * document under a number a patient already holds).
 */
import { expect, test } from 'vitest';
import { backupToFile, makeBackupApp, restore, setUpBackups } from '../helpers/backups.js';
import { issuedInvoice, setupPractice } from '../helpers/invoicing.js';

test("restoring this computer's older backup: the next invoice and credit note continue after the last ones issued before the restore", async () => {
  const app = await makeBackupApp();
  try {
    const setup = await setupPractice(app);
    await setUpBackups(app);
    const first = await issuedInvoice(app, setup);
    const credit = (invoiceId: string) => app.call('payments.createCreditNote', { invoiceId, kind: 'reduction', amountMinor: 500, reason: 'Kulanz' });
    expect((await credit(first.invoice.id)).number).toBe('GS-2026-0001');
    const { bytes } = await backupToFile(app);

    // Issued after the backup, sent to patients: these numbers are taken for good.
    const second = await issuedInvoice(app, setup, { lastName: 'Zweite' });
    const third = await issuedInvoice(app, setup, { lastName: 'Dritte' });
    expect((await credit(third.invoice.id)).number).toBe('GS-2026-0002');

    await restore(app, bytes);
    const numbers = (await app.call('invoices.list', { status: 'all' })).items.map((i) => i.number);
    expect(numbers).toEqual([first.invoice.number]);

    const next = await issuedInvoice(app, setup, { lastName: 'Nachher' });
    const last = Number(third.invoice.number!.split('-').at(-1));
    expect(next.invoice.number).toBe(`2026-${String(last + 1).padStart(third.invoice.number!.split('-').at(-1)!.length, '0')}`);
    expect([first, second, third].map((i) => i.invoice.number)).not.toContain(next.invoice.number);
    expect((await credit(next.invoice.id)).number).toBe('GS-2026-0003');
  } finally {
    app.cleanup();
  }
});
