import type { HeadersLike } from './authorization-header.js';

/** The parts of a `Request` from another library or realm that a request can be rebuilt from. */
export interface RequestLike {
  url: string;
  method?: string;
  headers?: HeadersLike;
  body?: unknown;
  signal?: AbortSignal | null;
  redirect?: RequestInit['redirect'];
  integrity?: string;
  keepalive?: boolean;
}

/** Whether `input` is a `Request` this realm's `fetch` does not know (undici's package, node-fetch, a vm context). */
export function isRequestLike(input: unknown): input is RequestLike {
  return (
    typeof input === 'object' &&
    input !== null &&
    !(input instanceof Request) &&
    typeof (input as { url?: unknown }).url === 'string' &&
    typeof (input as { method?: unknown }).method === 'string'
  );
}

/**
 * A `RequestInit` that sends what `request` would: method, body (streamed), signal and the
 * options this realm's `fetch` understands. Headers are left to the caller, who merges them.
 */
export function requestInitOf(request: RequestLike): RequestInit {
  const init: RequestInit & { duplex?: 'half' } = {};
  if (request.method !== undefined) init.method = request.method;
  if (request.body !== undefined && request.body !== null) {
    init.body = request.body as RequestInit['body'];
    // A streamed body needs half duplex in Node's fetch.
    init.duplex = 'half';
  }
  if (request.signal instanceof AbortSignal) init.signal = request.signal;
  if (request.redirect !== undefined) init.redirect = request.redirect;
  if (request.keepalive !== undefined) init.keepalive = request.keepalive;
  if (request.integrity) init.integrity = request.integrity;
  return init;
}
