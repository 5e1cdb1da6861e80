import type { VismaTokenSource } from '@visma-auth/core';
import { VismaConfigError } from '@visma-auth/core';
import { countingTokenSource } from '@visma-auth-internal/adapter-conformance';
import { describe, expect, it, vi } from 'vitest';
import { createVismaFetch } from './create-visma-fetch.js';
import type { FetchLike } from './types.js';

interface Sent {
  url: string;
  authorization: string | null;
  init: RequestInit | undefined;
}

function fakeFetch(statuses: number[] = []) {
  const sent: Sent[] = [];
  const fetch: FetchLike = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : {}));
    sent.push({ url, authorization: headers.get('authorization'), init });
    return new Response('{}', { status: statuses.shift() ?? 200 });
  };
  return { fetch, sent };
}

const baseUrl = 'https://api.example.com';

describe('createVismaFetch', () => {
  it('sends the bearer token to the base URL origin and resolves relative paths', async () => {
    const { provider } = countingTokenSource();
    const { fetch, sent } = fakeFetch();
    const vfetch = createVismaFetch(provider, { baseUrl, fetch });
    const res = await vfetch('/v1/customer');
    expect(res.status).toBe(200);
    expect(sent).toEqual([
      expect.objectContaining({ url: `${baseUrl}/v1/customer`, authorization: 'Bearer t1' }),
    ]);
  });

  it('accepts URL and Request inputs, keeping the Request headers', async () => {
    const { provider } = countingTokenSource();
    const { fetch, sent } = fakeFetch();
    const vfetch = createVismaFetch(provider, { baseUrl, fetch });
    await vfetch(new URL('/a', baseUrl));
    await vfetch(new Request(`${baseUrl}/b`, { headers: { accept: 'text/plain' } }));
    expect(sent.map((s) => [s.url, s.authorization])).toEqual([
      [`${baseUrl}/a`, 'Bearer t1'],
      [`${baseUrl}/b`, 'Bearer t1'],
    ]);
    expect(new Headers(sent[1]?.init?.headers).get('accept')).toBe('text/plain');
  });

  it('sends no token to other origins, with vismaAuth: false, or over a caller header', async () => {
    const { provider, getTokenCalls } = countingTokenSource();
    const { fetch, sent } = fakeFetch();
    const vfetch = createVismaFetch(provider, { baseUrl, fetch });
    await vfetch('https://other.example.com/x');
    await vfetch('//other.example.com/x');
    await vfetch('/x', { vismaAuth: false });
    await vfetch('/x', { headers: { Authorization: 'Basic abc' } });
    expect(sent.map((s) => s.authorization)).toEqual([null, null, null, 'Basic abc']);
    expect(getTokenCalls).toHaveLength(0);
    expect(sent[2]?.init).not.toHaveProperty('vismaAuth');
  });

  it('passes tenant, scopes and signal to the provider, request overriding defaults', async () => {
    const { provider, getTokenCalls } = countingTokenSource();
    const { fetch } = fakeFetch();
    const vfetch = createVismaFetch(provider, { baseUrl, fetch, tenantId: 'a', scopes: 's1' });
    const controller = new AbortController();
    await vfetch('/x');
    await vfetch('/x', { vismaAuth: { tenantId: 'b', scopes: ['s2'] }, signal: controller.signal });
    expect(getTokenCalls).toEqual([
      { tenantId: 'a', scopes: 's1' },
      { tenantId: 'b', scopes: ['s2'], signal: controller.signal },
    ]);
  });

  it('on 401 drops exactly the sent token, gets a new one and retries once', async () => {
    const { provider, invalidateCalls } = countingTokenSource();
    const { fetch, sent } = fakeFetch([401]);
    const vfetch = createVismaFetch(provider, { baseUrl, fetch, tenantId: 'a' });
    const res = await vfetch('/x', { method: 'POST', body: '{"a":1}' });
    expect(res.status).toBe(200);
    expect(sent.map((s) => s.authorization)).toEqual(['Bearer t1', 'Bearer t2']);
    expect(invalidateCalls).toEqual([{ tenantId: 'a', accessToken: 't1' }]);
  });

  it('returns a second 401 as is', async () => {
    const { provider } = countingTokenSource();
    const { fetch, sent } = fakeFetch([401, 401, 401]);
    const vfetch = createVismaFetch(provider, { baseUrl, fetch });
    const res = await vfetch('/x');
    expect(res.status).toBe(401);
    expect(sent).toHaveLength(2);
  });

  it('forces a refresh when the cache still hands out the rejected token', async () => {
    const { fetch, sent } = fakeFetch([401]);
    let n = 0;
    const provider: VismaTokenSource = {
      getToken: async (r) => ({
        accessToken: r?.forceRefresh ? `fresh${++n}` : 'stale',
        tokenType: 'Bearer',
        expiresAt: 0,
        scopes: [],
      }),
      invalidate: async () => false,
    };
    await createVismaFetch(provider, { baseUrl, fetch })('/x');
    expect(sent.map((s) => s.authorization)).toEqual(['Bearer stale', 'Bearer fresh1']);
  });

  it('does not retry a body that cannot be sent again, or when retries are off', async () => {
    const { provider } = countingTokenSource();
    const { fetch, sent } = fakeFetch([401, 401]);
    const vfetch = createVismaFetch(provider, { baseUrl, fetch });
    const body = new ReadableStream({
      start(c) {
        c.close();
      },
    });
    expect(
      (await vfetch('/x', { method: 'POST', body, duplex: 'half' } as RequestInit)).status,
    ).toBe(401);
    const noRetry = createVismaFetch(provider, { baseUrl, fetch, retryOnUnauthorized: false });
    expect((await noRetry('/x')).status).toBe(401);
    expect(sent).toHaveLength(2);
  });

  it('does not retry a 401 that came from another origin after a redirect', async () => {
    const { provider } = countingTokenSource();
    const calls: string[] = [];
    const fetch: FetchLike = async (input) => {
      calls.push(String(input));
      const res = new Response('', { status: 401 });
      Object.defineProperty(res, 'redirected', { value: true });
      Object.defineProperty(res, 'url', { value: 'https://other.example.com/login' });
      return res;
    };
    const res = await createVismaFetch(provider, { baseUrl, fetch })('/x');
    expect(res.status).toBe(401);
    expect(calls).toHaveLength(1);
  });

  it('rejects with the provider error and sends nothing', async () => {
    const { fetch, sent } = fakeFetch();
    const failure = new VismaConfigError('clientId', 'missing');
    const provider: VismaTokenSource = {
      getToken: () => Promise.reject(failure),
      invalidate: async () => false,
    };
    await expect(createVismaFetch(provider, { baseUrl, fetch })('/x')).rejects.toBe(failure);
    expect(sent).toHaveLength(0);
  });

  it('does not mutate the caller init or headers', async () => {
    const { provider } = countingTokenSource();
    const { fetch } = fakeFetch();
    const headers = new Headers({ accept: 'application/json' });
    const init = { headers, vismaAuth: { tenantId: 't' } };
    await createVismaFetch(provider, { baseUrl, fetch })('/x', init);
    expect(headers.has('authorization')).toBe(false);
    expect(init).toEqual({ headers, vismaAuth: { tenantId: 't' } });
  });

  it('uses the global fetch at call time when none is passed', async () => {
    const { provider } = countingTokenSource();
    const { fetch, sent } = fakeFetch();
    const vfetch = createVismaFetch(provider, { baseUrl });
    vi.stubGlobal('fetch', fetch);
    try {
      await vfetch('/x');
    } finally {
      vi.unstubAllGlobals();
    }
    expect(sent).toHaveLength(1);
  });

  it('calls fetch unbound, as workerd requires of its global fetch', async () => {
    const { provider } = countingTokenSource();
    const receivers: unknown[] = [];
    const fetch: FetchLike = function (this: unknown) {
      receivers.push(this);
      return Promise.resolve(new Response('{}'));
    };
    const vfetch = createVismaFetch(provider, { baseUrl, fetch });
    await vfetch('/cold');
    await vfetch('/warm');
    await vfetch('https://other.example.com/x');
    expect(receivers).toEqual([undefined, undefined, undefined]);
  });

  it('throws VismaConfigError for a missing provider or allowlist', () => {
    const { provider } = countingTokenSource();
    expect(() => createVismaFetch(provider)).toThrow(
      expect.objectContaining({ option: 'allowedOrigins' }),
    );
    expect(() => createVismaFetch(undefined as never, { baseUrl })).toThrow(
      expect.objectContaining({ option: 'provider' }),
    );
    expect(() => createVismaFetch(provider, { baseUrl: 'api.example.com' })).toThrow(
      expect.objectContaining({ option: 'baseUrl' }),
    );
  });
});
