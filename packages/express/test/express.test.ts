import { VismaConfigError } from '@visma-auth/core';
import {
  abortsWhenClientLeaves,
  resourcesLeftOpen,
  startTestServers,
  type TestServers,
} from '@visma-auth-internal/adapter-conformance';
import express5 from 'express';
import express4 from 'express4';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { vismaAuth } from '../src/index.js';
import { startApp } from './app.js';

let servers: TestServers;

beforeEach(async () => {
  servers = await startTestServers({ clientId: 'express-tests' });
});

afterEach(async () => {
  await servers.close();
});

// What every adapter promises runs in test/conformance.test.ts; this is the middleware's own.
describe.each([
  ['Express 5', express5],
  ['Express 4', express4],
])('vismaAuth on %s', (_, createApp) => {
  it('serves 50 concurrent requests with one token request', async () => {
    const { api, connect, provider } = servers;
    const app = await startApp(createApp, { provider, baseUrl: api.url });
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
    const app = await startApp(createApp, {
      ...providerOptions,
      clientSecret: 'wrong-secret-value',
      baseUrl: api.url,
    });
    try {
      const res = await fetch(`${app.url}/whoami`);
      const text = await res.text();
      expect(res.status).toBe(502);
      expect(JSON.parse(text)).toEqual({
        error: 'upstream_error',
        message: 'This service could not authenticate to an upstream service.',
      });
      expect(text).not.toMatch(/invalid_client|express-tests|tenant-a|wrong-secret|401/);
      expect(app.errors).toEqual([expect.objectContaining({ error: 'invalid_client' })]);
      expect(api.requests).toHaveLength(0);
    } finally {
      await app.close();
    }
  });

  it('answers 503 with Retry-After when the token endpoint asks to wait', async () => {
    const { api, connect, providerOptions } = servers;
    connect.failNext({ status: 429, headers: { 'retry-after': '7' } });
    const app = await startApp(createApp, { ...providerOptions, retry: false, baseUrl: api.url });
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
    const app = await startApp(createApp, {
      provider,
      baseUrl: api.url,
      tenant: fn as () => string,
    });
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
      startApp(createApp, { provider, baseUrl: api.url }),
    );
    expect(aborted).toBe(true);
  });

  it('passes errors that are not its own on to the next handler', async () => {
    const { api, provider } = servers;
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
    const { api, providerOptions, provider } = servers;
    expect(() => vismaAuth({ provider } as never)).toThrow(
      expect.objectContaining({ option: 'baseUrl' }),
    );
    const { clientSecret: _s, ...noSecret } = providerOptions;
    expect(() => vismaAuth({ ...noSecret, baseUrl: api.url })).toThrow(VismaConfigError);
    expect(() => vismaAuth({ ...noSecret, baseUrl: api.url })).toThrow(/clientSecret/);
  });
});
