/**
 * How the provider gets a token it does not hold: read the cache, fail fast during an error
 * cooldown, share one flight per key, take the fleet lease, request the token with retries and
 * store it, reporting each step as an event.
 */
import type * as oauth from 'oauth4webapi';
import type { AuthorizationServerSource } from './authorization-server.js';
import { createClientAuth } from './client-auth.js';
import { CloseGate } from './close-gate.js';
import { discoverAuthorizationServer } from './discovery.js';
import { EndpointThrottle } from './endpoint-throttle.js';
import { ErrorCooldown } from './error-cooldown.js';
import { isVismaAuthError, toAuthError, type VismaAuthError, VismaClosedError } from './errors.js';
import type { EventSink, VismaAuthEvent } from './events.js';
import { createCachedToken, type ExpiryPolicy, usableUntil } from './expiry.js';
import { type Coordination, coordinateFetch } from './fleet-coordination.js';
import { RefreshAhead } from './refresh-ahead.js';
import type { ResolvedOptions } from './resolve-options.js';
import { runWithRetry } from './retry.js';
import type { LayeredTokenCache } from './shared-cache.js';
import { FleetRetryAfter } from './shared-retry-after.js';
import { abortReason, SingleFlight, waitWithSignal } from './single-flight.js';
import { type AttemptContext, requestToken } from './token-endpoint.js';
import { eventFields, type TokenTarget, type TokenTargets } from './token-target.js';
import type {
  AccessToken,
  CachedToken,
  Clock,
  TokenCache,
  TokenCacheLock,
  TokenRequest,
} from './types.js';

/** What {@link TokenAcquisition} shares with the provider. */
export interface TokenAcquisitionOptions {
  options: ResolvedOptions;
  policy: ExpiryPolicy;
  cache: TokenCache;
  /** Set when the user passed a shared cache; fetches are then coordinated across processes. */
  layered: LayeredTokenCache | undefined;
  clock: Clock;
  events: EventSink;
  targets: TokenTargets;
  /** The token endpoint; its discovery runs through {@link TokenAcquisition.discover}. */
  server: AuthorizationServerSource;
  /** Aborted by the provider's `close()`. */
  closeSignal: AbortSignal;
}

/** The provider's path from a cache miss to a stored token, plus background refreshes. */
export class TokenAcquisition {
  readonly #o: ResolvedOptions;
  readonly #policy: ExpiryPolicy;
  readonly #cache: TokenCache;
  readonly #layered: LayeredTokenCache | undefined;
  readonly #clock: Clock;
  readonly #events: EventSink;
  readonly #targets: TokenTargets;
  readonly #closeSignal: AbortSignal;
  readonly #closeGate: CloseGate;
  readonly #flights = new SingleFlight<CachedToken>();
  readonly #cooldowns: ErrorCooldown;
  readonly #throttle: EndpointThrottle;
  /** The throttle plus the delays shared through the shared cache. */
  readonly #retryAfter: FleetRetryAfter;
  readonly #refresh: RefreshAhead;
  readonly #attempts = new Set<AbortController>();
  readonly #server: AuthorizationServerSource;
  #clientAuth: Promise<oauth.ClientAuth> | undefined;

  constructor(deps: TokenAcquisitionOptions) {
    const o = deps.options;
    this.#o = o;
    this.#policy = deps.policy;
    this.#cache = deps.cache;
    this.#layered = deps.layered;
    this.#clock = deps.clock;
    this.#events = deps.events;
    this.#targets = deps.targets;
    this.#closeSignal = deps.closeSignal;
    this.#closeGate = new CloseGate(deps.closeSignal);
    this.#server = deps.server;
    this.#cooldowns = new ErrorCooldown(o.errorCooldownMs, deps.clock);
    this.#throttle = new EndpointThrottle(deps.clock);
    this.#retryAfter = new FleetRetryAfter(this.#throttle, deps.layered, deps.clock);
    this.#refresh = new RefreshAhead({
      flights: this.#flights,
      fetch: (target) => this.#fetch(target, true, false),
      clock: deps.clock,
      // Even with cooldowns off, a failing refresh is not retried by every call that sees it.
      backoffMs: Math.max(1_000, o.errorCooldownMs),
      closeSignal: deps.closeSignal,
      emit: (event) => this.#emit(event),
    });
  }

  /** Reads the authority's discovery document, with the retries and events of a token request. */
  discover(): Promise<oauth.AuthorizationServer> {
    const authority = this.#o.authority;
    return this.#withRetry(
      { key: `discovery:${authority.origin}`, tenantId: undefined, scopes: [] },
      { count: 0 },
      (ctx) => discoverAuthorizationServer(authority, ctx),
    );
  }

  /**
   * `getToken` past the warm path: cache read, cooldown and Retry-After checks, then one shared
   * fetch per key. Every wait ends early on the caller's signal and on `close()`.
   */
  async acquire(request: TokenRequest | undefined): Promise<AccessToken> {
    if (this.#closeSignal.aborted) throw new VismaClosedError();
    const signal = request?.signal;
    if (signal?.aborted) throw abortReason(signal);
    const bounded = <T>(work: Promise<T>) => this.#closeGate.wait(waitWithSignal(work, signal));
    await bounded(this.#server.ensure(signal));
    const target = this.#targets.resolve(request);
    const force = request?.forceRefresh === true;
    let reason: 'empty' | 'expiring' | 'force_refresh' = force ? 'force_refresh' : 'empty';
    let entry: CachedToken | undefined;
    if (!force) {
      entry = await bounded(this.#cacheGet(target.key));
      if (entry !== undefined) {
        const now = this.#clock.now();
        if (now < usableUntil(entry, this.#policy)) {
          if (now >= entry.refreshAt) this.#refresh.start(target, entry, now);
          if (this.#events.observesHits) this.emitHit(target.key, request, now >= entry.refreshAt);
          return entry;
        }
        reason = 'expiring';
      }
    }
    this.#emit({ type: 'cache_miss', ...eventFields(target), reason });
    const waiting = this.#throttleCheck();
    if (waiting !== undefined) {
      // Visma Connect asked to wait: a token that is still valid beats none.
      if (force) entry = await bounded(this.#cacheGet(target.key));
      if (entry !== undefined && this.#clock.now() < entry.expiresAt) return entry;
    }
    // A running fetch is joined, never failed fast: it may be the retry that succeeds.
    if (this.#flights.get(target.key) === undefined) {
      const error = this.#cooldowns.check(target.key) ?? waiting;
      if (error !== undefined) {
        this.#emit({ type: 'cooldown', ...eventFields(target), error });
        throw error;
      }
    }
    const flight = this.#flights.run(target.key, () => this.#fetch(target, false, force));
    if (entry === undefined) return bounded(flight);
    const held = entry;
    return bounded(flight).catch((error: unknown) => {
      // Visma Connect is failing and the token we hold is only inside the expiry skew: one that
      // is still valid beats none (stale-if-error). Closing, aborts and lasting errors still throw.
      if (!isVismaAuthError(error) || !error.retryable || error instanceof VismaClosedError) {
        throw error;
      }
      if (this.#closeSignal.aborted || signal?.aborted) throw error;
      if (this.#clock.now() >= held.expiresAt) throw error;
      return held;
    });
  }

  /** Starts a background refresh of a token past its refresh point, if none is running. */
  refreshAhead(target: TokenTarget, entry: CachedToken, now: number): void {
    this.#refresh.start(target, entry, now);
  }

  /** Reports a cache hit; callers check `events.observesHits` first so the warm path builds nothing. */
  emitHit(key: string, request: TokenRequest | undefined, stale: boolean): void {
    // Every warm call with a listener (Nest always has one) builds this: one object, no spreads.
    const { tenantId, scopes } = this.#targets.resolve(request);
    this.#emit(
      tenantId === undefined
        ? { type: 'cache_hit', key, scopes, stale }
        : { type: 'cache_hit', key, tenantId, scopes, stale },
    );
  }

  /** Forgets the cooldown and refresh back-off of an invalidated key. */
  forget(key: string): void {
    this.#cooldowns.delete(key);
    this.#refresh.delete(key);
  }

  /** Aborts running attempts with `closed` and forgets cooldowns and back-offs. */
  close(closed: VismaClosedError): void {
    for (const attempt of this.#attempts) attempt.abort(closed);
    this.#attempts.clear();
    this.#cooldowns.clear();
    this.#throttle.clear();
    this.#refresh.clear();
  }

  /** Logs a failed cache operation as a warning; tokens are still delivered without the cache. */
  warnCache(operation: string, error: unknown): void {
    const err =
      error instanceof Error ? { name: error.name, message: this.#redact(error.message) } : {};
    try {
      this.#o.logger?.warn(
        { event: 'cache_error', operation, err },
        'visma-auth: token cache failed',
      );
    } catch {}
  }

  /**
   * Fetches and stores a token for `target`; with `force`, the token endpoint is asked even
   * when the shared cache holds a fresh entry (that entry is what the caller wants replaced).
   */
  async #fetch(target: TokenTarget, background: boolean, force: boolean): Promise<CachedToken> {
    const started = performance.now();
    const attempts = { count: 0 };
    this.#emit({ type: 'fetch_start', ...eventFields(target), background });
    let lock: TokenCacheLock | undefined;
    let throttled = false;
    const as = this.#server.current as oauth.AuthorizationServer;
    const endpoint = String(as.token_endpoint);
    try {
      const shared = await this.#coordinate(target, background, force);
      if (shared.entry !== undefined) return shared.entry;
      lock = shared.lock;
      this.#throwIfClosed();
      // Another process of the fleet may have been told to wait: that holds for this one too.
      const waiting = await this.#retryAfter.check(endpoint);
      if (waiting !== undefined) {
        throttled = true;
        throw waiting;
      }
      const clientAuth = await this.#getClientAuth();
      const client: oauth.Client = { client_id: this.#o.clientId };
      const parameters: Record<string, string> = { scope: target.scopes.join(' ') };
      if (target.tenantId !== undefined) parameters.tenant_id = target.tenantId;
      // The clock starts before the request: the token's life began no later than that.
      const requestedAt = this.#clock.now();
      const response = await this.#withRetry(target, attempts, (ctx) =>
        requestToken(as, client, clientAuth, parameters, ctx),
      );
      // A response that arrives after close() (from a transport that ignores the signal) is dropped.
      this.#throwIfClosed();
      const entry = createCachedToken(
        response,
        requestedAt,
        target.scopes,
        target.tenantId,
        this.#policy,
        Math.random,
        this.#clock.now(),
      );
      try {
        await this.#cache.set(target.key, entry);
      } catch (error) {
        this.warnCache('set', error);
      }
      this.#cooldowns.delete(target.key);
      this.#emit({
        type: 'fetch_success',
        ...eventFields(target),
        background,
        durationMs: performance.now() - started,
        attempts: attempts.count,
        expiresAt: entry.expiresAt,
      });
      return entry;
    } catch (thrown) {
      const error = this.#closeSignal.aborted ? new VismaClosedError() : toAuthError(thrown);
      this.#cooldowns.record(target.key, error);
      // Shared before the lease is released (finally), so the next holder sees it.
      if (!throttled) await this.#retryAfter.record(endpoint, error);
      this.#emit({
        type: 'fetch_failure',
        ...eventFields(target),
        background,
        durationMs: performance.now() - started,
        attempts: attempts.count,
        error,
      });
      throw error;
    } finally {
      if (lock !== undefined)
        await lock.release().catch((e: unknown) => this.warnCache('release', e));
    }
  }

  /**
   * With a shared cache that can lease, only one process fetches per key; the others wait for
   * its entry (bounded) and take over when it stores none.
   */
  async #coordinate(
    target: TokenTarget,
    background: boolean,
    force: boolean,
  ): Promise<Coordination> {
    const layered = this.#layered;
    if (layered === undefined) return {};
    // A forced refresh replaces the shared entry: it takes only a token other than that one.
    const replaced = force ? (await layered.getShared(target.key))?.accessToken : undefined;
    return coordinateFetch({
      cache: layered,
      key: target.key,
      read: (key) => layered.getShared(key),
      usable: (entry) => {
        const now = this.#clock.now();
        return (
          now < usableUntil(entry, this.#policy) &&
          (!background || now < entry.refreshAt) &&
          (!force || entry.accessToken !== replaced)
        );
      },
      fresh: (entry) => !force && this.#clock.now() < entry.refreshAt,
      // Long enough for one token request; a holder that dies blocks the others this long at most.
      leaseMs: Math.min(this.#o.timeoutMs, this.#o.deadlineMs) + 1_000,
      deadlineMs: this.#o.deadlineMs,
      signal: this.#closeSignal,
      onError: (operation, error) => this.warnCache(operation, error),
    });
  }

  #withRetry<T>(
    target: TokenTarget,
    attempts: { count: number },
    attempt: (ctx: AttemptContext) => Promise<T>,
  ): Promise<T> {
    return runWithRetry(
      {
        ...this.#o,
        policy: this.#o.retry,
        closeSignal: this.#closeSignal,
        active: this.#attempts,
        redact: (text) => this.#redact(text),
        toError: toAuthError,
        onRetry: (info) => {
          const endpoint = this.#server.current?.token_endpoint;
          // The holder sleeps through the delay; processes that take over meanwhile honour it.
          if (endpoint !== undefined) void this.#retryAfter.record(String(endpoint), info.error);
          this.#emit({ type: 'retry', ...eventFields(target), ...info });
        },
      },
      attempts,
      attempt,
    );
  }

  #throttleCheck(): VismaAuthError | undefined {
    const endpoint = this.#server.current?.token_endpoint;
    return endpoint === undefined ? undefined : this.#throttle.check(String(endpoint));
  }

  #throwIfClosed(): void {
    if (this.#closeSignal.aborted) throw new VismaClosedError();
  }

  #getClientAuth(): Promise<oauth.ClientAuth> {
    this.#clientAuth ??= createClientAuth(this.#o).catch((error: unknown) => {
      this.#clientAuth = undefined;
      throw error;
    });
    return this.#clientAuth;
  }

  async #cacheGet(key: string): Promise<CachedToken | undefined> {
    try {
      return await this.#cache.get(key);
    } catch (error) {
      // A shared cache being down must not stop token delivery: fetch instead.
      this.warnCache('get', error);
      return undefined;
    }
  }

  #emit(event: VismaAuthEvent): void {
    if (this.#events.active) this.#events.emit(event);
  }

  #redact(text: string): string {
    const secret = this.#o.clientSecret;
    return secret && text.includes(secret) ? text.replaceAll(secret, '[REDACTED]') : text;
  }
}
