import type { AccessToken, TokenRequest, VismaTokenSource } from '@visma-auth/core';
import axios, { type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import { describe, expect, it } from 'vitest';
import { withVismaAuth } from './with-visma-auth.js';

const baseURL = 'https://api.example.com';

/** A provider that has `warm` in memory (per tenant) and counts which path each call took. */
function peekingSource(warm: Record<string, string>) {
  const peeks: (TokenRequest | undefined)[] = [];
  const gets: (TokenRequest | undefined)[] = [];
  const token = (accessToken: string): AccessToken => ({
    accessToken,
    tokenType: 'Bearer',
    expiresAt: Date.now() + 60_000,
    scopes: [],
  });
  const provider: VismaTokenSource = {
    peekToken(request) {
      peeks.push(request);
      const value = warm[request?.tenantId ?? 'default'];
      return value === undefined ? undefined : token(value);
    },
    async getToken(request) {
      gets.push(request);
      return token(`cold-${request?.tenantId ?? 'default'}`);
    },
    async invalidate() {
      return true;
    },
  };
  return { provider, peeks, gets };
}

/** An in-memory axios adapter that records the `Authorization` header of each request. */
function recordingAdapter() {
  const sent: (string | undefined)[] = [];
  const adapter = async (config: InternalAxiosRequestConfig): Promise<AxiosResponse> => {
    const value = config.headers.get('authorization');
    sent.push(typeof value === 'string' ? value : undefined);
    return { data: null, status: 200, statusText: 'OK', headers: {}, config };
  };
  return { adapter, sent };
}

describe('the warm and the cold request interceptor', () => {
  it('sends a token in memory without asking getToken, and awaits one that is not', async () => {
    const { provider, gets } = peekingSource({ default: 'warm-default' });
    const { adapter, sent } = recordingAdapter();
    const api = withVismaAuth(axios.create({ baseURL, adapter }), provider);
    await api.get('/a');
    await api.get('/b', { vismaAuth: { tenantId: 'other' } });
    expect(sent).toEqual(['Bearer warm-default', 'Bearer cold-other']);
    expect(gets).toEqual([{ tenantId: 'other' }]);
  });

  it('adds no promise step of its own on a warm call: the adapter runs in the same tick', async () => {
    const { provider } = peekingSource({ default: 'warm-default' });
    let sameTick = false;
    let started = false;
    const adapter = async (config: InternalAxiosRequestConfig): Promise<AxiosResponse> => {
      sameTick = started;
      return { data: null, status: 200, statusText: 'OK', headers: {}, config };
    };
    const api = withVismaAuth(axios.create({ baseURL, adapter }), provider);
    started = true;
    const pending = api.get('/a');
    started = false;
    await pending;
    expect(sameTick).toBe(true);
  });

  it('keeps a caller header in any casing, and takes off its own on a config sent without a token', async () => {
    const { provider } = peekingSource({ default: 'warm-default' });
    const { adapter, sent } = recordingAdapter();
    const api = withVismaAuth(axios.create({ baseURL, adapter }), provider);
    await api.get('/a', { headers: { AUTHORIZATION: 'Basic abc' } });
    const res = await api.get('/b');
    await api.request({ ...res.config, vismaAuth: false });
    expect(sent).toEqual(['Basic abc', 'Bearer warm-default', undefined]);
  });

  it.each([
    ['synchronous', true],
    ['asynchronous', false],
  ])('sees what a %s interceptor of the caller changes before it runs', async (_, synchronous) => {
    const { provider, gets } = peekingSource({ default: 'warm-default' });
    const { adapter, sent } = recordingAdapter();
    const api = withVismaAuth(axios.create({ baseURL, adapter }), provider);
    // Registered later, it runs first (axios' default request interceptor order).
    api.interceptors.request.use(
      (config) => {
        config.vismaAuth = { tenantId: 'from-interceptor' };
        return config;
      },
      undefined,
      { synchronous },
    );
    await api.get('/a');
    expect(sent).toEqual(['Bearer cold-from-interceptor']);
    expect(gets).toEqual([{ tenantId: 'from-interceptor' }]);
  });

  it('falls back to getToken when peekToken throws, and getToken reports the error', async () => {
    const { adapter, sent } = recordingAdapter();
    const provider: VismaTokenSource = {
      peekToken() {
        throw new Error('bad tenant');
      },
      getToken: () => Promise.reject(new Error('bad tenant')),
      invalidate: async () => true,
    };
    const api = withVismaAuth(axios.create({ baseURL, adapter }), provider);
    await expect(api.get('/a')).rejects.toThrow('bad tenant');
    expect(sent).toEqual([]);
  });

  it('rejects, and sends nothing, when building the token request throws', async () => {
    const { provider } = peekingSource({ default: 'warm-default' });
    const { adapter, sent } = recordingAdapter();
    const api = withVismaAuth(axios.create({ baseURL, adapter }), provider);
    const vismaAuth = {
      get tenantId(): string {
        throw new Error('no tenant here');
      },
    };
    await expect(api.get('/a', { vismaAuth })).rejects.toThrow('no tenant here');
    expect(sent).toEqual([]);
  });
});
