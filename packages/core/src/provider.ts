/**
 * The public token provider: configuration, the synchronous warm path and the lifecycle. A
 * token it does not hold comes from `token-acquisition.ts`.
 */
import type { AuthorizationServerSource } from './authorization-server.js';
import { bearerHeader } from './bearer-header.js';
import { VismaClosedError } from './errors.js';
import type { EventSink, VismaAuthEvent } from './events.js';
import { type ExpiryPolicy, usableUntil } from './expiry.js';
import {
  assertOptionsInit,
  assertSharedKey,
  readLazyOptions,
  type SharedProviderEntry,
  sharedClientMismatch,
  sharedProviders,
  type VismaOptionsInit,
} from './lazy-options.js';
import type { VismaTokenProviderOptions } from './options.js';
import { buildProviderParts } from './provider-parts.js';
import { bindRejectionHooks } from './rejected-token.js';
import { type ResolvedOptions, resolveOptions } from './resolve-options.js';
import type { LayeredTokenCache } from './shared-cache.js';
import type { TokenAcquisition } from './token-acquisition.js';
import type { MemoryTokenCache } from './token-cache.js';
import { eventFields, type TokenTargets } from './token-target.js';
import type {
  AccessToken,
  CachedToken,
  Clock,
  InvalidateRequest,
  TokenCache,
  TokenRequest,
} from './types.js';

const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

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
  // Set once the options are resolved: at construction, or on a lazy provider's first use.
  #o!: ResolvedOptions;
  #policy!: ExpiryPolicy;
  #cache!: TokenCache;
  /** The in-memory cache the warm path reads synchronously (in front of a shared cache, if any). */
  #memory!: MemoryTokenCache;
  /** Set when the user passed a shared cache; our own LRU sits in front of it. */
  #layered: LayeredTokenCache | undefined;
  /** Whether `#memory` was created here (a cache passed in is the user's, and may be shared). */
  #ownsMemory!: boolean;
  #clock!: Clock;
  #events!: EventSink;
  readonly #closer = new AbortController();
  #targets!: TokenTargets;
  #server!: AuthorizationServerSource;
  #acquisition!: TokenAcquisition;
  /**
   * Resolved, open, and with no later `shared` caller to check: the one field the warm path reads
   * (instead of the close signal), so a resolved lazy provider is as fast as any.
   */
  #ready = false;
  /** A lazy provider's options function, until it has been resolved. */
  #init: VismaOptionsInit | undefined;
  /** A shared provider's key in the registry. */
  #sharedKey: string | undefined;
  /** Options functions of later `shared` callers with the same key, checked on the next call. */
  #claims: VismaOptionsInit[] = [];

  /**
   * Returns a provider that reads and validates its options on first use, not now: a module can
   * create it at load time (during a build, with no credentials set). A throwing `init` or a bad
   * option rejects that call with {@link VismaConfigError} and sends nothing; the next call
   * calls `init` again.
   * @throws {VismaConfigError} (option `init`) when `init` is not a function.
   * @example
   * ```ts
   * export const provider = VismaTokenProvider.lazy(() => ({
   *   clientId: process.env.VISMA_CLIENT_ID ?? '',
   *   clientSecret: process.env.VISMA_CLIENT_SECRET ?? '',
   *   scopes: ['vismanet_erp_service_api:read'],
   * }));
   * ```
   */
  static lazy(init: () => VismaTokenProviderOptions): VismaTokenProvider {
    assertOptionsInit(init, 'VismaTokenProvider.lazy');
    return new VismaTokenProvider(new LazyStart(init, undefined) as never);
  }

  /**
   * Same as {@link VismaTokenProvider.lazy}, but kept process-wide under `key` (on `globalThis`):
   * a module evaluated again (a dev server reload, a second bundled copy of this package) gets
   * the same provider and its token cache. `close()` removes it, so the next call creates a new
   * one. A later caller with the same key and another client id (or options that cannot be
   * read) makes the provider's next call reject once with {@link VismaConfigError}, checked when
   * both options are known; after that it keeps serving its first options.
   * @throws {VismaConfigError} (option `key`) for an empty key; (option `init`) when `init` is
   *   not a function.
   * @example
   * ```ts
   * export const provider = VismaTokenProvider.shared('visma-erp', () => ({
   *   clientId: process.env.VISMA_CLIENT_ID ?? '',
   *   clientSecret: process.env.VISMA_CLIENT_SECRET ?? '',
   *   scopes: ['vismanet_erp_service_api:read'],
   * }));
   * ```
   */
  static shared(key: string, init: () => VismaTokenProviderOptions): VismaTokenProvider {
    assertSharedKey(key);
    assertOptionsInit(init, 'VismaTokenProvider.shared');
    const registry = sharedProviders();
    const entry = registry.get(key);
    if (entry !== undefined) {
      entry.claim(init);
      return entry.provider as VismaTokenProvider;
    }
    return new VismaTokenProvider(new LazyStart(init, key) as never);
  }

  /** @throws {VismaConfigError} naming the first missing or invalid option. */
  constructor(options: VismaTokenProviderOptions) {
    if (options instanceof LazyStart) {
      this.#init = options.init;
      if (options.sharedKey !== undefined) this.#share(options.sharedKey);
      return;
    }
    this.#setup(options);
    this.#ready = true;
  }

  #share(key: string): void {
    this.#sharedKey = key;
    const entry: SharedProviderEntry<VismaTokenProvider> = {
      provider: this,
      claim: (init) => {
        if (init === this.#init || this.#closer.signal.aborted) return;
        this.#claims.push(init);
        this.#ready = false;
      },
    };
    sharedProviders().set(key, entry);
  }

  /**
   * Resolves a lazy provider's options and checks the options of later `shared` callers; returns
   * the error the pending call rejects with, if any. Synchronous, so concurrent first calls
   * cannot resolve twice.
   */
  #prepare(): unknown {
    if (this.#closer.signal.aborted) {
      // A closed provider that was never resolved has nothing to ask; one that was rejects as before.
      return this.#init === undefined ? undefined : new VismaClosedError();
    }
    const label =
      this.#sharedKey === undefined ? 'VismaTokenProvider.lazy' : 'VismaTokenProvider.shared';
    try {
      const init = this.#init;
      if (init !== undefined) {
        this.#setup(readLazyOptions(init, label));
        this.#init = undefined;
      }
      while (this.#claims.length > 0) {
        // A later caller's claim is checked once: its error rejects this one call, and the
        // provider goes on serving the options it was created with, so one bad caller cannot
        // break the provider for every module that shares it.
        const claim = this.#claims.shift() as VismaOptionsInit;
        let asked: string;
        try {
          asked = resolveOptions(readLazyOptions(claim, label)).clientId;
        } catch (error) {
          return error;
        }
        if (asked !== this.#o.clientId) return sharedClientMismatch(this.#sharedKey ?? '');
      }
    } catch (error) {
      return error;
    }
    this.#ready = true;
    return undefined;
  }

  #setup(options: VismaTokenProviderOptions): void {
    const p = buildProviderParts(options, (event) => this.#emit(event), this.#closer.signal);
    this.#o = p.o;
    this.#policy = p.policy;
    this.#clock = p.clock;
    this.#cache = p.cache;
    this.#memory = p.memory;
    this.#layered = p.layered;
    this.#ownsMemory = p.ownsMemory;
    this.#events = p.events;
    this.#targets = p.targets;
    this.#server = p.server;
    this.#acquisition = p.acquisition;
    bindRejectionHooks(this, {
      clock: p.clock,
      emit: (event) => this.#emit(event),
      describe: (request) => eventFields(p.targets.resolve(request)),
    });
  }

  /**
   * Returns a valid access token for the request's tenant and scopes (defaults from the options),
   * from the cache when possible; concurrent calls for one key share one token request.
   * @throws {VismaAuthError} (or the signal's reason when `signal` aborts this caller's wait).
   */
  getToken(request?: TokenRequest): Promise<AccessToken> {
    if (!this.#ready) {
      const error = this.#prepare();
      if (error !== undefined) return Promise.reject(error);
      // Closed: the acquisition rejects with VismaClosedError.
      if (!this.#ready) return this.#acquisition.acquire(request);
    }
    const targets = this.#targets;
    if (targets.defaultKey !== undefined) {
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
   * Returns the cached token synchronously when `getToken(request)` would answer from memory
   * right now, else `undefined` (no token yet, due for replacement, closed, not resolved yet, or
   * an invalid request): then call `getToken`. It starts a refresh ahead and emits the cache hit
   * event exactly as `getToken` does; adapters use it to skip a promise per warm call.
   * @example
   * ```ts
   * const token = provider.peekToken() ?? (await provider.getToken());
   * ```
   */
  peekToken(request?: TokenRequest): AccessToken | undefined {
    const targets = this.#targets;
    if (!this.#ready || targets.defaultKey === undefined) return undefined;
    try {
      return this.#warmHit(targets, request);
    } catch {
      // Invalid per-call input: getToken rejects with the typed error.
      return undefined;
    }
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
    if (!this.#ready) {
      const error = this.#prepare();
      if (error !== undefined) throw error;
    }
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
    this.#ready = false;
    this.#closer.abort(closed);
    const key = this.#sharedKey;
    const registry = key === undefined ? undefined : sharedProviders();
    if (key !== undefined && registry?.get(key)?.provider === this) registry.delete(key);
    this.#claims = [];
    // A lazy provider closed before its first use has nothing else to release.
    if (this.#init !== undefined) return;
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
    if (this.#init !== undefined) {
      // Not resolved yet: the options function is not called just to describe the provider.
      return {
        lazy: true,
        shared: this.#sharedKey,
        resolved: false,
        closed: this.#closer.signal.aborted,
      };
    }
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
    // One clock reading serves the cache and the checks below when the cache runs on our clock
    // (it does unless the caller passed a MemoryTokenCache of their own); each costs ~0.1–0.4 µs.
    const now = this.#clock.now();
    const entry = this.#memory.peek(key, this.#ownsMemory ? now : undefined);
    if (entry === undefined) return undefined;
    if (now >= usableUntil(entry, this.#policy)) return undefined;
    if (now >= entry.refreshAt) {
      this.#acquisition.refreshAhead(targets.resolve(request), entry, now);
    }
    if (this.#events.observesHits) this.#acquisition.emitHit(key, request, now >= entry.refreshAt);
    return entry;
  }

  #emit(event: VismaAuthEvent): void {
    if (this.#events.active) this.#events.emit(event);
  }
}

/** Marks a lazy start in the constructor, so `lazy` and `shared` need no public constructor form. */
class LazyStart {
  constructor(
    readonly init: VismaOptionsInit,
    readonly sharedKey: string | undefined,
  ) {}
}
