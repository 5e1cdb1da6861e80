/** Per-request token choice; unset fields fall back to the wrapper's and then the provider's defaults. */
export interface VismaAuthRequestOptions {
  /** Tenant (company) to act for on this request. */
  tenantId?: string;
  /** Scopes to request for this call's token (array or space-separated). */
  scopes?: readonly string[] | string;
}

/** Options of {@link withVismaAuth}; `allowedOrigins` is required when the instance has no `baseURL`. */
export interface VismaAxiosOptions {
  /**
   * Origins (`https://host[:port]`) that receive the token, in addition to the instance's
   * `baseURL` origin; `'*'` sends it to every origin and must be chosen on purpose.
   */
  allowedOrigins?: readonly string[] | '*';
  /** Tenant for requests that do not name one; defaults to the provider's. */
  tenantId?: string;
  /** Scopes for requests that do not name them; defaults to the provider's. */
  scopes?: readonly string[] | string;
  /** Retry once with a fresh token when an allowed origin answers 401 (default `true`). */
  retryOnUnauthorized?: boolean;
}

declare module 'axios' {
  // biome-ignore lint/suspicious/noExplicitAny: must repeat axios' own type parameters to merge.
  interface AxiosRequestConfig<D = any, P = any> {
    /** Token choice for this request (`@visma-auth/axios`), or `false` to send it without a token. */
    vismaAuth?: VismaAuthRequestOptions | false;
  }
}
