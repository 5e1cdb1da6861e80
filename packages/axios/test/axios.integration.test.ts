import {
  isVismaAuthError,
  VismaOAuthError,
  VismaTimeoutError,
  VismaTokenResponseError,
} from '@visma-auth/core';
import { startRedirectServer } from '@visma-auth/testing';
import axios, { type AxiosError, type CreateAxiosDefaults } from 'axios';

type LookupCallback = (error: null, address: string, family: number) => void;

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVismaAxios, detachVismaAuth, withVismaAuth } from '../src/index.js';
import { createProvider, type Servers, startServers, trackUnhandledRejections } from './servers.js';

let servers: Servers;
let rejections: ReturnType<typeof trackUnhandledRejections>;

beforeEach(async () => {
  servers = await startServers();
  rejections = trackUnhandledRejections();
});

afterEach(async () => {
  await new Promise((resolve) => setImmediate(resolve));
  rejections.stop();
  await servers.close();
  expect(rejections.seen).toEqual([]);
});

describe('withVismaAuth over real HTTP', () => {
  it('serves 200 concurrent calls with exactly one token request', async () => {
    const { connect, api, provider } = servers;
    const client = createVismaAxios(provider, { baseURL: api.url });
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => client.get(`/v1/customer/${i}`)),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(connect.counts.token).toBe(1);
    expect(api.requests).toHaveLength(200);
  });

  it('never sends the token to another origin', async () => {
    const { api, otherApi, provider } = servers;
    const client = createVismaAxios(provider, { baseURL: api.url });
    const error = (await client.get(`${otherApi.url}/v1/customer`).catch((e) => e)) as AxiosError;
    expect(error.response?.status).toBe(401);
    expect(otherApi.requests).toHaveLength(1);
    expect(otherApi.requests[0]?.authorization).toBeUndefined();
  });

  it('does not carry the token across a cross-origin redirect', async () => {
    const { otherApi, provider } = servers;
    const redirector = await startRedirectServer({ location: `${otherApi.url}/landing` });
    try {
      const client = createVismaAxios(
        provider,
        { baseURL: redirector.url },
        { allowedOrigins: [otherApi.url] },
      );
      const error = (await client.get('/start').catch((e) => e)) as AxiosError;
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
      // The 401 came from the redirect target, not the origin that got the token: no retry.
      expect(error.response?.status).toBe(401);
      expect(redirector.requests).toHaveLength(1);
    } finally {
      await redirector.close();
    }
  });

  it('drops the token on a redirect to a subdomain, which is another origin', async () => {
    const { provider } = servers;
    // localhost:PORT redirects to api.localhost:PORT, the same server under a subdomain.
    const target = await startRedirectServer({
      location: ({ port }) => `http://api.localhost:${port}/landing`,
    });
    try {
      const client = createVismaAxios(provider, {
        baseURL: `http://localhost:${target.port}`,
        // Resolve every host to loopback without relying on the system resolver for *.localhost.
        lookup: (_host: string, _options: object, callback: LookupCallback) =>
          callback(null, '127.0.0.1', 4),
      } as CreateAxiosDefaults);
      const res = await client.get('/start');
      expect(res.status).toBe(200);
      expect(target.requests).toEqual([
        {
          method: 'GET',
          path: '/start',
          authorization: expect.stringMatching(/^Bearer /),
          status: 302,
        },
        { method: 'GET', path: '/landing', authorization: undefined, status: 200 },
      ]);
    } finally {
      await target.close();
    }
  });

  it('sends the overriding tenant token per request', async () => {
    const { api, provider } = servers;
    const client = withVismaAuth(axios.create({ baseURL: api.url }), provider);
    const a = await client.get('/v1/whoami');
    const b = await client.get('/v1/whoami', { vismaAuth: { tenantId: 'tenant-b' } });
    expect(a.data).toMatchObject({ tenant_id: 'tenant-a', client_id: 'axios-tests' });
    expect(b.data).toMatchObject({ tenant_id: 'tenant-b', client_id: 'axios-tests' });
  });

  it('retries a 401 once with a new token and succeeds', async () => {
    const { connect, api, provider } = servers;
    const client = createVismaAxios(provider, { baseURL: api.url });
    await client.get('/warm');
    api.reset();
    api.rejectNext(1);
    const res = await client.post('/v1/customer', { name: 'x' });
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ path: '/v1/customer' });
    expect(api.requests.map((r) => r.status)).toEqual([401, 200]);
    expect(api.requests[0]?.authorization).not.toBe(api.requests[1]?.authorization);
    expect(connect.counts.issued).toBe(2);
  });

  it('hands the second 401 to the caller after exactly one retry', async () => {
    const { connect, api, provider } = servers;
    const client = createVismaAxios(provider, { baseURL: api.url });
    api.rejectNext(10);
    const error = (await client.get('/v1/customer').catch((e) => e)) as AxiosError;
    expect(error.response?.status).toBe(401);
    expect(error.response?.headers['www-authenticate']).toContain('invalid_token');
    expect(api.requests).toHaveLength(2);
    expect(connect.counts.issued).toBe(2);
  });

  it('does not retry a body that cannot be replayed', async () => {
    const { api, provider } = servers;
    const client = createVismaAxios(provider, { baseURL: api.url });
    api.rejectNext(1);
    const { Readable } = await import('node:stream');
    const error = (await client
      .post('/v1/customer', Readable.from(['{"name":"x"}']), {
        headers: { 'content-type': 'application/json' },
      })
      .catch((e) => e)) as AxiosError;
    expect(error.response?.status).toBe(401);
    expect(api.requests).toHaveLength(1);
  });

  it('detaches: requests go out without a token again', async () => {
    const { api, provider } = servers;
    const instance = axios.create({ baseURL: api.url });
    withVismaAuth(instance, provider);
    expect((await instance.get('/a')).status).toBe(200);
    detachVismaAuth(instance);
    const error = (await instance.get('/b').catch((e) => e)) as AxiosError;
    expect(error.response?.status).toBe(401);
    expect(api.requests[1]?.authorization).toBeUndefined();
  });

  it('still honours the caller AbortSignal while the token request hangs', async () => {
    const { connect, api, provider } = servers;
    connect.failNext({ hang: true });
    const client = createVismaAxios(provider, { baseURL: api.url });
    const controller = new AbortController();
    const pending = client.get('/v1/customer', { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('caller gave up')), 50);
    await expect(pending).rejects.toThrow('caller gave up');
    expect(api.requests).toHaveLength(0);
  });
});

describe('token endpoint faults surface as core errors', () => {
  it('503 twice then OK: succeeds after core retries', async () => {
    const { connect, api, provider } = servers;
    connect.failNext({ status: 503 }, { status: 503 });
    const res = await createVismaAxios(provider, { baseURL: api.url }).get('/v1/customer');
    expect(res.status).toBe(200);
    expect(connect.counts.token).toBe(3);
  });

  it('429 with Retry-After: waits as asked, then succeeds', async () => {
    const { connect, api, provider } = servers;
    connect.failNext({ status: 429, headers: { 'retry-after': '1' } });
    const started = Date.now();
    const res = await createVismaAxios(provider, { baseURL: api.url }).get('/v1/customer');
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(connect.counts.token).toBe(2);
  });

  it('429 past the retries: rejects with a retryable core error carrying Retry-After', async () => {
    const { connect, api } = servers;
    const provider = createProvider(connect, { retry: false });
    try {
      connect.failNext({ status: 429, headers: { 'retry-after': '1' } });
      const error = await createVismaAxios(provider, { baseURL: api.url })
        .get('/x')
        .catch((e) => e);
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
      const error = await createVismaAxios(provider, { baseURL: api.url })
        .get('/x')
        .catch((e) => e);
      expect(error).toBeInstanceOf(VismaTimeoutError);
      expect(api.requests).toHaveLength(0);
    } finally {
      await provider.close();
    }
  });

  it('malformed token response: rejects with VismaTokenResponseError', async () => {
    const { connect, api, provider } = servers;
    connect.failNext({ status: 200, body: '<html>maintenance</html>' });
    const error = await createVismaAxios(provider, { baseURL: api.url })
      .get('/x')
      .catch((e) => e);
    expect(error).toBeInstanceOf(VismaTokenResponseError);
    expect(api.requests).toHaveLength(0);
  });

  it('invalid_client: rejects with VismaOAuthError and never leaks the secret', async () => {
    const { connect, api } = servers;
    const provider = createProvider(connect, { clientSecret: 'wrong-secret-value' });
    try {
      const error = await createVismaAxios(provider, { baseURL: api.url })
        .get('/x')
        .catch((e) => e);
      expect(error).toBeInstanceOf(VismaOAuthError);
      expect(error).toMatchObject({ error: 'invalid_client', retryable: false });
      expect(JSON.stringify(error)).not.toContain('wrong-secret-value');
      expect(api.requests).toHaveLength(0);
    } finally {
      await provider.close();
    }
  });
});
