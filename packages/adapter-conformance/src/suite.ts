import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeLazyProviders } from './lazy-providers.js';
import { type ConformanceServers, startConformanceServers } from './servers.js';
import { describeTokenFaults } from './token-faults.js';
import type { AdapterFactory, AdapterUnderTest } from './types.js';

const bearer = expect.stringMatching(/^Bearer \S+$/);

/**
 * Registers the cases every transport adapter must pass, run over real HTTP against a local
 * Visma Connect, two APIs on two origins and a redirecting server.
 *
 * @param name - The adapter, as the test report names it.
 * @param factory - Builds the adapter for each case from a provider and the origins to allow.
 * @param options.lazyProviders - Also run the cases for lazy and shared providers (default
 *   `true`; `false` for an adapter that builds its provider from `providerOptions`).
 */
export function describeAdapterConformance(
  name: string,
  factory: AdapterFactory,
  options: { lazyProviders?: boolean } = {},
): void {
  describe(`${name} conforms`, () => {
    let servers: ConformanceServers;
    let adapter: AdapterUnderTest;

    beforeEach(async () => {
      servers = await startConformanceServers();
      const { provider, providerOptions, api, redirector, downgrade } = servers;
      adapter = await factory({
        provider,
        providerOptions,
        origins: [api.url, redirector.url, downgrade.httpsUrl],
      });
    });

    afterEach(async () => {
      await adapter.close?.();
      await servers.close();
    });

    it('sends the token to an allowed origin', async () => {
      const { api } = servers;
      const res = await adapter.send({ url: `${api.url}/v1/whoami`, method: 'GET' });
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toMatchObject({ tenant_id: 'tenant-a' });
      expect(api.requests.map((r) => r.authorization)).toEqual([bearer]);
    });

    it('sends no token to an origin it was not given, and asks for none', async () => {
      const { connect, otherApi } = servers;
      const res = await adapter.send({ url: `${otherApi.url}/v1/customer`, method: 'GET' });
      expect(res.status).toBe(401);
      expect(otherApi.requests.map((r) => r.authorization)).toEqual([undefined]);
      expect(connect.counts.token).toBe(0);
    });

    it('sends no token across a redirect to another origin, and does not retry its 401', async () => {
      const { redirector, otherApi } = servers;
      const res = await adapter.send({ url: `${redirector.url}/start`, method: 'GET' });
      expect(redirector.requests.map((r) => [r.path, r.authorization])).toEqual([
        ['/start', bearer],
      ]);
      expect(otherApi.requests.map((r) => [r.path, r.authorization])).toEqual([
        ['/landing', undefined],
      ]);
      expect(res.status).toBe(401);
    });

    it('sends no token across a redirect from https to http on the same host and port', async () => {
      // https://host/x → http://host/x/ with default ports: only the scheme differs.
      const { connect, downgrade } = servers;
      const res = await adapter.send({
        url: `${downgrade.httpsUrl}/v1/customer`,
        method: 'GET',
        ca: downgrade.ca,
      });
      expect(downgrade.requests.map((r) => [r.scheme, r.path, r.authorization])).toEqual([
        ['https', '/v1/customer', bearer],
        ['http', '/v1/customer/', undefined],
      ]);
      // The 401 came from the http hop, which got no token: nothing to retry.
      expect(res.status).toBe(401);
      expect(connect.counts.token).toBe(1);
    });

    it("keeps the caller's own Authorization header on https, and sends no token over http", async () => {
      const { connect, downgrade } = servers;
      const res = await adapter.send({
        url: `${downgrade.httpsUrl}/v1/customer`,
        method: 'GET',
        headers: { Authorization: 'Basic Y2FsbGVyOng=' },
        ca: downgrade.ca,
      });
      const [https, http] = downgrade.requests;
      expect(https).toEqual({
        scheme: 'https',
        path: '/v1/customer',
        authorization: 'Basic Y2FsbGVyOng=',
      });
      // Whether the caller's own header crosses to http is the client's rule, not the adapter's.
      expect(http?.authorization).not.toEqual(bearer);
      expect(res.status).toBe(401);
      expect(connect.counts.token).toBe(0);
    });

    it('on 401 drops exactly the sent token and retries once with a new one', async () => {
      const { api, connect } = servers;
      api.rejectNext(1);
      const res = await adapter.send({
        url: `${api.url}/v1/customer`,
        method: 'POST',
        body: '{"name":"x"}',
      });
      expect(res.status).toBe(200);
      expect(api.requests.map((r) => r.status)).toEqual([401, 200]);
      const [first, second] = api.requests.map((r) => r.authorization);
      expect(second).toEqual(bearer);
      expect(second).not.toBe(first);
      expect(connect.counts.issued).toBe(2);
    });

    it('compare-and-delete: two requests rejected with one token share one new token', async () => {
      const { api, connect } = servers;
      await adapter.send({ url: `${api.url}/warm`, method: 'GET' });
      api.reset();
      api.rejectNext(2);
      const results = await Promise.all(
        ['/a', '/b'].map((path) => adapter.send({ url: `${api.url}${path}`, method: 'GET' })),
      );
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      expect(api.requests).toHaveLength(4);
      expect(connect.counts.issued).toBe(2);
    });

    it('hands a second 401 to the caller after exactly one retry', async () => {
      const { api, connect } = servers;
      api.rejectNext(10);
      const res = await adapter.send({ url: `${api.url}/v1/customer`, method: 'GET' });
      expect(res.status).toBe(401);
      expect(api.requests).toHaveLength(2);
      expect(connect.counts.issued).toBe(2);
    });

    it('a 401 storm: 100 calls that all get 401 cost at most 3 token requests', async () => {
      const { api, connect } = servers;
      api.rejectNext(1_000);
      const statuses: number[] = [];
      for (let i = 0; i < 100; i += 10) {
        const batch = Array.from({ length: 10 }, (_, j) =>
          adapter.send({ url: `${api.url}/v1/customer/${i + j}`, method: 'GET' }),
        );
        for (const res of await Promise.all(batch)) statuses.push(res.status);
      }
      expect(statuses.filter((status) => status === 401)).toHaveLength(100);
      expect(connect.counts.token).toBeLessThanOrEqual(3);
    });

    it('does not retry a body that can be read only once', async () => {
      const { api } = servers;
      api.rejectNext(1);
      const res = await adapter.send({
        url: `${api.url}/v1/customer`,
        method: 'POST',
        body: '{"name":"x"}',
        stream: true,
      });
      expect(res.status).toBe(401);
      expect(api.requests).toHaveLength(1);
    });

    it('gets the token for the tenant a request names', async () => {
      const { api } = servers;
      const a = await adapter.send({ url: `${api.url}/v1/whoami`, method: 'GET' });
      const b = await adapter.send({
        url: `${api.url}/v1/whoami`,
        method: 'GET',
        tenantId: 'tenant-b',
      });
      expect(JSON.parse(a.body)).toMatchObject({ tenant_id: 'tenant-a' });
      expect(JSON.parse(b.body)).toMatchObject({ tenant_id: 'tenant-b' });
    });

    it("leaves the caller's Authorization header alone and asks for no token", async () => {
      const { api, connect } = servers;
      const res = await adapter.send({
        url: `${api.url}/v1/customer`,
        method: 'GET',
        headers: { Authorization: 'Basic Y2FsbGVyOng=' },
      });
      expect(res.status).toBe(401);
      expect(api.requests.map((r) => r.authorization)).toEqual(['Basic Y2FsbGVyOng=']);
      expect(connect.counts.token).toBe(0);
    });

    it('serves a cold burst of 50 concurrent requests with one token request', async () => {
      const { api, connect } = servers;
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          adapter.send({ url: `${api.url}/v1/customer/${i}`, method: 'GET' }),
        ),
      );
      expect(results.every((r) => r.status === 200)).toBe(true);
      expect(connect.counts.token).toBe(1);
      expect(api.requests).toHaveLength(50);
    });
  });
  describeTokenFaults(name, factory);
  if (options.lazyProviders !== false) describeLazyProviders(name, factory);
}
