import { VismaConfigError } from '@visma-auth/core';
import {
  resourcesLeftOpen,
  startTestServers,
  useTestServers,
} from '@visma-auth-internal/adapter-conformance';
import Fastify, { type FastifyInstance } from 'fastify';
import Fastify4 from 'fastify4';
import { describe, expect, it } from 'vitest';
import vismaAuth from '../src/index.js';
import { capturingLogger, startApp } from './app.js';

const t = useTestServers({ clientId: 'fastify-tests' });

// What every adapter and every framework integration promises runs in
// test/conformance.test.ts; this is the plugin's own.
describe.each([5, 4] as const)('vismaAuth on Fastify %i', (major) => {
  const create = (options?: Record<string, unknown>) =>
    (major === 5 ? Fastify(options) : Fastify4(options)) as ReturnType<typeof Fastify>;

  it("leaves other errors to the app's error handler", async () => {
    const { api, provider } = t.servers;
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
    const { api, provider } = t.servers;
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
    for (const name of ['fetch', 'provider', 'getToken']) {
      const reserved = create();
      reserved.register(vismaAuth, { provider, baseUrl: api.url, name });
      await expect(Promise.resolve(reserved.ready())).rejects.toMatchObject({ option: 'name' });
    }
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
    const { providerOptions, provider, api } = t.servers;
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
