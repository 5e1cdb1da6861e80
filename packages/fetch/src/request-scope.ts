/**
 * What the framework integrations (Express, Fastify, Hono) share: one provider and one
 * authenticated fetch per app, and per server request a `{ fetch, getToken }` bound to that
 * request's tenant and to its end, so each integration is only its framework's idiom.
 */
import type {
  AccessToken,
  TokenRequest,
  VismaTokenProviderOptions,
  VismaTokenSource,
} from '@visma-auth/core';
import { requestTenantOf, VismaConfigError, VismaTokenProvider } from '@visma-auth/core';
import { createVismaFetch } from './create-visma-fetch.js';
import type { AuthenticatedFetch, VismaFetchInit } from './types.js';

/** Where the token goes, common to every integration; `baseUrl` is required. */
export interface VismaScopeTarget {
  /** The API's base URL: relative paths resolve against it and its origin receives the token. */
  baseUrl: string | URL;
  /** More origins (`https://host[:port]`) that receive the token. */
  allowedOrigins?: readonly string[];
  /** Retry once with a fresh token when an allowed origin answers 401 (default `true`). */
  retryOnUnauthorized?: boolean;
}

/** A provider of the app's own (never closed here), or the options to create one (closed by `close()`). */
export type VismaProviderChoice = { provider: VismaTokenSource } | VismaTokenProviderOptions;

/** Options of {@link createVismaRequestScope}. */
export type VismaRequestScopeOptions = VismaProviderChoice & VismaScopeTarget;

/** What a route uses: fetch and tokens for the request's tenant. */
export interface VismaRequestContext {
  /** `fetch` for this request's tenant; aborted when the request ends early. */
  fetch: AuthenticatedFetch;
  /** A token for this request's tenant; `request` fields win over it. */
  getToken(request?: TokenRequest): Promise<AccessToken>;
}

/** The app-wide part: provider, fetch (no tenant of a request) and the per-request binding. */
export interface VismaRequestScope {
  readonly provider: VismaTokenSource;
  /** Authenticated fetch with the provider's default tenant. */
  readonly fetch: AuthenticatedFetch;
  /**
   * Binds a request: `tenantOf` is called (and checked) on the first `fetch`/`getToken`, so an
   * auth step that runs after the integration's middleware can still set what it reads.
   */
  forRequest(
    tenantOf: (() => unknown) | undefined,
    signalOf?: () => AbortSignal | undefined,
  ): VismaRequestContext;
  /** Closes the provider if it was created here; a provider that was passed in stays open. */
  close(): Promise<void>;
}

/**
 * Creates the provider (or takes the one given) and the authenticated fetch an integration
 * hands its routes.
 *
 * @throws VismaConfigError naming `baseUrl` or the provider option that is missing or invalid.
 * @example
 * ```ts
 * const scope = createVismaRequestScope({ clientId, clientSecret, scopes, baseUrl });
 * const { fetch } = scope.forRequest(() => req.user.tenantId, () => signalOf(req));
 * ```
 */
export function createVismaRequestScope(options: VismaRequestScopeOptions): VismaRequestScope {
  if (options === null || typeof options !== 'object') {
    throw new VismaConfigError(
      'options',
      'pass provider options (clientId, clientSecret, scopes) or { provider }, and baseUrl.',
    );
  }
  const { baseUrl, allowedOrigins, retryOnUnauthorized } = options;
  if (baseUrl === undefined || baseUrl === '') {
    throw new VismaConfigError(
      'baseUrl',
      "set baseUrl to the API the routes call, such as 'https://api.finance.visma.net'; only its origin (and allowedOrigins) receive the token.",
    );
  }
  const given = 'provider' in options ? options.provider : undefined;
  const provider =
    given ?? new VismaTokenProvider(providerOptionsOf(options as VismaTokenProviderOptions));
  const fetchOptions = {
    baseUrl,
    ...(allowedOrigins && { allowedOrigins }),
    ...(retryOnUnauthorized !== undefined && { retryOnUnauthorized }),
  };
  const vfetch = createVismaFetch(provider, fetchOptions);
  return {
    provider,
    fetch: vfetch,
    forRequest(tenantOf, signalOf) {
      // Read once per request; a refusal is kept too, so the tenant function runs once.
      let tenant: { id: string | undefined } | { error: unknown } | undefined;
      const tenantId = () => {
        if (tenant === undefined) {
          try {
            tenant = { id: requestTenantOf(tenantOf) };
          } catch (error) {
            tenant = { error };
          }
        }
        if ('error' in tenant) throw tenant.error;
        return tenant.id;
      };
      return {
        async fetch(input, init) {
          return vfetch(input, withRequest(init, tenantId(), signalOf?.()));
        },
        async getToken(request) {
          const id = tenantId();
          const signal = joinSignals(request?.signal, signalOf?.());
          if (id === undefined && signal === undefined && request === undefined)
            return provider.getToken();
          // An explicit `tenantId: undefined` must not fall back to the provider's default tenant.
          const tenant = request?.tenantId ?? id;
          return provider.getToken({
            ...request,
            ...(tenant !== undefined && { tenantId: tenant }),
            ...(signal && { signal }),
          });
        },
      };
    },
    async close() {
      if (given === undefined) await (provider as VismaTokenProvider).close();
    },
  };
}

/** The options the provider takes: the integrations' own keys (`tenant`, `name`, `errorHandler`, …) removed. */
function providerOptionsOf(options: VismaTokenProviderOptions): VismaTokenProviderOptions {
  const {
    baseUrl: _b,
    allowedOrigins: _a,
    retryOnUnauthorized: _r,
    tenant: _t,
    name: _n,
    errorHandler: _e,
    ...rest
  } = options as VismaTokenProviderOptions & Record<string, unknown>;
  return rest as VismaTokenProviderOptions;
}

function withRequest(
  init: VismaFetchInit | undefined,
  tenantId: string | undefined,
  requestSignal: AbortSignal | undefined,
): VismaFetchInit {
  const signal = joinSignals(init?.signal ?? undefined, requestSignal);
  const auth = init?.vismaAuth;
  // `vismaAuth.tenantId` names another tenant on purpose; left `undefined` it keeps the request's.
  const vismaAuth =
    auth === false
      ? false
      : tenantId === undefined
        ? auth
        : { ...auth, tenantId: auth?.tenantId ?? tenantId };
  return { ...init, ...(vismaAuth !== undefined && { vismaAuth }), ...(signal && { signal }) };
}

/** Either signal ends the wait: the caller's own, or the server request ending early. */
function joinSignals(
  a: AbortSignal | undefined,
  b: AbortSignal | undefined,
): AbortSignal | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  return typeof AbortSignal.any === 'function' ? AbortSignal.any([a, b]) : a;
}

/** What {@link responseEndSignal} needs of a Node.js `ServerResponse`. */
export interface ResponseLike {
  readonly closed?: boolean;
  readonly writableFinished: boolean;
  once(event: 'close', listener: () => void): unknown;
}

/**
 * A `signalOf` for {@link VismaRequestScope.forRequest} on Node.js servers: made on first use,
 * it aborts when the connection closes before the response was sent (the client went away).
 */
export function responseEndSignal(res: ResponseLike): () => AbortSignal {
  let ended: AbortController | undefined;
  return () => {
    if (ended !== undefined) return ended.signal;
    const controller = new AbortController();
    ended = controller;
    const abort = () => {
      if (!res.writableFinished) controller.abort(new Error('The client closed the request.'));
    };
    if (res.closed === true) abort();
    else res.once('close', abort);
    return controller.signal;
  };
}
