/**
 * What a server tells its own caller when a Visma Connect token could not be had: an upstream
 * failure (502, or 503 with `Retry-After` when trying again may work) with a generic body, never
 * Visma's status or message, the client id or the tenant. The error itself goes to the log.
 */
import { isVismaAuthError } from './errors.js';
import { VismaTenantError } from './request-tenant.js';

/** Seconds a caller is asked to wait when a retryable failure carries no `Retry-After` of its own. */
export const DEFAULT_RETRY_AFTER_SECONDS = 5;

/** The HTTP answer for one of this library's errors. */
export interface UpstreamErrorResponse {
  /** 400 (the request named no valid tenant), 502 (configuration, OAuth) or 503 (retryable). */
  status: 400 | 502 | 503;
  /** `Retry-After` for 503, and `Cache-Control: no-store`. */
  headers: Record<string, string>;
  /** A generic JSON body: `{ error, message }`. */
  body: { error: string; message: string };
}

/**
 * Maps an error of this library to the answer a server gives its caller, or `undefined` for any
 * other error, which the app's own error handling keeps.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-15.6.3 (502) and #section-15.6.4 (503)
 * @example
 * ```ts
 * const answer = upstreamErrorResponse(error);
 * if (answer) return new Response(JSON.stringify(answer.body), { status: answer.status, headers: answer.headers });
 * ```
 */
export function upstreamErrorResponse(error: unknown): UpstreamErrorResponse | undefined {
  if (!isVismaAuthError(error)) return undefined;
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  if (error instanceof VismaTenantError) {
    return {
      status: 400,
      headers,
      body: { error: 'invalid_tenant', message: 'This request does not name a valid tenant.' },
    };
  }
  if (error.retryable) {
    const retryAfterMs = (error as { retryAfterMs?: unknown }).retryAfterMs;
    const seconds =
      typeof retryAfterMs === 'number' && retryAfterMs > 0
        ? Math.ceil(retryAfterMs / 1000)
        : DEFAULT_RETRY_AFTER_SECONDS;
    headers['retry-after'] = String(seconds);
    return {
      status: 503,
      headers,
      body: {
        error: 'upstream_unavailable',
        message: 'An upstream service is unavailable for now; try again later.',
      },
    };
  }
  return {
    status: 502,
    headers,
    body: {
      error: 'upstream_error',
      message: 'This service could not authenticate to an upstream service.',
    },
  };
}
