/**
 * The error cooldown: after a failure that retrying cannot fix (bad credentials, unknown
 * scope), identical calls fail fast for a while instead of hammering Visma Connect.
 */
import { type VismaAuthError, VismaConfigError, VismaOAuthError } from './errors.js';
import type { Clock } from './types.js';

/** Bounds memory when many distinct keys fail; clearing all only costs a few early retries. */
const MAX_COOLDOWNS = 1_000;

/** Remembers the last non-retryable failure per key for `cooldownMs`. */
export class ErrorCooldown {
  readonly #entries = new Map<string, { error: VismaAuthError; until: number }>();
  readonly #cooldownMs: number;
  readonly #clock: Clock;

  constructor(cooldownMs: number, clock: Clock) {
    this.#cooldownMs = cooldownMs;
    this.#clock = clock;
  }

  /** The error to fail fast with while `key` cools down; an expired entry is dropped. */
  check(key: string): VismaAuthError | undefined {
    const cooldown = this.#entries.get(key);
    if (cooldown === undefined) return undefined;
    if (this.#clock.now() < cooldown.until) return cooldown.error;
    this.#entries.delete(key);
    return undefined;
  }

  /**
   * Starts a cooldown for `key` after an OAuth or configuration error that retrying cannot fix.
   * A malformed response is not cooled down: a proxy page in between is often gone on the next call.
   */
  record(key: string, error: VismaAuthError): void {
    const lasting =
      (error instanceof VismaOAuthError || error instanceof VismaConfigError) && !error.retryable;
    if (!lasting || this.#cooldownMs <= 0) return;
    if (this.#entries.size >= MAX_COOLDOWNS) this.#entries.clear();
    this.#entries.set(key, { error, until: this.#clock.now() + this.#cooldownMs });
  }

  /** Ends the cooldown of `key` (it succeeded, or the user invalidated it). */
  delete(key: string): void {
    this.#entries.delete(key);
  }

  /** Ends every cooldown. */
  clear(): void {
    this.#entries.clear();
  }
}
