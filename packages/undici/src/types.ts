import type { TokenRequest } from '@visma-auth/core';
import type { Dispatcher } from 'undici';

/** Per-request token choice: a tenant and scopes, or `false` to send no token. */
export interface VismaAuthRequestOptions {
  /** Tenant (company) to get the token for; overrides the interceptor's `tenantId`. */
  tenantId?: string;
  /** Scopes to get the token for; overrides the interceptor's `scopes`. */
  scopes?: TokenRequest['scopes'];
}

/** Dispatch options that also accept `vismaAuth`, for `request()`, `stream()` and `dispatch()`. */
export type VismaDispatchOptions = Dispatcher.DispatchOptions & {
  /** Tenant and scopes for this request, or `false` to send it without a token. */
  vismaAuth?: VismaAuthRequestOptions | false;
};

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
