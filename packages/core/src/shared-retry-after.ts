/**
 * A token endpoint's `Retry-After`, shared through the shared cache so the whole fleet honours
 * it: the process that got the 429 or 503 stores an entry under a key derived from the token
 * endpoint, and a process that is about to send a token request reads it first. The entry holds
 * the status and the time the delay ends, nothing secret; the cache drops it when the delay ends.
 */
import type { EndpointThrottle } from './endpoint-throttle.js';
import type { VismaAuthError, VismaServerError } from './errors.js';
import { MAX_RETRY_AFTER_MS } from './retry.js';
import type { LayeredTokenCache } from './shared-cache.js';
import { safeUrl } from './token-endpoint.js';
import type { CachedToken, Clock } from './types.js';

/** Marks the entry as a shared delay; no token key ever maps to one (see {@link retryAfterKey}). */
const MARKER = 'visma-auth-retry-after:';

/** A remembered delay: the status that asked for it and when it ends (epoch ms). */
export interface SharedDelay {
  status: number;
  until: number;
}

/**
 * The cache key of a token endpoint's shared delay; token keys end in a JSON array
 * (`visma-auth:v1:[…]:[…]`), so this one can never name a token.
 */
export function retryAfterKey(tokenEndpoint: string): string {
  return `visma-auth:v1:retry-after:${JSON.stringify(safeUrl(tokenEndpoint))}`;
}

/** The cache entry for a delay; expires (in the cache) when the delay ends. */
export function retryAfterEntry(delay: SharedDelay, now: number): CachedToken {
  return {
    accessToken: `${MARKER}${delay.status}`,
    tokenType: 'Bearer',
    expiresAt: delay.until,
    usableUntil: delay.until,
    refreshAt: delay.until,
    receivedAt: now,
    scopes: [],
  };
}

/**
 * The delay a cache entry holds, if it is one and still runs; bounded by
 * {@link MAX_RETRY_AFTER_MS} whatever another process (or version) stored.
 */
export function readRetryAfterEntry(
  entry: CachedToken | undefined,
  now: number,
): SharedDelay | undefined {
  if (entry === undefined || !entry.accessToken.startsWith(MARKER)) return undefined;
  const status = Number(entry.accessToken.slice(MARKER.length));
  if (status !== 429 && status !== 503) return undefined;
  const until = Math.min(entry.expiresAt, now + MAX_RETRY_AFTER_MS);
  return until > now ? { status, until } : undefined;
}

/**
 * The provider's Retry-After check before a token request: its own memory first, then (with a
 * shared cache) the delay another process shared, which it then remembers too.
 */
export class FleetRetryAfter {
  readonly #throttle: EndpointThrottle;
  readonly #shared: LayeredTokenCache | undefined;
  readonly #clock: Clock;

  constructor(throttle: EndpointThrottle, shared: LayeredTokenCache | undefined, clock: Clock) {
    this.#throttle = throttle;
    this.#shared = shared;
    this.#clock = clock;
  }

  /** The error to fail fast with while this process or another was told to wait. */
  async check(endpoint: string): Promise<VismaServerError | undefined> {
    const local = this.#throttle.check(endpoint);
    if (local !== undefined || this.#shared === undefined) return local;
    const entry = await this.#shared.peekShared(retryAfterKey(endpoint));
    const delay = readRetryAfterEntry(entry, this.#clock.now());
    if (delay === undefined) return undefined;
    this.#throttle.remember(endpoint, delay.status, delay.until);
    return this.#throttle.check(endpoint);
  }

  /**
   * Remembers the delay `error` asks for and shares it with the fleet; never throws (a failing
   * shared cache is reported by the cache layer).
   */
  async record(endpoint: string, error: VismaAuthError): Promise<void> {
    const delay = this.#throttle.record(endpoint, error);
    if (delay === undefined || this.#shared === undefined) return;
    await this.#shared.setShared(
      retryAfterKey(endpoint),
      retryAfterEntry(delay, this.#clock.now()),
    );
  }
}
