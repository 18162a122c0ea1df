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

  it('leaves the cache alone for job events (nothing pushes them yet)', () => {
    const { client, stale } = seeded();
    applyServerEvent(client, { type: 'job.progress', jobId: 'j1', done: 1, total: 2 });
    expect(stale()).toEqual([]);
  });
});
