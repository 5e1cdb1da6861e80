import type { TokenRequest, VismaTokenSource } from '@visma-auth/core';
import {
  assertTokenSource,
  createAdapterTarget,
  originOf,
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
 * header it set can be recognised; the token itself is kept in {@link sentHeaders}, never on it.
 */
class AuthState {
  /** The one 401 retry has been spent. */
  retried = false;
  /** The next pass through the request interceptor is our own retry: keep its header. */
  skipNext = false;
  /** A redirect left the origin the token was sent to. */
  leftOrigin = false;
}

const STATE = '__vismaAuth';
type WithState = InternalAxiosRequestConfig & { [STATE]?: AuthState | Partial<AuthState> };

/** The `Authorization` value the adapter set for a request, out of sight of loggers. */
const sentHeaders = new WeakMap<object, string>();

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
    const header = `Bearer ${token.accessToken}`;
    config.headers.set('Authorization', header);
    const next = new AuthState();
    next.retried = state?.retried ?? false;
    sentHeaders.set(next, header);
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
    const header = `Bearer ${fresh.accessToken}`;
    config.headers.set('Authorization', header);
    sentHeaders.set(state, header);
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
  const sent = state instanceof AuthState ? sentHeaders.get(state) : undefined;
  // A copied config lost the link to what we set; a bearer on it came from us.
  return sent === undefined ? /^bearer /i.test(value) : value === sent;
}

/** The access token the adapter sent with the config `state` belongs to. */
function sentToken(state: AuthState | Partial<AuthState> | undefined): string | undefined {
  if (!(state instanceof AuthState)) return undefined;
  return sentHeaders.get(state)?.slice('Bearer '.length);
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
