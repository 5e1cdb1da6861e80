import { describe, expect, it } from 'vitest';
import { createMemoryTokenCache, type TokenCache } from '../src/index.js';
import { createProvider, startConnect } from './helpers.js';

const never = () => new Promise<never>(() => {});

/** A shared cache whose chosen operations never answer, like a Redis behind a dead proxy. */
function hungCache(hung: ReadonlyArray<keyof TokenCache>): TokenCache {
  const store = createMemoryTokenCache();
  return {
    get: hung.includes('get') ? never : (key) => store.get(key),
    set: hung.includes('set') ? never : (key, entry) => store.set(key, entry),
    delete: hung.includes('delete') ? never : (key, token) => store.delete(key, token),
    acquireLock: hung.includes('acquireLock')
      ? never
      : async () => ({ release: () => Promise.resolve() }),
  };
}

describe('a shared cache that never answers', () => {
  it.each<[string, ReadonlyArray<keyof TokenCache>]>([
    ['get', ['get']],
    ['acquireLock', ['acquireLock']],
    ['set', ['set']],
    ['every operation', ['get', 'set', 'delete', 'acquireLock']],
  ])('degrades to fetching when %s hangs, within cacheTimeoutMs', async (_name, hung) => {
    const connect = await startConnect();
    const { provider, events } = createProvider(connect, {
      cache: hungCache(hung),
      cacheTimeoutMs: 100,
    });
    expect((await provider.getToken()).accessToken).toBeTruthy();
    expect(connect.counts.token).toBe(1);
    expect(events.some((e) => e.type === 'cache_degraded')).toBe(true);
  });

  it('is bounded by deadlineMs by default, when it is shorter than timeoutMs', async () => {
    const connect = await startConnect();
    const { provider, events } = createProvider(connect, {
      cache: hungCache(['get']),
      timeoutMs: 600_000,
      deadlineMs: 1_000,
    });
    // The token request gets the same deadline; on a loaded machine it may miss it, but the
    // call settles either way and the cache read was given up first.
    await provider.getToken().catch(() => undefined);
    expect(events.find((e) => e.type === 'cache_degraded')).toMatchObject({ operation: 'get' });
    expect(events.some((e) => e.type === 'fetch_start')).toBe(true);
  });

  it("ends the caller's wait when its signal aborts", async () => {
    const connect = await startConnect();
    const { provider } = createProvider(connect, {
      cache: hungCache(['get']),
      timeoutMs: 600_000,
      deadlineMs: 600_000,
    });
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    const pending = provider.getToken({ signal: controller.signal });
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(connect.counts.token).toBe(0);
  });

  it('lets invalidate return when delete hangs', async () => {
    const connect = await startConnect();
    const { provider } = createProvider(connect, {
      cache: hungCache(['delete']),
      cacheTimeoutMs: 100,
    });
    await provider.getToken();
    expect(await provider.invalidate()).toBe(false);
  });
});
