/**
 * The slice of the provider that transport adapters depend on, so a custom provider or a test
 * double can stand in for `VismaTokenProvider` wherever an adapter takes one.
 */
import { VismaConfigError } from './errors.js';
import type { AccessToken, InvalidateRequest, TokenRequest } from './types.js';

/**
 * The part of a `VismaTokenProvider` the adapters use, so a custom provider or a test double
 * can stand in for it.
 */
export interface VismaTokenSource {
  /** Returns a valid access token for the request's tenant and scopes. */
  getToken(request?: TokenRequest): Promise<AccessToken>;
  /** Drops a cached token; with `accessToken` only if the cache still holds that token. */
  invalidate(request?: InvalidateRequest): Promise<boolean>;
  /**
   * Optional: the token `getToken(request)` would answer from memory right now, synchronously,
   * or `undefined` when it would have to wait. Adapters call it first on every request and fall
   * back to `getToken`, so a warm call needs no promise. A wrapper that changes the request
   * (see `resolveTokenRequest`) must apply the same change here, or leave it out.
   */
  peekToken?(request?: TokenRequest): AccessToken | undefined;
  /**
   * Optional, for a wrapper that fills in part of each request itself (such as the tenant of the
   * current HTTP request) before passing it to another source: that source and the request as it
   * serves it, so the 401 handling keys its state by the resolved tenant and uses the inner
   * source's clock and events. A wrapper that resolves tenants per call must implement it.
   */
  resolveTokenRequest?(request?: TokenRequest): ResolvedTokenRequest;
}

/** What {@link VismaTokenSource.resolveTokenRequest} returns. */
export interface ResolvedTokenRequest {
  /** The source that serves the request (e.g. the `VismaTokenProvider` a wrapper delegates to). */
  source: VismaTokenSource;
  /** The request with everything the wrapper fills in (the tenant above all). */
  request: TokenRequest | undefined;
}

/**
 * Throws `VismaConfigError` (option `provider`) unless `value` has `getToken` and `invalidate`,
 * so an adapter fails at setup rather than on its first request.
 *
 * @param value - What the caller passed as the provider.
 * @param caller - The adapter function, named in the message (e.g. `createVismaFetch`).
 * @param argument - Which argument of `caller` the provider is (`first`, `second`, ...).
 * @throws VismaConfigError when `value` is not a token source.
 * @example
 * ```ts
 * assertTokenSource(provider, 'withVismaAuth', 'second');
 * ```
 */
export function assertTokenSource(
  value: unknown,
  caller: string,
  argument = 'first',
): asserts value is VismaTokenSource {
  const source = value as Partial<VismaTokenSource> | null;
  if (
    source === null ||
    typeof source !== 'object' ||
    typeof source.getToken !== 'function' ||
    typeof source.invalidate !== 'function'
  ) {
    throw new VismaConfigError(
      'provider',
      `${caller} needs a token provider (a VismaTokenProvider or an object with getToken and invalidate) as its ${argument} argument.`,
    );
  }
}
