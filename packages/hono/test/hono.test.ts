import { VismaConfigError } from '@visma-auth/core';
import {
  abortsWhenClientLeaves,
  resourcesLeftOpen,
  startTestServers,
  type TestServers,
} from '@visma-auth-internal/adapter-conformance';
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeVismaProviders, type VismaVariables, vismaAuth, vismaOnError } from '../src/index.js';
import { createApp, startApp } from './app.js';

let servers: TestServers;

beforeEach(async () => {
  servers = await startTestServers({ clientId: 'hono-tests' });
});

afterEach(async () => {
  await closeVismaProviders();
  await servers.close();
});

// What every adapter promises runs in test/conformance.test.ts; this is the middleware's own.
describe('vismaAuth on Hono 4', () => {
  it('serves 50 concurrent requests with one token request', async () => {
    const { api, connect, providerOptions } = servers;
    const app = await startApp({ ...providerOptions, baseUrl: api.url });
    try {
      const answers = await Promise.all(
        Array.from({ length: 50 }, () => fetch(`${app.url}/whoami`)),
      );
      expect(answers.map((r) => r.status)).toEqual(Array(50).fill(200));
      expect(connect.counts.token).toBe(1);
    } finally {
      await app.close();
    }
  });

  it('answers a wrong client secret with a generic 502 and logs the whole error', async () => {
    const { api, providerOptions } = servers;
    const errors: unknown[] = [];
    const app = createApp(
      { ...providerOptions, clientSecret: 'wrong-secret-value', baseUrl: api.url },
      errors,
    );
    const res = await app.request('/whoami');
    const text = await res.text();
    expect(res.status).toBe(502);
    expect(JSON.parse(text)).toEqual({
      error: 'upstream_error',
      message: 'This service could not authenticate to an upstream service.',
    });
    expect(text).not.toMatch(/invalid_client|hono-tests|tenant-a|wrong-secret|401/);
    expect(errors).toEqual([expect.objectContaining({ error: 'invalid_client' })]);
  });

  it('answers 503 with Retry-After when the token endpoint asks to wait', async () => {
    const { api, connect, providerOptions } = servers;
    connect.failNext({ status: 429, headers: { 'retry-after': '7' } });
    const app = createApp({ ...providerOptions, retry: false, baseUrl: api.url }, []);
    const res = await app.request('/whoami');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(await res.json()).toEqual({
      error: 'upstream_unavailable',
      message: expect.any(String),
    });
  });

  it.each([
    [
      'throws',
      () => {
        throw new Error('no identity');
      },
    ],
    ['returns a number', () => 42],
    ['returns CR/LF', () => 'tenant-a\r\nx-admin: 1'],
  ])('a tenant function that %s: 400 with ERR_VISMA_CONFIG, no token requested', async (_, fn) => {
    const { api, connect, provider } = servers;
    const errors: unknown[] = [];
    const app = createApp({ provider, baseUrl: api.url, tenant: fn as () => string }, errors);
    const res = await app.request('/whoami');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'invalid_tenant', message: expect.any(String) });
    expect(errors).toEqual([
      expect.objectContaining({ code: 'ERR_VISMA_CONFIG', option: 'tenant' }),
    ]);
    expect(connect.counts.token).toBe(0);
  });

  it('stops waiting for the token when the client goes away', async () => {
    const { api } = servers;
    const aborted = await abortsWhenClientLeaves(servers, (provider) =>
      startApp({ provider, baseUrl: api.url }),
    );
    expect(aborted).toBe(true);
  });

  it('hands other errors to the fallback (Hono’s default: 500)', async () => {
    const { api, provider } = servers;
    const errors: unknown[] = [];
    const original = console.error;
    console.error = () => {};
    try {
      const res = await createApp({ provider, baseUrl: api.url }, errors).request('/boom');
      expect(res.status).toBe(500);
    } finally {
      console.error = original;
    }
    expect(errors).toEqual([]);
  });

  it('options read from c.env per request share one provider per credential', async () => {
    const { api, connect, providerOptions } = servers;
    type Bindings = { CLIENT_SECRET: string };
    const app = new Hono<{ Bindings: Bindings; Variables: VismaVariables }>();
    app.use(
      vismaAuth<{ Bindings: Bindings }>((c) => ({
        ...providerOptions,
        clientSecret: c.env.CLIENT_SECRET,
        baseUrl: api.url,
      })),
    );
    app.get('/whoami', async (c) => c.json(await (await c.var.visma.fetch('/v1/whoami')).json()));
    app.onError(vismaOnError({ logger: () => {} }));
    const env = { CLIENT_SECRET: providerOptions.clientSecret as string };
    for (let i = 0; i < 5; i++) {
      expect((await app.request('/whoami', {}, { ...env })).status).toBe(200);
    }
    expect(connect.counts.token).toBe(1);
    // A rotated (here: wrong) secret replaces the provider instead of reusing the old one's token.
    const rotated = await app.request('/whoami', {}, { CLIENT_SECRET: 'rotated-secret' });
    expect(rotated.status).toBe(502);
    expect(connect.counts.token).toBe(2);
    // And back: a new provider again, with a token of its own.
    expect((await app.request('/whoami', {}, env)).status).toBe(200);
    expect(connect.counts.token).toBe(3);
  });

  it('closeVismaProviders closes what the middleware created, leaving no open handle', async () => {
    const before = process.getActiveResourcesInfo();
    const own = await startTestServers({ clientId: 'hono-tests' });
    const app = await startApp({ ...own.providerOptions, baseUrl: own.api.url });
    await Promise.all(Array.from({ length: 5 }, () => fetch(`${app.url}/whoami`)));
    await app.close();
    await closeVismaProviders();
    expect(own.connect.counts.token).toBe(1);
    await own.close();
    expect(await resourcesLeftOpen(before)).toEqual([]);
  });

  it('fails the first request with VismaConfigError naming the missing option', async () => {
    const { providerOptions, provider, api } = servers;
    const errors: unknown[] = [];
    expect((await createApp({ provider } as never, errors).request('/whoami')).status).toBe(502);
    const { clientSecret: _s, ...noSecret } = providerOptions;
    expect(
      (await createApp({ ...noSecret, baseUrl: api.url }, errors).request('/whoami')).status,
    ).toBe(502);
    expect(errors).toEqual([
      expect.objectContaining({ option: 'baseUrl' }),
      expect.any(VismaConfigError),
    ]);
    expect(String(errors[1])).toMatch(/clientSecret/);
  });
});
