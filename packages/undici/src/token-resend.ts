import type { AccessToken, TokenRequest, VismaTokenSource } from '@visma-auth/core';
import { renewRejectedToken } from '@visma-auth/core';
import type { Dispatcher } from 'undici';
import { endWithError } from './end-with-error.js';
import { sendWithToken } from './send-with-token.js';
import type { DeliverRejection, RejectionRetry } from './unauthorized-handler.js';

/** What every request through one composed interceptor shares. */
export interface TokenDispatch {
  provider: VismaTokenSource;
  /** The next dispatcher in the chain. */
  dispatch: Dispatcher.Dispatch;
}

/**
 * The retry of a request sent with `token` whose body can be sent again: on its 401 it drops
 * that token and sends the request once more with a fresh one.
 */
export class TokenResend implements RejectionRetry {
  readonly #via: TokenDispatch;
  readonly #opts: Dispatcher.DispatchOptions;
  readonly #tokenRequest: TokenRequest | undefined;
  readonly #token: AccessToken;

  constructor(
    via: TokenDispatch,
    opts: Dispatcher.DispatchOptions,
    tokenRequest: TokenRequest | undefined,
    token: AccessToken,
  ) {
    this.#via = via;
    this.#opts = opts;
    this.#tokenRequest = tokenRequest;
    this.#token = token;
  }

  run(handler: Dispatcher.DispatchHandler, deliver: DeliverRejection): void {
    const { provider, dispatch } = this.#via;
    renewRejectedToken(provider, this.#token.accessToken, this.#tokenRequest).then(
      (fresh) => {
        // The API rejects freshly issued tokens for this key: the 401 is the answer for now.
        if (fresh === undefined) deliver();
        else sendWithToken(dispatch, this.#opts, fresh, handler);
      },
      (error: unknown) => endWithError(handler, null, error),
    );
  }
}
