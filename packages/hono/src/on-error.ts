import { upstreamErrorResponse } from '@visma-auth/core';
import type { Context, Env, ErrorHandler } from 'hono';

/** Options of {@link vismaOnError}. */
export interface VismaOnErrorOptions<E extends Env = Env> {
  /** Receives the whole error (log-safe: no secret, no token); default `console.error`. */
  logger?: (error: unknown, c: Context<E>) => void;
  /** Handles every other error; default: an `HTTPException`'s own response, else a plain 500 as Hono does. */
  fallback?: ErrorHandler<E>;
}

/**
 * A handler for `app.onError` that answers this library's errors with a generic 502, 503 with
 * `Retry-After`, or 400 (a request without a valid tenant), logs them whole, and hands every
 * other error to `fallback`.
 *
 * @example
 * ```ts
 * app.onError(vismaOnError({ fallback: (err, c) => c.json({ error: 'internal' }, 500) }));
 * ```
 */
export function vismaOnError<E extends Env = Env>(
  options: VismaOnErrorOptions<E> = {},
): ErrorHandler<E> {
  const log = options.logger ?? ((error: unknown) => console.error(error));
  const fallback: ErrorHandler<E> = options.fallback ?? honoDefault;
  return (error, c) => {
    const answer = upstreamErrorResponse(error);
    if (answer === undefined) return fallback(error, c);
    log(error, c);
    return c.json(answer.body, answer.status, answer.headers);
  };
}

/** Hono's own default: an HTTPException answers for itself, anything else is a logged 500. */
function honoDefault(error: Error, c: Pick<Context, 'text'>): Response {
  if ('getResponse' in error && typeof error.getResponse === 'function') {
    return error.getResponse() as Response;
  }
  console.error(error);
  return c.text('Internal Server Error', 500);
}
