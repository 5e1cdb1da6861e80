import { describe, expect, it } from 'vitest';
import {
  type CachedToken,
  createMemoryTokenCache,
  type TokenCache,
  VismaClosedError,
} from '../src/index.js';
import { createProvider, startConnect } from './helpers.js';

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('close() while a call is in progress', () => {
  it('sends no token request and writes nothing once the cache read returns', async () => {
    const connect = await startConnect();
    const read = deferred<CachedToken | undefined>();
    const writes: string[] = [];
    const cache: TokenCache = {
      get: () => read.promise,
      set: async (key) => void writes.push(key),
      delete: async () => false,
    };
    const { provider } = createProvider(connect, { cache });
    const pending = provider.getToken();
    const outcome = pending.catch((e: unknown) => e);
    await provider.close();
    read.resolve(undefined);
    expect(await outcome).toBeInstanceOf(VismaClosedError);
    expect(connect.counts.token).toBe(0);
    expect(writes).toEqual([]);
  });

  it('does not cache a token whose response arrives after close, even from a fetch that ignores the signal', async () => {
    const connect = await startConnect();
    const cache = createMemoryTokenCache();
    const sent = deferred<void>();
    const go = deferred<void>();
    const { provider } = createProvider(connect, {
      cache,
      // A transport that does not honour AbortSignal, like some custom fetch wrappers.
      fetch: async (input, init) => {
        sent.resolve();
        await go.promise;
        const { signal: _ignored, ...rest } = init ?? {};
        return fetch(input, rest);
      },
    });
    const outcome = provider.getToken().catch((e: unknown) => e);
    await sent.promise;
    await provider.close();
    go.resolve();
    expect(await outcome).toBeInstanceOf(VismaClosedError);
    expect(cache.size).toBe(0);
  });

  it('refuses a call made after close before sending anything', async () => {
    const connect = await startConnect();
    const { provider } = createProvider(connect);
    await provider.close();
    await expect(provider.getToken({ forceRefresh: true })).rejects.toBeInstanceOf(
      VismaClosedError,
    );
    expect(connect.counts.token).toBe(0);
  });
});

describe('close() and a cache passed in', () => {
  it('leaves a MemoryTokenCache shared with another provider untouched', async () => {
    const connect = await startConnect();
    const cache = createMemoryTokenCache();
    const first = createProvider(connect, { cache }).provider;
    const second = createProvider(connect, { cache }).provider;
    const token = await first.getToken();
    await first.close();
    expect(cache.size).toBe(1);
    expect((await second.getToken()).accessToken).toBe(token.accessToken);
    expect(connect.counts.token).toBe(1);
  });
});
