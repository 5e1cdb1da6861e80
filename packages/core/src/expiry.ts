import { normalizeScopes } from './cache-key.js';
import type { CachedToken } from './types.js';

/** The timing knobs that turn a token response into a cache entry. */
export interface ExpiryPolicy {
  /** Configured skew in ms. */
  expirySkewMs: number;
  /** Whether the skew was set by the user (honoured up to half the life) or is the default (up to 10 %). */
  explicitSkew: boolean;
  refreshAhead: number;
  refreshAheadJitter: number;
}

/**
 * Builds a cache entry: expiry from `expires_in` and the local clock at receipt (never from JWT
 * claims), and a jittered refresh-ahead time so a fleet does not refresh in step.
 */
export function createCachedToken(
  response: { accessToken: string; expiresInSeconds: number; scope: string | undefined },
  receivedAt: number,
  requestedScopes: readonly string[],
  tenantId: string | undefined,
  policy: ExpiryPolicy,
  random: () => number = Math.random,
): CachedToken {
  const lifeMs = response.expiresInSeconds * 1000;
  const expiresAt = receivedAt + lifeMs;
  const share = Math.min(
    1,
    Math.max(0.05, policy.refreshAhead + (random() * 2 - 1) * policy.refreshAheadJitter),
  );
  const usable = expiresAt - effectiveSkewMs(lifeMs, policy);
  const refreshAt = Math.min(receivedAt + lifeMs * share, usable);
  const granted = response.scope === undefined ? [] : normalizeScopes(response.scope);
  const entry: CachedToken = {
    accessToken: response.accessToken,
    tokenType: 'Bearer',
    expiresAt,
    scopes: Object.freeze(granted.length > 0 ? granted : [...requestedScopes]),
    ...(tenantId === undefined ? {} : { tenantId }),
    receivedAt,
    refreshAt,
    usableUntil: usable,
  };
  return Object.freeze(entry);
}

/**
 * The skew actually applied to a token of `lifeMs`: the default 60 s never takes more than 10 %
 * of a short token's life, and an explicit value never more than half of it.
 */
export function effectiveSkewMs(lifeMs: number, policy: ExpiryPolicy): number {
  return Math.min(policy.expirySkewMs, lifeMs * (policy.explicitSkew ? 0.5 : 0.1));
}

/** Until when an entry may be handed out; entries from other processes may lack `usableUntil`. */
export function usableUntil(entry: CachedToken, policy: ExpiryPolicy): number {
  if (entry.usableUntil !== undefined) return entry.usableUntil;
  return entry.expiresAt - effectiveSkewMs(entry.expiresAt - entry.receivedAt, policy);
}
