/**
 * What an adapter does when an allowed API answers 401: drop exactly the token it sent, and get
 * one that differs from it, so fetch, axios and third-party transports retry the same way.
 */
import type { VismaTokenSource } from './token-source.js';
import type { AccessToken, InvalidateRequest, TokenRequest } from './types.js';

/**
 * Invalidates the access token an API rejected and returns a different one for the same tenant
 * and scopes, forcing a refresh when the cache still hands out the rejected token.
 *
 * @param source - The provider the rejected token came from.
 * @param rejectedAccessToken - The bearer token the API answered 401 to.
 * @param request - The token request the rejected token was got with (tenant, scopes, signal).
 * @returns The token to retry the request with.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1 (`invalid_token`)
 * @example
 * ```ts
 * const fresh = await renewRejectedToken(provider, sent.accessToken, { tenantId: 'company-1' });
 * ```
 */
export async function renewRejectedToken(
  source: VismaTokenSource,
  rejectedAccessToken: string,
  request?: TokenRequest,
): Promise<AccessToken> {
  // Compare-and-delete: another caller may already have replaced the rejected token.
  const invalidate: InvalidateRequest = { accessToken: rejectedAccessToken };
  if (request?.tenantId !== undefined) invalidate.tenantId = request.tenantId;
  if (request?.scopes !== undefined) invalidate.scopes = request.scopes;
  await source.invalidate(invalidate);
  const fresh = await source.getToken(request);
  if (fresh.accessToken !== rejectedAccessToken) return fresh;
  // A source that ignores invalidate, or a shared cache another process refilled, can still
  // hand back the rejected token: only the token endpoint can replace it then.
  return source.getToken({ ...request, forceRefresh: true });
}
