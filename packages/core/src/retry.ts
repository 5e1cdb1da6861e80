/**
 * Retry policy: exponential backoff with full jitter, honouring `Retry-After`, within a deadline.
 * @see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */

/** How failed token requests are retried; only retryable errors (network, timeout, 5xx, 429) are. */
export interface RetryOptions {
  /** Total attempts including the first. Default 3. */
  maxAttempts?: number;
  /** Backoff before the second attempt, doubled for each further one. Default 250 ms. */
  baseDelayMs?: number;
  /** Cap of a single backoff (not of `Retry-After`, which is honoured up to the deadline). Default 5,000 ms. */
  maxDelayMs?: number;
}

/** Retry options with every field set. */
export type ResolvedRetryOptions = Required<RetryOptions>;

/** Defaults of {@link RetryOptions}. */
export const DEFAULT_RETRY: ResolvedRetryOptions = {
  maxAttempts: 3,
  baseDelayMs: 250,
  maxDelayMs: 5_000,
};

/**
 * Delay before attempt `attempt + 1` (attempt counts from 1): full jitter over the capped
 * exponential, or the server's `Retry-After` when it gave one.
 */
export function backoffDelay(
  attempt: number,
  policy: ResolvedRetryOptions,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.max(0, retryAfterMs);
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * exp);
}

/**
 * Parses a `Retry-After` header (delay-seconds or an HTTP date) into milliseconds from `now`.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Resolves after `ms`, or rejects with the signal's reason; the timer does not keep Node alive. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    timer.unref?.();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
