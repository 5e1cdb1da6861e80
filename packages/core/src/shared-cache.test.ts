import { describe, expect, it } from 'vitest';
import type { VismaAuthError } from './errors.js';
import { LayeredTokenCache } from './shared-cache.js';
import type { CachedToken, TokenCache } from './types.js';

const T0 = Date.UTC(2025, 0, 1);

function token(name: string, receivedAt = T0, lifeMs = 3_600_000): CachedToken {
  return {
    accessToken: name,
    tokenType: 'Bearer',
    expiresAt: receivedAt + lifeMs,
    scopes: ['s'],
    receivedAt,
    refreshAt: receivedAt + lifeMs * 0.8,
  };
}

/** A shared cache whose calls are counted and which can be switched off. */
function fakeShared(options: { locks?: boolean } = {}) {
  const store = new Map<string, CachedToken>();
  const calls: string[] = [];
  const state = { down: false };
  const check = (op: string) => {
    calls.push(op);
    if (state.down) throw new Error('ECONNREFUSED');
  };
  const cache: TokenCache = {
    async get(key) {
      check('get');
      return store.get(key);
    },
    async set(key, entry) {
      check('set');
      store.set(key, entry);
    },
    async delete(key, accessToken) {
      check('delete');
      const entry = store.get(key);
      if (!entry || (accessToken !== undefined && entry.accessToken !== accessToken)) return false;
      return store.delete(key);
    },
  };
  if (options.locks !== false) {
    cache.acquireLock = async () => {
      check('acquireLock');
      return { release: async () => {} };
    };
    cache.waitForEntry = async (key, { signal }) => {
      check('waitForEntry');
      if (signal?.aborted) throw signal.reason;
      return store.get(key);
    };
  }
  return { cache, store, calls, state };
}

function setup(options: { locks?: boolean } = {}) {
  const shared = fakeShared(options);
  let now = T0;
  const clock = {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
  const events: string[] = [];
  const errors: VismaAuthError[] = [];
  const layered = new LayeredTokenCache(shared.cache, {
    maxEntries: 100,
    clock,
    listener: {
      onDegraded: (operation, error) => {
        events.push(`degraded:${operation}`);
        errors.push(error);
      },
      onRestored: (ms) => events.push(`restored:${ms}`),
    },
  });
  return { layered, shared, clock, events, errors };
}

describe('LayeredTokenCache', () => {
  it('answers from memory while the local entry is fresh, without touching the shared cache', async () => {
    const { layered, shared } = setup();
    await layered.set('k', token('a'));
    shared.calls.length = 0;
    expect((await layered.get('k'))?.accessToken).toBe('a');
    expect(layered.local.peek('k')?.accessToken).toBe('a');
    expect(shared.calls).toEqual([]);
  });

  it('reads the shared cache on a local miss, keeps the result locally, and shares one read', async () => {
    const { layered, shared } = setup();
    shared.store.set('k', token('b'));
    const results = await Promise.all(Array.from({ length: 50 }, () => layered.get('k')));
    expect(results.every((r) => r?.accessToken === 'b')).toBe(true);
    expect(shared.calls).toEqual(['get']);
    expect(layered.local.peek('k')?.accessToken).toBe('b');
  });

  it('looks for a newer shared entry once the local one is due, and keeps the newer', async () => {
    const { layered, shared, clock } = setup();
    await layered.set('k', token('old'));
    clock.advance(3_000_000);
    expect((await layered.get('k'))?.accessToken).toBe('old');
    shared.store.set('k', token('new', clock.now()));
    expect((await layered.get('k'))?.accessToken).toBe('new');
    expect(layered.local.peek('k')?.accessToken).toBe('new');
  });

  it('reports a failing shared cache once per episode, skips it briefly, and reports recovery', async () => {
    const { layered, shared, clock, events, errors } = setup();
    shared.state.down = true;
    expect(await layered.get('k')).toBeUndefined();
    await layered.set('k', token('local-only'));
    expect(layered.degraded).toBe(true);
    expect(events).toEqual(['degraded:get']);
    expect(errors[0]?.code).toBe('ERR_VISMA_CACHE_UNAVAILABLE');
    expect(errors[0]?.message).not.toContain('ECONNREFUSED local-only');
    // Within the retry interval the shared cache is not even asked.
    expect(shared.calls).toEqual(['get']);
    expect((await layered.get('k'))?.accessToken).toBe('local-only');

    clock.advance(1_000);
    expect(await layered.delete('k')).toBe(false);
    expect(shared.calls).toEqual(['get', 'delete']);
    expect(events).toEqual(['degraded:get']);

    shared.state.down = false;
    clock.advance(1_000);
    await layered.set('k', token('again', clock.now()));
    expect(events).toEqual(['degraded:get', 'restored:2000']);
    expect(layered.degraded).toBe(false);
    expect(shared.store.get('k')?.accessToken).toBe('again');
  });

  it('grants a local lease while the shared cache is down, so the process fetches alone', async () => {
    const { layered, shared } = setup();
    shared.state.down = true;
    const lock = await layered.acquireLock?.('k', 1000);
    expect(lock).toBeDefined();
    await lock?.release();
    expect(await layered.waitForEntry?.('k', { timeoutMs: 10 })).toBeUndefined();
  });

  it('does not count a caller’s abort as a shared-cache failure', async () => {
    const { layered, events } = setup();
    const controller = new AbortController();
    controller.abort(new Error('closed'));
    expect(
      await layered.waitForEntry?.('k', { timeoutMs: 10, signal: controller.signal }),
    ).toBeUndefined();
    expect(events).toEqual([]);
  });

  it('keeps an entry another process stored while this one waited', async () => {
    const { layered, shared } = setup();
    shared.store.set('k', token('theirs'));
    expect((await layered.waitForEntry?.('k', { timeoutMs: 10 }))?.accessToken).toBe('theirs');
    expect(layered.local.peek('k')?.accessToken).toBe('theirs');
  });

  it('compare-and-delete drops the local copy and reports the shared result', async () => {
    const { layered, shared } = setup();
    await layered.set('k', token('a'));
    expect(await layered.delete('k', 'other')).toBe(false);
    expect(layered.local.peek('k')).toBeDefined();
    expect(await layered.delete('k', 'a')).toBe(true);
    expect(layered.local.peek('k')).toBeUndefined();
    expect(shared.store.has('k')).toBe(false);
  });

  it('getShared skips a fresh local copy but never replaces it with an older shared one', async () => {
    const { layered, shared, clock } = setup();
    shared.store.set('k', token('older'));
    clock.advance(10);
    await layered.local.set('k', token('newer', clock.now()));
    expect((await layered.getShared('k'))?.accessToken).toBe('older');
    expect(layered.local.peek('k')?.accessToken).toBe('newer');
  });

  it('offers lock hooks only when the shared cache has them', () => {
    expect(setup({ locks: false }).layered.acquireLock).toBeUndefined();
    expect(setup({ locks: false }).layered.waitForEntry).toBeUndefined();
    expect(setup().layered.acquireLock).toBeTypeOf('function');
  });
});
