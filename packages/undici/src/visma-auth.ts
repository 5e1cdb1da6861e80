import type { AccessToken, VismaTokenSource } from '@visma-auth/core';
import {
  assertTokenSource,
  bearerHeader,
  createAdapterTarget,
  renewRejectedToken,
  VismaConfigError,
} from '@visma-auth/core';
import type { Dispatcher } from 'undici';
import { hasAuthorization, withAuthorization } from './authorization-header.js';
import { isReplayableBody } from './replayable-body.js';
import { isTokenEndpointRequest } from './token-endpoint.js';
import type { VismaAuthInterceptorOptions, VismaDispatchOptions } from './types.js';
import {
  type DeliverRejection,
  endWithError,
  UnauthorizedRetryHandler,
} from './unauthorized-handler.js';

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

  return (dispatch) =>
    function vismaAuthDispatch(opts, handler) {
      const auth = (opts as VismaDispatchOptions).vismaAuth;
      // Only a dispatch that carries vismaAuth is copied, to take it off.
      const dispatchOpts = 'vismaAuth' in opts ? withoutVismaAuth(opts) : opts;
      const origin = opts.origin === undefined ? '' : String(opts.origin);
      if (
        auth === false ||
        !isAllowed(origin) ||
        hasAuthorization(opts.headers) ||
        isTokenEndpointRequest(origin, opts.path)
      ) {
        return dispatch(dispatchOpts, handler);
      }
      const tokenRequest = tokenRequestOf(auth, abortSignalOf(opts));
      // Runs in promise callbacks: what the caller's handler throws must not escape as an
      // unhandled rejection. No request is running yet, so there is no controller to hand over
      // (as in undici's own dns interceptor).
      const fail = (error: unknown) => endWithError(handler, null, error);
      const replayable = retryOnUnauthorized && isReplayableBody(dispatchOpts.body);
      // A dispatch that throws (bad options) must reach the handler, not become an unhandled rejection.
      const send = (token: AccessToken, next: Dispatcher.DispatchHandler) => {
        try {
          dispatch(withToken(dispatchOpts, token), next);
        } catch (error) {
          fail(error);
        }
      };
      provider.getToken(tokenRequest).then((token) => {
        if (!replayable) {
          send(token, handler);
          return;
        }
        const retry = (deliverRejection: DeliverRejection) => {
          renewRejectedToken(provider, token.accessToken, tokenRequest).then((fresh) => {
            // The API rejects freshly issued tokens for this key: the 401 is the answer for now.
            if (fresh === undefined) deliverRejection();
            else send(fresh, handler);
          }, fail);
        };
        send(token, new UnauthorizedRetryHandler(handler, retry));
      }, fail);
      return true;
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

/** A copy of the dispatch with the token's header added to a copy of its headers. */
function withToken(
  opts: Dispatcher.DispatchOptions,
  token: AccessToken,
): Dispatcher.DispatchOptions {
  return { ...opts, headers: withAuthorization(opts.headers, bearerHeader(token)) };
}

function withoutVismaAuth(opts: Dispatcher.DispatchOptions): Dispatcher.DispatchOptions {
  const { vismaAuth: _auth, ...rest } = opts as VismaDispatchOptions;
  return rest;
}

function abortSignalOf(opts: Dispatcher.DispatchOptions): AbortSignal | undefined {
  const signal = (opts as { signal?: unknown }).signal;
  return signal instanceof AbortSignal ? signal : undefined;
}
