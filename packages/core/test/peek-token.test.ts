import { describe, expect, it } from 'vitest';
import { MemoryTokenCache, VismaTokenProvider } from '../src/index.js';
import {
  CLIENT,
  createProvider,
  manualClock,
  SECRET,
  settle,
  startConnect,
  TENANT_A,
  TENANT_B,
} from './helpers.js';

const HOUR = 3_600_000;

describe('peekToken: the warm path without a promise', () => {
  it('answers undefined until getToken has a token, then the same token getToken gives', async () => {
    const connect = await startConnect();
    const { provider } = createProvider(connect);
    expect(provider.peekToken()).toBeUndefined();
    expect(connect.counts.token).toBe(0);
    const token = await provider.getToken();
    expect(provider.peekToken()).toBe(token);
    expect(provider.peekToken({ tenantId: TENANT_A })).toBeUndefined();
    const tenantA = await provider.getToken({ tenantId: TENANT_A });
    expect(provider.peekToken({ tenantId: TENANT_A })).toBe(tenantA);
    expect(provider.peekToken({ tenantId: TENANT_B })).toBeUndefined();
    expect(connect.counts.token).toBe(2);
  });

  it('answers undefined for forceRefresh, an aborted signal and input getToken would reject', async () => {
    const connect = await startConnect();
    const { provider } = createProvider(connect);
    await provider.getToken();
    expect(provider.peekToken({ forceRefresh: true })).toBeUndefined();
    expect(provider.peekToken({ signal: AbortSignal.abort() })).toBeUndefined();
    expect(provider.peekToken({ tenantId: 'a\nb' })).toBeUndefined();
    await expect(provider.getToken({ tenantId: 'a\nb' })).rejects.toMatchObject({
      code: 'ERR_VISMA_CONFIG',
    });
  });

  it('stops at the usable end of the token and starts the refresh ahead like getToken', async () => {
    const connect = await startConnect();
    const clock = manualClock();
    const { provider, events } = createProvider(connect, { clock });
    const first = await provider.getToken();
    clock.advance(0.8 * HOUR);
    expect(provider.peekToken()).toBe(first);
    await settle(() => events.some((e) => e.type === 'fetch_success' && e.background));
    expect(events.filter((e) => e.type === 'refresh_ahead')).toHaveLength(1);
    const next = provider.peekToken();
    expect(next?.accessToken).not.toBe(first.accessToken);
    clock.set((next?.expiresAt ?? 0) - 60_000);
    expect(provider.peekToken()).toBeUndefined();
    expect(connect.counts.token).toBe(2);
  });

  it('emits the cache hit getToken emits', async () => {
    const connect = await startConnect();
    const { provider, events } = createProvider(connect);
    await provider.getToken();
    const hits = () => events.filter((e) => e.type === 'cache_hit').length;
    const before = hits();
    provider.peekToken();
    expect(hits()).toBe(before + 1);
  });

  it('answers undefined after close, and on a lazy provider before its first getToken', async () => {
    const connect = await startConnect();
    const { provider } = createProvider(connect);
    await provider.getToken();
    await provider.close();
    expect(provider.peekToken()).toBeUndefined();

    let inits = 0;
    const lazy = VismaTokenProvider.lazy(() => {
      inits++;
      return {
        clientId: CLIENT.clientId,
        clientSecret: SECRET,
        scopes: ['visma_api:read'],
        tokenUrl: connect.tokenUrl,
      };
    });
    try {
      expect(lazy.peekToken()).toBeUndefined();
      expect(inits).toBe(0);
      const token = await lazy.getToken();
      expect(lazy.peekToken()).toBe(token);
    } finally {
      await lazy.close();
    }
  });

  it("reads the clock once per warm call, and a cache of the caller's own on its own clock", async () => {
    const connect = await startConnect();
    const clock = manualClock();
    let reads = 0;
    const counting = {
      now: () => {
        reads++;
        return clock.now();
      },
    };
    const { provider } = createProvider(connect, { clock: counting });
    await provider.getToken();
    reads = 0;
    provider.peekToken();
    await provider.getToken();
    expect(reads).toBe(2);

    // The caller's cache judges expiry by its own clock, which says its token is gone.
    const own = new MemoryTokenCache({ clock: { now: () => clock.now() + 2 * HOUR } });
    const { provider: withOwn } = createProvider(connect, { clock, cache: own });
    await withOwn.getToken();
    expect(withOwn.peekToken()).toBeUndefined();
  });
});
