import { inspect } from 'node:util';
import { REJECTION_WINDOW_MS, type VismaAuthEvent } from '@visma-auth/core';
import { startMockApi } from '@visma-auth/testing';
import {
  createTestProvider,
  startTestServers,
  type TestServers,
} from '@visma-auth-internal/adapter-conformance';
import type { AxiosError, AxiosRequestConfig } from 'axios';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVismaAxios } from '../src/index.js';

let servers: TestServers;
beforeEach(async () => {
  servers = await startTestServers({ clientId: 'axios-tests' });
});
afterEach(async () => {
  await servers.close();
});

/** Every distinct token an API saw, without the `Bearer ` prefix. */
function tokensSeenBy(...apis: { requests: readonly { authorization?: string }[] }[]): string[] {
  const tokens = apis.flatMap((api) =>
    api.requests
      .map((r) => r.authorization?.replace(/^Bearer /, ''))
      .filter((t) => t !== undefined),
  );
  return [...new Set(tokens)];
}

describe('a config sent again (failover, polling, retry helpers)', () => {
  it('does not carry the token to a foreign origin', async () => {
    const { api, otherApi, provider } = servers;
    const client = createVismaAxios(provider, { baseURL: api.url });
    const res = await client.get('/v1/customer');
    const again = await client
      .request({ ...res.config, url: `${otherApi.url}/v1/customer` })
      .catch((e: AxiosError) => e.response);
    expect(again?.status).toBe(401);
    expect(otherApi.requests).toHaveLength(1);
    expect(otherApi.requests[0]?.authorization).toBeUndefined();
  });

  it('does not carry the token with vismaAuth: false', async () => {
    const { api, provider } = servers;
    const client = createVismaAxios(provider, { baseURL: api.url });
    const res = await client.get('/v1/customer');
    await client.request({ ...res.config, vismaAuth: false }).catch(() => undefined);
    expect(api.requests.map((r) => r.authorization === undefined)).toEqual([false, true]);
  });

  it('keeps an Authorization header the caller set on it, to any origin', async () => {
    const { api, otherApi, provider, connect } = servers;
    const client = createVismaAxios(provider, { baseURL: api.url });
    const res = await client.get('/v1/customer');
    const headers = { ...res.config.headers, Authorization: 'Basic Y2FsbGVyOm93bg==' };
    await client.request({ ...res.config, headers }).catch(() => undefined);
    await client
      .request({ ...res.config, url: `${otherApi.url}/x`, headers })
      .catch(() => undefined);
    expect(api.requests[1]?.authorization).toBe('Basic Y2FsbGVyOm93bg==');
    expect(otherApi.requests[0]?.authorization).toBe('Basic Y2FsbGVyOm93bg==');
    expect(connect.counts.token).toBe(1);
  });

  it('still carries a valid token to an allowed origin', async () => {
    const { api, provider } = servers;
    const client = createVismaAxios(provider, { baseURL: api.url });
    const res = await client.get('/v1/customer');
    const again = await client.request(res.config);
    expect(again.status).toBe(200);
  });
});

describe('AxiosError does not expose the token', () => {
  it.each(['http', 'fetch'] as const)(
    'in JSON.stringify or util.inspect (%s adapter)',
    async (adapter) => {
      const { api, provider } = servers;
      const client = createVismaAxios(provider, { baseURL: api.url, adapter });
      // 401 to the token and to the fresh one: the error carries the second.
      api.rejectNext(2);
      const error = (await client.get('/v1/customer').catch((e) => e)) as AxiosError;
      expect(error.response?.status).toBe(401);
      const tokens = tokensSeenBy(api);
      expect(tokens).toHaveLength(2);
      const views = [
        JSON.stringify(error),
        inspect(error),
        inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
        JSON.stringify(error.response?.config),
        inspect(error.response, { depth: Number.POSITIVE_INFINITY }),
      ];
      for (const view of views) {
        for (const token of tokens) expect(view.includes(token)).toBe(false);
      }
      expect(error.config?.headers.Authorization).toBe('Bearer [REDACTED]');

      // The redacted config can be sent again, and carries a fresh token to the allowed origin.
      const again = await client.request(error.config as AxiosRequestConfig);
      expect(again.status).toBe(200);
      expect(api.requests.at(-1)?.authorization).toMatch(/^Bearer (?!\[REDACTED\])\S+$/);
    },
  );

  it('does not expose it for errors other than 401 either', async () => {
    const { api, provider } = servers;
    const client = createVismaAxios(provider, { baseURL: api.url, validateStatus: () => false });
    const error = (await client.get('/v1/customer').catch((e) => e)) as AxiosError;
    expect(error.response?.status).toBe(200);
    const [token] = tokensSeenBy(api);
    expect(token).toBeDefined();
    const view = inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true });
    expect(view.includes(token as string)).toBe(false);
  });

  it("leaves a caller's own Authorization header alone", async () => {
    const { api, provider } = servers;
    const client = createVismaAxios(provider, { baseURL: api.url });
    const error = (await client
      .get('/v1/customer', { headers: { Authorization: 'Basic Y2FsbGVyOm93bg==' } })
      .catch((e) => e)) as AxiosError;
    expect(error.config?.headers.Authorization).toBe('Basic Y2FsbGVyOm93bg==');
  });
});

describe('401 storms (an API that rejects every token of this tenant)', () => {
  it('costs at most 3 token requests for 1,000 calls, with one event', async () => {
    const { connect } = servers;
    const api = await startMockApi({ connect, tenants: ['tenant-b'] });
    const events: VismaAuthEvent[] = [];
    // A clock that stands still, so the hold window cannot run out on a slow machine.
    const now = Date.now();
    const provider = createTestProvider(connect, {
      clientId: 'axios-tests',
      clock: { now: () => now },
      onEvent: (event) => events.push(event),
    });
    try {
      const client = createVismaAxios(provider, { baseURL: api.url });
      const calls = 1000;
      const batch = 20;
      let unauthorized = 0;
      for (let i = 0; i < calls; i += batch) {
        const results = await Promise.all(
          Array.from({ length: batch }, (_, j) =>
            client.get(`/v1/customer/${i + j}`).catch((e: AxiosError) => e.response),
          ),
        );
        unauthorized += results.filter((r) => r?.status === 401).length;
      }
      console.info(`401 storm (axios): ${calls} calls, ${connect.counts.token} token requests`);
      expect(unauthorized).toBe(calls);
      expect(connect.counts.token).toBeLessThanOrEqual(3);
      expect(events.filter((e) => e.type === 'rejection_hold')).toEqual([
        expect.objectContaining({ tenantId: 'tenant-a', holdMs: REJECTION_WINDOW_MS, holds: 1 }),
      ]);
    } finally {
      await provider.close();
      await api.close();
    }
  });
});
