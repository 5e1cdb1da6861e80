import type { VismaTokenSource } from '@visma-auth/core';
import { countingTokenSource } from '@visma-auth-internal/adapter-conformance';
import axios, { AxiosError, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import { describe, expect, it } from 'vitest';
import { createVismaAxios } from './create-visma-axios.js';
import { detachVismaAuth, withVismaAuth } from './with-visma-auth.js';

/** An axios adapter that answers with the given statuses (then 200) and records what it got. */
function fakeAdapter(statuses: number[] = []) {
  const sent: { url: string; authorization: string | undefined }[] = [];
  const adapter = async (config: InternalAxiosRequestConfig): Promise<AxiosResponse> => {
    const authorization = config.headers.get('authorization');
    sent.push({
      url: axios.getUri(config),
      authorization: typeof authorization === 'string' ? authorization : undefined,
    });
    const status = statuses.shift() ?? 200;
    const response: AxiosResponse = {
      data: { ok: status === 200 },
      status,
      statusText: String(status),
      headers: {},
      config,
    };
    if (config.validateStatus?.(status) === false) {
      throw new AxiosError('failed', AxiosError.ERR_BAD_REQUEST, config, {}, response);
    }
    return response;
  };
  return { adapter, sent };
}

const baseURL = 'https://api.example.com';

describe('withVismaAuth', () => {
  it('returns the same instance and adds the token for the baseURL origin only', async () => {
    const { provider } = countingTokenSource();
    const { adapter, sent } = fakeAdapter();
    const instance = axios.create({ baseURL, adapter });
    expect(withVismaAuth(instance, provider)).toBe(instance);
    await instance.get('/v1/customer');
    await instance.get('https://other.example.com/x');
    await instance.get('/x', { vismaAuth: false });
    await instance.get('/x', { headers: { Authorization: 'Basic abc' } });
    expect(sent).toEqual([
      { url: `${baseURL}/v1/customer`, authorization: 'Bearer t1' },
      { url: 'https://other.example.com/x', authorization: undefined },
      { url: `${baseURL}/x`, authorization: undefined },
      { url: `${baseURL}/x`, authorization: 'Basic abc' },
    ]);
  });

  it('adds no key of its own to the config beyond beforeRedirect, which carries its state', async () => {
    const { provider } = countingTokenSource();
    const keys: string[][] = [];
    const plainKeys: string[][] = [];
    const recording = (into: string[][]) => async (config: InternalAxiosRequestConfig) => {
      into.push(Object.keys(config));
      return { data: null, status: 200, statusText: 'OK', headers: {}, config };
    };
    await withVismaAuth(axios.create({ baseURL, adapter: recording(keys) }), provider).get('/x');
    await axios.create({ baseURL, adapter: recording(plainKeys) }).get('/x');
    const added = keys[0]?.filter((key) => !plainKeys[0]?.includes(key));
    // axios' configs are hash tables: a key more per call made V8 grow Nest's on every call.
    expect(added).toEqual(['beforeRedirect']);
  });

  it('passes per-request tenant and scopes over the defaults', async () => {
    const { provider, getTokenCalls } = countingTokenSource();
    const { adapter } = fakeAdapter();
    const api = withVismaAuth(axios.create({ baseURL, adapter }), provider, { tenantId: 'a' });
    const controller = new AbortController();
    await api.get('/x');
    await api.get('/x', { vismaAuth: { tenantId: 'b', scopes: 's' }, signal: controller.signal });
    expect(getTokenCalls).toEqual([
      { tenantId: 'a' },
      { tenantId: 'b', scopes: 's', signal: controller.signal },
    ]);
  });

  it('on 401 drops exactly the sent token and retries once', async () => {
    const { provider, invalidateCalls } = countingTokenSource();
    const { adapter, sent } = fakeAdapter([401]);
    const api = createVismaAxios(provider, { baseURL, adapter });
    const res = await api.post('/x', { a: 1 });
    expect(res.status).toBe(200);
    expect(sent.map((s) => s.authorization)).toEqual(['Bearer t1', 'Bearer t2']);
    expect(invalidateCalls).toEqual([{ accessToken: 't1' }]);
  });

  it('hands the second 401 to the caller', async () => {
    const { provider } = countingTokenSource();
    const { adapter, sent } = fakeAdapter([401, 401, 401]);
    const api = createVismaAxios(provider, { baseURL, adapter });
    await expect(api.get('/x')).rejects.toMatchObject({ response: { status: 401 } });
    expect(sent).toHaveLength(2);
  });

  it('retries when validateStatus lets a 401 through', async () => {
    const { provider } = countingTokenSource();
    const { adapter, sent } = fakeAdapter([401]);
    const api = createVismaAxios(provider, { baseURL, adapter, validateStatus: () => true });
    expect((await api.get('/x')).status).toBe(200);
    expect(sent).toHaveLength(2);
  });

  it('does not retry a stream body or when retries are off', async () => {
    const { provider } = countingTokenSource();
    const { adapter, sent } = fakeAdapter([401, 401]);
    const api = createVismaAxios(provider, { baseURL, adapter });
    const body = new ReadableStream();
    await expect(api.post('/x', body)).rejects.toMatchObject({ response: { status: 401 } });
    const noRetry = createVismaAxios(
      provider,
      { baseURL, adapter },
      { retryOnUnauthorized: false },
    );
    await expect(noRetry.get('/x')).rejects.toMatchObject({ response: { status: 401 } });
    expect(sent).toHaveLength(2);
  });

  it('refreshes its own header when a config is sent again (e.g. by axios-retry)', async () => {
    const { provider } = countingTokenSource();
    const { adapter, sent } = fakeAdapter([500]);
    const api = createVismaAxios(provider, { baseURL, adapter });
    const error = (await api.get('/x').catch((e: unknown) => e)) as AxiosError;
    await provider.invalidate();
    await api.request(error.config as InternalAxiosRequestConfig);
    expect(sent.map((s) => s.authorization)).toEqual(['Bearer t1', 'Bearer t2']);
  });

  it('rejects with the provider error', async () => {
    const { adapter, sent } = fakeAdapter();
    const failure = new Error('no token');
    const provider: VismaTokenSource = {
      getToken: () => Promise.reject(failure),
      invalidate: async () => false,
    };
    await expect(createVismaAxios(provider, { baseURL, adapter }).get('/x')).rejects.toBe(failure);
    expect(sent).toHaveLength(0);
  });

  it('detaches and can be applied again without stacking', async () => {
    const { provider, getTokenCalls } = countingTokenSource();
    const { adapter, sent } = fakeAdapter();
    const instance = axios.create({ baseURL, adapter });
    withVismaAuth(instance, provider);
    withVismaAuth(instance, provider);
    await instance.get('/x');
    expect(getTokenCalls).toHaveLength(1);
    expect(detachVismaAuth(instance)).toBe(true);
    expect(detachVismaAuth(instance)).toBe(false);
    await instance.get('/x');
    expect(sent[1]?.authorization).toBeUndefined();
  });

  it('requires a baseURL or allowedOrigins and names the option', async () => {
    const { provider } = countingTokenSource();
    expect(() => withVismaAuth(axios.create(), provider)).toThrow(
      expect.objectContaining({ name: 'VismaConfigError', option: 'allowedOrigins' }),
    );
    expect(() => withVismaAuth(axios.create({ baseURL: '/relative' }), provider)).toThrow(
      expect.objectContaining({ option: 'baseURL' }),
    );
    expect(() => withVismaAuth(axios.create({ baseURL }), {} as VismaTokenSource)).toThrow(
      expect.objectContaining({ option: 'provider' }),
    );
    const { adapter, sent } = fakeAdapter();
    const api = withVismaAuth(axios.create({ adapter }), provider, {
      allowedOrigins: ['https://a.example.com'],
    });
    await api.get('https://a.example.com/x');
    await api.get('https://b.example.com/x');
    expect(sent.map((s) => s.authorization)).toEqual(['Bearer t1', undefined]);
  });
});
