import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { methodNames } from '../../src/shared/contract/index.js';
import { makeApp, type TestApp } from '../helpers/app.js';
import { patientInput, practiceInput } from '../helpers/fixtures.js';

/** A fingerprint of every row in every table: "nothing was written" means it does not change. */
function fingerprint(app: TestApp): string {
  const db = app.db!;
  // WITHOUT ROWID tables (FTS5's _idx) have no rowid to order by; the index's content table is covered.
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE '%WITHOUT ROWID%' ORDER BY name").all() as { name: string }[];
  const hash = createHash('sha256');
  for (const { name } of tables) hash.update(name + JSON.stringify(db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all()));
  return hash.digest('hex');
}

const malformed: Array<[string, unknown]> = [
  ['a number', 42],
  ['a string', 'patients'],
  ['an array', [1, 2]],
  ['an unknown field', { __bogus: true }],
  ['an id that is no UUID', { id: "1' OR '1'='1" }],
];

describe('every contract method refuses malformed input and writes nothing', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await makeApp();
    await app.call('practices.create', { practice: practiceInput() });
    await app.call('patients.create', { patient: patientInput() });
  });
  afterAll(() => app.cleanup());

  test('there are methods to check', () => expect(methodNames.length).toBeGreaterThan(10));

  for (const method of methodNames) {
    test.each(malformed)(`${method} refuses %s`, async (_what, input) => {
      const before = fingerprint(app);
      const error = await app.fail(method, input);
      expect(error.code).toBe('validation');
      expect(fingerprint(app)).toBe(before);
    });
  }

  test('an unknown method is refused with its own code', async () => {
    expect((await app.fail('patients.dropAll' as never, {})).code).toBe('unknown_method');
  });

  test('field errors name the field and a message key', async () => {
    const error = await app.fail('patients.create', { patient: patientInput({ email: 'not-an-email', ahvNumber: '756.1234.5678.98' }) });
    expect(error.details?.fields).toEqual(
      expect.arrayContaining([
        { path: 'patient.email', key: 'v.email' },
        { path: 'patient.ahvNumber', key: 'v.ahv_check' },
      ]),
    );
  });
});
