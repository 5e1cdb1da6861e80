import type * as oauth from 'oauth4webapi';
import { cacheKeyPrefix, cacheKeySuffix, normalizeScopes } from './cache-key.js';
import { createClientAuth } from './client-auth.js';
import { discoverAuthorizationServer } from './discovery.js';
import { VismaAuthError, VismaClosedError, VismaConfigError } from './errors.js';
import { EventSink, type VismaAuthEvent } from './events.js';
import { createCachedToken, type ExpiryPolicy, usableUntil } from './expiry.js';
import { type Coordination, coordinateFetch } from './fleet-coordination.js';
import type { VismaTokenProviderOptions } from './options.js';
import { type ResolvedOptions, resolveOptions } from './resolve-options.js';
import { runWithRetry } from './retry.js';
import { isAllowedUrl } from './secure-url.js';
import { LayeredTokenCache } from './shared-cache.js';
import { abortReason, SingleFlight, waitWithSignal } from './single-flight.js';
import { MemoryTokenCache } from './token-cache.js';
import { type AttemptContext, requestToken } from './token-endpoint.js';
import type {
  AccessToken,
  CachedToken,
  Clock,
  InvalidateRequest,
  TokenCache,
  TokenCacheLock,
  TokenRequest,
} from './types.js';

const inspectCustom = Symbol.for('nodejs.util.inspect.custom');
const systemClock: Clock = { now: () => Date.now() };
const MAX_COOLDOWNS = 1_000;

interface Target {
  key: string;
  tenantId: string | undefined;
  scopes: readonly string[];
}

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
  readonly #clock: Clock;
  readonly #events: EventSink;
  readonly #flights = new SingleFlight<CachedToken>();
  readonly #cooldowns = new Map<string, { error: VismaAuthError; until: number }>();
  readonly #refreshNotBefore = new Map<string, number>();
  readonly #closer = new AbortController();
  readonly #attempts = new Set<AbortController>();
  #as: oauth.AuthorizationServer | undefined;
  #discovery: Promise<oauth.AuthorizationServer> | undefined;
  #clientAuth: Promise<oauth.ClientAuth> | undefined;
  #prefix: string | undefined;
  #defaultKey: string | undefined;
  readonly #defaultSuffix: string;
  readonly #defaultTarget: Omit<Target, 'key'>;

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
        listener: {
          onDegraded: (operation, error) =>
            this.#emit({ type: 'cache_degraded', operation, error }),
          onRestored: (degradedForMs) => this.#emit({ type: 'cache_restored', degradedForMs }),
        },
      });
      this.#memory = this.#layered.local;
      this.#cache = this.#layered;
    } else {
      this.#memory =
        options.cache ??
        new MemoryTokenCache({ maxEntries: o.maxCacheEntries, clock: this.#clock });
      this.#cache = this.#memory;
    }
    this.#events = new EventSink(options.onEvent, options.logger, options.meter);
    this.#defaultTarget = { tenantId: o.tenantId, scopes: Object.freeze([...o.scopes]) };
    this.#defaultSuffix = cacheKeySuffix(o.tenantId, o.scopes);
    if (o.tokenUrl) {
      const issuer =
        options.authority !== undefined || options.environment !== undefined
          ? o.authority.href.replace(/\/$/, '')
          : o.tokenUrl.origin;
      this.#setAuthorizationServer({ issuer, token_endpoint: o.tokenUrl.href });
    }
  }

  /**
   * Returns a valid access token for the request's tenant and scopes (defaults from the options),
   * from the cache when possible; concurrent calls for one key share one token request.
   * @throws {VismaAuthError} (or the signal's reason when `signal` aborts this caller's wait).
   */
  getToken(request?: TokenRequest): Promise<AccessToken> {
    const memory = this.#memory;
    const prefix = this.#prefix;
    if (prefix !== undefined && !this.#closer.signal.aborted) {
      try {
        const hit = this.#warmHit(memory, prefix, request);
        if (hit !== undefined) return Promise.resolve(hit);
      } catch {
        // Invalid per-call input: let the async path reject with the typed error.
      }
    }
    return this.#getTokenSlow(request);
  }

  /**
   * Returns the `Authorization` header value for the request, e.g. `Bearer eyJ...`.
   * @example
   * ```ts
   * await fetch(url, { headers: { authorization: await provider.getAuthorizationHeader() } });
   * ```
   */
  getAuthorizationHeader(request?: TokenRequest): Promise<string> {
    return this.getToken(request).then((token) => `Bearer ${token.accessToken}`);
  }

  /**
   * Drops the cached token for the request's tenant and scopes; with `accessToken`, only if the
   * cache still holds that token (so a 401 from an API does not throw away a newer token).
   * @returns whether an entry was deleted.
   */
  async invalidate(request?: InvalidateRequest): Promise<boolean> {
    if (this.#closer.signal.aborted) return false;
    await this.#ensureAuthorizationServer(undefined);
    const target = this.#target(this.#prefix as string, request);
    let deleted = false;
    try {
      deleted = await this.#cache.delete(target.key, request?.accessToken);
    } catch (error) {
      this.#warnCache('delete', error);
    }
    this.#cooldowns.delete(target.key);
    this.#refreshNotBefore.delete(target.key);
    this.#emit({
      type: 'invalidate',
      ...this.#eventBase(target),
      deleted,
      compareAndDelete: request?.accessToken !== undefined,
    });
    return deleted;
  }

  /** Aborts in-flight requests, clears timers and the own in-memory cache; idempotent. */
  async close(): Promise<void> {
    if (this.#closer.signal.aborted) return;
    const closed = new VismaClosedError();
    this.#closer.abort(closed);
    for (const attempt of this.#attempts) attempt.abort(closed);
    this.#attempts.clear();
    this.#cooldowns.clear();
    this.#refreshNotBefore.clear();
    // A cache passed in by the user is theirs to close (it may be shared); our own LRU in front
    // of it is cleared.
    if (this.#layered !== undefined) await this.#layered.close();
    else await this.#memory.clear();
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
      tokenUrl: this.#as?.token_endpoint ?? o.tokenUrl?.href,
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

  /** The synchronous warm path: a usable entry from the own in-memory cache, or `undefined`. */
  #warmHit(
    memory: MemoryTokenCache,
    prefix: string,
    request: TokenRequest | undefined,
  ): CachedToken | undefined {
    let key: string | undefined;
    if (request === undefined) key = this.#defaultKey;
    else if (request.forceRefresh !== true && request.signal?.aborted !== true) {
      key = this.#keyFor(prefix, request);
    }
    if (key === undefined) return undefined;
    const entry = memory.peek(key);
    if (entry === undefined) return undefined;
    const now = this.#clock.now();
    if (now >= usableUntil(entry, this.#policy)) return undefined;
    if (now >= entry.refreshAt) this.#refreshAhead(this.#target(prefix, request), entry, now);
    if (this.#events.active) this.#emitHit(key, request, now >= entry.refreshAt);
    return entry;
  }

  async #getTokenSlow(request: TokenRequest | undefined): Promise<AccessToken> {
    if (this.#closer.signal.aborted) throw new VismaClosedError();
    const signal = request?.signal;
    if (signal?.aborted) throw abortReason(signal);
    await this.#ensureAuthorizationServer(signal);
    const target = this.#target(this.#prefix as string, request);
    const force = request?.forceRefresh === true;
    let reason: 'empty' | 'expiring' | 'force_refresh' = force ? 'force_refresh' : 'empty';
    if (!force) {
      const entry = await this.#cacheGet(target.key);
      if (entry !== undefined) {
        const now = this.#clock.now();
        if (now < usableUntil(entry, this.#policy)) {
          if (now >= entry.refreshAt) this.#refreshAhead(target, entry, now);
          if (this.#events.active) this.#emitHit(target.key, request, now >= entry.refreshAt);
          return entry;
        }
        reason = 'expiring';
      }
    }
    this.#emit({ type: 'cache_miss', ...this.#eventBase(target), reason });
    const cooldown = this.#cooldowns.get(target.key);
    if (cooldown !== undefined && this.#flights.get(target.key) === undefined) {
      if (this.#clock.now() < cooldown.until) {
        this.#emit({ type: 'cooldown', ...this.#eventBase(target), error: cooldown.error });
        throw cooldown.error;
      }
      this.#cooldowns.delete(target.key);
    }
    const flight = this.#flights.run(target.key, () => this.#fetch(target, false));
    return waitWithSignal(flight, signal);
  }

  #refreshAhead(target: Target, entry: CachedToken, now: number): void {
    const key = target.key;
    if (this.#flights.get(key) !== undefined) return;
    const notBefore = this.#refreshNotBefore.get(key);
    if (notBefore !== undefined && now < notBefore) return;
    this.#emit({ type: 'refresh_ahead', ...this.#eventBase(target), expiresAt: entry.expiresAt });
    // The flight is registered now (so no second refresh starts), but its work begins in a
    // later macrotask: the caller that tripped refresh-ahead does not pay for starting it.
    this.#flights
      .run(key, () => nextTick().then(() => this.#fetch(target, true)))
      .then(
        () => this.#refreshNotBefore.delete(key),
        (error: unknown) => {
          if (this.#closer.signal.aborted) return;
          // Stale-while-revalidate: the current token is served until it is no longer usable.
          this.#refreshNotBefore.set(
            key,
            this.#clock.now() + Math.max(1_000, this.#o.errorCooldownMs),
          );
          this.#emit({
            type: 'refresh_failure',
            ...this.#eventBase(target),
            expiresAt: entry.expiresAt,
            error: toAuthError(error),
          });
        },
      );
  }

  async #fetch(target: Target, background: boolean): Promise<CachedToken> {
    const started = performance.now();
    const attempts = { count: 0 };
    this.#emit({ type: 'fetch_start', ...this.#eventBase(target), background });
    let lock: TokenCacheLock | undefined;
    try {
      const shared = await this.#coordinate(target, background);
      if (shared.entry !== undefined) return shared.entry;
      lock = shared.lock;
      const clientAuth = await this.#getClientAuth();
      const as = this.#as as oauth.AuthorizationServer;
      const client: oauth.Client = { client_id: this.#o.clientId };
      const parameters: Record<string, string> = { scope: target.scopes.join(' ') };
      if (target.tenantId !== undefined) parameters.tenant_id = target.tenantId;
      const response = await this.#withRetry(target, attempts, (ctx) =>
        requestToken(as, client, clientAuth, parameters, ctx),
      );
      const entry = createCachedToken(
        response,
        this.#clock.now(),
        target.scopes,
        target.tenantId,
        this.#policy,
      );
      try {
        await this.#cache.set(target.key, entry);
      } catch (error) {
        this.#warnCache('set', error);
      }
      this.#cooldowns.delete(target.key);
      this.#emit({
        type: 'fetch_success',
        ...this.#eventBase(target),
        background,
        durationMs: performance.now() - started,
        attempts: attempts.count,
        expiresAt: entry.expiresAt,
      });
      return entry;
    } catch (thrown) {
      const error = toAuthError(thrown);
      if (!error.retryable && !(error instanceof VismaClosedError) && this.#o.errorCooldownMs > 0) {
        if (this.#cooldowns.size >= MAX_COOLDOWNS) this.#cooldowns.clear();
        this.#cooldowns.set(target.key, {
          error,
          until: this.#clock.now() + this.#o.errorCooldownMs,
        });
      }
      this.#emit({
        type: 'fetch_failure',
        ...this.#eventBase(target),
        background,
        durationMs: performance.now() - started,
        attempts: attempts.count,
        error,
      });
      throw error;
    } finally {
      if (lock !== undefined)
        await lock.release().catch((e: unknown) => this.#warnCache('release', e));
    }
  }

  /**
   * With a shared cache that can lease, only one process fetches per key; the others wait for
   * its entry (bounded) and take over when it stores none.
   */
  #coordinate(target: Target, background: boolean): Promise<Coordination> {
    const layered = this.#layered;
    if (layered === undefined) return Promise.resolve({});
    return coordinateFetch({
      cache: layered,
      key: target.key,
      read: (key) => layered.getShared(key),
      usable: (entry) => {
        const now = this.#clock.now();
        return now < usableUntil(entry, this.#policy) && (!background || now < entry.refreshAt);
      },
      fresh: (entry) => this.#clock.now() < entry.refreshAt,
      // Long enough for one token request; a holder that dies blocks the others this long at most.
      leaseMs: Math.min(this.#o.timeoutMs, this.#o.deadlineMs) + 1_000,
      deadlineMs: this.#o.deadlineMs,
      signal: this.#closer.signal,
      onError: (operation, error) => this.#warnCache(operation, error),
    });
  }

  #withRetry<T>(
    target: Target,
    attempts: { count: number },
    attempt: (ctx: AttemptContext) => Promise<T>,
  ): Promise<T> {
    return runWithRetry(
      {
        ...this.#o,
        policy: this.#o.retry,
        closeSignal: this.#closer.signal,
        active: this.#attempts,
        redact: (text) => this.#redact(text),
        toError: toAuthError,
        onRetry: (info) => this.#emit({ type: 'retry', ...this.#eventBase(target), ...info }),
      },
      attempts,
      attempt,
    );
  }

  async #ensureAuthorizationServer(signal: AbortSignal | undefined): Promise<void> {
    if (this.#as !== undefined) return;
    this.#discovery ??= this.#withRetry(
      { key: `discovery:${this.#o.authority.origin}`, tenantId: undefined, scopes: [] },
      { count: 0 },
      (ctx) => discoverAuthorizationServer(this.#o.authority, ctx),
    ).then(
      (as) => {
        this.#setAuthorizationServer(as);
        return as;
      },
      (error: unknown) => {
        // A failed discovery is not remembered; the next call tries again.
        this.#discovery = undefined;
        throw error;
      },
    );
    await waitWithSignal(this.#discovery, signal);
  }

  #setAuthorizationServer(as: oauth.AuthorizationServer): void {
    const tokenUrl = as.token_endpoint as string;
    if (!isAllowedUrl(new URL(tokenUrl))) {
      throw new VismaConfigError(
        'tokenUrl',
        'must use https: (http: is only allowed for loopback hosts)',
      );
    }
    this.#as = as;
    this.#prefix = cacheKeyPrefix(tokenUrl, this.#o.clientId, this.#o.authMethod);
    this.#defaultKey = this.#prefix + this.#defaultSuffix;
  }

  #getClientAuth(): Promise<oauth.ClientAuth> {
    this.#clientAuth ??= createClientAuth(this.#o).catch((error: unknown) => {
      this.#clientAuth = undefined;
      throw error;
    });
    return this.#clientAuth;
  }

  #keyFor(prefix: string, request: TokenRequest | InvalidateRequest): string {
    if (request.tenantId === undefined && request.scopes === undefined) {
      return this.#defaultKey as string;
    }
    return this.#target(prefix, request).key;
  }

  #target(prefix: string, request: TokenRequest | InvalidateRequest | undefined): Target {
    const defaults = this.#defaultTarget;
    if (request === undefined || (request.tenantId === undefined && request.scopes === undefined)) {
      return { key: this.#defaultKey as string, ...defaults };
    }
    const tenantId = request.tenantId ?? defaults.tenantId;
    if (tenantId !== undefined && (typeof tenantId !== 'string' || tenantId.trim() === '')) {
      throw new VismaConfigError('tenantId', 'must be a non-empty string');
    }
    let scopes = defaults.scopes;
    if (request.scopes !== undefined) {
      scopes = Object.freeze(normalizeScopes(request.scopes));
      if (scopes.length === 0)
        throw new VismaConfigError('scopes', 'at least one scope is required');
    }
    return { key: prefix + cacheKeySuffix(tenantId, scopes), tenantId, scopes };
  }

  async #cacheGet(key: string): Promise<CachedToken | undefined> {
    try {
      return await this.#cache.get(key);
    } catch (error) {
      // A shared cache being down must not stop token delivery: fetch instead.
      this.#warnCache('get', error);
      return undefined;
    }
  }

  #emitHit(key: string, request: TokenRequest | undefined, stale: boolean): void {
    const target = this.#target(this.#prefix as string, request);
    this.#emit({ type: 'cache_hit', ...this.#eventBase({ ...target, key }), stale });
  }

  #eventBase(target: Target): { key: string; tenantId?: string; scopes: readonly string[] } {
    return target.tenantId === undefined
      ? { key: target.key, scopes: target.scopes }
      : { key: target.key, tenantId: target.tenantId, scopes: target.scopes };
  }

  #emit(event: VismaAuthEvent): void {
    if (this.#events.active) this.#events.emit(event);
  }

  #warnCache(operation: string, error: unknown): void {
    const err =
      error instanceof Error ? { name: error.name, message: this.#redact(error.message) } : {};
    try {
      this.#o.logger?.warn(
        { event: 'cache_error', operation, err },
        'visma-auth: token cache failed',
      );
    } catch {}
  }

  #redact(text: string): string {
    const secret = this.#o.clientSecret;
    return secret && text.includes(secret) ? text.replaceAll(secret, '[REDACTED]') : text;
  }
}

function nextTick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function toAuthError(error: unknown): VismaAuthError {
  if (error instanceof VismaAuthError) return error;
  return new VismaAuthError('Unexpected failure while getting a Visma access token.', {
    code: 'ERR_VISMA_INTERNAL',
    retryable: false,
    cause: error,
  });
}
