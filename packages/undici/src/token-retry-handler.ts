import type { AccessToken, TokenRequest, VismaTokenSource } from '@visma-auth/core';
import { renewRejectedToken } from '@visma-auth/core';
import type { Dispatcher } from 'undici';
import { endWithError } from './end-with-error.js';
import type { LegacyDispatchHandler } from './legacy-pass-through.js';
import { LegacyUnauthorizedRetryHandler } from './legacy-unauthorized-handler.js';
import { sendWithToken } from './send-with-token.js';
import { type DeliverRejection, UnauthorizedRetryHandler } from './unauthorized-handler.js';

/** What every request through one composed interceptor shares. */
export interface TokenDispatch {
  provider: VismaTokenSource;
  /** The next dispatcher in the chain. */
  dispatch: Dispatcher.Dispatch;
}

/**
 * The handler of a request sent with `token` whose body can be sent again: on a 401 from the
 * origin it drops that token and sends the request once more with a fresh one.
 */
export class TokenRetryHandler extends UnauthorizedRetryHandler {
  readonly #via: TokenDispatch;
  readonly #opts: Dispatcher.DispatchOptions;
  readonly #tokenRequest: TokenRequest | undefined;
  readonly #token: AccessToken;

  constructor(
    handler: Dispatcher.DispatchHandler,
    via: TokenDispatch,
    opts: Dispatcher.DispatchOptions,
    tokenRequest: TokenRequest | undefined,
    token: AccessToken,
  ) {
    super(handler);
    this.#via = via;
    this.#opts = opts;
    this.#tokenRequest = tokenRequest;
    this.#token = token;
  }

  protected retry(deliver: DeliverRejection): void {
    resendWithFreshToken(
      this.#via,
      this.#opts,
      this.#tokenRequest,
      this.#token,
      this.handler,
      deliver,
    );
  }
}

/** {@link TokenRetryHandler} in undici 7's older handler API (see {@link LegacyUnauthorizedRetryHandler}). */
export class LegacyTokenRetryHandler extends LegacyUnauthorizedRetryHandler {
  readonly #via: TokenDispatch;
  readonly #opts: Dispatcher.DispatchOptions;
  readonly #tokenRequest: TokenRequest | undefined;
  readonly #token: AccessToken;

  constructor(
    handler: Dispatcher.DispatchHandler & LegacyDispatchHandler,
    via: TokenDispatch,
    opts: Dispatcher.DispatchOptions,
    tokenRequest: TokenRequest | undefined,
    token: AccessToken,
  ) {
    super(handler);
    this.#via = via;
    this.#opts = opts;
    this.#tokenRequest = tokenRequest;
    this.#token = token;
  }

  protected retry(deliver: DeliverRejection): void {
    resendWithFreshToken(
      this.#via,
      this.#opts,
      this.#tokenRequest,
      this.#token,
      this.handler,
      deliver,
    );
  }
}

/**
 * Drops the rejected `token` and sends the request once more to `handler` with a fresh one, or
 * calls `deliver` when the provider holds back new tokens for this key after repeated 401s.
 */
function resendWithFreshToken(
  via: TokenDispatch,
  opts: Dispatcher.DispatchOptions,
  tokenRequest: TokenRequest | undefined,
  token: AccessToken,
  handler: Dispatcher.DispatchHandler,
  deliver: DeliverRejection,
): void {
  renewRejectedToken(via.provider, token.accessToken, tokenRequest).then(
    (fresh) => {
      // The API rejects freshly issued tokens for this key: the 401 is the answer for now.
      if (fresh === undefined) deliver();
      else sendWithToken(via.dispatch, opts, fresh, handler);
    },
    (error: unknown) => endWithError(handler, null, error),
  );
}
