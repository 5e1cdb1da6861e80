import { describe, expect, it } from 'vitest';
import { VismaOAuthError } from '../src/index.js';
import { createProvider, startConnect, TENANT_A, TENANT_B } from './helpers.js';

describe('single-flight per cache key', () => {
  it('1,000 concurrent cold calls for one key cause exactly one token request', async () => {
    const connect = await startConnect();
    const { provider } = createProvider(connect);
    const tokens = await Promise.all(Array.from({ length: 1000 }, () => provider.getToken()));
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
    expect(connect.counts.token).toBe(1);
  });

  it('does not make other keys wait on a slow one', async () => {
    const connect = await startConnect();
    const { provider } = createProvider(connect, { timeoutMs: 60_000 });
    // The first key's request never gets an answer until the server is reset.
    connect.failNext({ hang: true });
    let slowSettled = false;
    const slow = provider.getToken({ tenantId: TENANT_A }).finally(() => {
      slowSettled = true;
    });
    await expect.poll(() => connect.counts.token, { timeout: 10_000 }).toBe(1);
    const other = await provider.getToken({ tenantId: TENANT_B });
    expect(other.tenantId).toBe(TENANT_B);
    expect(slowSettled).toBe(false);
    // Ending the hang drops the connection; the retry gets the first key its token.
    connect.reset();
    expect((await slow).tenantId).toBe(TENANT_A);
  });

  it('rejects every waiter of a failed fetch and does not cache the failure as a token', async () => {
    const connect = await startConnect();
    const { provider } = createProvider(connect, { errorCooldownMs: 0 });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => provider.getToken({ tenantId: 'not-granted' })),
    );
    expect(
      results.every((r) => r.status === 'rejected' && r.reason instanceof VismaOAuthError),
    ).toBe(true);
    expect(connect.counts.token).toBe(1);
    await expect(provider.getToken({ tenantId: 'not-granted' })).rejects.toThrow(VismaOAuthError);
    expect(connect.counts.token).toBe(2);
  });

  it('keeps tenants and scope sets apart', async () => {
    const connect = await startConnect();
    const { provider } = createProvider(connect);
    const a = await provider.getToken({ tenantId: TENANT_A });
    const b = await provider.getToken({ tenantId: TENANT_B });
    const none = await provider.getToken();
    const write = await provider.getToken({
      tenantId: TENANT_A,
      scopes: ['visma_api:write', 'visma_api:read'],
    });
    const writeAgain = await provider.getToken({
      tenantId: TENANT_A,
      scopes: 'visma_api:read  visma_api:write',
    });
    expect(new Set([a, b, none, write].map((t) => t.accessToken)).size).toBe(4);
    expect(writeAgain.accessToken).toBe(write.accessToken);
    expect(connect.counts.token).toBe(4);
  });
});

describe('bounded cache', () => {
  it('keeps at most maxCacheEntries tokens, evicting the least recently used', async () => {
    const connect = await startConnect();
    const { provider } = createProvider(connect, { maxCacheEntries: 2 });
    await provider.getToken({ tenantId: TENANT_A });
    await provider.getToken({ tenantId: TENANT_B });
    await provider.getToken({ tenantId: TENANT_A });
    await provider.getToken(); // evicts TENANT_B
    expect(connect.counts.token).toBe(3);
    await provider.getToken({ tenantId: TENANT_A });
    expect(connect.counts.token).toBe(3);
    await provider.getToken({ tenantId: TENANT_B });
    expect(connect.counts.token).toBe(4);
  });
});
