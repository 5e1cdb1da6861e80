import type { AccessToken, TokenRequest, VismaTokenSource } from '@visma-auth/core';
import { assertTokenSource, createAdapterTarget, VismaConfigError } from '@visma-auth/core';
import type { Dispatcher } from 'undici';
import { hasAuthorization } from './authorization-header.js';
import { endWithError } from './end-with-error.js';
import { isUndici7WrapHandler, passOn } from './legacy-pass-through.js';
import { LegacyUnauthorizedRetryHandler } from './legacy-unauthorized-handler.js';
import { isReplayableBody } from './replayable-body.js';
import { sendWithToken } from './send-with-token.js';
import { isTokenEndpointPath, isVismaConnectOrigin } from './token-endpoint.js';
import { type TokenDispatch, TokenResend } from './token-resend.js';
import type { VismaAuthInterceptorOptions, VismaDispatchOptions } from './types.js';
import { UnauthorizedRetryHandler } from './unauthorized-handler.js';

/**
 * Creates an undici interceptor that gives requests to the allowed origins a Visma Connect
 * bearer token and, when such an origin answers 401 and the body can be sent again, retries
 * once with a new token; compose it on any dispatcher, including the global one `fetch` uses.
 *
 * @param provider - A `VismaTokenProvider` from `@visma-auth/core`, or anything with its `getToken` and `invalidate`.
 * @param options - `origins` (required) plus defaults for every request.
 * @returns An interceptor for `dispatcher.compose(...)`.
 * @throws VismaConfigError when the provider or `origins` is missing or an origin is not http(s).
 * @see https://undici.nodejs.org/#/docs/api/Dispatcher?id=dispatchercomposeinterceptors-interceptor
 * @example
 * ```ts
 * setGlobalDispatcher(new Agent().compose(vismaAuth(provider, { origins: ['https://api.finance.visma.net'] })));
 * const res = await fetch('https://api.finance.visma.net/v1/customer');
 * ```
 */
export function vismaAuth(
  provider: VismaTokenSource,
  options: VismaAuthInterceptorOptions,
): Dispatcher.DispatcherComposeInterceptor {
  assertTokenSource(provider, 'vismaAuth', 'first');
  const { isAllowed, tokenRequestOf } = createTarget(options);
  const retryOnUnauthorized = options.retryOnUnauthorized ?? true;
  // Requests mostly go to one origin: its decision is kept, so a repeat costs a string compare.
  let lastOrigin: string | undefined;
  let lastDecision = false;
  const mayReceiveToken = (origin: string): boolean => {
    if (origin !== lastOrigin) {
      lastDecision = isAllowed(origin) && !isVismaConnectOrigin(origin);
      lastOrigin = origin;
    }
    return lastDecision;
  };

  return (dispatch) => {
    const via: TokenDispatch = { provider, dispatch };
    /** Sends with `token`, through a handler that can retry a 401 when the body allows it. */
    const sendFirst = (
      opts: Dispatcher.DispatchOptions,
      handler: Dispatcher.DispatchHandler,
      tokenRequest: TokenRequest | undefined,
      token: AccessToken,
    ) => {
      // Under undici 7, staying in the older handler API from the socket to the caller saves
      // two header conversions per call.
      let next: Dispatcher.DispatchHandler;
      if (!retryOnUnauthorized || !isReplayableBody(opts.body)) next = passOn(handler);
      else {
        const retry = new TokenResend(via, opts, tokenRequest, token);
        next = isUndici7WrapHandler(handler)
          ? (new LegacyUnauthorizedRetryHandler(handler, retry) as Dispatcher.DispatchHandler)
          : new UnauthorizedRetryHandler(handler, retry);
      }
      sendWithToken(dispatch, opts, token, next);
    };
    // Its own function, so the closures of the cold path are not made on a warm call.
    const sendWhenFetched = (
      opts: Dispatcher.DispatchOptions,
      handler: Dispatcher.DispatchHandler,
      tokenRequest: TokenRequest | undefined,
    ) => {
      provider.getToken(tokenRequest).then(
        (token) => sendFirst(opts, handler, tokenRequest, token),
        // Runs in a promise callback: what the caller's handler throws must not escape as an
        // unhandled rejection.
        (error: unknown) => endWithError(handler, null, error),
      );
    };
    return function vismaAuthDispatch(opts, handler) {
      const auth = (opts as VismaDispatchOptions).vismaAuth;
      // Only a dispatch that carries vismaAuth is copied, to take it off.
      const dispatchOpts = 'vismaAuth' in opts ? withoutVismaAuth(opts) : opts;
      const origin = opts.origin === undefined ? '' : String(opts.origin);
      if (
        auth === false ||
        !mayReceiveToken(origin) ||
        hasAuthorization(opts.headers) ||
        isTokenEndpointPath(origin, opts.path)
      ) {
        return dispatch(dispatchOpts, passOn(handler));
      }
      const tokenRequest = tokenRequestOf(auth, abortSignalOf(opts));
      // A warm call (the token in memory, read with `peekToken`) is sent right away, with no
      // promise of its own; otherwise it is sent once `getToken` settles.
      const token = provider.peekToken?.(tokenRequest);
      if (token !== undefined) sendFirst(dispatchOpts, handler, tokenRequest, token);
      else sendWhenFetched(dispatchOpts, handler, tokenRequest);
      return true;
    };
  };
}

function createTarget(options: VismaAuthInterceptorOptions | undefined) {
  const origins = options?.origins;
  if (origins === undefined) {
    throw new VismaConfigError(
      'origins',
      "list the origins that may receive the access token, such as ['https://api.finance.visma.net'], or '*' to send it to every origin.",
    );
  }
  return createAdapterTarget({
    allowedOrigins: origins,
    allowedOriginsOption: 'origins',
    tenantId: options?.tenantId,
    scopes: options?.scopes,
  });
}

function withoutVismaAuth(opts: Dispatcher.DispatchOptions): Dispatcher.DispatchOptions {
  const { vismaAuth: _auth, ...rest } = opts as VismaDispatchOptions;
  return rest;
}

function abortSignalOf(opts: Dispatcher.DispatchOptions): AbortSignal | undefined {
  const signal = (opts as { signal?: unknown }).signal;
  return signal instanceof AbortSignal ? signal : undefined;
}
