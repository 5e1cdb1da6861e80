/**
 * Retry-After remembered per token endpoint: after Visma Connect answers 429 or 503 with a
 * delay, no request goes to that endpoint until the delay has passed, whichever call or key
 * asks; calls are served a cached token while one is valid, or fail fast. A delay is remembered
 * for at most `MAX_RETRY_AFTER_MS`.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3
 */
import { type VismaAuthError, VismaServerError } from './errors.js';
import { clampRetryAfter } from './retry.js';
import type { Clock } from './types.js';

/** Bounds memory; a provider talks to one or two token endpoints. */
const MAX_ENDPOINTS = 100;

/** Until when each token endpoint asked not to be called, with the status that said so. */
export class EndpointThrottle {
  readonly #until = new Map<string, { until: number; status: number }>();
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /**
   * Remembers the delay of a 429 or 503 with `Retry-After` from `endpoint`; ignores other errors.
   * @returns the delay now remembered, when this error set or extended it.
   */
  record(endpoint: string, error: VismaAuthError): { status: number; until: number } | undefined {
    const { httpStatus: status, retryAfterMs } = error as {
      httpStatus?: number;
      retryAfterMs?: number;
    };
    if (status !== 429 && status !== 503) return undefined;
    if (retryAfterMs === undefined || !(retryAfterMs > 0) || !Number.isFinite(retryAfterMs)) {
      return undefined;
    }
    // Also bounded here: an error built elsewhere (a custom fetch's) may carry any value.
    return this.remember(endpoint, status, this.#clock.now() + clampRetryAfter(retryAfterMs));
  }

  /**
   * Remembers that `endpoint` asked to wait until `until` (epoch ms), unless a longer delay is
   * already known; used for delays other processes shared.
   * @returns the delay now remembered, when this call set or extended it.
   */
  remember(
    endpoint: string,
    status: number,
    until: number,
  ): { status: number; until: number } | undefined {
    const known = this.#until.get(endpoint);
    if (known !== undefined && known.until >= until) return undefined;
    if (known === undefined && this.#until.size >= MAX_ENDPOINTS) this.#until.clear();
    const delay = { until, status };
    this.#until.set(endpoint, delay);
    return delay;
  }

  /** The error to fail fast with while `endpoint` asked to wait, carrying the time left. */
  check(endpoint: string): VismaServerError | undefined {
    const known = this.#until.get(endpoint);
    if (known === undefined) return undefined;
    const remaining = known.until - this.#clock.now();
    if (remaining > 0)
      return new VismaServerError(known.status, { retryAfterMs: remaining, waiting: true });
    this.#until.delete(endpoint);
    return undefined;
  }

  /** Forgets every delay. */
  clear(): void {
    this.#until.clear();
  }
}
