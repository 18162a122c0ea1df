/**
 * A second workstation: it restores the main computer's backup and takes the next free block of
 * invoice numbers of the main range's size (1000001–2000000 next to the default 1–999999), with the main
 * computer's range recorded as another workstation's, so that overlaps stay impossible; it issues
 * from its own range. Mail the main computer had queued is not sent from here. A third one finds
 * both ranges taken and takes the block after.
 */
import { expect, test } from 'vitest';
import { workstationBlockSize } from '../../src/main/invoices/numbering.js';
import type { TestApp } from '../helpers/app.js';
import { backupToFile, makeBackupApp, restore, setUpBackups } from '../helpers/backups.js';
import { issuedInvoice, setupPractice } from '../helpers/invoicing.js';

async function mainComputer(): Promise<{ app: TestApp; setup: Awaited<ReturnType<typeof setupPractice>> }> {
  const app = await makeBackupApp();
  const setup = await setupPractice(app);
  await issuedInvoice(app, setup);
  await issuedInvoice(app, setup);
  await setUpBackups(app);
  return { app, setup };
}

test('block sizes: the main range rounded up to two significant digits', () => {
  expect(workstationBlockSize(9_999)).toBe(10_000);
  expect(workstationBlockSize(10_000)).toBe(10_000);
  expect(workstationBlockSize(99_999)).toBe(100_000);
  expect(workstationBlockSize(5_000)).toBe(5_000);
  expect(workstationBlockSize(1_500)).toBe(1_500);
  expect(workstationBlockSize(7)).toBe(7);
});

test('the second workstation takes 1000001–2000000, records the main range, and issues 1000001', async () => {
  const { app: main, setup } = await mainComputer();
  const { bytes } = await backupToFile(main);

  const second = await makeBackupApp();
  const result = await restore(second, bytes, 'secondWorkstation', 'Empfang');
  expect(result.numberRange).toEqual({ from: 1_000_001, to: 2_000_000, mainFrom: 1, mainTo: 999_999 });
  const ranges = await second.call('numberRanges.list', {});
  expect(ranges.map((r) => ({ label: r.label, from: r.from, to: r.to, thisWorkstation: r.thisWorkstation, active: r.active }))).toEqual([
    { label: 'Arbeitsplatz 1', from: 1, to: 999_999, thisWorkstation: false, active: false },
    { label: 'Empfang', from: 1_000_001, to: 2_000_000, thisWorkstation: true, active: true },
  ]);
  // A range over the main computer's is refused here.
  expect((await second.fail('numberRanges.create', { range: { label: 'X', from: 5_000, to: 6_000, thisWorkstation: true } })).code).toBe('invoice.number_range_overlap');

  const invoice = await issuedInvoice(second, setup, { lastName: 'Zweitrechner' });
  expect(invoice.invoice.number).toBe('2026-1000001');

  // A third computer from the second one's backup: both blocks are taken, it gets the next.
  await setUpBackups(second);
  const third = await makeBackupApp();
  expect((await restore(third, (await backupToFile(second)).bytes, 'secondWorkstation', 'Praxisraum 2')).numberRange).toEqual({ from: 2_000_001, to: 3_000_000, mainFrom: 1_000_001, mainTo: 2_000_000 });
  for (const a of [main, second, third]) a.cleanup();
});

test('a main computer that never issued: its default range is recorded, the second takes 1000001–2000000', async () => {
  const main = await makeBackupApp();
  await setupPractice(main);
  await setUpBackups(main);
  const second = await makeBackupApp();
  const result = await restore(second, (await backupToFile(main)).bytes, 'secondWorkstation', 'Laptop');
  expect(result.numberRange).toEqual({ from: 1_000_001, to: 2_000_000, mainFrom: 1, mainTo: 999_999 });
  main.cleanup();
  second.cleanup();
});

test('a second workstation needs a name', async () => {
  const { app: main } = await mainComputer();
  const second = await makeBackupApp();
  const { inspected } = await import('../helpers/backups.js');
  const summary = await inspected(second, (await backupToFile(main)).bytes);
  const error = await second.fail('backup.restore', { restoreId: summary.restoreId, mode: 'secondWorkstation' });
  expect(error).toMatchObject({ code: 'validation', details: { fields: [{ path: 'workstationName', key: 'v.required' }] } });
  main.cleanup();
  second.cleanup();
});
