import { type VismaAuthError, VismaClosedError, VismaTimeoutError } from './errors.js';
import type { VismaFetch } from './options.js';
import type { AttemptContext } from './token-endpoint.js';

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

/** Retry options with every field set, as the provider uses them. */
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
 * The longest `Retry-After` honoured, 5 minutes: a longer delay (a year, or a misconfigured
 * gateway's) would stop every token request of the process; past it the endpoint is asked again.
 */
export const MAX_RETRY_AFTER_MS = 5 * 60 * 1000;

/**
 * Parses a `Retry-After` header (delay-seconds or an HTTP date) into milliseconds from `now`,
 * at most {@link MAX_RETRY_AFTER_MS}; a value that is not a finite delay counts as absent.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    ms = Math.round(Number(trimmed) * 1000);
  } else {
    const date = Date.parse(trimmed);
    if (Number.isNaN(date)) return undefined;
    ms = date - now;
  }
  if (!Number.isFinite(ms)) return undefined;
  return clampRetryAfter(ms);
}

/** Bounds a delay to `0 … MAX_RETRY_AFTER_MS`, whoever computed it. */
export function clampRetryAfter(ms: number): number {
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
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

/** What {@link runWithRetry} needs from the provider. */
export interface RetryLoopOptions {
  policy: ResolvedRetryOptions;
  timeoutMs: number;
  deadlineMs: number;
  fetch: VismaFetch | undefined;
  closeSignal: AbortSignal;
  /** Controllers of running attempts; the provider aborts them on close. */
  active: Set<AbortController>;
  redact: (text: string) => string;
  toError: (error: unknown) => VismaAuthError;
  onRetry: (info: { attempt: number; delayMs: number; error: VismaAuthError }) => void;
}

/**
 * Runs `attempt` until it succeeds, fails with a non-retryable error, runs out of attempts or
 * would pass the deadline; each attempt gets its own timeout.
 */
export async function runWithRetry<T>(
  o: RetryLoopOptions,
  attempts: { count: number },
  attempt: (ctx: AttemptContext) => Promise<T>,
): Promise<T> {
  const deadline = performance.now() + o.deadlineMs;
  // After close() nothing may leave, even through a custom fetch that ignores the signal.
  const userFetch = o.fetch;
  const fetchImpl: VismaFetch | undefined =
    userFetch === undefined
      ? undefined
      : (input, init) =>
          o.closeSignal.aborted ? Promise.reject(new VismaClosedError()) : userFetch(input, init);
  for (;;) {
    if (o.closeSignal.aborted) throw new VismaClosedError();
    attempts.count += 1;
    const attemptTimeout = Math.max(1, Math.min(o.timeoutMs, deadline - performance.now()));
    // One controller per attempt, tracked in a set that close() aborts: AbortSignal.any() would
    // keep every attempt's signal alive as long as the provider (a leak per request).
    const timeout = new AbortController();
    const combined = new AbortController();
    o.active.add(combined);
    const timer = setTimeout(() => {
      timeout.abort();
      combined.abort(new VismaTimeoutError('attempt', attemptTimeout));
    }, attemptTimeout);
    timer.unref?.();
    let error: VismaAuthError;
    try {
      return await attempt({
        fetch: fetchImpl,
        timeoutSignal: timeout.signal,
        timeoutMs: attemptTimeout,
        closeSignal: o.closeSignal,
        signal: combined.signal,
        redact: o.redact,
      });
    } catch (thrown) {
      error = o.toError(thrown);
      if (error instanceof VismaTimeoutError && attemptTimeout < o.timeoutMs) {
        error = new VismaTimeoutError('deadline', o.deadlineMs);
      }
    } finally {
      clearTimeout(timer);
      o.active.delete(combined);
    }
    if (!error.retryable || attempts.count >= o.policy.maxAttempts) throw error;
    const retryAfterMs = (error as { retryAfterMs?: number }).retryAfterMs;
    const delayMs = backoffDelay(attempts.count, o.policy, retryAfterMs);
    if (performance.now() + delayMs >= deadline) throw error;
    o.onRetry({ attempt: attempts.count, delayMs, error });
    try {
      await sleep(delayMs, o.closeSignal);
    } catch {
      throw new VismaClosedError();
    }
  }
}
