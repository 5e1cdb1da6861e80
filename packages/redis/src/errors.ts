import { VismaAuthError } from '@visma-auth/core';

/** What the cache was doing when Redis failed; safe to log. */
export type RedisCacheOperation =
  | 'get'
  | 'set'
  | 'delete'
  | 'acquireLock'
  | 'releaseLock'
  | 'renewLock'
  | 'waitForEntry';

/**
 * Redis did not answer a cache command in time or answered with an error; the provider falls back
 * to its local cache and fetching when it sees this.
 */
export class RedisTokenCacheError extends VismaAuthError {
  static {
    // Its literal name, whatever a bundler or minifier renames the class to (core's do the same).
    Object.defineProperty(RedisTokenCacheError, 'name', {
      value: 'RedisTokenCacheError',
      configurable: true,
    });
  }

  /** The cache operation that failed. */
  readonly operation: RedisCacheOperation;

  constructor(
    operation: RedisCacheOperation,
    reason: string,
    cause?: unknown,
    advice = 'check the Redis connection',
  ) {
    super(
      `Redis token cache ${operation} failed: ${reason}. Tokens are fetched locally until Redis answers again; ${advice}.`,
      { code: 'ERR_VISMA_CACHE_UNAVAILABLE', retryable: true, cause: sanitizeCause(cause) },
    );
    this.operation = operation;
  }
}

/**
 * Keeps only name, message and code of a client error: ioredis attaches the failed command with
 * its arguments, which may hold an encrypted or plain token.
 */
function sanitizeCause(cause: unknown): Error | undefined {
  if (!(cause instanceof Error)) return undefined;
  const safe = new Error(cause.message);
  safe.name = cause.name;
  const code = (cause as { code?: unknown }).code;
  if (typeof code === 'string') Object.assign(safe, { code });
  return safe;
}
