import type { AccessToken, TokenRequest, VismaTokenSource } from '@visma-auth/core';
import {
  assertTokenSource,
  bearerHeader,
  createAdapterTarget,
  originOf,
  redactClientRequest,
  renewRejectedToken,
} from '@visma-auth/core';
import type {
  GotOptionsLike,
  VismaAuthRequestOptions,
  VismaGotHooks,
  VismaGotOptions,
} from './types.js';

/** Where the hooks keep what they sent, in got's per-request `context`. */
const SENT = 'vismaAuthSent';

/** What `Authorization` reads on an error's options once the hooks took their token out. */
const REDACTED_AUTHORIZATION = 'Bearer [REDACTED]';

/**
 * What the hooks sent, kept in got's `context`; the token is a private field, so logging the
 * options of a got error (`JSON.stringify`, `util.inspect`) does not show it.
 */
class Sent {
  readonly #accessToken: string;
  readonly #url: string;
  #origin: string | undefined;

  constructor(
    accessToken: string,
    url: string,
    readonly request: TokenRequest | undefined,
    readonly retried: boolean,
  ) {
    this.#accessToken = accessToken;
    this.#url = url;
  }

  get accessToken(): string {
    return this.#accessToken;
  }

  /** The origin the token was got for; parsed only on a redirect or a 401, not on every request. */
  get origin(): string {
    this.#origin ??= originOf(this.#url) ?? '';
    return this.#origin;
  }

  /** The URL the token was first sent to. */
  get url(): string {
    return this.#url;
  }
}

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
  const retryOnUnauthorized = options.retryOnUnauthorized ?? true;

  /** Sets the token's header and remembers what was sent, for a redirect, a 401 or an error. */
  const authorize = (
    request: GotOptionsLike,
    url: string,
    tokenRequest: TokenRequest | undefined,
    token: AccessToken,
  ): void => {
    request.headers.authorization = bearerHeader(token);
    request.context[SENT] = new Sent(token.accessToken, url, tokenRequest, false);
  };

  return {
    beforeRequest: [
      // Not an async function: a warm call (the token in memory, read with `peekToken`) returns
      // at once, and got's own `await` of the hook is the only one it costs.
      (request) => {
        const url = String(request.url ?? '');
        const auth = request.context.vismaAuth as VismaAuthRequestOptions | false | undefined;
        // A redacted header is ours from an earlier error whose options are being sent again.
        if (request.headers.authorization === REDACTED_AUTHORIZATION) {
          delete request.headers.authorization;
        }
        // got runs this hook for every redirect hop too: each hop is judged by its own origin,
        // and the token an earlier hop got stays on the origin it was got for, whatever got
        // kept (got 14 keeps it from https://host to http://host).
        dropOwnAuthorization(request, url, isAllowed);
        if (auth === false || !isAllowed(url) || hasAuthorization(request.headers)) return;
        const tokenRequest = tokenRequestOf(auth);
        const token = provider.peekToken?.(tokenRequest);
        if (token !== undefined) return authorize(request, url, tokenRequest, token);
        return provider
          .getToken(tokenRequest)
          .then((fetched) => authorize(request, url, tokenRequest, fetched));
      },
    ],
    beforeRedirect: [
      // Before got sends the next hop: not even a hook of the caller's that runs later sees
      // the token on a hop to another origin.
      (options) => dropOwnAuthorization(options, String(options.url ?? ''), isAllowed),
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
          const retried = new Sent(fresh.accessToken, sent.url, sent.request, true);
          return retryWithMergedOptions({
            headers: { authorization: bearerHeader(fresh) },
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
        const bearer = `Bearer ${sent.accessToken}`;
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

/**
 * Removes the `Authorization` header the hooks set when the request now goes to `url` on
 * another origin than the one the token was got for, or to one not allowed: a header the caller
 * set is not the hooks' to touch.
 */
function dropOwnAuthorization(
  options: GotOptionsLike,
  url: string,
  isAllowed: (url: string) => boolean,
): void {
  const sent = options.context[SENT];
  if (!(sent instanceof Sent)) return;
  if (originOf(url) === sent.origin && isAllowed(url)) return;
  const bearer = `Bearer ${sent.accessToken}`;
  for (const name of Object.keys(options.headers)) {
    if (name.toLowerCase() === 'authorization' && options.headers[name] === bearer) {
      delete options.headers[name];
    }
  }
}

function hasAuthorization(headers: Record<string, unknown>): boolean {
  for (const name of Object.keys(headers)) {
    if (name.length === 13 && name.toLowerCase() === 'authorization') return true;
  }
  return false;
}

/** None, a string or bytes can be sent again; got also rebuilds `json` and `form` bodies. */
function isReplayableBody(body: unknown): boolean {
  return body == null || typeof body === 'string' || ArrayBuffer.isView(body);
}
