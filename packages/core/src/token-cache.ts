import type { CachedToken, Clock, TokenCache } from './types.js';

/** Options of {@link createMemoryTokenCache}. */
export interface MemoryTokenCacheOptions {
  /** Most entries kept; the least recently used one is evicted beyond it. Default 10,000. */
  maxEntries?: number;
  /** Time source used to drop expired entries. Default `Date`. */
  clock?: Clock;
}

/** Default cap of the in-memory cache; a token entry costs well under 2 KB. */
export const DEFAULT_MAX_CACHE_ENTRIES = 10_000;

const systemClock: Clock = { now: () => Date.now() };

/**
 * The default in-process {@link TokenCache}: an LRU over a `Map`, capped at `maxEntries`,
 * that drops entries once they expire; it owns no timers.
 * @example
 * ```ts
 * const cache = new MemoryTokenCache({ maxEntries: 500 });
 * ```
 */
export class MemoryTokenCache implements TokenCache {
  readonly #entries = new Map<string, CachedToken>();
  readonly #maxEntries: number;
  readonly #clock: Clock;
  #nextSweepAt = 0;
  /** The key at the young end of `#entries`: looking it up again needs no re-insertion. */
  #newest: string | undefined;

  constructor(options: MemoryTokenCacheOptions = {}) {
    const max = options.maxEntries ?? DEFAULT_MAX_CACHE_ENTRIES;
    if (!Number.isInteger(max) || max < 1) {
      throw new RangeError('maxEntries must be a positive integer');
    }
    this.#maxEntries = max;
    this.#clock = options.clock ?? systemClock;
  }

  /** Number of entries currently held (expired ones included until touched or swept). */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * Synchronous lookup used by the provider's warm path; marks the entry recently used.
   * @param now - The time to judge expiry by, when the caller has just read this cache's clock; default a fresh reading.
   */
  peek(key: string, now?: number): CachedToken | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= (now ?? this.#clock.now())) {
      this.#drop(key);
      return undefined;
    }
    if (key !== this.#newest) {
      // Re-inserting moves the key to the young end of the Map's insertion order.
      this.#entries.delete(key);
      this.#entries.set(key, entry);
      this.#newest = key;
    }
    return entry;
  }

  get(key: string): Promise<CachedToken | undefined> {
    return Promise.resolve(this.peek(key));
  }

  set(key: string, entry: CachedToken): Promise<void> {
    const now = this.#clock.now();
    if (now >= this.#nextSweepAt) this.#sweep(now);
    this.#drop(key);
    if (entry.expiresAt > now) {
      this.#entries.set(key, entry);
      this.#newest = key;
      while (this.#entries.size > this.#maxEntries) {
        const oldest = this.#entries.keys().next();
        if (oldest.done) break;
        this.#drop(oldest.value);
      }
    }
    return Promise.resolve();
  }

  delete(key: string, accessToken?: string): Promise<boolean> {
    const entry = this.#entries.get(key);
    if (entry === undefined) return Promise.resolve(false);
    if (accessToken !== undefined && entry.accessToken !== accessToken) {
      return Promise.resolve(false);
    }
    this.#drop(key);
    return Promise.resolve(true);
  }

  /** Drops every entry. */
  clear(): Promise<void> {
    this.#entries.clear();
    this.#newest = undefined;
    return Promise.resolve();
  }

  close(): Promise<void> {
    return this.clear();
  }

  /** Drops expired entries at most once a minute, so idle tenants do not pin memory. */
  #sweep(now: number): void {
    this.#nextSweepAt = now + 60_000;
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt <= now) this.#drop(key);
    }
  }

  #drop(key: string): void {
    this.#entries.delete(key);
    if (key === this.#newest) this.#newest = undefined;
  }
}

/**
 * Creates the default in-memory LRU {@link TokenCache}.
 * @example
 * ```ts
 * const provider = new VismaTokenProvider({ ...options, cache: createMemoryTokenCache({ maxEntries: 100 }) });
 * ```
 */
export function createMemoryTokenCache(options?: MemoryTokenCacheOptions): MemoryTokenCache {
  return new MemoryTokenCache(options);
}
