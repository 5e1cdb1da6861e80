import * as oauth from 'oauth4webapi';
import { MAX_RESPONSE_BODY_BYTES, withCappedBody } from './body-limit.js';
import { isRetryableStatus, VismaAuthError, VismaConfigError, VismaServerError } from './errors.js';
import { isAllowedUrl } from './secure-url.js';
import { type AttemptContext, httpOptions, transportError } from './token-endpoint.js';

/**
 * Reads `token_endpoint` from the authority's OpenID Connect discovery document.
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html
 */
export async function discoverAuthorizationServer(
  authority: URL,
  ctx: AttemptContext,
): Promise<oauth.AuthorizationServer> {
  const signal = ctx.signal;
  let response: Response;
  try {
    response = await oauth.discoveryRequest(authority, {
      ...(httpOptions(authority, ctx.fetch) as oauth.DiscoveryRequestOptions),
      algorithm: 'oidc',
      signal,
    });
  } catch (error) {
    throw transportError(error, authority.href, ctx);
  }
  if (isRetryableStatus(response.status)) {
    await response.body?.cancel().catch(() => {});
    throw new VismaServerError(response.status);
  }
  let as: oauth.AuthorizationServer;
  try {
    const capped =
      response.status === 200 ? await withCappedBody(response, MAX_RESPONSE_BODY_BYTES) : response;
    as = await oauth.processDiscoveryResponse(authority, capped);
  } catch (error) {
    if (error instanceof VismaAuthError) throw error;
    if (ctx.timeoutSignal.aborted || ctx.closeSignal.aborted)
      throw transportError(error, authority.href, ctx);
    throw new VismaConfigError(
      'authority',
      `OpenID Connect discovery at ${authority.origin} failed (${error instanceof Error ? error.message : 'invalid document'}); check authority or pass tokenUrl`,
    );
  }
  const tokenEndpoint = as.token_endpoint;
  if (typeof tokenEndpoint !== 'string' || !URL.canParse(tokenEndpoint)) {
    throw new VismaConfigError(
      'authority',
      'the discovery document has no valid token_endpoint; pass tokenUrl',
    );
  }
  if (!isAllowedUrl(new URL(tokenEndpoint))) {
    throw new VismaConfigError(
      'authority',
      'the discovered token_endpoint is not https:; refusing to send credentials over it',
    );
  }
  return as;
}
