/**
 * A shared token cache (such as `@visma-auth/redis`) behind the provider's own in-memory LRU:
 * warm calls stay in process, the shared cache is read on local misses and written after
 * fetches, and while it fails the provider carries on alone and reports it once per episode.
 */
import { VismaAuthError } from './errors.js';
import { SingleFlight } from './single-flight.js';
import { MemoryTokenCache } from './token-cache.js';
import type { CachedToken, Clock, TokenCache, TokenCacheLock } from './types.js';

/** How the provider hears about the shared cache going away and coming back. */
export interface SharedCacheListener {
  /** The first failure of an episode. */
  onDegraded(operation: string, error: VismaAuthError): void;
  /** The first success after an episode. */
  onRestored(degradedForMs: number): void;
}

/** Options of {@link LayeredTokenCache}. */
export interface LayeredTokenCacheOptions {
  maxEntries: number;
  clock: Clock;
  listener: SharedCacheListener;
  /** While degraded, the shared cache is tried again at most this often. Default 1000. */
  retryIntervalMs?: number;
  /**
   * Longest a shared-cache operation may take before it counts as failed (waits for another
   * process get this on top of their own bound). Default 10,000.
   */
  operationTimeoutMs?: number;
}

/** The lease a process holds when it fetches on its own because the shared cache is away. */
const LOCAL_LEASE: TokenCacheLock = Object.freeze({ release: () => Promise.resolve() });

/**
 * The provider's cache when the user passes a shared one: an own {@link MemoryTokenCache} in
 * front (read synchronously by the warm path), the shared cache behind it. It never throws: a
 * failing shared cache reads as a miss, and its lease as granted, so each process then fetches
 * for itself as it would without one.
 */
export class LayeredTokenCache implements TokenCache {
  /** The in-process LRU in front; the provider's warm path peeks into it. */
  readonly local: MemoryTokenCache;
  readonly #shared: TokenCache;
  readonly #clock: Clock;
  readonly #listener: SharedCacheListener;
  readonly #retryIntervalMs: number;
  readonly #operationTimeoutMs: number;
  readonly #reads = new SingleFlight<CachedToken | undefined>();
  #degradedSince: number | undefined;
  #retryAt = 0;
  readonly acquireLock?: (key: string, ttlMs: number) => Promise<TokenCacheLock | undefined>;
  readonly waitForEntry?: (
    key: string,
    options: { timeoutMs: number; signal?: AbortSignal },
  ) => Promise<CachedToken | undefined>;

  constructor(shared: TokenCache, options: LayeredTokenCacheOptions) {
    this.#shared = shared;
    this.#clock = options.clock;
    this.#listener = options.listener;
    this.#retryIntervalMs = options.retryIntervalMs ?? 1_000;
    this.#operationTimeoutMs = options.operationTimeoutMs ?? 10_000;
    this.local = new MemoryTokenCache({ maxEntries: options.maxEntries, clock: options.clock });
    // Only offered when the shared cache has them, so the provider knows whether to coordinate.
    if (shared.acquireLock !== undefined) {
      const acquire = shared.acquireLock.bind(shared);
      this.acquireLock = (key, ttlMs) =>
        this.#guard('acquireLock', () => acquire(key, ttlMs), LOCAL_LEASE);
    }
    if (shared.waitForEntry !== undefined) {
      const wait = shared.waitForEntry.bind(shared);
      this.waitForEntry = async (key, options) => {
        const entry = await this.#guard(
          'waitForEntry',
          () => wait(key, options),
          undefined,
          options.signal,
          options.timeoutMs,
        );
        if (entry !== undefined) await this.#keepLocal(key, entry);
        return entry;
      };
    }
  }

  /** Whether the shared cache is currently considered down. */
  get degraded(): boolean {
    return this.#degradedSince !== undefined;
  }

  /**
   * A fresh local entry, else the shared one (kept locally), else whatever valid local entry is
   * left; concurrent reads of one key share one shared-cache read.
   */
  async get(key: string): Promise<CachedToken | undefined> {
    const local = this.local.peek(key);
    if (local !== undefined && this.#clock.now() < local.refreshAt) return local;
    const shared = await this.#reads.run(key, () =>
      this.#guard('get', () => this.#shared.get(key), undefined),
    );
    if (shared === undefined || (local !== undefined && shared.expiresAt <= local.expiresAt)) {
      return local;
    }
    await this.local.set(key, shared);
    return shared;
  }

  /** Reads the shared cache alone, as the local copy may be older, and keeps what it finds. */
  async getShared(key: string): Promise<CachedToken | undefined> {
    const entry = await this.#guard('get', () => this.#shared.get(key), undefined);
    if (entry !== undefined) await this.#keepLocal(key, entry);
    return entry;
  }

  /** Reads the shared cache alone and keeps nothing locally (for entries that are not tokens). */
  peekShared(key: string): Promise<CachedToken | undefined> {
    return this.#guard('get', () => this.#shared.get(key), undefined);
  }

  /** Writes the shared cache alone (for entries that are not tokens). */
  setShared(key: string, entry: CachedToken): Promise<void> {
    return this.#guard('set', () => this.#shared.set(key, entry), undefined);
  }

  async set(key: string, entry: CachedToken): Promise<void> {
    await this.local.set(key, entry);
    await this.#guard('set', () => this.#shared.set(key, entry), undefined);
  }

  /** Deletes locally and in the shared cache; reports what the shared cache (the truth) did. */
  async delete(key: string, accessToken?: string): Promise<boolean> {
    await this.local.delete(key, accessToken);
    return this.#guard('delete', () => this.#shared.delete(key, accessToken), false);
  }

  /** Clears the local copy; the shared cache belongs to the user. */
  close(): Promise<void> {
    return this.local.clear();
  }

  /** Stores a shared entry locally unless the local copy is already newer. */
  async #keepLocal(key: string, entry: CachedToken): Promise<void> {
    const local = this.local.peek(key);
    if (local === undefined || local.expiresAt < entry.expiresAt) await this.local.set(key, entry);
  }

  /**
   * Runs a shared-cache operation unless the cache is down and not due for another try; a
   * failure, or no answer within the operation timeout (plus `waitMs` for a wait), turns into
   * `fallback` and starts (or extends) a degraded episode.
   */
  async #guard<T>(
    operation: string,
    task: () => Promise<T>,
    fallback: T,
    signal?: AbortSignal,
    waitMs = 0,
  ): Promise<T> {
    if (this.#degradedSince !== undefined && this.#clock.now() < this.#retryAt) return fallback;
    let result: T;
    try {
      result = await withTimeout(task, this.#operationTimeoutMs + waitMs, operation);
    } catch (error) {
      // The caller gave up: that says nothing about the shared cache.
      if (signal?.aborted) return fallback;
      const now = this.#clock.now();
      this.#retryAt = now + this.#retryIntervalMs;
      if (this.#degradedSince === undefined) {
        this.#degradedSince = now;
        this.#listener.onDegraded(operation, toCacheError(error));
      }
      return fallback;
    }
    if (this.#degradedSince !== undefined) {
      const since = this.#degradedSince;
      this.#degradedSince = undefined;
      this.#listener.onRestored(Math.max(0, this.#clock.now() - since));
    }
    return result;
  }
}

/** Runs `task`, rejecting when it has not settled within `ms`; its late outcome is ignored. */
function withTimeout<T>(task: () => Promise<T>, ms: number, operation: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new VismaAuthError(
          `The shared token cache did not answer ${operation} within ${ms} ms; tokens are fetched by this process alone until it answers again.`,
          { code: 'ERR_VISMA_CACHE_UNAVAILABLE', retryable: true },
        ),
      );
    }, ms);
    timer.unref?.();
    let running: Promise<T>;
    try {
      running = Promise.resolve(task());
    } catch (error) {
      running = Promise.reject(error);
    }
    running.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

function toCacheError(error: unknown): VismaAuthError {
  if (error instanceof VismaAuthError) return error;
  return new VismaAuthError(
    'The shared token cache failed; tokens are fetched by this process alone until it answers again.',
    { code: 'ERR_VISMA_CACHE_UNAVAILABLE', retryable: true, cause: error },
  );
}
