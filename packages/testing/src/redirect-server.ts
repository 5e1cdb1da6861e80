/**
 * A server that redirects, so a client's handling of the `Authorization` header across a
 * redirect (dropped for another origin, kept for the same one) can be tested over real HTTP.
 */
import { createServer } from 'node:http';
import { closeServer, json, listen, readBody, send } from './http.js';
import { RequestLog } from './request-log.js';
import type { MockApiRequest, RedirectServer, RedirectServerOptions } from './types.js';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * Starts a server that answers `path` (default `/start`) with a redirect to `location` and any
 * other path with 200 `{}`, recording each request's method, path, status and `Authorization`.
 *
 * @see https://fetch.spec.whatwg.org/#http-redirect-fetch (a cross-origin redirect drops `Authorization`)
 * @example
 * ```ts
 * const redirect = await startRedirectServer({ location: `${api.url}/landing` });
 * await fetch(`${redirect.url}/start`, { headers: { authorization: 'Bearer abc' } });
 * redirect.requests[0]?.authorization; // 'Bearer abc'
 * api.requests[0]?.authorization; // undefined: the token did not cross origins
 * ```
 */
export async function startRedirectServer(options: RedirectServerOptions): Promise<RedirectServer> {
  const status = options.status ?? 302;
  if (!REDIRECT_STATUSES.has(status)) {
    throw new TypeError('status must be a redirect status: 301, 302, 303, 307 or 308.');
  }
  const path = options.path ?? '/start';
  const log = new RequestLog<MockApiRequest>(options.maxRecordedRequests ?? 10_000);
  // Set once listening: a function location needs the port first.
  let location = typeof options.location === 'string' ? options.location : '';

  const server = createServer((req, res) => {
    const record: MockApiRequest = { method: req.method ?? 'GET', path: req.url ?? '/', status: 0 };
    if (req.headers.authorization !== undefined) record.authorization = req.headers.authorization;
    log.push(record);
    // Drain the body first: a 307/308 is followed with it, and an unread body stalls keep-alive.
    readBody(req)
      .catch(() => undefined)
      .then(() => {
        const redirects = new URL(req.url ?? '/', 'http://mock').pathname === path;
        const reply = redirects ? { status, headers: { location } } : json(200, {});
        record.status = reply.status;
        send(res, reply, Date.now());
      });
  });
  const url = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  const port = Number(new URL(url).port);
  if (typeof options.location === 'function') location = options.location({ url, port });

  const redirect: RedirectServer = {
    url,
    port,
    location,
    get requests() {
      return log.list((r) => ({ ...r }));
    },
    reset: () => log.clear(),
    close: () => closeServer(server),
    [Symbol.asyncDispose]: () => redirect.close(),
  };
  return redirect;
}
