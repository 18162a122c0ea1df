// The renderer's query cache: a mutation's `invalidates` prefixes reach exactly the methods they
// name, and a pushed 'changed' event goes through the same invalidation (data/events.ts).
import { describe, expect, it } from 'vitest';
import { createQueryClient, invalidateMethods, matchesPrefixes } from '../../src/renderer/data/cache.js';
import { applyServerEvent } from '../../src/renderer/data/events.js';

function seeded() {
  const client = createQueryClient();
  for (const method of ['patients.list', 'patients.get', 'invoices.list', 'invoices.get', 'mail.invoiceHistory']) {
    client.setQueryData([method, {}], { method });
  }
  const stale = () => client.getQueryCache().getAll().filter((q) => q.state.isInvalidated).map((q) => q.queryKey[0]).sort();
  return { client, stale };
}

describe('matchesPrefixes', () => {
  it('takes "domain." as every method of the domain and a full name as that method only', () => {
    expect(matchesPrefixes('patients.list', ['patients.'])).toBe(true);
    expect(matchesPrefixes('patientsX.list', ['patients.'])).toBe(false);
    expect(matchesPrefixes('invoices.list', ['invoices.list'])).toBe(true);
    expect(matchesPrefixes('invoices.listAll', ['invoices.list'])).toBe(false);
    expect(matchesPrefixes(undefined, ['invoices.list'])).toBe(false);
  });
});

describe('invalidation', () => {
  it('marks only the named methods stale', async () => {
    const { client, stale } = seeded();
    await invalidateMethods(client, ['patients.', 'invoices.list']);
    expect(stale()).toEqual(['invoices.list', 'patients.get', 'patients.list']);
  });

  it('does the same for a pushed "changed" event', () => {
    const { client, stale } = seeded();
    applyServerEvent(client, { type: 'changed', methods: ['mail.'] });
    expect(stale()).toEqual(['mail.invoiceHistory']);
  });

  it('puts a pushed job status where useJob reads it; only a start or an end refreshes the job lists', () => {
    const { client, stale } = seeded();
    const id = '00000000-0000-4000-8000-000000000001';
    const job = { id, kind: 'invoices.exportPdfs', ref: null, state: 'running' as const, done: 1, total: 2, step: null, startedAt: '2026-12-01T10:00:00Z', endedAt: null, result: null, error: null };
    client.setQueryData(['jobs.list', {}], []);
    applyServerEvent(client, { type: 'job', job });
    expect(client.getQueryData(['jobs.get', { id }])).toEqual(job);
    expect(stale()).toEqual([]);
    applyServerEvent(client, { type: 'job', job: { ...job, state: 'done', done: 2, endedAt: '2026-12-01T10:00:01Z' } });
    expect(client.getQueryData(['jobs.get', { id }])).toMatchObject({ state: 'done', done: 2 });
    expect(client.getQueryState(['jobs.list', {}])?.isInvalidated).toBe(true);
  });
});
