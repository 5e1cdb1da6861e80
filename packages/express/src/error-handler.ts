import { upstreamErrorResponse } from '@visma-auth/core';
import type { ErrorRequestHandler, Request } from 'express';

/** Options of {@link vismaErrorHandler}. */
export interface VismaErrorHandlerOptions {
  /** Receives the whole error (log-safe: no secret, no token); default `console.error`. */
  logger?: (error: unknown, req: Request) => void;
}

/**
 * Express error middleware that answers this library's errors with a generic 502, 503 with
 * `Retry-After`, or 400 (a request without a valid tenant), logs them whole, and passes every
 * other error on.
 *
 * @example
 * ```ts
 * app.use(vismaErrorHandler({ logger: (error, req) => req.log.error(error) }));
 * ```
 */
export function vismaErrorHandler(options: VismaErrorHandlerOptions = {}): ErrorRequestHandler {
  const log = options.logger ?? ((error: unknown) => console.error(error));
  // Four parameters: that is how Express tells an error middleware.
  return function vismaErrorHandler(error, req, res, next) {
    const answer = upstreamErrorResponse(error);
    if (answer === undefined) return next(error);
    log(error, req);
    if (res.headersSent) return next(error);
    res.status(answer.status).set(answer.headers).json(answer.body);
  };
}
