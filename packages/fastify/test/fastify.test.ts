import { VismaConfigError } from '@visma-auth/core';
import {
  abortsWhenClientLeaves,
  resourcesLeftOpen,
  startTestServers,
  type TestServers,
} from '@visma-auth-internal/adapter-conformance';
import Fastify, { type FastifyInstance } from 'fastify';
import Fastify4 from 'fastify4';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import vismaAuth from '../src/index.js';
import { capturingLogger, startApp } from './app.js';

let servers: TestServers;

beforeEach(async () => {
  servers = await startTestServers({ clientId: 'fastify-tests' });
});

afterEach(async () => {
  await servers.close();
});

// What every adapter promises runs in test/conformance.test.ts; this is the plugin's own.
describe.each([5, 4] as const)('vismaAuth on Fastify %i', (major) => {
  const create = (options?: Record<string, unknown>) =>
    (major === 5 ? Fastify(options) : Fastify4(options)) as ReturnType<typeof Fastify>;

  it('serves 50 concurrent requests with one token request', async () => {
    const { api, connect, provider } = servers;
    const app = await startApp({ provider, baseUrl: api.url }, major);
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
    const app = await startApp(
      {
        ...providerOptions,
        clientSecret: 'wrong-secret-value',
        baseUrl: api.url,
      },
      major,
    );
    try {
      const res = await fetch(`${app.url}/whoami`);
      const text = await res.text();
      expect(res.status).toBe(502);
      expect(JSON.parse(text)).toEqual({
        error: 'upstream_error',
        message: 'This service could not authenticate to an upstream service.',
      });
      expect(text).not.toMatch(/invalid_client|fastify-tests|tenant-a|wrong-secret|401/);
      expect(app.errors).toEqual([expect.objectContaining({ error: 'invalid_client' })]);
      expect(api.requests).toHaveLength(0);
    } finally {
      await app.close();
    }
  });

  it('answers 503 with Retry-After when the token endpoint asks to wait', async () => {
    const { api, connect, providerOptions } = servers;
    connect.failNext({ status: 429, headers: { 'retry-after': '7' } });
    const app = await startApp({ ...providerOptions, retry: false, baseUrl: api.url }, major);
    try {
      const res = await fetch(`${app.url}/whoami`);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('7');
      expect(await res.json()).toEqual({
        error: 'upstream_unavailable',
        message: expect.any(String),
      });
    } finally {
      await app.close();
    }
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
    const app = await startApp({ provider, baseUrl: api.url, tenant: fn as () => string }, major);
    try {
      const res = await fetch(`${app.url}/whoami`);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: 'invalid_tenant', message: expect.any(String) });
      expect(app.errors).toEqual([
        expect.objectContaining({ code: 'ERR_VISMA_CONFIG', option: 'tenant' }),
      ]);
      expect(connect.counts.token).toBe(0);
    } finally {
      await app.close();
    }
  });

  it('stops waiting for the token when the client goes away', async () => {
    const { api } = servers;
    const aborted = await abortsWhenClientLeaves(servers, (provider) =>
      startApp({ provider, baseUrl: api.url }, major),
    );
    expect(aborted).toBe(true);
  });

  it("leaves other errors to the app's error handler", async () => {
    const { api, provider } = servers;
    const app = await startApp({ provider, baseUrl: api.url }, major);
    try {
      const res = await fetch(`${app.url}/boom`);
      expect(res.status).toBe(500);
      expect(await res.json()).toMatchObject({ message: 'not ours' });
    } finally {
      await app.close();
    }
  });

  it('registers several credentials by name, each with its own request tenant', async () => {
    const { api, provider } = servers;
    const app: FastifyInstance =
      major === 5
        ? Fastify({ loggerInstance: capturingLogger([]) })
        : create({ logger: capturingLogger([]) });
    await app.register(vismaAuth, { provider, baseUrl: api.url, name: 'a' });
    await app.register(vismaAuth, {
      provider,
      baseUrl: api.url,
      name: 'b',
      tenant: () => 'tenant-b',
    });
    app.get('/both', async (request) => {
      const [a, b] = await Promise.all(
        [request.visma.a, request.visma.b].map(async (v) => (await v?.fetch('/v1/whoami'))?.json()),
      );
      return { a, b };
    });
    try {
      const res = await app.inject('/both');
      expect(res.json()).toMatchObject({
        a: { tenant_id: 'tenant-a' },
        b: { tenant_id: 'tenant-b' },
      });
      expect(app.visma.a?.provider).toBe(provider);
    } finally {
      await app.close();
    }
    const twice = create();
    twice.register(vismaAuth, { provider, baseUrl: api.url, name: 'a' });
    twice.register(vismaAuth, { provider, baseUrl: api.url, name: 'a' });
    await expect(Promise.resolve(twice.ready())).rejects.toMatchObject({ option: 'name' });
  });

  it('closes the provider it created onClose, leaving no open handle', async () => {
    const before = process.getActiveResourcesInfo();
    const own = await startTestServers({ clientId: 'fastify-tests' });
    const app = await startApp({ ...own.providerOptions, baseUrl: own.api.url }, major);
    await Promise.all(Array.from({ length: 5 }, () => fetch(`${app.url}/whoami`)));
    await app.close();
    await expect(app.app.visma.provider.getToken()).rejects.toMatchObject({
      code: 'ERR_VISMA_CLOSED',
    });
    expect(own.connect.counts.token).toBe(1);
    await own.close();
    expect(await resourcesLeftOpen(before)).toEqual([]);
  });

  it('fails at ready() with VismaConfigError naming the missing option', async () => {
    const { providerOptions, provider, api } = servers;
    const noBase = create();
    await expect(noBase.register(vismaAuth, { provider } as never).ready()).rejects.toMatchObject({
      option: 'baseUrl',
    });
    const { clientSecret: _s, ...noSecret } = providerOptions;
    const noSecretApp = create();
    const error = await Promise.resolve(
      noSecretApp.register(vismaAuth, { ...noSecret, baseUrl: api.url }).ready(),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VismaConfigError);
    expect(String(error)).toMatch(/clientSecret/);
  });
});
