/**
 * Refresh-ahead: a call that finds its token past the refresh point still gets it at once and
 * starts one background fetch; when that fails, the token is served until it is no longer
 * usable (stale-while-revalidate) and the refresh is not retried for a while.
 */
import { toAuthError } from './errors.js';
import type { VismaAuthEvent } from './events.js';
import type { SingleFlight } from './single-flight.js';
import { eventFields, type TokenTarget } from './token-target.js';
import type { CachedToken, Clock } from './types.js';

/** What {@link RefreshAhead} needs from the provider. */
export interface RefreshAheadOptions {
  /** The provider's flights: a refresh joins a running fetch and blocks a second one. */
  flights: SingleFlight<CachedToken>;
  /** Fetches and stores a token in the background. */
  fetch: (target: TokenTarget) => Promise<CachedToken>;
  clock: Clock;
  /** How long a failed refresh is not tried again, in ms. */
  backoffMs: number;
  /** Aborted when the provider closes; a refresh failing then is not reported. */
  closeSignal: AbortSignal;
  emit: (event: VismaAuthEvent) => void;
}

/** Starts background refreshes, at most one per key and none while a failed one backs off. */
export class RefreshAhead {
  readonly #o: RefreshAheadOptions;
  readonly #notBefore = new Map<string, number>();

  constructor(options: RefreshAheadOptions) {
    this.#o = options;
  }

  /** Starts a background refresh of `entry` unless one is running or backing off. */
  start(target: TokenTarget, entry: CachedToken, now: number): void {
    const o = this.#o;
    const key = target.key;
    if (o.flights.get(key) !== undefined) return;
    const notBefore = this.#notBefore.get(key);
    if (notBefore !== undefined && now < notBefore) return;
    o.emit({ type: 'refresh_ahead', ...eventFields(target), expiresAt: entry.expiresAt });
    // The flight is registered now (so no second refresh starts), but its work begins in a
    // later macrotask: the caller that tripped refresh-ahead does not pay for starting it.
    o.flights
      .run(key, () => nextTick().then(() => o.fetch(target)))
      .then(
        () => this.#notBefore.delete(key),
        (error: unknown) => {
          if (o.closeSignal.aborted) return;
          this.#notBefore.set(key, o.clock.now() + o.backoffMs);
          o.emit({
            type: 'refresh_failure',
            ...eventFields(target),
            expiresAt: entry.expiresAt,
            error: toAuthError(error),
          });
        },
      );
  }

  /** Lets the next call for `key` refresh at once (the user invalidated it). */
  delete(key: string): void {
    this.#notBefore.delete(key);
  }

  /** Forgets every back-off. */
  clear(): void {
    this.#notBefore.clear();
  }
}

function nextTick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
