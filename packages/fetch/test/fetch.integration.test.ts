import {
  isVismaAuthError,
  VismaOAuthError,
  VismaTimeoutError,
  VismaTokenResponseError,
} from '@visma-auth/core';
import { startRedirectServer } from '@visma-auth/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVismaFetch } from '../src/index.js';
import { createProvider, type Servers, startServers, trackUnhandledRejections } from './servers.js';

let servers: Servers;
let rejections: ReturnType<typeof trackUnhandledRejections>;

beforeEach(async () => {
  servers = await startServers();
  rejections = trackUnhandledRejections();
});

afterEach(async () => {
  // Let a stray rejection surface before checking.
  await new Promise((resolve) => setImmediate(resolve));
  rejections.stop();
  await servers.close();
  expect(rejections.seen).toEqual([]);
});

describe('createVismaFetch over real HTTP', () => {
  it('serves 200 concurrent calls with exactly one token request', async () => {
    const { connect, api, provider } = servers;
    const vfetch = createVismaFetch(provider, { baseUrl: api.url });
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => vfetch(`/v1/customer/${i}`)),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    await Promise.all(responses.map((r) => r.arrayBuffer()));
    expect(connect.counts.token).toBe(1);
    expect(api.requests).toHaveLength(200);
  });

  it('never sends the token to another origin', async () => {
    const { api, otherApi, provider } = servers;
    const vfetch = createVismaFetch(provider, { baseUrl: api.url });
    const res = await vfetch(`${otherApi.url}/v1/customer`);
    expect(res.status).toBe(401);
    await res.arrayBuffer();
    expect(otherApi.requests).toHaveLength(1);
    expect(otherApi.requests[0]?.authorization).toBeUndefined();
    expect(api.requests).toHaveLength(0);
  });

  it('does not carry the token across a cross-origin redirect', async () => {
    const { otherApi, provider } = servers;
    const redirector = await startRedirectServer({ location: `${otherApi.url}/landing` });
    try {
      const vfetch = createVismaFetch(provider, {
        baseUrl: redirector.url,
        allowedOrigins: [otherApi.url],
      });
      const res = await vfetch('/start');
      await res.arrayBuffer();
      expect(redirector.requests).toEqual([
        {
          method: 'GET',
          path: '/start',
          authorization: expect.stringMatching(/^Bearer /),
          status: 302,
        },
      ]);
      expect(otherApi.requests.map((r) => [r.path, r.authorization])).toEqual([
        ['/landing', undefined],
      ]);
      // The 401 came from the redirect target, not from the origin that got the token: no retry.
      expect(res.status).toBe(401);
      expect(redirector.requests).toHaveLength(1);
    } finally {
      await redirector.close();
    }
  });

  it('sends the overriding tenant token per request', async () => {
    const { api, provider } = servers;
    const vfetch = createVismaFetch(provider, { baseUrl: api.url });
    const a = await (await vfetch('/v1/whoami')).json();
    const b = await (await vfetch('/v1/whoami', { vismaAuth: { tenantId: 'tenant-b' } })).json();
    expect(a).toMatchObject({ tenant_id: 'tenant-a', client_id: 'fetch-tests' });
    expect(b).toMatchObject({ tenant_id: 'tenant-b', client_id: 'fetch-tests' });
  });

  it('retries a 401 once with a new token and succeeds', async () => {
    const { connect, api, provider } = servers;
    const vfetch = createVismaFetch(provider, { baseUrl: api.url });
    await (await vfetch('/warm')).arrayBuffer();
    api.reset();
    api.rejectNext(1);
    const res = await vfetch('/v1/customer', { method: 'POST', body: '{"name":"x"}' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ path: '/v1/customer' });
    expect(api.requests.map((r) => r.status)).toEqual([401, 200]);
    const [first, second] = api.requests;
    expect(first?.authorization).not.toBe(second?.authorization);
    expect(connect.counts.issued).toBe(2);
  });

  it('hands the second 401 to the caller after exactly one retry', async () => {
    const { connect, api, provider } = servers;
    const vfetch = createVismaFetch(provider, { baseUrl: api.url });
    api.rejectNext(10);
    const res = await vfetch('/v1/customer');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('invalid_token');
    await res.arrayBuffer();
    expect(api.requests).toHaveLength(2);
    expect(connect.counts.issued).toBe(2);
  });

  it('does not retry a body that cannot be replayed', async () => {
    const { api, provider } = servers;
    const vfetch = createVismaFetch(provider, { baseUrl: api.url });
    api.rejectNext(1);
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"name":"x"}'));
        controller.close();
      },
    });
    const res = await vfetch('/v1/customer', {
      method: 'POST',
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(401);
    await res.arrayBuffer();
    expect(api.requests).toHaveLength(1);
  });

  it('still honours the caller AbortSignal while the token request hangs', async () => {
    const { connect, api, provider } = servers;
    connect.failNext({ hang: true });
    const vfetch = createVismaFetch(provider, { baseUrl: api.url });
    const controller = new AbortController();
    const pending = vfetch('/v1/customer', { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('caller gave up')), 50);
    await expect(pending).rejects.toThrow('caller gave up');
    expect(api.requests).toHaveLength(0);
  });
});

describe('token endpoint faults surface as core errors', () => {
  it('503 twice then OK: succeeds after core retries', async () => {
    const { connect, api, provider } = servers;
    connect.failNext({ status: 503 }, { status: 503 });
    const res = await createVismaFetch(provider, { baseUrl: api.url })('/v1/customer');
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    expect(connect.counts.token).toBe(3);
  });

  it('429 with Retry-After: waits as asked, then succeeds', async () => {
    const { connect, api, provider } = servers;
    connect.failNext({ status: 429, headers: { 'retry-after': '1' } });
    const started = Date.now();
    const res = await createVismaFetch(provider, { baseUrl: api.url })('/v1/customer');
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(connect.counts.token).toBe(2);
  });

  it('429 past the retries: rejects with a retryable core error carrying Retry-After', async () => {
    const { connect, api } = servers;
    const provider = createProvider(connect, { retry: false });
    try {
      connect.failNext({ status: 429, headers: { 'retry-after': '1' } });
      const error = await createVismaFetch(provider, { baseUrl: api.url })('/x').catch((e) => e);
      expect(isVismaAuthError(error)).toBe(true);
      expect(error).toMatchObject({ status: 429, retryable: true, retryAfterMs: 1000 });
      expect(api.requests).toHaveLength(0);
    } finally {
      await provider.close();
    }
  });

  it('hang: rejects with VismaTimeoutError and sends nothing', async () => {
    const { connect, api } = servers;
    const provider = createProvider(connect, { timeoutMs: 200, retry: false });
    try {
      connect.failNext({ hang: true });
      const error = await createVismaFetch(provider, { baseUrl: api.url })('/x').catch((e) => e);
      expect(error).toBeInstanceOf(VismaTimeoutError);
      expect(api.requests).toHaveLength(0);
    } finally {
      await provider.close();
    }
  });

  it('malformed token response: rejects with VismaTokenResponseError', async () => {
    const { connect, api, provider } = servers;
    connect.failNext({ status: 200, body: '<html>maintenance</html>' });
    const error = await createVismaFetch(provider, { baseUrl: api.url })('/x').catch((e) => e);
    expect(error).toBeInstanceOf(VismaTokenResponseError);
    expect(error).toMatchObject({ retryable: false });
    expect(api.requests).toHaveLength(0);
  });

  it('invalid_client: rejects with VismaOAuthError and never leaks the secret', async () => {
    const { connect, api } = servers;
    const provider = createProvider(connect, { clientSecret: 'wrong-secret-value' });
    try {
      const error = await createVismaFetch(provider, { baseUrl: api.url })('/x').catch((e) => e);
      expect(error).toBeInstanceOf(VismaOAuthError);
      expect(error).toMatchObject({ error: 'invalid_client', retryable: false });
      expect(JSON.stringify(error)).not.toContain('wrong-secret-value');
      expect(String(error.message)).not.toContain('wrong-secret-value');
      expect(api.requests).toHaveLength(0);
    } finally {
      await provider.close();
    }
  });
});
