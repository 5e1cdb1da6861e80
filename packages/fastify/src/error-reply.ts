import { upstreamErrorResponse } from '@visma-auth/core';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Answers one of this library's errors with a generic 502, 503 with `Retry-After`, or 400 (a
 * request without a valid tenant), logging the whole error to `request.log`; returns `false`
 * for any other error. The plugin's error handler uses it; call it from an error handler of yours.
 *
 * @example
 * ```ts
 * app.setErrorHandler((error, request, reply) => {
 *   if (replyWithVismaError(error, request, reply)) return reply;
 *   return reply.send(error);
 * });
 * ```
 */
export function replyWithVismaError(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
): boolean {
  const answer = upstreamErrorResponse(error);
  if (answer === undefined) return false;
  request.log.error({ err: error }, 'Visma Connect: no access token for this request');
  reply.code(answer.status).headers(answer.headers).send(answer.body);
  return true;
}
