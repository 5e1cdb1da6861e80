import type { AccessToken, TokenRequest, VismaTokenSource } from '@visma-auth/core';
import { renewRejectedToken } from '@visma-auth/core';
import type { Dispatcher } from 'undici';
import { sendWithToken } from './send-with-token.js';
import {
  type DeliverRejection,
  endWithError,
  UnauthorizedRetryHandler,
} from './unauthorized-handler.js';

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
    const { provider, dispatch } = this.#via;
    const handler = this.handler;
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
