import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { makeApp, type TestApp } from '../helpers/app.js';
import { patientInput, practiceInput } from '../helpers/fixtures.js';

let app: TestApp;
beforeEach(async () => {
  app = await makeApp();
  await app.call('practices.create', { practice: practiceInput() });
});
afterEach(() => app.cleanup());

const names = (r: { items: { lastName: string }[] }) => r.items.map((p) => p.lastName);

describe('patients', () => {
  test('create, read back every field, edit', async () => {
    const input = patientInput({
      billingRecipient: { salutation: 'mr', firstName: 'Peter', lastName: 'Müller', address: { street: 'Elternweg', houseNumber: '3', postalCode: '3000', town: 'Bern', country: 'CH' }, email: 'peter@example.ch' },
      invoicesByPost: true,
      categories: ['Rücken', 'Sport', 'Rücken'],
    });
    const created = await app.call('patients.create', { patient: input });
    const read = await app.call('patients.get', { id: created.id });
    expect(read).toMatchObject({ ...input, categories: ['Rücken', 'Sport'], archivedAt: null });
    const edited = await app.call('patients.update', { id: created.id, patient: { ...input, lastName: 'Meier', ahvNumber: '7561234567897' } });
    expect(edited.lastName).toBe('Meier');
    expect(edited.ahvNumber).toBe('756.1234.5678.97');
    expect(edited.createdAt).toBe(created.createdAt);
  });

  test('search ignores case and accents, and finds umlauts written as ae/oe/ue', async () => {
    await app.call('patients.create', { patient: patientInput({ firstName: 'Anna', lastName: 'Müller' }) });
    await app.call('patients.create', { patient: patientInput({ firstName: 'Jörg', lastName: 'Schmid', email: 'js@example.ch', phone: '', mobile: '', birthDate: '1975-06-01' }) });
    await app.call('patients.create', { patient: patientInput({ firstName: 'Zoé', lastName: 'Dvořák', email: 'zd@example.ch', phone: '044 765 43 21', mobile: '', birthDate: '2001-12-24' }) });
    for (const q of ['muller', 'MÜLLER', 'Müller', 'mueller', 'mül', 'anna mull']) {
      expect(names(await app.call('patients.list', { query: q })), q).toEqual(['Müller']);
    }
    expect(names(await app.call('patients.list', { query: 'joerg' }))).toEqual(['Schmid']);
    expect(names(await app.call('patients.list', { query: 'dvorak' }))).toEqual(['Dvořák']);
    expect(names(await app.call('patients.list', { query: 'zoe' }))).toEqual(['Dvořák']);
  });

  test('search by birth date, email and phone', async () => {
    await app.call('patients.create', { patient: patientInput() });
    await app.call('patients.create', { patient: patientInput({ lastName: 'Andere', email: 'x@example.ch', phone: '', mobile: '', birthDate: '1990-01-01' }) });
    for (const q of ['12.03.1980', '12.3.1980', '1980-03-12', 'anna.mueller@', '031 123 45 67', '0311234567', '+41 79 555 12 34']) {
      expect(names(await app.call('patients.list', { query: q })), q).toEqual(['Müller']);
    }
  });

  test('the search index follows edits and deletes; short terms still narrow the result', async () => {
    const p = await app.call('patients.create', { patient: patientInput({ firstName: 'Jo', lastName: 'Keller' }) });
    await app.call('patients.create', { patient: patientInput({ firstName: 'Anna', lastName: 'Keller', email: 'ak@example.ch', phone: '', mobile: '' }) });
    expect((await app.call('patients.list', { query: 'keller' })).total).toBe(2);
    expect(names(await app.call('patients.list', { query: 'keller jo' }))).toEqual(['Keller']);
    const { id: _id, archivedAt: _a, createdAt: _c, updatedAt: _u, ...fields } = await app.call('patients.get', { id: p.id });
    await app.call('patients.update', { id: p.id, patient: { ...fields, lastName: 'Brunner' } });
    expect((await app.call('patients.list', { query: 'keller' })).total).toBe(1);
    expect(names(await app.call('patients.list', { query: 'brunner' }))).toEqual(['Brunner']);
    await app.call('patients.delete', { id: p.id });
    expect((await app.call('patients.list', { query: 'brunner' })).total).toBe(0);
  });

  test('a one-letter search finds the start of a word and counts only what it finds', async () => {
    for (const [first, last] of [['Anna', 'Meier'], ['Beat', 'Moser'], ['Carla', 'Keller'], ['Dario', 'Ammann']]) {
      await app.call('patients.create', { patient: patientInput({ firstName: first, lastName: last }) });
    }
    const page = await app.call('patients.list', { query: 'm', limit: 1 });
    expect(page.total).toBe(2);
    expect(names(await app.call('patients.list', { query: 'm' }))).toEqual(['Meier', 'Moser']);
    expect((await app.call('patients.list', { query: 'm', limit: 1, offset: 3 })).total).toBe(2);
  });

  test('search treats % and _ literally', async () => {
    await app.call('patients.create', { patient: patientInput() });
    expect((await app.call('patients.list', { query: '%' })).total).toBe(0);
    expect((await app.call('patients.list', { query: '_' })).total).toBe(0);
  });

  test('archive hides a patient from the active list; unarchive brings it back', async () => {
    const p = await app.call('patients.create', { patient: patientInput() });
    await app.call('patients.create', { patient: patientInput({ lastName: 'Aktiv' }) });
    await app.call('patients.archive', { id: p.id });
    expect(names(await app.call('patients.list', {}))).toEqual(['Aktiv']);
    expect(names(await app.call('patients.list', { status: 'archived' }))).toEqual(['Müller']);
    expect((await app.call('patients.list', { status: 'all' })).total).toBe(2);
    // A page that is full leaves the total to be counted: per status, too.
    await app.call('patients.create', { patient: patientInput({ lastName: 'Dritte' }) });
    for (const [status, total] of [['active', 2], ['archived', 1], ['all', 3]] as const) {
      expect((await app.call('patients.list', { status, limit: 1 })).total, status).toBe(total);
      expect((await app.call('patients.list', { status, limit: 1, offset: 5 })).total, status).toBe(total);
    }
    await app.call('patients.unarchive', { id: p.id });
    expect((await app.call('patients.list', {})).total).toBe(3);
  });

  test('sorts by name with umlauts in place, by birth date, and pages with a total', async () => {
    for (const [first, last, birth] of [['A', 'Zürcher', '1990-01-01'], ['B', 'Ärni', '1950-01-01'], ['C', 'Bauer', null], ['D', 'Özdemir', '1970-01-01']] as const) {
      await app.call('patients.create', { patient: patientInput({ firstName: first, lastName: last, birthDate: birth }) });
    }
    expect(names(await app.call('patients.list', {}))).toEqual(['Ärni', 'Bauer', 'Özdemir', 'Zürcher']);
    expect(names(await app.call('patients.list', { sort: 'name', direction: 'desc' }))).toEqual(['Zürcher', 'Özdemir', 'Bauer', 'Ärni']);
    expect(names(await app.call('patients.list', { sort: 'birthDate' }))).toEqual(['Ärni', 'Özdemir', 'Zürcher', 'Bauer']);
    const page = await app.call('patients.list', { limit: 2, offset: 2 });
    expect(page.total).toBe(4);
    expect(names(page)).toEqual(['Özdemir', 'Zürcher']);
    expect(await app.call('patients.list', { limit: 2, offset: 10 })).toEqual({ total: 4, items: [] });
    expect((await app.call('patients.list', { query: 'baue', offset: 10 })).total).toBe(1);
  });

  test.each([
    ['an invalid email', { email: 'anna@' }, 'patient.email', 'v.email'],
    ['a wrong AHV check digit', { ahvNumber: '756.1234.5678.98' }, 'patient.ahvNumber', 'v.ahv_check'],
    ['an AHV number of another country', { ahvNumber: '123.4567.8901.23' }, 'patient.ahvNumber', 'v.ahv_format'],
    ['an impossible date', { birthDate: '1980-02-30' }, 'patient.birthDate', 'v.date'],
    ['a birth date in the future', { birthDate: '2027-01-01' }, 'birthDate', 'v.birth_date_future'],
    ['a birth date before 1900', { birthDate: '1899-12-31' }, 'patient.birthDate', 'v.date_range'],
    ['a consent date in year 9999', { consentDate: '9999-12-31' }, 'patient.consentDate', 'v.date_range'],
    ['a name with a control character', { lastName: 'Mül\u001bler' }, 'patient.lastName', 'v.control_chars'],
    ['a name on two lines', { lastName: 'Mül\nler' }, 'patient.lastName', 'v.single_line'],
    ['a note with half an emoji', { notes: 'Schmerz \uD83D' }, 'patient.notes', 'v.invalid_chars'],
    ['a consent date in the future', { consentDate: '2026-12-24' }, 'consentDate', 'v.date_future'],
    ['a missing last name', { lastName: '   ' }, 'patient.lastName', 'v.required'],
  ])('refuses %s, says which field, and saves nothing', async (_what, overrides, path, key) => {
    const error = await app.fail('patients.create', { patient: patientInput(overrides) });
    expect(error.code).toBe('validation');
    expect(error.details?.fields).toContainEqual(expect.objectContaining({ path, key }));
    expect((await app.call('patients.list', { status: 'all' })).total).toBe(0);
  });

  test('a refused edit leaves the stored patient unchanged', async () => {
    const p = await app.call('patients.create', { patient: patientInput() });
    await app.fail('patients.update', { id: p.id, patient: patientInput({ lastName: 'Neu', birthDate: '2099-01-01' }) });
    expect((await app.call('patients.get', { id: p.id })).lastName).toBe('Müller');
  });

  test('delete removes a patient without financial records; unknown ids give not_found', async () => {
    const p = await app.call('patients.create', { patient: patientInput() });
    await app.call('patients.delete', { id: p.id });
    expect((await app.fail('patients.get', { id: p.id })).code).toBe('not_found');
    expect((await app.fail('patients.delete', { id: p.id })).code).toBe('not_found');
  });
});
