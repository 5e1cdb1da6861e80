import type { VismaTokenSource } from '@visma-auth/core';
import {
  pathCountingSource,
  startTestServers,
  type TestServers,
} from '@visma-auth-internal/adapter-conformance';
import got from 'got';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { vismaAuthHooks } from '../src/index.js';

let servers: TestServers;
beforeEach(async () => {
  servers = await startTestServers({ clientId: 'got-warm-tests' });
});
afterEach(async () => {
  await servers.close();
});

/** The test provider behind a source that counts which path each call took. */
function counted(withPeek: boolean) {
  return pathCountingSource(servers.provider, withPeek);
}

function client(source: VismaTokenSource) {
  const { api } = servers;
  return got.extend({
    prefixUrl: api.url,
    hooks: vismaAuthHooks(source, { baseUrl: api.url }),
    retry: { limit: 0 },
    throwHttpErrors: false,
  });
}

describe('vismaAuthHooks on a warm and a cold call', () => {
  it('sends the cold call after getToken and the warm one from peekToken, both with the token', async () => {
    const { api } = servers;
    const { source, calls } = counted(true);
    const erp = client(source);
    expect((await erp.get('v1/customer')).statusCode).toBe(200);
    expect(calls).toEqual({ peek: 1, peekHits: 0, getToken: 1 });
    expect((await erp.get('v1/customer')).statusCode).toBe(200);
    expect(calls).toEqual({ peek: 2, peekHits: 1, getToken: 1 });
    const [cold, warm] = api.requests.map((r) => r.authorization);
    expect(cold).toMatch(/^Bearer \S+$/);
    expect(warm).toBe(cold);
  });

  it('asks getToken on every call when the source has no peekToken', async () => {
    const { api } = servers;
    const { source, calls } = counted(false);
    const erp = client(source);
    for (let i = 0; i < 2; i++) expect((await erp.get('v1/customer')).statusCode).toBe(200);
    expect(calls.getToken).toBe(2);
    expect(api.requests.map((r) => r.authorization?.startsWith('Bearer '))).toEqual([true, true]);
  });

  it('retries a 401 on a warm call once with a fresh token', async () => {
    const { api } = servers;
    const { source, calls } = counted(true);
    const erp = client(source);
    expect((await erp.get('v1/customer')).statusCode).toBe(200);
    api.rejectNext(1);
    expect((await erp.get('v1/customer')).statusCode).toBe(200);
    expect(calls.peekHits).toBe(1);
    const [first, rejected, retried] = api.requests.map((r) => r.authorization);
    expect(rejected).toBe(first);
    expect(retried).toMatch(/^Bearer \S+$/);
    expect(retried).not.toBe(rejected);
    expect(api.requests).toHaveLength(3);
    // The next warm call sends the new token, not the header the hooks kept from before.
    expect((await erp.get('v1/customer')).statusCode).toBe(200);
    expect(api.requests.at(-1)?.authorization).toBe(retried);
  });

  it('gives warm calls for two tenants in turn each its own token', async () => {
    const { api } = servers;
    const { source } = counted(true);
    const erp = client(source);
    const sent = async (tenantId: string) => {
      await erp.get('v1/customer', { context: { vismaAuth: { tenantId } } });
      return api.requests.at(-1)?.authorization;
    };
    const [a, b] = [await sent('tenant-a'), await sent('tenant-b')];
    expect(a).not.toBe(b);
    expect([await sent('tenant-a'), await sent('tenant-b'), await sent('tenant-a')]).toEqual([
      a,
      b,
      a,
    ]);
  });

  it('rejects the call when the cold token request fails or the warm lookup throws', async () => {
    const { api } = servers;
    const cold: VismaTokenSource = {
      peekToken: () => undefined,
      getToken: () => Promise.reject(new Error('no token')),
      invalidate: async () => false,
    };
    await expect(client(cold).get('v1/customer')).rejects.toThrow('no token');
    const warm: VismaTokenSource = {
      peekToken: () => {
        throw new Error('peek failed');
      },
      getToken: () => Promise.reject(new Error('not reached')),
      invalidate: async () => false,
    };
    await expect(client(warm).get('v1/customer')).rejects.toThrow('peek failed');
    expect(api.requests).toHaveLength(0);
  });
});
