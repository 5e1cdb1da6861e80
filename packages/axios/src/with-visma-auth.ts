import type { TokenRequest, VismaTokenSource } from '@visma-auth/core';
import {
  assertTokenSource,
  bearerHeader,
  createAdapterTarget,
  renewRejectedToken,
} from '@visma-auth/core';
import type { AxiosError, AxiosInstance, AxiosResponse, InternalAxiosRequestConfig } from 'axios';
import { REDACTED_AUTHORIZATION, redactToken } from './redact-error.js';
import { guardRedirects, unguardRedirects } from './redirect-guard.js';
import { isReplayableData } from './replayable-data.js';
import { requestUrl } from './request-url.js';
import type { VismaAxiosOptions } from './types.js';

/** What the interceptors need from an axios instance (any axios 1.x instance has it). */
export type AxiosInstanceLike = Pick<AxiosInstance, 'defaults' | 'interceptors' | 'request'>;

/**
 * Per-request bookkeeping kept on the config under a plain key. A class instance, so that axios
 * passes it on by reference when a config is sent again (it deep-copies plain objects), and the
 * header it set can be recognised; the header is a private field, which neither
 * `JSON.stringify`, `util.inspect` nor axios' `toJSON` shows.
 */
class AuthState {
  /** The one 401 retry has been spent. */
  retried = false;
  /** The next pass through the request interceptor is our own retry: keep its header. */
  skipNext = false;
  /** A redirect left the origin the token was sent to. */
  leftOrigin = false;
  /** The `Authorization` value the adapter set for the request. */
  #header: string;

  constructor(header: string, retried: boolean) {
    this.#header = header;
    this.retried = retried;
  }

  get header(): string {
    return this.#header;
  }

  set header(value: string) {
    this.#header = value;
  }
}

const STATE = '__vismaAuth';
type WithState = InternalAxiosRequestConfig & { [STATE]?: AuthState | Partial<AuthState> };

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

  const attachToken = async (
    config: InternalAxiosRequestConfig,
  ): Promise<InternalAxiosRequestConfig> => {
    const withState = config as WithState;
    const state = withState[STATE];
    if (state?.skipNext) {
      state.skipNext = false;
      return config;
    }
    const url = requestUrl(config);
    const current = config.headers.get('authorization');
    // A config sent again (a retry helper, failover, `{ ...res.config, url }`) still carries the
    // header we set; one we did not set is the caller's choice.
    const ours = state !== undefined && isOurHeader(state, current);
    const callerHeader = current !== undefined && current !== null && current !== false && !ours;
    if (config.vismaAuth === false || !isAllowed(url) || callerHeader) {
      if (state !== undefined) {
        if (ours) config.headers.delete('authorization');
        delete withState[STATE];
        config.beforeRedirect = unguardRedirects(config.beforeRedirect);
      }
      return config;
    }

    const token = await provider.getToken(tokenRequestFor(config));
    const header = bearerHeader(token);
    config.headers.set('Authorization', header);
    const next = new AuthState(header, state?.retried ?? false);
    withState[STATE] = next;
    config.beforeRedirect = guardRedirects(config.beforeRedirect, url, next);
    return config;
  };

  /** Sends the request again with a fresh token, or returns undefined when that is not allowed. */
  const retryUnauthorized = async (
    config: InternalAxiosRequestConfig | undefined,
  ): Promise<AxiosResponse | undefined> => {
    const state = (config as WithState | undefined)?.[STATE];
    if (
      config === undefined ||
      !(state instanceof AuthState) ||
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
    config.headers.set('Authorization', header);
    state.header = header;
    state.skipNext = true;
    return instance.request(config);
  };

  detachVismaAuth(instance);
  const request = instance.interceptors.request.use(attachToken);
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
      const sent = sentToken((axiosError?.config as WithState | undefined)?.[STATE]);
      if (sent !== undefined) redactToken(error, sent);
      throw error;
    },
  );
  installed.set(instance, { request, response });
  return instance;
}

/** Whether `value` is the `Authorization` header the adapter set for the config `state` belongs to. */
function isOurHeader(state: AuthState | Partial<AuthState>, value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (value === REDACTED_AUTHORIZATION) return true;
  const sent = state instanceof AuthState ? state.header : undefined;
  // A copied config lost the link to what we set; a bearer on it came from us.
  return sent === undefined ? /^bearer /i.test(value) : value === sent;
}

/** The access token the adapter sent with the config `state` belongs to. */
function sentToken(state: AuthState | Partial<AuthState> | undefined): string | undefined {
  if (!(state instanceof AuthState)) return undefined;
  return state.header.slice('Bearer '.length);
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
