import { expect, test } from 'vitest';
import { DocumentCache } from '../../src/main/invoices/documentCache.js';

test('keeps the most recently used documents within its byte budget', () => {
  const cache = new DocumentCache(10);
  cache.set('a', Buffer.alloc(4));
  cache.set('b', Buffer.alloc(4));
  expect(cache.get('a')?.length).toBe(4); // a is now the most recent
  cache.set('c', Buffer.alloc(4)); // over budget: b goes first
  expect(cache.get('b')).toBeUndefined();
  expect(cache.get('a')).toBeDefined();
  expect(cache.get('c')).toBeDefined();
  cache.set('huge', Buffer.alloc(11));
  expect(cache.get('huge')).toBeUndefined();
  expect(cache.size).toBe(2);
});
