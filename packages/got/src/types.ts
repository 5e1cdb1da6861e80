import type { TokenRequest } from '@visma-auth/core';

/** Per-request token choice, in got's `context.vismaAuth`: a tenant and scopes, or `false`. */
export interface VismaAuthRequestOptions {
  /** Tenant (company) to get the token for; overrides the hooks' `tenantId`. */
  tenantId?: string;
  /** Scopes to get the token for; overrides the hooks' `scopes`. */
  scopes?: TokenRequest['scopes'];
}

/** Options of {@link vismaAuthHooks}. */
export interface VismaGotOptions {
  /** The API's base URL (the instance's `prefixUrl`); its origin receives the token. */
  baseUrl?: string | URL;
  /** More origins (`https://host[:port]`) that receive the token, or `'*'` for every one. */
  allowedOrigins?: readonly string[] | '*';
  /** Tenant for requests that set no `context.vismaAuth.tenantId`. */
  tenantId?: string;
  /** Scopes for requests that set no `context.vismaAuth.scopes`. */
  scopes?: TokenRequest['scopes'];
  /** On a 401 from the origin that got the token, drop it and retry once; default `true`. */
  retryOnUnauthorized?: boolean;
}

/** The part of got's `Options` the hooks read and write. */
export interface GotOptionsLike {
  url?: string | URL | undefined;
  headers: Record<string, string | string[] | undefined>;
  context: Record<string, unknown>;
  body?: unknown;
}

/** The part of got's `Response` the hooks read. */
export interface GotResponseLike {
  statusCode: number;
  url: string;
  request: { options: GotOptionsLike };
}

/** The part of got's `RequestError` the hooks read and write. */
export interface GotErrorLike {
  options?: GotOptionsLike;
  /** got's request stream; its `_request` (private in got's types) is Node's `ClientRequest`. */
  request?: unknown;
  /** got's response; its `req` is Node's `ClientRequest`. */
  response?: unknown;
}

/** Hooks for `got.extend({ hooks })`, typed structurally so this package loads no got code. */
export interface VismaGotHooks {
  /** Returns at once when the token is in memory, else a promise that settles once it is set. */
  beforeRequest: ((options: GotOptionsLike) => Promise<void> | void)[];
  /** Removes the hooks' token before a hop to another origin (or one not allowed) is sent. */
  beforeRedirect: ((options: GotOptionsLike) => void)[];
  afterResponse: (<R extends GotResponseLike>(
    response: R,
    retryWithMergedOptions: (options: {
      headers: Record<string, string>;
      context: Record<string, unknown>;
    }) => never,
  ) => R | Promise<R>)[];
  /** Takes the hooks' token out of the error's options, so logging the error shows none. */
  beforeError: (<E extends GotErrorLike>(error: E) => E)[];
}
