import { startRedirectServer } from '@visma-auth/testing';
import axios, { type AxiosError, type CreateAxiosDefaults } from 'axios';

type LookupCallback = (error: null, address: string, family: number) => void;

import {
  startTestServers,
  type TestServers,
  trackUnhandledRejections,
} from '@visma-auth-internal/adapter-conformance';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVismaAxios, detachVismaAuth, withVismaAuth } from '../src/index.js';

let servers: TestServers;
let rejections: ReturnType<typeof trackUnhandledRejections>;

beforeEach(async () => {
  servers = await startTestServers({ clientId: 'axios-tests' });
  rejections = trackUnhandledRejections();
});

afterEach(async () => {
  await new Promise((resolve) => setImmediate(resolve));
  rejections.stop();
  await servers.close();
  expect(rejections.seen).toEqual([]);
});

// What every adapter promises runs in test/conformance.test.ts; this is axios's own.
describe('withVismaAuth over real HTTP', () => {
  it('sends the same token on a cold call (awaited) and a warm one (read from memory)', async () => {
    const { api, connect, provider } = servers;
    const client = createVismaAxios(provider, { baseURL: api.url });
    expect(provider.peekToken()).toBeUndefined();
    expect((await client.get('/v1/customer')).status).toBe(200);
    const warm = provider.peekToken();
    expect(warm).toBeDefined();
    expect((await client.get('/v1/customer')).status).toBe(200);
    expect(api.requests.map((r) => r.authorization)).toEqual([
      `Bearer ${warm?.accessToken}`,
      `Bearer ${warm?.accessToken}`,
    ]);
    expect(connect.counts.token).toBe(1);
    // An error on a warm call still reaches the caller as a rejection, without the token.
    const error = await client
      .get('/v1/customer', { validateStatus: () => false })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(JSON.stringify((error as AxiosError).config?.headers)).not.toContain(warm?.accessToken);
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
});
