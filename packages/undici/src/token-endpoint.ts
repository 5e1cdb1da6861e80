import { isProviderRequest, VISMA_AUTHORITIES } from '@visma-auth/core';

const authorities = new Set<string>(Object.values(VISMA_AUTHORITIES));

/*
 * Whether a request goes to Visma Connect itself (its token or discovery endpoint), or is a
 * token or discovery request a provider of this process is sending, whatever its URL (a
 * gateway, a test double): the origin check is kept per origin, the path check runs per request.
 * The provider's own token request may pass through this very interceptor (the global
 * dispatcher with `origins: '*'`); giving it a token would wait on itself until the deadline.
 */

/** Whether `origin` is one of Visma Connect's own; depends on the origin alone. */
export function isVismaConnectOrigin(origin: string): boolean {
  return authorities.has(withoutTrailingSlash(origin));
}

/** Whether `path` on `origin` is a token or discovery request, by its path or as a provider's own. */
export function isTokenEndpointPath(origin: string, path: string | undefined): boolean {
  if (path === undefined) return false;
  if (isProviderRequest(`${withoutTrailingSlash(origin)}${path}`)) return true;
  const end = path.indexOf('?');
  const pathname = end === -1 ? path : path.slice(0, end);
  return pathname.endsWith('/connect/token') || pathname.startsWith('/.well-known/');
}

/** Runs for every dispatch: a slice, not a regular expression, for undici's rare trailing slash. */
function withoutTrailingSlash(origin: string): string {
  return origin.endsWith('/') ? origin.slice(0, -1) : origin;
}
