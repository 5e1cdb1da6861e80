/**
 * Takes the bearer token the adapter set out of what an axios error exposes, so logging it
 * (`JSON.stringify`, `util.inspect`, Sentry, pino) shows no token. A config sent again still
 * works: the request interceptor recognises {@link REDACTED_AUTHORIZATION} as its own header and
 * attaches a fresh token for allowed origins, or drops it for others.
 */

import { redactClientRequest } from '@visma-auth/core';

/** What the adapter's `Authorization` header reads after an error went through {@link redactToken}. */
export const REDACTED_AUTHORIZATION = 'Bearer [REDACTED]';

const REDACTED = '[REDACTED]';
/** Depth of request objects followed (axios' request, follow-redirects' wrapper, the socket's request). */
const MAX_DEPTH = 4;

/**
 * Replaces `token` wherever an axios error from the Node http or fetch adapter keeps it: the
 * config's and the response config's headers, the raw request head (`_header`), Node's outgoing
 * header map, follow-redirects' options and a fetch `Request`'s headers.
 *
 * @param error - What the request rejected with (an `AxiosError` or anything else).
 * @param token - The access token the adapter sent; only it is replaced, a caller's header stays.
 */
export function redactToken(error: unknown, token: string): void {
  if (token === '' || typeof error !== 'object' || error === null) return;
  const e = error as { config?: unknown; request?: unknown; response?: unknown };
  const seen = new Set<object>();
  redactConfig(e.config, token);
  redactRequest(e.request, token, seen, 0);
  if (typeof e.response === 'object' && e.response !== null) {
    const response = e.response as { config?: unknown; request?: unknown };
    redactConfig(response.config, token);
    redactRequest(response.request, token, seen, 0);
  }
}

function redactConfig(config: unknown, token: string): void {
  if (typeof config !== 'object' || config === null) return;
  redactHeaderRecord((config as { headers?: unknown }).headers, token, REDACTED_AUTHORIZATION);
}

/** Header records: axios' `AxiosHeaders` (own properties per header) or a plain object. */
function redactHeaderRecord(headers: unknown, token: string, replacement?: string): void {
  if (typeof headers !== 'object' || headers === null) return;
  if (isWebHeaders(headers)) {
    const value = headers.get('authorization');
    if (value?.includes(token)) headers.set('authorization', replacement ?? redact(value, token));
    return;
  }
  const record = headers as Record<string, unknown>;
  for (const name of Object.keys(record)) {
    const value = record[name];
    if (typeof value === 'string' && value.includes(token)) {
      record[name] =
        name.toLowerCase() === 'authorization' && replacement ? replacement : redact(value, token);
    }
  }
}

/**
 * A Node `ClientRequest` (its `_header` and outgoing header map), follow-redirects'
 * `RedirectableRequest` (`_options`, `_currentRequest`) or a fetch `Request`.
 */
function redactRequest(request: unknown, token: string, seen: Set<object>, depth: number): void {
  if (typeof request !== 'object' || request === null || seen.has(request) || depth > MAX_DEPTH) {
    return;
  }
  seen.add(request);
  const r = request as Record<PropertyKey, unknown>;
  redactClientRequest(r, token);
  try {
    for (const symbol of Object.getOwnPropertySymbols(r)) {
      const value = r[symbol];
      // axios keeps follow-redirects' request on the socket under a symbol.
      if (symbol.description !== 'kOutHeaders' && typeof value === 'object' && value !== null) {
        redactRequest(value, token, seen, depth + 1);
      }
    }
    const options = r._options as { headers?: unknown } | undefined;
    if (typeof options === 'object' && options !== null) redactHeaderRecord(options.headers, token);
    if (isWebHeaders(r.headers)) redactHeaderRecord(r.headers, token);
    redactRequest(r._currentRequest, token, seen, depth + 1);
    redactRequest(r._redirectable, token, seen, depth + 1);
    const socket = r.socket as Record<PropertyKey, unknown> | null | undefined;
    if (typeof socket === 'object' && socket !== null) {
      for (const symbol of Object.getOwnPropertySymbols(socket)) {
        if (symbol.description === 'axios.http.currentReq') {
          redactRequest(socket[symbol], token, seen, depth + 1);
        }
      }
    }
  } catch {
    // A getter that throws, or a frozen object: redaction is best effort beyond the config.
  }
}

function isWebHeaders(value: unknown): value is Headers {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Headers).get === 'function' &&
    typeof (value as Headers).set === 'function' &&
    typeof (value as Headers).forEach === 'function' &&
    // AxiosHeaders has get/set too, but keeps headers as own properties: handled as a record.
    typeof (value as { normalize?: unknown }).normalize !== 'function'
  );
}

function redact(text: string, token: string): string {
  return text.split(token).join(REDACTED);
}
