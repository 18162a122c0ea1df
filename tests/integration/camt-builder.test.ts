/**
 * The test helper's bank files are what a bank delivers: every shape it builds (batch, partial and
 * overpayment, reversal, pending, no reference, debit, details that do not add up, a batch without
 * details) validates against the official ISO 20022 schema of its message and version, checked with
 * xmllint; and our reader reads back exactly the lines that went in.
 */
import { existsSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseCamt } from '../../src/main/payments/camt.js';
import { buildCamt, camtXsdDir, hasXmllint, validateCamt, type CamtFileInput } from '../helpers/camt.js';

const xmllint = await hasXmllint();
const schemas = existsSync(camtXsdDir);
const account = 'CH9300762011623852957';

function everyShape(message: 'camt.054' | 'camt.053', version: '04' | '08'): CamtFileInput {
  const scor = { type: 'SCOR' as const, value: 'RF89202600042' };
  const qrr = { type: 'QRR' as const, value: '210000000003139471430009017' };
  return {
    message, version, account,
    entries: [
      { entryRef: 'CH4431999123000889012', transactions: [
        { amountMinor: 12_000, reference: qrr, debtorName: 'Anna Müller & Söhne', bankRef: 'B1' },
        { amountMinor: 5_050, reference: scor, debtorName: 'Jo <Keller>', bankRef: 'B2', endToEndId: 'E2E-2' },
      ] },
      { transactions: [{ amountMinor: 7_000, reference: scor, bankRef: 'B3' }], entryAmountMinor: 7_150 },
      { reversal: true, transactions: [{ amountMinor: 12_000, reference: qrr, bankRef: 'B4' }] },
      { status: 'PDNG', transactions: [{ amountMinor: 100, reference: null, bankRef: 'B5' }] },
      { transactions: [{ amountMinor: 2_400, debit: true, bankRef: 'B6' }] },
      { withoutDetails: true, transactions: [{ amountMinor: 300 }, { amountMinor: 400 }] },
    ],
  };
}

describe.each([['camt.054', '04'], ['camt.054', '08'], ['camt.053', '04'], ['camt.053', '08']] as const)('%s.001.%s', (message, version) => {
  test.skipIf(!xmllint || !schemas)(`validates against the ISO schema (needs xmllint from libxml2-utils and ${camtXsdDir})`, async () => {
    expect(await validateCamt(buildCamt(everyShape(message, version)), message, version)).toBe('');
  });

  test('reads back line by line', () => {
    const file = parseCamt(buildCamt(everyShape(message, version)));
    expect(file).toMatchObject({ message, version, accounts: [account, 'CH4431999123000889012'], batchesWithoutDetails: 1 });
    expect(file.lines.map((l) => [l.amountMinor, l.creditDebit, l.reversal, l.status, l.reference, l.debtorName, l.bankRef])).toEqual([
      [12_000, 'CRDT', false, 'BOOK', '210000000003139471430009017', 'Anna Müller & Söhne', 'B1'],
      [5_050, 'CRDT', false, 'BOOK', 'RF89202600042', 'Jo <Keller>', 'B2'],
      [7_000, 'CRDT', false, 'BOOK', 'RF89202600042', null, 'B3'],
      [12_000, 'DBIT', true, 'BOOK', '210000000003139471430009017', null, 'B4'],
      [100, 'CRDT', false, 'PDNG', null, null, 'B5'],
      [2_400, 'DBIT', false, 'BOOK', null, null, 'B6'],
      [700, 'CRDT', false, 'BOOK', null, null, expect.any(String)],
    ]);
    expect(file.differences).toEqual([{ entry: 1, entryAmountMinor: 7_150, detailsMinor: 7_000, currency: 'CHF' }]);
  });
});
