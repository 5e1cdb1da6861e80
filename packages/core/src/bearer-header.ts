import type { AccessToken } from './types.js';

/** Header values built so far, per token object: the warm path hands out the same object. */
const headers = new WeakMap<AccessToken, string>();

/**
 * Returns the `Authorization` value for a token, `Bearer <access token>`, built once per token
 * object: a transport that sends it on every request then gets the same flat string each time
 * instead of a new one to copy and check.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 * @example
 * ```ts
 * headers.authorization = bearerHeader(await provider.getToken());
 * ```
 */
export function bearerHeader(token: AccessToken): string {
  let header = headers.get(token);
  if (header === undefined) {
    header = `Bearer ${token.accessToken}`;
    headers.set(token, header);
  }
  return header;
}
