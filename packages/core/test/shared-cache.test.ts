import { describe, expect, it } from 'vitest';
import {
  type CachedToken,
  createMemoryTokenCache,
  type TokenCache,
  type TokenCacheLock,
} from '../src/index.js';
import { createProvider, startConnect } from './helpers.js';

/** A TokenCache with a lock, as a redis-backed one would be, shared by several providers. */
function sharedCache(): TokenCache {
  const store = createMemoryTokenCache();
  const locks = new Set<string>();
  const waiters = new Map<string, Array<(e: CachedToken | undefined) => void>>();
  return {
    get: (key) => store.get(key),
    async set(key, entry) {
      await store.set(key, entry);
      for (const w of waiters.get(key) ?? []) w(entry);
      waiters.delete(key);
    },
    delete: (key, token) => store.delete(key, token),
    async acquireLock(key): Promise<TokenCacheLock | undefined> {
      if (locks.has(key)) return undefined;
      locks.add(key);
      return { release: async () => void locks.delete(key) };
    },
    waitForEntry(key, { timeoutMs }) {
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(undefined), timeoutMs);
        const list = waiters.get(key) ?? [];
        list.push((e) => {
          clearTimeout(timer);
          resolve(e);
        });
        waiters.set(key, list);
      });
    },
  };
}

describe('shared TokenCache with locks', () => {
  it('lets one of several providers fetch while the others wait for its entry', async () => {
    const connect = await startConnect();
    const cache = sharedCache();
    connect.failNext({ delayMs: 100 });
    const providers = Array.from({ length: 4 }, () => createProvider(connect, { cache }).provider);
    const tokens = await Promise.all(providers.map((p) => p.getToken()));
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
    expect(connect.counts.token).toBe(1);
  });

  it('keeps working when the shared cache fails', async () => {
    const connect = await startConnect();
    const broken: TokenCache = {
      get: () => Promise.reject(new Error('redis down')),
      set: () => Promise.reject(new Error('redis down')),
      delete: () => Promise.reject(new Error('redis down')),
    };
    const warnings: unknown[] = [];
    const { provider } = createProvider(connect, {
      cache: broken,
      logger: { warn: (o) => warnings.push(o), error() {} },
    });
    expect((await provider.getToken()).accessToken).toBeTruthy();
    expect(await provider.invalidate()).toBe(false);
    expect(warnings.length).toBeGreaterThan(0);
  });
});
