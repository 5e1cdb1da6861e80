import { inspect } from 'node:util';
import { VismaConfigError } from '@visma-auth/core';
import { startRedirectServer } from '@visma-auth/testing';
import {
  startSchemeDowngradeServer,
  startTestServers,
  type TestServers,
} from '@visma-auth-internal/adapter-conformance';
import got, { HTTPError } from 'got';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { vismaAuthHooks } from '../src/index.js';

// What every adapter promises runs in test/conformance.test.ts; this is got's own.
let servers: TestServers;
beforeEach(async () => {
  servers = await startTestServers({ clientId: 'got-tests' });
});
afterEach(async () => {
  await servers.close();
});

describe('vismaAuthHooks', () => {
  it('works on an instance with prefixUrl, and context.vismaAuth: false sends no token', async () => {
    const { api, provider } = servers;
    const erp = got.extend({
      prefixUrl: api.url,
      hooks: vismaAuthHooks(provider, { baseUrl: api.url }),
      throwHttpErrors: false,
    });
    expect((await erp.get('v1/customer')).statusCode).toBe(200);
    const none = await erp.get('v1/customer', { context: { vismaAuth: false } });
    expect(none.statusCode).toBe(401);
    expect(api.requests.map((r) => r.authorization === undefined)).toEqual([false, true]);
  });

  it('keeps the token out of a logged HTTPError; a redacted header sent again gets a new token', async () => {
    const { api, provider } = servers;
    const erp = got.extend({
      prefixUrl: api.url,
      hooks: vismaAuthHooks(provider, { baseUrl: api.url }),
      retry: { limit: 0 },
    });
    api.rejectNext(2);
    const error = await erp.get('v1/customer').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HTTPError);
    const tokens = api.requests.map((r) => r.authorization?.replace(/^Bearer /, '') ?? '');
    expect(tokens).toHaveLength(2);
    const json = JSON.stringify(error);
    const view = inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true });
    for (const token of tokens) {
      expect(token.length).toBeGreaterThan(20);
      expect(json.includes(token)).toBe(false);
      expect(view.includes(token)).toBe(false);
    }
    expect((error as HTTPError).options.headers.authorization).toBe('Bearer [REDACTED]');
    const again = await erp.get('v1/customer', { headers: { authorization: 'Bearer [REDACTED]' } });
    expect(again.statusCode).toBe(200);
    expect(api.requests.at(-1)?.authorization).toMatch(/^Bearer (?!\[REDACTED\])\S+$/);
  });

  it("takes its token off before the caller's beforeRedirect hook sees an https → http hop", async () => {
    const { provider } = servers;
    const downgrade = await startSchemeDowngradeServer();
    try {
      const seen: unknown[] = [];
      const client = got
        .extend({ hooks: vismaAuthHooks(provider, { allowedOrigins: [downgrade.httpsUrl] }) })
        .extend({
          hooks: { beforeRedirect: [(options) => void seen.push(options.headers.authorization)] },
          https: { certificateAuthority: downgrade.ca },
          throwHttpErrors: false,
          retry: { limit: 0 },
        });
      const res = await client(`${downgrade.httpsUrl}/v1/customer`);
      expect(res.statusCode).toBe(401);
      expect(seen).toEqual([undefined]);
      expect(downgrade.requests.map((r) => r.authorization?.startsWith('Bearer '))).toEqual([
        true,
        undefined,
      ]);
    } finally {
      await downgrade.close();
    }
  });

  it("leaves the caller's own header on a same-origin redirect", async () => {
    const { provider, connect } = servers;
    await using redirector = await startRedirectServer({
      location: ({ url }) => `${url}/landing`,
    });
    const client = got.extend({
      hooks: vismaAuthHooks(provider, { allowedOrigins: [redirector.url] }),
      throwHttpErrors: false,
    });
    await client(`${redirector.url}/start`, { headers: { authorization: 'Basic Y2FsbGVyOng=' } });
    expect(redirector.requests.map((r) => [r.path, r.authorization])).toEqual([
      ['/start', 'Basic Y2FsbGVyOng='],
      ['/landing', 'Basic Y2FsbGVyOng='],
    ]);
    expect(connect.counts.token).toBe(0);
  });

  it('fails at creation without an allowlist or provider, naming the option', () => {
    const { api, provider } = servers;
    expect(() => vismaAuthHooks(provider)).toThrow(VismaConfigError);
    expect(() => vismaAuthHooks(provider)).toThrow(
      expect.objectContaining({ option: 'allowedOrigins' }),
    );
    expect(() => vismaAuthHooks(provider, { baseUrl: 'http://api.example.com' })).toThrow(
      expect.objectContaining({ option: 'baseUrl' }),
    );
    expect(() => vismaAuthHooks({} as never, { baseUrl: api.url })).toThrow(
      expect.objectContaining({ option: 'provider' }),
    );
  });
});
