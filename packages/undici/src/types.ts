import type { TokenRequest } from '@visma-auth/core';
import type { Dispatcher } from 'undici';

/** Per-request token choice: a tenant and scopes, or `false` to send no token. */
export interface VismaAuthRequestOptions {
  /** Tenant (company) to get the token for; overrides the interceptor's `tenantId`. */
  tenantId?: string;
  /** Scopes to get the token for; overrides the interceptor's `scopes`. */
  scopes?: TokenRequest['scopes'];
}

/** The per-request `vismaAuth` option the interceptor reads. */
export interface VismaAuthOption {
  /** Tenant and scopes for this request, or `false` to send it without a token. */
  vismaAuth?: VismaAuthRequestOptions | false;
}

/**
 * Options of undici's `request()` that also accept `vismaAuth`. Annotate a variable with it (an
 * object literal passed straight to `request()` gets undici's excess property check).
 * @example
 * const options: VismaRequestOptions = { dispatcher, vismaAuth: { tenantId: 'other-company' } };
 * const { body } = await request('https://api.finance.visma.net/v1/customer', options);
 */
export type VismaRequestOptions<TOpaque = null> = { dispatcher?: Dispatcher } & Omit<
  Dispatcher.RequestOptions<TOpaque>,
  'origin' | 'path' | 'method'
> &
  Partial<Pick<Dispatcher.RequestOptions<TOpaque>, 'method'>> &
  VismaAuthOption;

/**
 * Options of undici's `stream()` that also accept `vismaAuth` (`method` is required there).
 * @example
 * const options: VismaStreamOptions = { dispatcher, method: 'GET', vismaAuth: false };
 * await stream('https://api.finance.visma.net/v1/customer', options, () => process.stdout);
 */
export type VismaStreamOptions<TOpaque = null> = { dispatcher?: Dispatcher } & Omit<
  Dispatcher.RequestOptions<TOpaque>,
  'origin' | 'path'
> &
  VismaAuthOption;

/** Options of a dispatcher's own `dispatch()` that also accept `vismaAuth`. */
export type VismaDispatchOptions = Dispatcher.DispatchOptions & VismaAuthOption;

/** Options of {@link vismaAuth}. */
export interface VismaAuthInterceptorOptions {
  /**
   * Origins (`https://host[:port]`) whose requests get the token; required. `'*'` sends it to
   * every https origin (and loopback http), so spell it out only when you mean it.
   */
  origins: readonly string[] | '*';
  /** Tenant for requests that name none. */
  tenantId?: string;
  /** Scopes for requests that name none; default the provider's. */
  scopes?: TokenRequest['scopes'];
  /** On a 401 from an allowed origin, drop the sent token and retry once with a new one; default `true`. */
  retryOnUnauthorized?: boolean;
}
