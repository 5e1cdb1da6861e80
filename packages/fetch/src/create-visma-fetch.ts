import type { AccessToken, TokenRequest, VismaTokenSource } from '@visma-auth/core';
import {
  assertTokenSource,
  bearerHeader,
  createAdapterTarget,
  originOf,
  renewRejectedToken,
} from '@visma-auth/core';
import {
  type HeadersLike,
  hasAuthorization,
  isHeadersInit,
  toHeaders,
  withAuthorization,
} from './authorization-header.js';
import { isRequestLike, type RequestLike, requestInitOf } from './foreign-request.js';
import { isReplayableBody } from './replayable-body.js';
import { resolveUrl } from './resolve-url.js';
import type { AuthenticatedFetch, FetchLike, VismaFetchInit, VismaFetchOptions } from './types.js';

/**
 * Wraps `fetch` so requests to allowed origins carry a Visma Connect bearer token, retrying
 * once with a fresh token when such an origin answers 401 and the body can be sent again.
 *
 * @param provider - A `VismaTokenProvider` from `@visma-auth/core`, or anything with its `getToken` and `invalidate`.
 * @param options - `baseUrl` and/or `allowedOrigins` (one is required), plus defaults for every request.
 * @returns A function with the `fetch` signature that also accepts `init.vismaAuth`.
 * @throws VismaConfigError when the provider is missing or no origin is allowed.
 * @see https://www.rfc-editor.org/rfc/rfc6750 (bearer token usage)
 * @example
 * ```ts
 * const vfetch = createVismaFetch(provider, { baseUrl: 'https://api.finance.visma.net' });
 * const res = await vfetch('/v1/customer', { vismaAuth: { tenantId: 'company-1' } });
 * ```
 */
export function createVismaFetch(
  provider: VismaTokenSource,
  options: VismaFetchOptions = {},
): AuthenticatedFetch {
  return unscoped(createScopedFetch(provider, options));
}

/** The `fetch` signature over a {@link ScopedFetch}: no server request's tenant or signal beside `init`. */
export function unscoped(scoped: ScopedFetch): AuthenticatedFetch {
  return function vismaFetch(input, init) {
    return scoped(input, init, undefined, undefined);
  };
}

/**
 * {@link createVismaFetch}'s wrapper with a server request's parts passed beside `init`: the
 * request's tenant (a call's own `vismaAuth.tenantId` still wins) and the signal of the request
 * ending early, so a request scope copies no init per call. That signal ends the wait for a
 * token (asked for only then); with `abortSentCalls` it is asked for on every call and also ends
 * the call itself, and once aborted lets no call go out. Internal to this package.
 */
export type ScopedFetch = (
  input: Parameters<AuthenticatedFetch>[0],
  init: VismaFetchInit | undefined,
  requestTenantId: string | undefined,
  requestEnd: (() => AbortSignal | undefined) | undefined,
) => Promise<Response>;

/** The wrapper behind {@link createVismaFetch} and the request scopes. */
export function createScopedFetch(
  provider: VismaTokenSource,
  options: VismaFetchOptions = {},
  abortSentCalls = false,
): ScopedFetch {
  assertTokenSource(provider, 'createVismaFetch', 'first');
  const { baseUrl, isAllowed, tokenRequestOf } = createAdapterTarget(options);
  const retryOnUnauthorized = options.retryOnUnauthorized ?? true;
  const customFetch = options.fetch;

  /** Sends with the token and, on a 401 the body allows retrying, once more with a fresh one. */
  function sendAuthenticated(call: AuthenticatedCall, token: AccessToken): Promise<Response> {
    const pending = sendWith(call, token);
    if (!retryOnUnauthorized || !isReplayableBody(call.body)) return pending;
    return pending.then((response) =>
      response.status !== 401 || !answeredBy(response, call.url)
        ? response
        : retryWithFreshToken(call, token, response),
    );
  }

  async function retryWithFreshToken(
    call: AuthenticatedCall,
    rejected: AccessToken,
    response: Response,
  ): Promise<Response> {
    const fresh = await renewRejectedToken(provider, rejected.accessToken, waitRequestOf(call));
    // The API rejects freshly issued tokens for this key: the 401 is the answer for now.
    if (fresh === undefined) return response;
    // Free the connection before the retry; the 401 body is of no use to the caller now.
    await response.body?.cancel().catch(ignore);
    return sendWith(call, fresh);
  }

  async function sendWithFetchedToken(call: AuthenticatedCall): Promise<Response> {
    return sendAuthenticated(call, await provider.getToken(waitRequestOf(call)));
  }

  // Not an async function: a warm call (a token in memory, read with `peekToken`) costs no
  // promise or suspension of its own; every error still reaches the caller as a rejection.
  return function scopedFetch(input, init, requestTenantId, requestEnd): Promise<Response> {
    try {
      const send: FetchLike = customFetch ?? globalThis.fetch;
      const callAuth = init?.vismaAuth;
      // `vismaAuth.tenantId` names another tenant on purpose; left `undefined` it keeps the request's.
      const auth =
        requestTenantId === undefined || callAuth === false || callAuth?.tenantId !== undefined
          ? callAuth
          : { ...callAuth, tenantId: requestTenantId };
      const fetchInit =
        init === undefined || !('vismaAuth' in init) ? init : withoutVismaAuth(init);
      let request: Request | undefined;
      let url: string;
      let target: string | URL | Request;
      let sendInit: RequestInit | undefined = asRequestInit(fetchInit);
      if (typeof input === 'string') {
        url = resolveUrl(input, baseUrl);
        target = url;
      } else if (input instanceof URL) {
        url = input.href;
        target = input;
      } else if (input instanceof Request) {
        request = input;
        url = input.url;
        target = input;
      } else if (isRequestLike(input as unknown)) {
        // A Request from undici's package, node-fetch or another realm: the global fetch would
        // read it as a URL string, so send its parts instead.
        const foreign = input as unknown as RequestLike;
        url = foreign.url;
        target = url;
        sendInit = { ...requestInitOf(foreign), ...sendInit };
        if (fetchInit?.headers === undefined) sendInit.headers = toHeaders(foreign.headers);
      } else {
        // A URL from another realm.
        url = String(input as unknown);
        target = url;
      }
      // With `abortSentCalls`, either ends the call: the caller's own signal or the server
      // request ending early. It goes into the init that is sent, not into a copy made first and
      // copied again there. Without it, the request's end is asked for only to end a wait for a
      // token: making that signal and handing it to `fetch` (a weak reference, a finalizer and a
      // listener in undici) costs 15–40 µs per call.
      let signal: AbortSignal | undefined;
      if (abortSentCalls && requestEnd !== undefined) {
        const ended = requestEnd();
        if (ended?.aborted) return Promise.reject(ended.reason);
        signal = joinSignals(fetchInit?.signal ?? undefined, ended);
      }
      // The caller's init.headers replaces a Request's own headers, as in fetch itself.
      const headers = sendInit?.headers ?? request?.headers;
      if (auth === false || !isAllowed(url) || hasAuthorization(headers)) {
        return send(target, signal === undefined ? sendInit : { ...sendInit, signal });
      }
      const tokenRequest = tokenRequestOf(auth, signal ?? sendInit?.signal ?? request?.signal);
      const call: AuthenticatedCall = {
        send,
        target,
        init: sendInit,
        signal,
        requestEnd: abortSentCalls ? undefined : requestEnd,
        headers,
        url,
        body: sendInit?.body ?? request?.body,
        tokenRequest,
      };
      const token = provider.peekToken?.(tokenRequest);
      return token === undefined ? sendWithFetchedToken(call) : sendAuthenticated(call, token);
    } catch (error) {
      return Promise.reject(error);
    }
  };
}

/** One authenticated call's parts, as the send and retry steps need them. */
interface AuthenticatedCall {
  send: FetchLike;
  target: string | URL | Request;
  init: RequestInit | undefined;
  /** The signal that replaces `init.signal` (a server request's end joined with it), if any. */
  signal: AbortSignal | undefined;
  /** A server request's end not in `signal`: asked for only to end a wait for a token. */
  requestEnd: (() => AbortSignal | undefined) | undefined;
  headers: HeadersLike | undefined | null;
  url: string;
  body: unknown;
  tokenRequest: TokenRequest | undefined;
}

/** The call's token request, its wait also ended by the server request's end (joined only now, on the cold path). */
function waitRequestOf(call: AuthenticatedCall): TokenRequest | undefined {
  const { tokenRequest, requestEnd } = call;
  const ended = requestEnd?.();
  if (ended === undefined) return tokenRequest;
  return { ...tokenRequest, signal: joinSignals(tokenRequest?.signal, ended) };
}

/** Sends with the token's header added to a copy of the caller's headers. */
function sendWith(call: AuthenticatedCall, token: AccessToken): Promise<Response> {
  const headers = withAuthorization(call.headers, bearerHeader(token));
  // Called unbound: workerd's fetch throws "Illegal invocation" when `this` is another object.
  const send = call.send;
  const { init, signal } = call;
  if (signal === undefined)
    return send(call.target, init === undefined ? { headers } : { ...init, headers });
  return send(call.target, init === undefined ? { headers, signal } : { ...init, headers, signal });
}

function withoutVismaAuth(init: VismaFetchInit): Omit<VismaFetchInit, 'vismaAuth'> {
  const { vismaAuth: _ignored, ...rest } = init;
  return rest;
}

/** The init with its headers in a shape every `fetch` takes (a Map or a foreign Headers become `Headers`). */
function asRequestInit(
  init: Omit<VismaFetchInit, 'vismaAuth'> | undefined,
): RequestInit | undefined {
  if (init?.headers === undefined || isHeadersInit(init.headers)) return init as RequestInit;
  return { ...init, headers: toHeaders(init.headers) };
}

/** Either signal ends the wait; without `AbortSignal.any` (Node before 20.3) the caller's own. */
export function joinSignals(
  a: AbortSignal | undefined,
  b: AbortSignal | undefined,
): AbortSignal | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  return typeof AbortSignal.any === 'function' ? AbortSignal.any([a, b]) : a;
}

/** A 401 only says our token is bad when it came from the origin we sent the token to. */
function answeredBy(response: Response, url: string): boolean {
  if (!response.redirected || response.url === '') return true;
  return originOf(response.url) === originOf(url);
}

function ignore(): void {}
