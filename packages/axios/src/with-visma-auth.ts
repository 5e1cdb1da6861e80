import type { TokenRequest, VismaTokenSource } from '@visma-auth/core';
import {
  assertTokenSource,
  createOriginAllowlist,
  originOf,
  renewRejectedToken,
} from '@visma-auth/core';
import type { AxiosError, AxiosInstance, AxiosResponse, InternalAxiosRequestConfig } from 'axios';
import { guardRedirects } from './redirect-guard.js';
import { isReplayableData } from './replayable-data.js';
import { requestUrl } from './request-url.js';
import type { VismaAxiosOptions } from './types.js';

/** What the interceptors need from an axios instance (any axios 1.x instance has it). */
export type AxiosInstanceLike = Pick<AxiosInstance, 'defaults' | 'interceptors' | 'request'>;

/**
 * Per-request bookkeeping kept on the config under a plain key, because axios copies configs
 * key by key when a request is sent again. It never holds the token itself.
 */
interface AuthState {
  /** The one 401 retry has been spent. */
  retried: boolean;
  /** The next pass through the request interceptor is our own retry: keep its header. */
  skipNext: boolean;
  /** A redirect left the origin the token was sent to. */
  leftOrigin: boolean;
}

const STATE = '__vismaAuth';
type WithState = InternalAxiosRequestConfig & { [STATE]?: AuthState };

const installed = new WeakMap<object, { request: number; response: number }>();

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
 * const api = withVismaAuth(axios.create({ baseURL: 'https://api.visma.net' }), provider);
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
  const isAllowed = createOriginAllowlist({
    baseUrl: baseURL ? baseURL : undefined,
    allowedOrigins: options.allowedOrigins,
    baseUrlOption: 'baseURL',
  });
  const retryOnUnauthorized = options.retryOnUnauthorized ?? true;

  /** No per-call fields (`undefined`) lets the provider take its fastest cache path. */
  const tokenRequestFor = (config: InternalAxiosRequestConfig): TokenRequest | undefined => {
    const auth = config.vismaAuth || undefined;
    const tenantId = auth?.tenantId ?? options.tenantId;
    const scopes = auth?.scopes ?? options.scopes;
    const signal = config.signal instanceof AbortSignal ? config.signal : undefined;
    if (tenantId === undefined && scopes === undefined && signal === undefined) return undefined;
    const request: TokenRequest = {};
    if (tenantId !== undefined) request.tenantId = tenantId;
    if (scopes !== undefined) request.scopes = scopes;
    if (signal !== undefined) request.signal = signal;
    return request;
  };

  const attachToken = async (
    config: InternalAxiosRequestConfig,
  ): Promise<InternalAxiosRequestConfig> => {
    const withState = config as WithState;
    const state = withState[STATE];
    if (state?.skipNext) {
      state.skipNext = false;
      return config;
    }
    if (config.vismaAuth === false) return config;
    const url = requestUrl(config);
    if (!isAllowed(url)) return config;
    // A header we did not set is the caller's choice; one we set earlier (a config sent again,
    // e.g. by axios-retry) is refreshed from the cache below.
    if (state === undefined && config.headers.has('authorization')) return config;

    const token = await provider.getToken(tokenRequestFor(config));
    config.headers.set('Authorization', `Bearer ${token.accessToken}`);
    const next: AuthState = {
      retried: state?.retried ?? false,
      skipNext: false,
      leftOrigin: false,
    };
    withState[STATE] = next;
    const origin = originOf(url);
    if (origin !== undefined) {
      config.beforeRedirect = guardRedirects(config.beforeRedirect, origin, () => {
        next.leftOrigin = true;
      });
    }
    return config;
  };

  /** Sends the request again with a fresh token, or returns undefined when that is not allowed. */
  const retryUnauthorized = async (
    config: InternalAxiosRequestConfig | undefined,
  ): Promise<AxiosResponse | undefined> => {
    const state = (config as WithState | undefined)?.[STATE];
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
    state.retried = true;
    const sent = String(config.headers.get('authorization') ?? '').replace(/^Bearer /i, '');
    const fresh = await renewRejectedToken(provider, sent, tokenRequestFor(config));
    // The API rejects freshly issued tokens for this key: the 401 is the answer for now.
    if (fresh === undefined) return undefined;
    config.headers.set('Authorization', `Bearer ${fresh.accessToken}`);
    state.skipNext = true;
    return instance.request(config);
  };

  detachVismaAuth(instance);
  const request = instance.interceptors.request.use(attachToken);
  const response = instance.interceptors.response.use(
    async (res: AxiosResponse) =>
      res.status === 401 ? ((await retryUnauthorized(res.config)) ?? res) : res,
    async (error: unknown) => {
      const axiosError = error as Partial<AxiosError> | undefined;
      if (axiosError?.response?.status === 401) {
        const retried = await retryUnauthorized(axiosError.config);
        if (retried !== undefined) return retried;
      }
      throw error;
    },
  );
  installed.set(instance, { request, response });
  return instance;
}

/**
 * Removes the interceptors {@link withVismaAuth} added to `instance`.
 * @returns whether there was anything to remove.
 */
export function detachVismaAuth(instance: AxiosInstanceLike): boolean {
  const ids = installed.get(instance);
  if (ids === undefined) return false;
  instance.interceptors.request.eject(ids.request);
  instance.interceptors.response.eject(ids.response);
  installed.delete(instance);
  return true;
}
