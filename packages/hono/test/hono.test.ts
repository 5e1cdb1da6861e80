import { VismaConfigError } from '@visma-auth/core';
import {
  resourcesLeftOpen,
  startTestServers,
  useTestServers,
} from '@visma-auth-internal/adapter-conformance';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { closeVismaProviders, type VismaVariables, vismaAuth, vismaOnError } from '../src/index.js';
import { createApp, startApp } from './app.js';

const t = useTestServers({ clientId: 'hono-tests' }, closeVismaProviders);

// What every adapter and every framework integration promises runs in
// test/conformance.test.ts; this is the middleware's own.
describe('vismaAuth on Hono 4', () => {
  it('hands other errors to the fallback (Hono’s default: 500)', async () => {
    const { api, provider } = t.servers;
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
    const { api, connect, providerOptions } = t.servers;
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
    const { providerOptions, provider, api } = t.servers;
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
