import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { contract, methodNames, type MethodName } from '../../src/shared/contract/index.js';
import { makeApp, type TestApp } from '../helpers/app.js';
import { patientInput, practiceInput } from '../helpers/fixtures.js';
import { sampleInput, stringPaths } from '../helpers/schemaStrings.js';

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

/** The input with `value` at a dotted path ("*" stands for a record's first key). */
function withValue(input: unknown, path: string, value: string): unknown {
  const copy = structuredClone(input) as Record<string, unknown>;
  const keys = path.split('.');
  let node: Record<string, unknown> = copy;
  keys.forEach((key, i) => {
    const k = key === '*' ? Object.keys(node)[0]! : key;
    if (i === keys.length - 1) node[k] = value;
    else node = node[k] as Record<string, unknown>;
  });
  return copy;
}

function valueAt(input: unknown, path: string): string {
  return path.split('.').reduce<unknown>((node, key) => {
    const n = node as Record<string, unknown>;
    return n[key === '*' ? Object.keys(n)[0]! : key];
  }, input) as string;
}

/** The path as a field error names it (a record's first key instead of "*"). */
function concrete(input: unknown, path: string): string {
  const keys = path.split('.');
  let node = input as Record<string, unknown>;
  return keys
    .map((key) => {
      const k = key === '*' ? Object.keys(node)[0]! : key;
      node = node[k] as Record<string, unknown>;
      return k;
    })
    .join('.');
}

/** Fields where a person writes several lines: newline and tab belong there. */
const multiLine = (path: string) => /(^|\.)(anamnesis|notes|body|reason|note|diagnosis|remark)$/.test(path);
/** Search boxes answer whatever is typed; what cannot be searched for becomes a space. */
const searchFields: Partial<Record<MethodName, string[]>> = { 'patients.list': ['query'], 'invoices.list': ['query'], 'payments.searchInvoices': ['query'] };

const everywhere: Array<[string, string]> = [
  ['NUL', '\u0000'], ['ESC', '\u001b'], ['DEL', '\u007f'], ['a C1 control', '\u009b'], ['an unpaired high surrogate', '\uD83D'], ['an unpaired low surrogate', '\uDE00'],
];
const notOnOneLine: Array<[string, string]> = [['a line feed', '\n'], ['a carriage return', '\r'], ['CR LF', '\r\n'], ['a tab', '\t'], ['a line separator', '\u2028']];

describe('every string field of every method refuses control and broken characters, and writes nothing', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await makeApp();
    await app.call('practices.create', { practice: practiceInput() });
    await app.call('patients.create', { patient: patientInput() });
  });
  afterAll(() => app.cleanup());

  const withText = methodNames.filter((m) => stringPaths(contract[m].input).length > 0);
  test('most methods take text to check', () => expect(withText.length).toBeGreaterThan(40));

  test.each(withText)('%s', async (method) => {
    const schema = contract[method].input;
    const sample = sampleInput(schema);
    expect(schema.safeParse(sample).success, 'the untouched input is valid').toBe(true);
    for (const path of stringPaths(schema)) {
      const original = valueAt(sample, path);
      const spoil = (bad: string) => (original === '' ? `a${bad}b` : `${original.slice(0, 1)}${bad}${original.slice(1)}`);
      const search = searchFields[method]?.includes(path) ?? false;
      for (const [what, bad] of [...everywhere, ...(multiLine(path) ? [] : notOnOneLine)]) {
        const before = fingerprint(app);
        const r = await app.dispatch(method, withValue(sample, path, spoil(bad)));
        if (search) {
          expect(r.ok, `${path} with ${what}`).toBe(true);
        } else {
          expect(r.ok, `${path} with ${what}`).toBe(false);
          if (r.ok) continue;
          expect(r.error.code, `${path} with ${what}`).toBe('validation');
          expect(r.error.details?.fields?.map((f) => f.path), `${path} with ${what}`).toContain(concrete(sample, path));
        }
        expect(fingerprint(app), `${path} with ${what}: nothing written`).toBe(before);
      }
      if (multiLine(path)) {
        expect(schema.safeParse(withValue(sample, path, 'Zeile 1\r\n\tZeile 2')).success, `${path} takes lines and tabs`).toBe(true);
      }
      if (/^\d{4}-\d{2}-\d{2}$/.test(original)) {
        for (const date of ['9999-12-31', '1899-12-31', '0000-01-01', '2100-01-01']) {
          const r = await app.dispatch(method, withValue(sample, path, date));
          expect(!r.ok && r.error.details?.fields?.some((f) => f.path === concrete(sample, path) && f.key === 'v.date_range'), `${path} = ${date}`).toBe(true);
        }
      }
    }
  });

  test('patients.list with a NUL, a tab or half an emoji in the query answers like any other query', async () => {
    for (const query of ['Mül\u0000ler', 'Müller\u0000', 'Anna\tMüller', 'Müller \uD83D']) {
      const r = await app.dispatch('patients.list', { query });
      expect(r, JSON.stringify(query)).toMatchObject({ ok: true, data: { total: 1, items: [{ lastName: 'Müller' }] } });
    }
  });
});
