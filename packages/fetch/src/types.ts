import type { HeadersLike } from './authorization-header.js';

/** Per-request token choice; unset fields fall back to the wrapper's and then the provider's defaults. */
export interface VismaAuthRequestOptions {
  /** Tenant (company) to act for on this request. */
  tenantId?: string;
  /** Scopes to request for this call's token (array or space-separated). */
  scopes?: readonly string[] | string;
}

/** A `fetch`-compatible function, such as the global `fetch` or undici's. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Options of {@link createVismaFetch}; `baseUrl` or `allowedOrigins` is required. */
export interface VismaFetchOptions {
  /** Base URL that relative inputs are resolved against; its origin receives the token. */
  baseUrl?: string | URL;
  /**
   * Origins (`https://host[:port]`) that receive the token, in addition to `baseUrl`'s origin;
   * `'*'` sends it to every origin and must be chosen on purpose.
   */
  allowedOrigins?: readonly string[] | '*';
  /** Transport to use; defaults to the global `fetch`, looked up on every call. */
  fetch?: FetchLike;
  /** Tenant for requests that do not name one; defaults to the provider's. */
  tenantId?: string;
  /** Scopes for requests that do not name them; defaults to the provider's. */
  scopes?: readonly string[] | string;
  /** Retry once with a fresh token when an allowed origin answers 401 (default `true`). */
  retryOnUnauthorized?: boolean;
}

/**
 * `RequestInit` plus `vismaAuth`: per-request tenant or scopes, or `false` to send no token.
 * `headers` also takes `Headers` from other libraries (undici, node-fetch), a `Map` or any
 * iterable of pairs.
 */
export interface VismaFetchInit extends Omit<RequestInit, 'headers'> {
  /** Request headers in any shape; a caller's `Authorization` is sent as is, with no token. */
  headers?: HeadersLike;
  /** Token choice for this request, or `false` to send it without a token. */
  vismaAuth?: VismaAuthRequestOptions | false;
}

/** A function with the `fetch` signature that adds a Visma Connect bearer token. */
export type AuthenticatedFetch = (
  input: string | URL | Request,
  init?: VismaFetchInit,
) => Promise<Response>;
