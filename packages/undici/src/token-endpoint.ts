import { VISMA_AUTHORITIES } from '@visma-auth/core';

const authorities = new Set<string>(Object.values(VISMA_AUTHORITIES));

/**
 * Whether a request goes to Visma Connect itself (its token or discovery endpoint). The
 * provider's own token request may pass through this very interceptor (the global dispatcher
 * with `origins: '*'`); giving it a token would wait on itself forever.
 */
export function isTokenEndpointRequest(origin: string, path: string | undefined): boolean {
  if (authorities.has(origin.replace(/\/$/, ''))) return true;
  if (path === undefined) return false;
  const end = path.indexOf('?');
  const pathname = end === -1 ? path : path.slice(0, end);
  return pathname.endsWith('/connect/token') || pathname.startsWith('/.well-known/');
}
