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
import { createScopedFetch, joinSignals, unscoped } from './create-visma-fetch.js';
import type { AuthenticatedFetch } from './types.js';

/** Where the token goes, common to every integration; `baseUrl` is required. */
export interface VismaScopeTarget {
  /** The API's base URL: relative paths resolve against it and its origin receives the token. */
  baseUrl: string | URL;
  /** More origins (`https://host[:port]`) that receive the token. */
  allowedOrigins?: readonly string[];
  /** Retry once with a fresh token when an allowed origin answers 401 (default `true`). */
  retryOnUnauthorized?: boolean;
  /**
   * Also abort calls when the client goes away (default `false`): a call under way, and any
   * call made after. Either way a call still waiting for its token gives up. Left `false`, a
   * call (a POST that creates an invoice, say) runs to its end and its answer reaches the route,
   * at no cost per call; the abort signal costs 15–40 µs of CPU per call.
   */
  abortOnClientClose?: boolean;
}

/** A provider of the app's own (never closed here), or the options to create one (closed by `close()`). */
export type VismaProviderChoice = { provider: VismaTokenSource } | VismaTokenProviderOptions;

/** Options of {@link createVismaRequestScope}. */
export type VismaRequestScopeOptions = VismaProviderChoice & VismaScopeTarget;

/** What a route uses: fetch and tokens for the request's tenant. */
export interface VismaRequestContext {
  /**
   * `fetch` for this request's tenant: a wait for a token ends when the client goes away; with
   * `abortOnClientClose` the call itself ends too.
   */
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
  const { baseUrl, allowedOrigins, retryOnUnauthorized, abortOnClientClose } = options;
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
  const scoped = createScopedFetch(provider, fetchOptions, abortOnClientClose === true);
  return {
    provider,
    fetch: unscoped(scoped),
    forRequest(tenantOf, signalOf) {
      // Read once per request; a refusal is kept too, so the tenant function runs once. Kept in
      // plain variables (no wrapper object per request); without a function there is nothing to read.
      let read = tenantOf === undefined;
      let id: string | undefined;
      let refused = false;
      let refusal: unknown;
      const tenantId = () => {
        if (!read) {
          read = true;
          try {
            id = requestTenantOf(tenantOf);
          } catch (error) {
            refused = true;
            refusal = error;
          }
        }
        if (refused) throw refusal;
        return id;
      };
      return {
        // The tenant and the request's end go beside `init`, not into a copy of it.
        // Not async: a warm call costs no promise of its own; a refused tenant still rejects.
        fetch(input, init) {
          try {
            return scoped(input, init, tenantId(), signalOf);
          } catch (error) {
            return Promise.reject(error);
          }
        },
        async getToken(request) {
          const id = tenantId();
          // An explicit `tenantId: undefined` must not fall back to the provider's default tenant.
          const tenant = request?.tenantId ?? id;
          const wanted = tenant === undefined ? request : { ...request, tenantId: tenant };
          // A token in memory needs no signal: the request's end is joined only for a wait.
          const warm = provider.peekToken?.(wanted);
          if (warm !== undefined) return warm;
          const signal = joinSignals(request?.signal, signalOf?.());
          return provider.getToken(signal === undefined ? wanted : { ...wanted, signal });
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
    abortOnClientClose: _c,
    tenant: _t,
    name: _n,
    errorHandler: _e,
    ...rest
  } = options as VismaTokenProviderOptions & Record<string, unknown>;
  return rest as VismaTokenProviderOptions;
}
