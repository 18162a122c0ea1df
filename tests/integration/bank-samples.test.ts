/**
 * Every real bank sample in the shared data (camt.054 and camt.053 as Swiss banks deliver them,
 * versions .04 and .08) is read, and the preview groups its lines as they are: QRR batches with the
 * QR-IBAN in NtryRef, ESR references, lines without a reference, debits, pending and reversed
 * entries. None of their accounts belongs to the practice, so each is flagged and nothing of it can
 * be booked. The invalid sample is refused with a clear message.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeApp, type TestApp } from '../helpers/app.js';
import { camtDataDir } from '../helpers/camt.js';
import { groupCounts, readBankFile, refusedBankFile } from '../helpers/bankImport.js';
import { setupPractice } from '../helpers/invoicing.js';

const samples = existsSync(camtDataDir) ? readdirSync(camtDataDir).filter((f) => f.endsWith('.xml')).sort() : [];

/** What each sample's preview shows, group by group. */
const expected: Record<string, Record<string, number>> = {
  'camt053-v00104-Business_Sample_camt.053.001.04.xml': { ignored: 2, no_reference: 1 },
  'camt053-v00104-camt.053_P_CH0309000000250090342_380000000_0_2016053100163801.xml': { ignored: 6, unknown_reference: 10, no_reference: 14, reversal: 2 },
  'camt054-v00104-200519_camt.054_P_CH2909000000250094239_1111091335_0_2020061900081727_v2009.xml': { unknown_reference: 2 },
  'camt054-v00104-200519_camt054-ESR-ASR_P_CH2909000000250094239_1110092704_0_2019042500372179_v2009.xml': { ignored: 1 },
  'camt054-v00104-camt.054-ES_P_CH0309000000250090342_38000000_0_2016052723011813.xml': { no_reference: 8 },
  'camt054-v00104-camt.054_P_CH2909000000250094239_1111111112_0_2022031011011199_v2009.xml': { no_reference: 1 },
  'camt054-v00104-camt.054_P_CH2909000000250094239_1111111119_0_2022030911011199_v2009.xml': { no_reference: 1 },
  'camt054-v00104-camt_054_Beispiel_NoCrdtBookedNotReversed.xml': { reversal: 1, pending: 1, ignored: 1 },
  'camt054-v00104-camt_054_Beispiel_SammelbuchungEs.xml': { no_reference: 2 },
  'camt054-v00104-camt_054_Beispiel_ZA1_ESR_ZE.xml': { unknown_reference: 1 },
  'camt054.v00108-200519_camt.054_P_CH2909000000250094239_1111091335_0_2020061900081727_v2019.xml': { unknown_reference: 2 },
  'camt054.v00108-camt.054_P_CH2909000000250094239_1111111112_0_2022031011011199_v2019.xml': { no_reference: 1 },
};

/** What the preview says about a file beyond its lines. */
const notices: Record<string, { key: string; params: Record<string, string | number> }[]> = {
  // An entry of SEK 105'678.50 whose one detail says 0, and a batch entry delivered without details.
  'camt053-v00104-Business_Sample_camt.053.001.04.xml': [
    { key: 'import.notice.difference', params: { entry: 1, entryAmount: 'SEK 105678.50', details: 'SEK 0.00', difference: 'SEK 105678.50' } },
    { key: 'import.notice.batches_without_details', params: { count: 1 } },
  ],
};

let app: TestApp;
beforeAll(async () => {
  app = await makeApp();
  await setupPractice(app);
});
afterAll(() => app.cleanup());

describe.skipIf(samples.length === 0)(`the shared bank samples (${camtDataDir})`, () => {
  test('are all there', () => {
    expect(samples.filter((s) => !s.includes('invalid'))).toEqual(Object.keys(expected).sort());
  });

  test.each(Object.keys(expected))('%s', async (name) => {
    const summary = await readBankFile(app, readFileSync(join(camtDataDir, name)), name);
    expect(groupCounts(summary)).toEqual(expected[name]);
    expect(summary.foreignAccount).toBe(true);
    expect(summary.notices).toEqual(notices[name] ?? []);
    const refused = await app.fail('payments.bookImport', { importId: summary.id, groups: ['full', 'partial', 'reversal'] });
    expect(refused.code).toBe('payments.foreign_account');
  });

  test('the invalid one (no notification in it) is refused with what is wrong', async () => {
    const name = samples.find((s) => s.includes('invalid'))!;
    expect(await refusedBankFile(app, readFileSync(join(camtDataDir, name)), name)).toMatchObject({ code: 'payments.bank_file_not_camt' });
  });
});
