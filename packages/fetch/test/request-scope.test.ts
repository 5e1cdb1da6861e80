import { VismaConfigError, VismaTenantError } from '@visma-auth/core';
import { startTestServers, type TestServers } from '@visma-auth-internal/adapter-conformance';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVismaRequestScope } from '../src/index.js';

let servers: TestServers;

beforeEach(async () => {
  servers = await startTestServers({ clientId: 'scope-tests' });
});

afterEach(async () => {
  await servers.close();
});

describe('createVismaRequestScope', () => {
  it('binds fetch and getToken to the request tenant; a call can still name its own', async () => {
    const { api, provider } = servers;
    const scope = createVismaRequestScope({ provider, baseUrl: api.url });
    const request = scope.forRequest(() => 'tenant-b');
    const whoami = async (init?: Parameters<typeof request.fetch>[1]) =>
      ((await (await request.fetch('/v1/whoami', init)).json()) as { tenant_id: string }).tenant_id;
    expect(await whoami()).toBe('tenant-b');
    expect(await whoami({ vismaAuth: { tenantId: 'tenant-a' } })).toBe('tenant-a');
    expect(
      ((await (await scope.fetch('/v1/whoami')).json()) as { tenant_id: string }).tenant_id,
    ).toBe('tenant-a');
    const token = await request.getToken();
    expect(token.accessToken).toEqual(expect.any(String));
  });

  it('keeps the request tenant when a call passes tenantId: undefined, never the default', async () => {
    const { api, provider } = servers;
    const scope = createVismaRequestScope({ provider, baseUrl: api.url });
    const request = scope.forRequest(() => 'tenant-b');
    const res = await request.fetch('/v1/whoami', { vismaAuth: { tenantId: undefined } });
    expect(((await res.json()) as { tenant_id: string }).tenant_id).toBe('tenant-b');
    expect((await request.getToken({ tenantId: undefined })).tenantId).toBe('tenant-b');
  });

  it('refuses a bad tenant before any token request, and reads the tenant once per request', async () => {
    const { api, connect, provider } = servers;
    const scope = createVismaRequestScope({ provider, baseUrl: api.url });
    let calls = 0;
    const request = scope.forRequest(() => {
      calls++;
      return 'tenant-a\r\nx: y';
    });
    await expect(request.fetch('/v1/whoami')).rejects.toBeInstanceOf(VismaTenantError);
    await expect(request.getToken()).rejects.toMatchObject({ code: 'ERR_VISMA_CONFIG' });
    expect(calls).toBe(1);
    expect(connect.counts.token).toBe(0);
    expect(api.requests).toHaveLength(0);
  });

  it('aborts the token wait when the request ends early', async () => {
    const { api, connect, provider } = servers;
    connect.failNext({ hang: true });
    const scope = createVismaRequestScope({ provider, baseUrl: api.url });
    const ended = new AbortController();
    const pending = scope.forRequest(undefined, () => ended.signal).fetch('/v1/whoami');
    setTimeout(() => ended.abort(new Error('client went away')), 20);
    await expect(pending).rejects.toThrow();
    expect(api.requests).toHaveLength(0);
  });

  it("aborts on the caller's own signal as well as on the request's end", async () => {
    const { api, connect, provider } = servers;
    connect.failNext({ hang: true });
    const scope = createVismaRequestScope({ provider, baseUrl: api.url });
    const ended = new AbortController();
    const own = new AbortController();
    const pending = scope
      .forRequest(
        () => 'tenant-b',
        () => ended.signal,
      )
      .fetch('/v1/whoami', { signal: own.signal });
    setTimeout(() => own.abort(new Error('caller gave up')), 20);
    await expect(pending).rejects.toThrow();
    expect(api.requests).toHaveLength(0);
    expect(ended.signal.aborted).toBe(false);
  });

  it("with abortOnClientClose sends no call once the request has ended, with or without the caller's init", async () => {
    const { api, provider } = servers;
    const scope = createVismaRequestScope({ provider, baseUrl: api.url, abortOnClientClose: true });
    expect((await scope.forRequest(undefined).fetch('/v1/whoami')).status).toBe(200);
    const ended = new AbortController();
    ended.abort(new Error('client went away'));
    const request = scope.forRequest(undefined, () => ended.signal);
    await expect(request.fetch('/v1/whoami')).rejects.toThrow('client went away');
    await expect(request.fetch('/v1/whoami', { headers: { 'x-caller': 'kept' } })).rejects.toThrow(
      'client went away',
    );
    await expect(request.fetch('/v1/whoami', { vismaAuth: false })).rejects.toThrow();
    expect(api.requests).toHaveLength(1);
    // By default a warm call neither asks for the request's end nor stops at it.
    let asked = 0;
    const unaborted = createVismaRequestScope({ provider, baseUrl: api.url }).forRequest(
      undefined,
      () => {
        asked++;
        return ended.signal;
      },
    );
    expect((await unaborted.fetch('/v1/whoami')).status).toBe(200);
    expect(asked).toBe(0);
  });

  it('lets a call under way run to its end when the request ends, unless abortOnClientClose', async () => {
    const { api, provider } = servers;
    for (const abortOnClientClose of [false, true]) {
      api.reset();
      const scope = createVismaRequestScope({ provider, baseUrl: api.url, abortOnClientClose });
      const ended = new AbortController();
      // The API answers once the body has arrived: a body held open keeps the call under way.
      let finish = () => {};
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"invoice":'));
          finish = () => {
            controller.enqueue(new TextEncoder().encode('1}'));
            controller.close();
          };
        },
      });
      const init = { method: 'POST', body, duplex: 'half' } as RequestInit;
      const pending = scope.forRequest(undefined, () => ended.signal).fetch('/v1/invoice', init);
      for (let i = 0; i < 250 && api.requests.length === 0; i++) await sleep(20);
      expect(api.requests).toHaveLength(1);
      ended.abort(new Error('client went away'));
      if (abortOnClientClose) {
        await expect(pending).rejects.toThrow('client went away');
      } else {
        finish();
        expect((await pending).status).toBe(200);
      }
    }
  });

  it('answers getToken from memory without making the request end signal', async () => {
    const { api, provider } = servers;
    const scope = createVismaRequestScope({ provider, baseUrl: api.url });
    await provider.getToken({ tenantId: 'tenant-b' });
    let made = 0;
    const request = scope.forRequest(
      () => 'tenant-b',
      () => {
        made++;
        return new AbortController().signal;
      },
    );
    expect((await request.getToken()).tenantId).toBe('tenant-b');
    expect(made).toBe(0);
    // A wait for a token not in memory is ended by the request's end.
    expect((await request.getToken({ tenantId: 'tenant-a' })).tenantId).toBe('tenant-a');
    expect(made).toBe(1);
  });

  it('sends a cold and a warm call with the request tenant and its end signal', async () => {
    const { api, connect, provider } = servers;
    const scope = createVismaRequestScope({ provider, baseUrl: api.url });
    const ended = new AbortController();
    const request = scope.forRequest(
      () => 'tenant-b',
      () => ended.signal,
    );
    for (const input of ['/v1/whoami', new Request(`${api.url}/v1/whoami`)]) {
      const res = await request.fetch(input, { headers: { 'x-caller': 'kept' } });
      expect(((await res.json()) as { tenant_id: string }).tenant_id).toBe('tenant-b');
    }
    expect(connect.counts.token).toBe(1);
    expect(api.requests.map((r) => r.authorization)).toEqual([
      expect.stringMatching(/^Bearer /),
      expect.stringMatching(/^Bearer /),
    ]);
    // No token for a call that asks for none, and the request's end still applies.
    const plain = await request.fetch('/v1/whoami', { vismaAuth: false });
    expect(plain.status).toBe(401);
  });

  it('closes a provider it created, never one it was given', async () => {
    const { api, providerOptions, provider } = servers;
    const own = createVismaRequestScope({ ...providerOptions, baseUrl: api.url });
    await own.close();
    await expect(own.provider.getToken()).rejects.toMatchObject({ code: 'ERR_VISMA_CLOSED' });
    const given = createVismaRequestScope({ provider, baseUrl: api.url });
    await given.close();
    await expect(provider.getToken()).resolves.toBeDefined();
  });

  it('hands every provider option, logger included, to the provider it creates', async () => {
    const { api, providerOptions } = servers;
    const logged: unknown[] = [];
    const log = (record: unknown) => logged.push(record);
    const scope = createVismaRequestScope({
      ...providerOptions,
      clientSecret: 'wrong-secret-value',
      retry: false,
      logger: { warn: log, error: log },
      baseUrl: api.url,
    });
    await expect(scope.forRequest(undefined).getToken()).rejects.toMatchObject({
      error: 'invalid_client',
    });
    await scope.close();
    expect(logged.length).toBeGreaterThan(0);
  });

  it('names baseUrl, and the provider option, when they are missing', () => {
    const { providerOptions, provider } = servers;
    expect(() => createVismaRequestScope({ provider } as never)).toThrow(
      expect.objectContaining({ option: 'baseUrl' }),
    );
    const { clientId: _c, ...noClient } = providerOptions;
    expect(() =>
      createVismaRequestScope({ ...noClient, baseUrl: 'https://api.example.com' } as never),
    ).toThrow(VismaConfigError);
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
