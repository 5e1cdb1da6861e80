import type { AccessToken, TokenRequest, VismaTokenSource } from '@visma-auth/core';
import {
  assertTokenSource,
  createAdapterTarget,
  createAllowedOrigin,
  originOf,
  redactClientRequest,
  renewRejectedToken,
} from '@visma-auth/core';
import { Sent } from './sent.js';
import type {
  GotOptionsLike,
  VismaAuthRequestOptions,
  VismaGotHooks,
  VismaGotOptions,
} from './types.js';

/** Where the hooks keep what they sent (a {@link Sent}), in got's per-request `context`. */
const SENT = 'vismaAuthSent';

/** What `Authorization` reads on an error's options once the hooks took their token out. */
const REDACTED_AUTHORIZATION = 'Bearer [REDACTED]';

/**
 * Returns got hooks that give requests to allowed origins a Visma Connect bearer token and,
 * when that origin answers 401 and the body can be sent again, retry once with a new token.
 *
 * @param provider - A `VismaTokenProvider` from `@visma-auth/core`, or anything with its `getToken` and `invalidate`.
 * @param options - `baseUrl` and/or `allowedOrigins` (one is required), plus defaults for every request.
 * @returns `{ beforeRequest, afterResponse }` for `got.extend({ hooks })`.
 * @throws VismaConfigError when the provider is missing or no origin is allowed.
 * @see https://github.com/sindresorhus/got/blob/main/documentation/9-hooks.md
 * @example
 * ```ts
 * const erp = got.extend({ prefixUrl: baseUrl, hooks: vismaAuthHooks(provider, { baseUrl }) });
 * const customers = await erp.get('v1/customer', { context: { vismaAuth: { tenantId } } }).json();
 * ```
 */
export function vismaAuthHooks(
  provider: VismaTokenSource,
  options: VismaGotOptions = {},
): VismaGotHooks {
  assertTokenSource(provider, 'vismaAuthHooks', 'first');
  const { isAllowed, tokenRequestOf } = createAdapterTarget(options);
  const allowedOrigin = createAllowedOrigin(isAllowed);
  const retryOnUnauthorized = options.retryOnUnauthorized ?? true;
  // The token request of a call that names no tenant or scopes: the same for every such call.
  const defaultRequest = tokenRequestOf(undefined);
  // What the last call sent, and for which token and origin: warm calls that match reuse it
  // (kept apart rather than read from the Sent, so the check touches no object). The token
  // request need not match: the provider hands out one token object per tenant and scopes, so
  // any request that got this token renews it alike, and a call that names its tenant (a new
  // request object each time) still reuses the record.
  let last: Sent | undefined;
  let lastToken: AccessToken | undefined;
  let lastOrigin: string | undefined;

  /** Sets the token's header and remembers what was sent, for a redirect, a 401 or an error. */
  const authorize = (
    request: GotOptionsLike,
    origin: string,
    tokenRequest: TokenRequest | undefined,
    token: AccessToken,
  ): void => {
    let sent = last;
    if (sent === undefined || token !== lastToken || origin !== lastOrigin) {
      sent = new Sent(token, origin, tokenRequest, false);
      last = sent;
      lastToken = token;
      lastOrigin = origin;
    }
    request.headers.authorization = sent.authorization;
    request.context[SENT] = sent;
  };

  return {
    beforeRequest: [
      // Not an async function: a warm call (the token in memory, read with `peekToken`) returns
      // at once, and got's own `await` of the hook is the only one it costs.
      (request) => {
        const { headers, context } = request;
        const url = urlOf(request);
        const auth = context.vismaAuth as VismaAuthRequestOptions | false | undefined;
        // A redacted header is ours from an earlier error whose options are being sent again.
        if (headers.authorization === REDACTED_AUTHORIZATION) delete headers.authorization;
        // got runs this hook for every redirect hop too: each hop is judged by its own origin,
        // and the token an earlier hop got stays on the origin it was got for, whatever got
        // kept (got 14 keeps it from https://host to http://host).
        dropOwnAuthorization(request, url, allowedOrigin);
        if (auth === false || hasAuthorization(headers)) return;
        const origin = allowedOrigin(url);
        if (origin === undefined) return;
        const tokenRequest = auth === undefined ? defaultRequest : tokenRequestOf(auth);
        const token = provider.peekToken?.(tokenRequest);
        if (token !== undefined) return authorize(request, origin, tokenRequest, token);
        return provider
          .getToken(tokenRequest)
          .then((fetched) => authorize(request, origin, tokenRequest, fetched));
      },
    ],
    beforeRedirect: [
      // Before got sends the next hop: not even a hook of the caller's that runs later sees
      // the token on a hop to another origin.
      (options) => dropOwnAuthorization(options, urlOf(options), allowedOrigin),
    ],
    afterResponse: [
      // Not an async function: any answer but a 401 goes back to got as it is, at once.
      (response, retryWithMergedOptions) => {
        if (response.statusCode !== 401 || !retryOnUnauthorized) return response;
        const { context, body } = response.request.options;
        const sent = context[SENT] as Sent | undefined;
        if (
          sent === undefined ||
          sent.retried ||
          // A 401 from a redirect target says nothing about the token the first origin got.
          originOf(response.url) !== sent.origin ||
          !isReplayableBody(body)
        ) {
          return response;
        }
        return renewRejectedToken(provider, sent.accessToken, sent.request).then((fresh) => {
          // The API rejects freshly issued tokens for this key: the 401 is the answer for now.
          if (fresh === undefined) return response;
          const retried = new Sent(fresh, sent.origin, sent.request, true);
          return retryWithMergedOptions({
            headers: { authorization: retried.authorization },
            context: { [SENT]: retried },
          });
        });
      },
    ],
    beforeError: [
      (error) => {
        // What loggers print of a got error: its options and, deeper, got's request options
        // (got 16) and Node's request.
        const sent = error.options?.context[SENT];
        if (!(sent instanceof Sent)) return error;
        const bearer = sent.authorization;
        const got = error as {
          request?: { _request?: unknown; _requestOptions?: { headers?: unknown } };
          response?: { req?: unknown };
        };
        for (const headers of [error.options?.headers, got.request?._requestOptions?.headers]) {
          const record = headers as Record<string, unknown> | undefined;
          if (record?.authorization === bearer) record.authorization = REDACTED_AUTHORIZATION;
        }
        redactClientRequest(got.request?._request, sent.accessToken);
        redactClientRequest(got.response?.req, sent.accessToken);
        return error;
      },
    ],
  };
}

/** The request's URL as a string: got keeps a parsed `URL`, whose `href` is already built. */
function urlOf(options: GotOptionsLike): string {
  const { url } = options;
  if (url === undefined) return '';
  return typeof url === 'string' ? url : url.href;
}

/**
 * Removes the `Authorization` header the hooks set when the request now goes to `url` on
 * another origin than the one the token was got for, or to one not allowed: a header the caller
 * set is not the hooks' to touch.
 */
function dropOwnAuthorization(
  options: GotOptionsLike,
  url: string,
  allowedOrigin: (url: string) => string | undefined,
): void {
  const sent = options.context[SENT];
  if (!(sent instanceof Sent) || allowedOrigin(url) === sent.origin) return;
  const bearer = sent.authorization;
  for (const name of Object.keys(options.headers)) {
    if (name.toLowerCase() === 'authorization' && options.headers[name] === bearer) {
      delete options.headers[name];
    }
  }
}

/** Whether any spelling of `Authorization` is set (got lower-cases, but a hook may not). */
function hasAuthorization(headers: Record<string, unknown>): boolean {
  if (headers.authorization !== undefined) return true;
  // `for…in` rather than `Object.keys`: no array per call. got's headers are a plain object.
  for (const name in headers) {
    if (name.length === 13 && name.toLowerCase() === 'authorization') return true;
  }
  return false;
}

/** None, a string or bytes can be sent again; got also rebuilds `json` and `form` bodies. */
function isReplayableBody(body: unknown): boolean {
  return body == null || typeof body === 'string' || ArrayBuffer.isView(body);
}
