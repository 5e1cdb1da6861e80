import { VismaConfigError } from '@visma-auth/core';
import {
  resourcesLeftOpen,
  startTestServers,
  useTestServers,
} from '@visma-auth-internal/adapter-conformance';
import express5 from 'express';
import express4 from 'express4';
import { describe, expect, it } from 'vitest';
import { vismaAuth } from '../src/index.js';
import { startApp } from './app.js';

const t = useTestServers({ clientId: 'express-tests' });

// What every adapter and every framework integration promises runs in
// test/conformance.test.ts; this is the middleware's own.
describe.each([
  ['Express 5', express5],
  ['Express 4', express4],
])('vismaAuth on %s', (_, createApp) => {
  it('passes errors that are not its own on to the next handler', async () => {
    const { api, provider } = t.servers;
    const app = await startApp(createApp, { provider, baseUrl: api.url });
    try {
      const res = await fetch(`${app.url}/boom`);
      expect(res.status).toBe(500);
      expect(app.errors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('closes the provider it created with the server, leaving no open handle', async () => {
    const before = process.getActiveResourcesInfo();
    // Servers of this test's own, so every socket of the run closes with them.
    const own = await startTestServers({ clientId: 'express-tests' });
    const app = await startApp(createApp, { ...own.providerOptions, baseUrl: own.api.url });
    await Promise.all(Array.from({ length: 5 }, () => fetch(`${app.url}/whoami`)));
    await app.close();
    await expect(app.middleware.provider.getToken()).rejects.toMatchObject({
      code: 'ERR_VISMA_CLOSED',
    });
    expect(own.connect.counts.token).toBe(1);
    await own.close();
    expect(await resourcesLeftOpen(before)).toEqual([]);
  });
});

describe('vismaAuth options', () => {
  it('names the missing option', () => {
    const { api, providerOptions, provider } = t.servers;
    expect(() => vismaAuth({ provider } as never)).toThrow(
      expect.objectContaining({ option: 'baseUrl' }),
    );
    const { clientSecret: _s, ...noSecret } = providerOptions;
    expect(() => vismaAuth({ ...noSecret, baseUrl: api.url })).toThrow(VismaConfigError);
    expect(() => vismaAuth({ ...noSecret, baseUrl: api.url })).toThrow(/clientSecret/);
  });
});
