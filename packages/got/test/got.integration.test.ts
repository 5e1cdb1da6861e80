import { VismaConfigError } from '@visma-auth/core';
import { startTestServers, type TestServers } from '@visma-auth-internal/adapter-conformance';
import got from 'got';
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
