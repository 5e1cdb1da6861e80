import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { REJECTION_WINDOW_MS, type VismaAuthEvent, WRONG_TENANT_HINT } from '@visma-auth/core';
import { startMockApi, startMockConnect } from '@visma-auth/testing';
import { createTestProvider, testClient } from '@visma-auth-internal/adapter-conformance';
import { Headers as NodeFetchHeaders } from 'node-fetch';
import { Headers as UndiciHeaders, Request as UndiciRequest } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createVismaFetch, type VismaFetchInit } from '../src/index.js';

const CLIENT_ID = 'fetch-tests';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((close) => close()));
});

/** A server on 127.0.0.1 that answers 200 and keeps the headers of every request. */
async function startEchoServer() {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    req.on('end', () => res.end('{}'));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${port}`, seen };
}

async function startConnect() {
  const connect = await startMockConnect({ clients: [testClient(CLIENT_ID)] });
  cleanups.push(() => connect.close());
  return connect;
}

describe('401 storms (an API that rejects every token of this tenant)', () => {
  it('costs at most 3 token requests for 1,000 calls, with one event and one warning', async () => {
    const connect = await startConnect();
    // The API serves another tenant only: every token of tenant-a is answered with 401.
    const api = await startMockApi({ connect, tenants: ['tenant-b'] });
    cleanups.push(() => api.close());
    const events: VismaAuthEvent[] = [];
    const warnings: string[] = [];
    // A clock that stands still, so the hold window cannot run out on a slow machine.
    const now = Date.now();
    const provider = createTestProvider(connect, {
      clientId: CLIENT_ID,
      clock: { now: () => now },
      onEvent: (event) => events.push(event),
      logger: { warn: (_obj, msg) => warnings.push(String(msg)), error: () => {} },
    });
    cleanups.push(() => provider.close());
    const vfetch = createVismaFetch(provider, { baseUrl: api.url });
    const calls = 1000;
    const batch = 20;
    const statuses: number[] = [];
    for (let i = 0; i < calls; i += batch) {
      const responses = await Promise.all(
        Array.from({ length: batch }, (_, j) => vfetch(`/v1/customer/${i + j}`)),
      );
      for (const res of responses) {
        statuses.push(res.status);
        await res.arrayBuffer();
      }
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(calls);
    console.info(`401 storm (fetch): ${calls} calls, ${connect.counts.token} token requests`);
    expect(connect.counts.token).toBeLessThanOrEqual(3);
    const holds = events.filter((e) => e.type === 'rejection_hold');
    expect(holds).toEqual([
      expect.objectContaining({ tenantId: 'tenant-a', holdMs: REJECTION_WINDOW_MS, holds: 1 }),
    ]);
    expect(holds[0]).toHaveProperty('hint', WRONG_TENANT_HINT);
    expect(warnings.filter((m) => m.includes('rejected a freshly issued token'))).toHaveLength(1);
  });

  it('still retries a single 401 with a fresh token', async () => {
    const connect = await startConnect();
    const api = await startMockApi({ connect });
    cleanups.push(() => api.close());
    const provider = createTestProvider(connect, { clientId: CLIENT_ID });
    cleanups.push(() => provider.close());
    const vfetch = createVismaFetch(provider, { baseUrl: api.url });
    await (await vfetch('/v1/customer')).arrayBuffer();
    api.rejectNext(1);
    const res = await vfetch('/v1/customer');
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    expect(connect.counts.token).toBe(2);
  });
});

/** A Visma fetch on a fresh provider whose base URL is an echo server. */
async function startEchoFetch() {
  const connect = await startConnect();
  const echo = await startEchoServer();
  const provider = createTestProvider(connect, { clientId: CLIENT_ID });
  cleanups.push(() => provider.close());
  return { connect, echo, vfetch: createVismaFetch(provider, { baseUrl: echo.url }) };
}

describe('caller headers in every shape', () => {
  const shapes: [string, (entries: [string, string][]) => unknown][] = [
    ['a plain object', (e) => Object.fromEntries(e)],
    ['an array of pairs', (e) => e],
    ['the global Headers', (e) => new Headers(e)],
    ["undici's Headers", (e) => new UndiciHeaders(e)],
    ["node-fetch's Headers", (e) => new NodeFetchHeaders(e)],
    ['a Map', (e) => new Map(e)],
  ];

  it.each(shapes)('keeps every header of %s and adds the token', async (_name, make) => {
    const { echo, vfetch } = await startEchoFetch();
    const headers = make([
      ['x-caller', 'yes'],
      ['accept', 'application/json'],
    ]);
    const res = await vfetch('/v1/customer', { headers: headers as VismaFetchInit['headers'] });
    await res.arrayBuffer();
    expect(echo.seen[0]).toMatchObject({ 'x-caller': 'yes', accept: 'application/json' });
    expect(echo.seen[0]?.authorization).toMatch(/^Bearer \S+$/);
  });

  it.each(shapes)("sends the caller's own Authorization in %s as is", async (_name, make) => {
    const { connect, echo, vfetch } = await startEchoFetch();
    const headers = make([
      ['Authorization', 'Basic Y2FsbGVyOm93bg=='],
      ['x-caller', 'yes'],
    ]);
    const res = await vfetch('/v1/customer', { headers: headers as VismaFetchInit['headers'] });
    await res.arrayBuffer();
    expect(echo.seen[0]).toMatchObject({
      authorization: 'Basic Y2FsbGVyOm93bg==',
      'x-caller': 'yes',
    });
    expect(connect.counts.token).toBe(0);
  });

  it("sends a Request from undici's package with its method, headers and body", async () => {
    const { echo, vfetch } = await startEchoFetch();
    const request = new UndiciRequest(`${echo.url}/v1/customer`, {
      method: 'POST',
      headers: { 'x-caller': 'yes', 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    const res = await vfetch(request as unknown as Request);
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    expect(echo.seen[0]).toMatchObject({ 'x-caller': 'yes', 'content-type': 'application/json' });
    expect(echo.seen[0]?.authorization).toMatch(/^Bearer \S+$/);

    const own = new UndiciRequest(`${echo.url}/v1/customer`, {
      headers: { authorization: 'Basic Y2FsbGVyOm93bg==' },
    });
    await (await vfetch(own as unknown as Request)).arrayBuffer();
    expect(echo.seen[1]?.authorization).toBe('Basic Y2FsbGVyOm93bg==');
  });
});
