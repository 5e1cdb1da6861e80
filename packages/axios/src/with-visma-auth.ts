import type { TokenRequest, VismaTokenSource } from '@visma-auth/core';
import {
  assertTokenSource,
  bearerHeader,
  createAdapterTarget,
  renewRejectedToken,
} from '@visma-auth/core';
import type { AxiosError, AxiosInstance, AxiosResponse, InternalAxiosRequestConfig } from 'axios';
import { createAllowedUrl } from './allowed-url.js';
import { createTokenAttacher } from './attach-token.js';
import { sentToken, stateOf } from './auth-state.js';
import { setAuthorization } from './authorization-header.js';
import { redactToken } from './redact-error.js';
import { isReplayableData } from './replayable-data.js';
import type { VismaAxiosOptions } from './types.js';

/** What the interceptors need from an axios instance (any axios 1.x instance has it). */
export type AxiosInstanceLike = Pick<AxiosInstance, 'defaults' | 'interceptors' | 'request'>;

const installed = new WeakMap<object, { request: [number, number]; response: number }>();

/**
 * Adds interceptors to an axios instance so requests to allowed origins carry a Visma Connect
 * bearer token and a 401 from them is retried once with a fresh token.
 *
 * @param instance - Any axios instance, e.g. `axios.create(...)` or Nest's `HttpService.axiosRef`.
 * @param provider - A `VismaTokenProvider` from `@visma-auth/core`, or anything with its `getToken` and `invalidate`.
 * @param options - Extra allowed origins and defaults for every request.
 * @returns The same instance; {@link detachVismaAuth} removes the interceptors again.
 * @throws VismaConfigError when the provider is missing, or the instance has no `baseURL` and no `allowedOrigins` are given.
 * @see https://www.rfc-editor.org/rfc/rfc6750 (bearer token usage)
 * @example
 * ```ts
 * const api = withVismaAuth(axios.create({ baseURL: 'https://api.finance.visma.net' }), provider);
 * const { data } = await api.get('/v1/customer', { vismaAuth: { tenantId: 'company-1' } });
 * ```
 */
export function withVismaAuth<T extends AxiosInstanceLike>(
  instance: T,
  provider: VismaTokenSource,
  options: VismaAxiosOptions = {},
): T {
  assertTokenSource(provider, 'withVismaAuth', 'second');
  const baseURL = instance.defaults.baseURL;
  const { isAllowed, tokenRequestOf } = createAdapterTarget({
    ...options,
    baseUrl: baseURL ? baseURL : undefined,
    baseUrlOption: 'baseURL',
  });
  const retryOnUnauthorized = options.retryOnUnauthorized ?? true;

  /** No per-call fields (`undefined`) lets the provider take its fastest cache path. */
  const tokenRequestFor = (config: InternalAxiosRequestConfig): TokenRequest | undefined =>
    tokenRequestOf(
      config.vismaAuth,
      config.signal instanceof AbortSignal ? config.signal : undefined,
    );

  /** Sends the request again with a fresh token, or returns undefined when that is not allowed. */
  const retryUnauthorized = async (
    config: InternalAxiosRequestConfig | undefined,
  ): Promise<AxiosResponse | undefined> => {
    const state = stateOf(config);
    if (
      config === undefined ||
      state === undefined ||
      !retryOnUnauthorized ||
      state.retried ||
      state.leftOrigin ||
      !isReplayableData(config.data)
    ) {
      return undefined;
    }
    const sent = sentToken(state);
    if (sent === undefined) return undefined;
    state.retried = true;
    const fresh = await renewRejectedToken(provider, sent, tokenRequestFor(config));
    // The API rejects freshly issued tokens for this key: the 401 is the answer for now.
    if (fresh === undefined) return undefined;
    const header = bearerHeader(fresh);
    setAuthorization(config.headers, header);
    state.header = header;
    state.skipNext = true;
    return instance.request(config);
  };

  detachVismaAuth(instance);
  const requests = instance.interceptors.request;
  const { warm, cold } = createTokenAttacher(
    provider,
    createAllowedUrl(isAllowed),
    tokenRequestFor,
    () => requests.handlers,
  );
  const request = requests.use(warm.fulfilled, undefined, warm.options);
  const coldRequest = requests.use(cold.fulfilled, undefined, cold.options);
  const response = instance.interceptors.response.use(
    // Not async: every response passes here, and only a 401 needs a promise.
    (res: AxiosResponse) =>
      res.status === 401 ? retryUnauthorized(res.config).then((retried) => retried ?? res) : res,
    async (error: unknown) => {
      const axiosError = error as Partial<AxiosError> | undefined;
      if (axiosError?.response?.status === 401) {
        const retried = await retryUnauthorized(axiosError.config);
        if (retried !== undefined) return retried;
      }
      // Errors get logged: the token we set must not be in what they expose.
      const sent = sentToken(stateOf(axiosError?.config));
      if (sent !== undefined) redactToken(error, sent);
      throw error;
    },
  );
  installed.set(instance, { request: [request, coldRequest], response });
  return instance;
}

/**
 * Removes the interceptors {@link withVismaAuth} added to `instance`.
 * @returns whether there was anything to remove.
 */
export function detachVismaAuth(instance: AxiosInstanceLike): boolean {
  const ids = installed.get(instance);
  if (ids === undefined) return false;
  for (const id of ids.request) instance.interceptors.request.eject(id);
  instance.interceptors.response.eject(ids.response);
  installed.delete(instance);
  return true;
}
