/**
 * A second workstation: it restores the main computer's backup and takes the next free block of
 * invoice numbers of the main range's size (1'000'001–2'000'000 next to the default 1–999'999),
 * with the main computer's range recorded as another workstation's, so that overlaps stay
 * impossible; it issues from its own range, counted per year like the main one. A third one finds
 * both ranges taken and takes the block after. Later restores keep each computer's range with the
 * computer: the second workstation that restores the main computer's newer backup still issues
 * from its own range and never gives a number twice.
 */
import { expect, test } from 'vitest';
import { workstationBlockSize } from '../../src/main/invoices/numbering.js';
import type { TestApp } from '../helpers/app.js';
import { backupToFile, inspected, makeBackupApp, restore, setUpBackups } from '../helpers/backups.js';
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
  // Counted per year in its own range, like the main computer's: next year starts at its own start again.
  second.clock.set('2027-01-05T10:00:00Z');
  const nextYear = await issuedInvoice(second, setup, { lastName: 'Neujahr' });
  expect(nextYear.invoice.number).toBe('2027-1000001');

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
  const summary = await inspected(second, (await backupToFile(main)).bytes);
  const error = await second.fail('backup.restore', { restoreId: summary.restoreId, mode: 'secondWorkstation' });
  expect(error).toMatchObject({ code: 'validation', details: { fields: [{ path: 'workstationName', key: 'v.required' }] } });
  main.cleanup();
  second.cleanup();
});

/** The second workstation set up from the main computer's backup, having issued one invoice of its own. */
async function secondWorkstation() {
  const { app: main, setup } = await mainComputer();
  const second = await makeBackupApp();
  await restore(second, (await backupToFile(main)).bytes, 'secondWorkstation', 'Empfang');
  expect((await issuedInvoice(second, setup, { lastName: 'Zweitrechner' })).invoice.number).toBe('2026-1000001');
  await setUpBackups(second);
  return { main, second, setup };
}

const rangesOf = async (app: TestApp) => (await app.call('numberRanges.list', {})).map((r) => ({ label: r.label, from: r.from, to: r.to, thisWorkstation: r.thisWorkstation, active: r.active }));

test('the second workstation restores the main computer\'s newer backup: it keeps its own range and its next number', async () => {
  const { main, second, setup } = await secondWorkstation();
  // The main computer goes on and backs up: its backup says nothing of the second's range.
  expect((await issuedInvoice(main, setup, { lastName: 'Hauptrechner' })).invoice.number).toBe('2026-00003');
  const newer = (await backupToFile(main)).bytes;

  await restore(second, newer, 'replace');
  expect(await rangesOf(second)).toEqual([
    { label: 'Arbeitsplatz 1', from: 1, to: 999_999, thisWorkstation: false, active: false },
    { label: 'Empfang', from: 1_000_001, to: 2_000_000, thisWorkstation: true, active: true },
  ]);
  // Its own range, and not 1000001 again (issued here before the restore): numbers are never reused.
  expect((await issuedInvoice(second, setup, { lastName: 'Danach' })).invoice.number).toBe('2026-1000002');
  // And never the main computer's next number.
  expect((await issuedInvoice(main, setup, { lastName: 'Haupt' })).invoice.number).toBe('2026-00004');
  for (const a of [main, second]) a.cleanup();
});

test('the main computer recorded the second\'s range by hand: the same span is the same range, kept as the second\'s own', async () => {
  const { main, second, setup } = await secondWorkstation();
  await main.call('numberRanges.create', { range: { label: 'Empfang (Zweitrechner)', from: 1_000_001, to: 2_000_000, thisWorkstation: false } });
  await restore(second, (await backupToFile(main)).bytes, 'replace');
  expect(await rangesOf(second)).toEqual([
    { label: 'Arbeitsplatz 1', from: 1, to: 999_999, thisWorkstation: false, active: false },
    { label: 'Empfang', from: 1_000_001, to: 2_000_000, thisWorkstation: true, active: true },
  ]);
  expect((await issuedInvoice(second, setup, { lastName: 'Danach' })).invoice.number).toBe('2026-1000002');
  for (const a of [main, second]) a.cleanup();
});

test('a backup in which this computer\'s range overlaps another range is refused, and nothing is replaced', async () => {
  const { main, second, setup } = await secondWorkstation();
  await main.call('numberRanges.create', { range: { label: 'Laptop', from: 1_500_000, to: 1_600_000, thisWorkstation: false } });
  const summary = await inspected(second, (await backupToFile(main)).bytes);
  const end = await second.jobs.settled((await second.call('backup.restore', { restoreId: summary.restoreId, mode: 'replace' })).id);
  expect(end.state).toBe('failed');
  expect(end.error).toMatchObject({ code: 'backup.workstation_range_taken', details: { label: 'Empfang', from: 1_000_001, to: 2_000_000, other: 'Laptop' } });
  // The second workstation's data as it was: its own invoice is there, and it goes on from its range.
  expect((await issuedInvoice(second, setup, { lastName: 'Danach' })).invoice.number).toBe('2026-1000002');
  for (const a of [main, second]) a.cleanup();
});

test('credit notes: the second workstation numbers in its own block, so the two computers never give the same number', async () => {
  const { app: main, setup } = await mainComputer();
  const reduce = (app: TestApp, invoiceId: string) => app.call('payments.createCreditNote', { invoiceId, kind: 'reduction', amountMinor: 500, reason: 'Kulanz' });
  const onMain = await issuedInvoice(main, setup, { lastName: 'Haupt' });
  expect((await reduce(main, onMain.invoice.id)).number).toBe('GS-2026-0001');
  const { bytes } = await backupToFile(main);

  const second = await makeBackupApp();
  await restore(second, bytes, 'secondWorkstation', 'Empfang');
  const onSecond = await issuedInvoice(second, setup, { lastName: 'Zweit' });
  expect((await reduce(second, onSecond.invoice.id)).number).toBe('GS-2026-1000001');
  expect((await reduce(second, onSecond.invoice.id)).number).toBe('GS-2026-1000002');
  // The main computer goes on in its own block.
  expect((await reduce(main, onMain.invoice.id)).number).toBe('GS-2026-0002');

  // The second workstation restores the main computer's newer backup: it keeps counting where it was.
  await setUpBackups(main);
  await restore(second, (await backupToFile(main)).bytes);
  const later = await issuedInvoice(second, setup, { lastName: 'Später' });
  expect((await reduce(second, later.invoice.id)).number).toBe('GS-2026-1000003');
  for (const a of [main, second]) a.cleanup();
});
