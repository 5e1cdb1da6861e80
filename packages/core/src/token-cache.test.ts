import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryTokenCache } from './token-cache.js';
import type { CachedToken } from './types.js';

function entry(token: string, expiresAt: number): CachedToken {
  return {
    accessToken: token,
    tokenType: 'Bearer',
    expiresAt,
    scopes: ['s'],
    receivedAt: 0,
    refreshAt: expiresAt / 2,
  };
}

describe('MemoryTokenCache', () => {
  it('evicts the least recently used entry beyond maxEntries', async () => {
    const clock = { now: () => 0 };
    const cache = new MemoryTokenCache({ maxEntries: 2, clock });
    await cache.set('a', entry('A', 1000));
    await cache.set('b', entry('B', 1000));
    await cache.get('a'); // a is now the most recent
    await cache.set('c', entry('C', 1000));
    expect(await cache.get('b')).toBeUndefined();
    expect((await cache.get('a'))?.accessToken).toBe('A');
    expect((await cache.get('c'))?.accessToken).toBe('C');
    expect(cache.size).toBe(2);
  });

  it('drops expired entries on read and on the periodic sweep', async () => {
    let now = 0;
    const cache = new MemoryTokenCache({ clock: { now: () => now } });
    await cache.set('a', entry('A', 100));
    await cache.set('b', entry('B', 100_000));
    now = 100;
    expect(await cache.get('a')).toBeUndefined();
    await cache.set('c', entry('C', 50)); // already expired: not stored
    expect(cache.size).toBe(1);
    now = 200_000;
    await cache.set('d', entry('D', 300_000));
    expect(cache.size).toBe(1);
  });

  it('judges expiry by the time peek is given, else by its clock', async () => {
    const cache = new MemoryTokenCache({ clock: { now: () => 0 } });
    await cache.set('a', entry('A', 100));
    expect(cache.peek('a', 99)?.accessToken).toBe('A');
    expect(cache.peek('a')?.accessToken).toBe('A');
    expect(cache.peek('a', 100)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('deletes only a matching token when one is given (compare-and-delete)', async () => {
    const cache = new MemoryTokenCache({ clock: { now: () => 0 } });
    await cache.set('a', entry('A2', 1000));
    expect(await cache.delete('a', 'A1')).toBe(false);
    expect(await cache.delete('a', 'A2')).toBe(true);
    expect(await cache.delete('a')).toBe(false);
  });

  it('never holds more than maxEntries', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.nat(50), { maxLength: 200 }),
        async (max, keys) => {
          const cache = new MemoryTokenCache({ maxEntries: max, clock: { now: () => 0 } });
          for (const k of keys) {
            await cache.set(String(k), entry(`t${k}`, 10));
            expect(cache.size).toBeLessThanOrEqual(max);
          }
        },
      ),
    );
  });

  it('evicts in least-recently-used order under any mix of reads, writes and deletes', async () => {
    // A reference LRU (an array, oldest first) against the cache, which skips re-inserting the
    // key it read or wrote last.
    const op = fc.record({
      kind: fc.constantFrom('get', 'set', 'delete'),
      key: fc.constantFrom('a', 'b', 'c', 'd'),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 10, maxLength: 80, size: 'max' }), async (ops) => {
        const cache = new MemoryTokenCache({ maxEntries: 3, clock: { now: () => 0 } });
        let order: string[] = [];
        for (const { kind, key } of ops) {
          const held = order.includes(key);
          if (kind === 'get') {
            expect((await cache.get(key))?.accessToken).toBe(held ? key : undefined);
            if (held) order = [...order.filter((k) => k !== key), key];
          } else if (kind === 'set') {
            await cache.set(key, entry(key, 10));
            order = [...order.filter((k) => k !== key), key].slice(-3);
          } else {
            expect(await cache.delete(key)).toBe(held);
            order = order.filter((k) => k !== key);
          }
        }
        for (const key of ['a', 'b', 'c', 'd']) {
          expect((await cache.get(key))?.accessToken).toBe(order.includes(key) ? key : undefined);
        }
      }),
    );
  });

  it('rejects a non-positive cap', () => {
    expect(() => new MemoryTokenCache({ maxEntries: 0 })).toThrow(RangeError);
  });
});
