import {
  type AccessToken,
  type InvalidateRequest,
  type ResolvedTokenRequest,
  type TokenRequest,
  VismaConfigError,
  type VismaTokenProvider,
} from '@visma-auth/core';
import type { Observable } from 'rxjs';
import { createTokenStream, type TokenStreamContext } from './token-stream.js';

/** The most `resolveTenant` tenants whose requests {@link VismaTokenService} keeps at once. */
const MAX_TENANT_REQUESTS = 1024;

/**
 * Visma Connect access tokens for Nest code: the core provider's calls plus `token$`, a stream of
 * the current and every refreshed token; a call that names no tenant uses `resolveTenant`'s.
 * @example
 * ```ts
 * @Injectable()
 * export class ErpClient {
 *   constructor(private readonly visma: VismaTokenService) {}
 *   headers() { return this.visma.getAuthorizationHeader({ tenantId: 'company-tenant-id' }); }
 * }
 * ```
 */
export class VismaTokenService {
  readonly #provider: VismaTokenProvider;
  readonly #stream: TokenStreamContext;
  readonly #resolveTenant: (() => string | undefined) | undefined;
  /**
   * The request of each `resolveTenant` tenant for calls that pass none (every call of the
   * module's `HttpService`), made once: a warm call then allocates nothing here. Up to
   * {@link MAX_TENANT_REQUESTS} tenants, then it starts over, as core does with their cache keys.
   */
  readonly #tenantRequests = new Map<string, Readonly<TokenRequest>>();

  /**
   * Created by `VismaAuthModule`; inject it rather than constructing it.
   * @internal
   */
  constructor(
    provider: VismaTokenProvider,
    stream: Omit<TokenStreamContext, 'source'>,
    resolveTenant?: () => string | undefined,
  ) {
    this.#provider = provider;
    this.#stream = { ...stream, source: provider };
    this.#resolveTenant = resolveTenant;
  }

  /** The core provider behind this service, for code shared with non-Nest parts. */
  get provider(): VismaTokenProvider {
    return this.#provider;
  }

  /** Returns a valid access token for the request's tenant and scopes (module options by default). */
  getToken(request?: TokenRequest): Promise<AccessToken> {
    return this.#provider.getToken(this.#withTenant(request));
  }

  /**
   * The token `getToken(request)` would answer from memory right now, or `undefined` when it
   * would have to wait; the HTTP clients read it first so a warm call needs no promise.
   */
  peekToken(request?: TokenRequest): AccessToken | undefined {
    // `createProvider` may hand over a provider without it (the testing module's records each
    // `getToken`): then every call waits for `getToken`, as before.
    return this.#provider.peekToken?.(this.#withTenant(request));
  }

  /** Returns the `Authorization` header value, e.g. `Bearer eyJ...`. */
  getAuthorizationHeader(request?: TokenRequest): Promise<string> {
    return this.#provider.getAuthorizationHeader(this.#withTenant(request));
  }

  /**
   * Drops the cached token; with `accessToken`, only if the cache still holds that one.
   * @returns whether an entry was deleted.
   */
  invalidate(request?: InvalidateRequest): Promise<boolean> {
    return this.#provider.invalidate(this.#withTenant(request));
  }

  /**
   * A cold stream of the token for `request`: the current one on subscribe, then each refreshed
   * one; it errors when a token cannot be had and completes when the app closes.
   * @example
   * ```ts
   * const sub = visma.token$().subscribe((t) => console.log('token until', new Date(t.expiresAt)));
   * sub.unsubscribe();
   * ```
   */
  token$(request?: Omit<TokenRequest, 'forceRefresh'>): Observable<AccessToken> {
    return createTokenStream(this.#stream, this.#withTenant(request));
  }

  /**
   * The provider and the request with `resolveTenant`'s tenant filled in, so the 401 handling of
   * the HTTP clients keeps each tenant's state apart instead of merging them all under the default.
   */
  resolveTokenRequest(request?: TokenRequest): ResolvedTokenRequest {
    return { source: this.#provider, request: this.#withTenant(request) };
  }

  /** Log-safe description (no secret, no token). */
  toJSON(): Record<string, unknown> {
    return this.#provider.toJSON();
  }

  /** Adds the `resolveTenant` tenant to a request that names none. */
  #withTenant<T extends { tenantId?: string }>(request: T | undefined): T | undefined {
    if (this.#resolveTenant === undefined || request?.tenantId !== undefined) return request;
    const tenantId = this.#resolveTenant();
    if (tenantId === undefined) return request;
    if (typeof tenantId !== 'string' || tenantId === '') {
      throw new VismaConfigError(
        'resolveTenant',
        'must return a tenant id string, or undefined for the default tenant',
      );
    }
    if (request !== undefined) return { ...request, tenantId } as T;
    let shared = this.#tenantRequests.get(tenantId);
    if (shared === undefined) {
      if (this.#tenantRequests.size >= MAX_TENANT_REQUESTS) this.#tenantRequests.clear();
      shared = Object.freeze({ tenantId });
      this.#tenantRequests.set(tenantId, shared);
    }
    return shared as T;
  }
}
