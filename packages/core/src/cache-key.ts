/**
 * Cache keys: one token per (token URL, client, auth method, tenant, scope set). The secret is
 * never part of a key, so keys can be logged and shared through a fleet-wide cache.
 */

/**
 * Splits, de-duplicates and sorts scopes so `['b', 'a a']` and `'a b'` name the same set.
 * @returns the normalized scopes; empty when none were given.
 */
export function normalizeScopes(scopes: readonly string[] | string | undefined): string[] {
  if (scopes === undefined) return [];
  const parts = typeof scopes === 'string' ? [scopes] : scopes;
  const set = new Set<string>();
  for (const part of parts) {
    if (typeof part !== 'string') continue;
    for (const scope of part.split(/\s+/)) {
      if (scope) set.add(scope);
    }
  }
  return [...set].sort();
}

/** What identifies a token; every field is public information. */
export interface CacheKeyParts {
  tokenUrl: string;
  clientId: string;
  authMethod: string;
  tenantId: string | undefined;
  /** Already normalized with {@link normalizeScopes}. */
  scopes: readonly string[];
}

/**
 * Builds the cache key for a token; injective, because every part is JSON-encoded.
 * @example
 * ```ts
 * createCacheKey({ tokenUrl: 'https://connect.visma.com/connect/token', clientId: 'app',
 *   authMethod: 'client_secret_post', tenantId: 't1', scopes: ['a', 'b'] });
 * ```
 */
export function createCacheKey(parts: CacheKeyParts): string {
  return (
    cacheKeyPrefix(parts.tokenUrl, parts.clientId, parts.authMethod) +
    cacheKeySuffix(parts.tenantId, parts.scopes)
  );
}

/** The client part of a key, computed once per provider. */
export function cacheKeyPrefix(tokenUrl: string, clientId: string, authMethod: string): string {
  return `visma-auth:v1:${JSON.stringify([tokenUrl, clientId, authMethod])}`;
}

/** The per-call part of a key. */
export function cacheKeySuffix(tenantId: string | undefined, scopes: readonly string[]): string {
  return `:${JSON.stringify([tenantId ?? null, scopes])}`;
}
