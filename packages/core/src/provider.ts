/**
 * The public token provider: configuration, the synchronous warm path and the lifecycle. A
 * token it does not hold comes from `token-acquisition.ts`.
 */
import { AuthorizationServerSource } from './authorization-server.js';
import { bearerHeader } from './bearer-header.js';
import { VismaClosedError } from './errors.js';
import { EventSink, type VismaAuthEvent } from './events.js';
import { type ExpiryPolicy, usableUntil } from './expiry.js';
import type { VismaTokenProviderOptions } from './options.js';
import { bindRejectionHooks } from './rejected-token.js';
import { type ResolvedOptions, resolveOptions } from './resolve-options.js';
import { LayeredTokenCache } from './shared-cache.js';
import { TokenAcquisition } from './token-acquisition.js';
import { MemoryTokenCache } from './token-cache.js';
import { eventFields, TokenTargets } from './token-target.js';
import type {
  AccessToken,
  CachedToken,
  Clock,
  InvalidateRequest,
  TokenCache,
  TokenRequest,
} from './types.js';

const inspectCustom = Symbol.for('nodejs.util.inspect.custom');
const systemClock: Clock = { now: () => Date.now() };

/**
 * Hands out Visma Connect `client_credentials` access tokens: cached per token URL, client, auth
 * method, tenant and scopes; single-flight per key; refreshed ahead of expiry in the background.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 * @example
 * ```ts
 * const provider = new VismaTokenProvider({
 *   clientId: process.env.VISMA_CLIENT_ID ?? '',
 *   clientSecret: process.env.VISMA_CLIENT_SECRET ?? '',
 *   scopes: ['vismanet_erp_service_api:read'],
 * });
 * const authorization = await provider.getAuthorizationHeader({ tenantId: 'company-tenant-id' });
 * ```
 */
export class VismaTokenProvider implements AsyncDisposable {
  readonly #o: ResolvedOptions;
  readonly #policy: ExpiryPolicy;
  readonly #cache: TokenCache;
  /** The in-memory cache the warm path reads synchronously (in front of a shared cache, if any). */
  readonly #memory: MemoryTokenCache;
  /** Set when the user passed a shared cache; our own LRU sits in front of it. */
  readonly #layered: LayeredTokenCache | undefined;
  /** Whether `#memory` was created here (a cache passed in is the user's, and may be shared). */
  readonly #ownsMemory: boolean;
  readonly #clock: Clock;
  readonly #events: EventSink;
  readonly #closer = new AbortController();
  readonly #targets: TokenTargets;
  readonly #server: AuthorizationServerSource;
  readonly #acquisition: TokenAcquisition;

  /** @throws {VismaConfigError} naming the first missing or invalid option. */
  constructor(options: VismaTokenProviderOptions) {
    const o = resolveOptions(options);
    this.#o = o;
    this.#policy = {
      expirySkewMs: o.expirySkewMs,
      explicitSkew: options.expirySkewSeconds !== undefined,
      refreshAhead: o.refreshAhead,
      refreshAheadJitter: o.refreshAheadJitter,
    };
    this.#clock = options.clock ?? systemClock;
    if (options.cache !== undefined && !(options.cache instanceof MemoryTokenCache)) {
      // A shared cache (e.g. Redis): warm calls stay in memory, and its failures degrade to
      // fetching in this process instead of failing calls.
      this.#layered = new LayeredTokenCache(options.cache, {
        maxEntries: o.maxCacheEntries,
        clock: this.#clock,
        // A hung shared cache costs a call at most this long before it fetches alone.
        operationTimeoutMs: o.cacheTimeoutMs,
        listener: {
          onDegraded: (operation, error) =>
            this.#emit({ type: 'cache_degraded', operation, error }),
          onRestored: (degradedForMs) => this.#emit({ type: 'cache_restored', degradedForMs }),
        },
      });
      this.#memory = this.#layered.local;
      this.#cache = this.#layered;
      this.#ownsMemory = true;
    } else {
      this.#ownsMemory = options.cache === undefined;
      this.#memory =
        options.cache ??
        new MemoryTokenCache({ maxEntries: o.maxCacheEntries, clock: this.#clock });
      this.#cache = this.#memory;
    }
    this.#events = new EventSink(options.onEvent, options.logger, options.meter);
    this.#targets = new TokenTargets(o.tenantId, o.scopes);
    this.#server = new AuthorizationServerSource(
      () => this.#acquisition.discover(),
      (tokenUrl) => this.#targets.useEndpoint(tokenUrl, o.clientId, o.authMethod),
    );
    this.#acquisition = new TokenAcquisition({
      options: o,
      policy: this.#policy,
      cache: this.#cache,
      layered: this.#layered,
      clock: this.#clock,
      events: this.#events,
      targets: this.#targets,
      server: this.#server,
      closeSignal: this.#closer.signal,
    });
    bindRejectionHooks(this, {
      clock: this.#clock,
      emit: (event) => this.#emit(event),
      describe: (request) => eventFields(this.#targets.resolve(request)),
    });
    if (o.tokenUrl) {
      const issuer =
        options.authority !== undefined || options.environment !== undefined
          ? o.authority.href.replace(/\/$/, '')
          : o.tokenUrl.origin;
      this.#server.use({ issuer, token_endpoint: o.tokenUrl.href });
    }
  }

  /**
   * Returns a valid access token for the request's tenant and scopes (defaults from the options),
   * from the cache when possible; concurrent calls for one key share one token request.
   * @throws {VismaAuthError} (or the signal's reason when `signal` aborts this caller's wait).
   */
  getToken(request?: TokenRequest): Promise<AccessToken> {
    const targets = this.#targets;
    if (targets.defaultKey !== undefined && !this.#closer.signal.aborted) {
      try {
        const hit = this.#warmHit(targets, request);
        if (hit !== undefined) return Promise.resolve(hit);
      } catch {
        // Invalid per-call input: let the async path reject with the typed error.
      }
    }
    return this.#acquisition.acquire(request);
  }

  /**
   * Returns the `Authorization` header value for the request, e.g. `Bearer eyJ...`.
   * @example
   * ```ts
   * await fetch(url, { headers: { authorization: await provider.getAuthorizationHeader() } });
   * ```
   */
  getAuthorizationHeader(request?: TokenRequest): Promise<string> {
    return this.getToken(request).then(bearerHeader);
  }

  /**
   * Drops the cached token for the request's tenant and scopes; with `accessToken`, only if the
   * cache still holds that token (so a 401 from an API does not throw away a newer token).
   * @returns whether an entry was deleted.
   */
  async invalidate(request?: InvalidateRequest): Promise<boolean> {
    if (this.#closer.signal.aborted) return false;
    await this.#server.ensure(undefined);
    const target = this.#targets.resolve(request);
    let deleted = false;
    try {
      deleted = await this.#cache.delete(target.key, request?.accessToken);
    } catch (error) {
      this.#acquisition.warnCache('delete', error);
    }
    this.#acquisition.forget(target.key);
    this.#emit({
      type: 'invalidate',
      ...eventFields(target),
      deleted,
      compareAndDelete: request?.accessToken !== undefined,
    });
    return deleted;
  }

  /**
   * Aborts in-flight requests and rejects pending calls with {@link VismaClosedError}; after it,
   * no token request is sent and nothing is written to any cache. Clears the provider's own
   * in-memory cache, never one passed in as `cache` (it is the user's, and may be shared);
   * idempotent.
   */
  async close(): Promise<void> {
    if (this.#closer.signal.aborted) return;
    const closed = new VismaClosedError();
    this.#closer.abort(closed);
    this.#acquisition.close(closed);
    if (this.#layered !== undefined) await this.#layered.close();
    else if (this.#ownsMemory) await this.#memory.clear();
  }

  /** Same as {@link close}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** Log-safe description: no secret, no key material, no token. */
  toJSON(): Record<string, unknown> {
    const o = this.#o;
    return {
      clientId: o.clientId,
      authMethod: o.authMethod,
      authority: o.authority.origin,
      tokenUrl: this.#server.current?.token_endpoint ?? o.tokenUrl?.href,
      scopes: o.scopes,
      tenantId: o.tenantId,
      clientSecret: o.clientSecret === undefined ? undefined : '[REDACTED]',
      privateKey: o.privateKey === undefined ? undefined : '[REDACTED]',
      closed: this.#closer.signal.aborted,
    };
  }

  [inspectCustom](): string {
    return `VismaTokenProvider ${JSON.stringify(this.toJSON())}`;
  }

  /**
   * The synchronous warm path: a usable entry from the own in-memory cache, or `undefined`.
   * It runs on every call, so it awaits nothing and builds no objects unless the token is due
   * for refresh or someone listens to events.
   */
  #warmHit(targets: TokenTargets, request: TokenRequest | undefined): CachedToken | undefined {
    let key: string | undefined;
    if (request === undefined) key = targets.defaultKey;
    else if (request.forceRefresh !== true && request.signal?.aborted !== true) {
      key = targets.keyFor(request);
    }
    if (key === undefined) return undefined;
    const entry = this.#memory.peek(key);
    if (entry === undefined) return undefined;
    const now = this.#clock.now();
    if (now >= usableUntil(entry, this.#policy)) return undefined;
    if (now >= entry.refreshAt) {
      this.#acquisition.refreshAhead(targets.resolve(request), entry, now);
    }
    if (this.#events.active) this.#acquisition.emitHit(key, request, now >= entry.refreshAt);
    return entry;
  }

  #emit(event: VismaAuthEvent): void {
    if (this.#events.active) this.#events.emit(event);
  }
}
