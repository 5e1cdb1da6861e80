import type { VismaTokenSource } from '@visma-auth/core';
import {
  pathCountingSource,
  startTestServers,
  type TestServers,
} from '@visma-auth-internal/adapter-conformance';
import { Agent, type Dispatcher, request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { vismaAuth } from '../src/index.js';

let servers: TestServers;
const agents: Agent[] = [];

beforeEach(async () => {
  servers = await startTestServers({ clientId: 'undici-warm-tests' });
});

afterEach(async () => {
  await Promise.all(agents.splice(0).map((a) => a.close()));
  await servers.close();
});

function agent(...interceptors: Dispatcher.DispatcherComposeInterceptor[]) {
  const base = new Agent();
  agents.push(base);
  return base.compose(...interceptors);
}

/** The test provider behind a source that counts which path each call took. */
function counted(withPeek: boolean) {
  return pathCountingSource(servers.provider, withPeek);
}

async function statusOf(url: string, dispatcher: Dispatcher): Promise<number> {
  const res = await request(url, { dispatcher });
  await res.body.dump();
  return res.statusCode;
}

describe('vismaAuth on a warm and a cold call', () => {
  it('sends the cold call after getToken and the warm one from peekToken, both with the token', async () => {
    const { api } = servers;
    const { source, calls } = counted(true);
    const dispatcher = agent(vismaAuth(source, { origins: [api.url] }));
    expect(await statusOf(`${api.url}/v1/customer`, dispatcher)).toBe(200);
    expect(calls).toEqual({ peek: 1, peekHits: 0, getToken: 1 });
    expect(await statusOf(`${api.url}/v1/customer`, dispatcher)).toBe(200);
    expect(calls).toEqual({ peek: 2, peekHits: 1, getToken: 1 });
    const [cold, warm] = api.requests.map((r) => r.authorization);
    expect(cold).toMatch(/^Bearer \S+$/);
    expect(warm).toBe(cold);
  });

  it('judges each origin anew when requests alternate between an allowed and a foreign one', async () => {
    const { api, otherApi } = servers;
    const { source } = counted(true);
    const dispatcher = agent(vismaAuth(source, { origins: [api.url] }));
    for (const url of [api.url, otherApi.url, api.url, otherApi.url]) {
      await statusOf(`${url}/v1/customer`, dispatcher);
    }
    expect(api.requests.map((r) => r.authorization?.startsWith('Bearer '))).toEqual([true, true]);
    expect(otherApi.requests.map((r) => r.authorization)).toEqual([undefined, undefined]);
  });

  it('asks getToken on every call when the source has no peekToken', async () => {
    const { api } = servers;
    const { source, calls } = counted(false);
    const dispatcher = agent(vismaAuth(source, { origins: [api.url] }));
    for (let i = 0; i < 2; i++)
      expect(await statusOf(`${api.url}/v1/customer`, dispatcher)).toBe(200);
    expect(calls.getToken).toBe(2);
    expect(api.requests.map((r) => r.authorization?.startsWith('Bearer '))).toEqual([true, true]);
  });

  it('retries a 401 on a warm call once with a fresh token', async () => {
    const { api } = servers;
    const { source, calls } = counted(true);
    const dispatcher = agent(vismaAuth(source, { origins: [api.url] }));
    expect(await statusOf(`${api.url}/v1/customer`, dispatcher)).toBe(200);
    api.rejectNext(1);
    expect(await statusOf(`${api.url}/v1/customer`, dispatcher)).toBe(200);
    expect(calls.peekHits).toBe(1);
    const [first, rejected, retried] = api.requests.map((r) => r.authorization);
    expect(rejected).toBe(first);
    expect(retried).toMatch(/^Bearer \S+$/);
    expect(retried).not.toBe(rejected);
    expect(api.requests).toHaveLength(3);
  });

  it('rejects the call, warm or cold, when the next dispatcher throws', async () => {
    const { api } = servers;
    const { source, calls } = counted(true);
    // Two parameters: undici 8 refuses a dispatch function of another length.
    const failing: Dispatcher.DispatcherComposeInterceptor = () => (_opts, _handler) => {
      throw new Error('dispatch failed');
    };
    // Listed first, so it runs inside vismaAuth, after the token is set.
    const dispatcher = agent(failing, vismaAuth(source, { origins: [api.url] }));
    await expect(request(`${api.url}/v1/customer`, { dispatcher })).rejects.toThrow(
      'dispatch failed',
    );
    expect(calls).toMatchObject({ peekHits: 0, getToken: 1 });
    await expect(request(`${api.url}/v1/customer`, { dispatcher })).rejects.toThrow(
      'dispatch failed',
    );
    expect(calls).toMatchObject({ peekHits: 1, getToken: 1 });
  });

  it('rejects the call when the cold token request fails', async () => {
    const { api } = servers;
    const source: VismaTokenSource = {
      peekToken: () => undefined,
      getToken: () => Promise.reject(new Error('no token')),
      invalidate: async () => false,
    };
    const dispatcher = agent(vismaAuth(source, { origins: [api.url] }));
    await expect(request(`${api.url}/v1/customer`, { dispatcher })).rejects.toThrow('no token');
    expect(api.requests).toHaveLength(0);
  });
});
