import type { AccessToken, TokenRequest } from '@visma-auth/core';
import { bearerHeader } from '@visma-auth/core';

/**
 * What the hooks sent, kept in got's `context`: the token and its header are private fields, so
 * logging the options of a got error (`JSON.stringify`, `util.inspect`) shows neither. Nothing
 * in it changes, so warm calls with the same token and origin share one.
 */
export class Sent {
  readonly #token: AccessToken;
  readonly #authorization: string;

  constructor(
    token: AccessToken,
    /** The origin the token was got for. */
    readonly origin: string,
    readonly request: TokenRequest | undefined,
    readonly retried: boolean,
  ) {
    this.#token = token;
    this.#authorization = bearerHeader(token);
  }

  /** The access token that was sent. */
  get accessToken(): string {
    return this.#token.accessToken;
  }

  /** The `Authorization` value that was sent: `Bearer <access token>`. */
  get authorization(): string {
    return this.#authorization;
  }
}
