import { describe, expect, it } from 'vitest';
import {
  type CachedToken,
  createMemoryTokenCache,
  type TokenCache,
  VismaServerError,
} from '../src/index.js';
import { createProvider, SECRET, startConnect } from './helpers.js';

/**
 * An in-memory stand-in for a Redis-backed cache: leases expire after their ttl, waiting polls
 * until an entry appears or the lease is gone, every call is counted, and it can be switched off.
 */
function fakeFleetCache() {
  const store = createMemoryTokenCache();
  const leases = new Map<string, number>();
  const calls: string[] = [];
  /** The key of every `get`. */
  const reads: string[] = [];
  const state = { down: false };
  const use = (op: string) => {
    calls.push(op);
    if (state.down) return Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    return Promise.resolve();
  };
  const leased = (key: string) => (leases.get(key) ?? 0) > Date.now();
  const cache: TokenCache = {
    get: (key) => {
      reads.push(key);
      return use('get').then(() => store.get(key));
    },
    set: (key, entry) => use('set').then(() => store.set(key, entry)),
    delete: (key, token) => use('delete').then(() => store.delete(key, token)),
    acquireLock: (key, ttlMs) =>
      use('acquireLock').then(() => {
        if (leased(key)) return undefined;
        const until = Date.now() + ttlMs;
        leases.set(key, until);
        return {
          release: async () => {
            if (leases.get(key) === until) leases.delete(key);
          },
        };
      }),
    waitForEntry: async (key, { timeoutMs }) => {
      const end = Date.now() + timeoutMs;
      for (;;) {
        await use('waitForEntry');
        const entry: CachedToken | undefined = await store.get(key);
        if (entry || !leased(key) || Date.now() >= end) return entry;
        await new Promise((r) => setTimeout(r, 5));
      }
    },
  };
  /** Plays a process that took the lease and died: nobody releases it. */
  const deadOwner = (key: string, ttlMs: number) => leases.set(key, Date.now() + ttlMs);
  return { cache, calls, reads, state, deadOwner, leases };
}

describe('providers sharing a cache with leases', () => {
  it('serve warm calls from memory without touching the shared cache', async () => {
    const connect = await startConnect();
    const shared = fakeFleetCache();
    const { provider } = createProvider(connect, { cache: shared.cache });
    await provider.getToken();
    shared.calls.length = 0;
    await Promise.all(Array.from({ length: 100 }, () => provider.getToken()));
    expect(shared.calls).toEqual([]);
    expect(connect.counts.token).toBe(1);
  });

  it('read the shared cache once per key on a cold start, not once per caller', async () => {
    const connect = await startConnect();
    const shared = fakeFleetCache();
    const { provider } = createProvider(connect, { cache: shared.cache });
    await Promise.all(Array.from({ length: 100 }, () => provider.getToken()));
    // The token's key, plus one look before the token request for a Retry-After another
    // process may have shared.
    const tokenReads = shared.reads.filter((k) => !k.includes('retry-after'));
    expect(tokenReads.length).toBeLessThanOrEqual(2);
    expect(shared.reads.length - tokenReads.length).toBe(1);
  });

  it('take over after the lease holder died, with exactly one token request', async () => {
    const connect = await startConnect();
    const shared = fakeFleetCache();
    const fleet = Array.from({ length: 3 }, () => createProvider(connect, { cache: shared.cache }));
    const providers = fleet.map((f) => f.provider);
    // Learn the key, then play an owner that took the lease and crashed.
    await providers[0]?.getToken();
    const key = fleet[0]?.events.find((e) => e.type === 'fetch_start')?.key ?? '';
    await Promise.all(providers.map((p) => p.invalidate()));
    const before = connect.counts.token;
    shared.deadOwner(key, 200);
    const started = performance.now();
    const tokens = await Promise.all(providers.map((p) => p.getToken()));
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
    expect(connect.counts.token - before).toBe(1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
  });

  it('reach the token endpoint on forceRefresh and replace the shared entry', async () => {
    const connect = await startConnect();
    const shared = fakeFleetCache();
    const first = createProvider(connect, { cache: shared.cache }).provider;
    const second = createProvider(connect, { cache: shared.cache }).provider;
    const old = await first.getToken();
    expect((await second.getToken()).accessToken).toBe(old.accessToken);
    const before = connect.counts.token;
    const forced = await second.getToken({ forceRefresh: true });
    expect(connect.counts.token - before).toBe(1);
    expect(forced.accessToken).not.toBe(old.accessToken);
    // A process that joins later reads the new token from the shared cache, not the old one.
    const third = createProvider(connect, { cache: shared.cache }).provider;
    expect((await third.getToken()).accessToken).toBe(forced.accessToken);
    expect(connect.counts.token - before).toBe(1);
  });

  it('degrade once per outage while calls keep succeeding, then use the shared cache again', async () => {
    const connect = await startConnect();
    const shared = fakeFleetCache();
    const warnings: unknown[] = [];
    const { provider, events } = createProvider(connect, {
      cache: shared.cache,
      logger: { warn: (o) => warnings.push(o), error() {}, info() {} },
    });
    shared.state.down = true;
    for (let i = 0; i < 3; i++) {
      expect((await provider.getToken({ forceRefresh: true })).accessToken).toBeTruthy();
    }
    const health = () =>
      events.filter((e) => e.type === 'cache_degraded' || e.type === 'cache_restored');
    expect(health().map((e) => e.type)).toEqual(['cache_degraded']);
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings)).not.toContain('eyJ');

    shared.state.down = false;
    await new Promise((r) => setTimeout(r, 1_050));
    await provider.getToken({ forceRefresh: true });
    expect(health().map((e) => e.type)).toEqual(['cache_degraded', 'cache_restored']);
    expect(shared.calls.at(-1)).toBe('set');
  });

  it('share a Retry-After through the cache: a process that never saw the 429 does not ask', async () => {
    const connect = await startConnect();
    const shared = fakeFleetCache();
    const first = createProvider(connect, { cache: shared.cache, deadlineMs: 1_000 });
    connect.failNext({ status: 429, headers: { 'retry-after': '60' } });
    await expect(first.provider.getToken()).rejects.toMatchObject({ httpStatus: 429 });
    // A second process: its own memory knows nothing of the 429.
    const second = createProvider(connect, { cache: shared.cache, deadlineMs: 1_000 });
    const waiting = await second.provider.getToken().catch((e: unknown) => e);
    expect(waiting).toBeInstanceOf(VismaServerError);
    expect((waiting as VismaServerError).retryAfterMs).toBeGreaterThan(0);
    expect((waiting as VismaServerError).retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(connect.counts.token).toBe(1);
    // What is shared names the endpoint and the delay, nothing secret.
    const key = shared.reads.find((k) => k.includes('retry-after')) ?? '';
    expect(key).not.toContain(SECRET);
    const delay = await shared.cache.get(key);
    expect(delay?.accessToken).toBe('visma-auth-retry-after:429');
    expect(JSON.stringify(delay)).not.toContain(SECRET);
  });
});
