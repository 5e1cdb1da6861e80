import { normalizeScopes } from './cache-key.js';
import { decodeAccessToken } from './decode.js';
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
 * How far the token's `iat` (or `nbf`) may lie outside the local request window before the
 * clocks are taken to disagree; within it, a skew shortens a token's life by at most this much.
 */
const CLOCK_TOLERANCE_MS = 2_000;

/**
 * Builds a cache entry: expiry at the earlier of (request start + `expires_in`) and the JWT's
 * `exp` claim when the token has one, and a jittered refresh-ahead time so a fleet does not
 * refresh in step. `exp` counts whole seconds, so a token can expire up to a second before
 * `expires_in` says. `exp` is read in server time, so it is used only while the local clock
 * agrees with the token's `iat`/`nbf`; with a skewed clock, `expires_in` alone decides.
 * @param requestedAt - When the token request was sent: the token's life began no earlier.
 * @param respondedAt - When the response arrived (default `requestedAt`).
 */
export function createCachedToken(
  response: { accessToken: string; expiresInSeconds: number; scope: string | undefined },
  requestedAt: number,
  requestedScopes: readonly string[],
  tenantId: string | undefined,
  policy: ExpiryPolicy,
  random: () => number = Math.random,
  respondedAt: number = requestedAt,
): CachedToken {
  const byExpiresIn = requestedAt + response.expiresInSeconds * 1000;
  const byClaim = claimedExpiry(response.accessToken, requestedAt, respondedAt);
  const expiresAt = byClaim === undefined ? byExpiresIn : Math.min(byExpiresIn, byClaim);
  const lifeMs = expiresAt - requestedAt;
  const share = Math.min(
    1,
    Math.max(0.05, policy.refreshAhead + (random() * 2 - 1) * policy.refreshAheadJitter),
  );
  const usable = expiresAt - effectiveSkewMs(lifeMs, policy);
  const refreshAt = Math.min(requestedAt + lifeMs * share, usable);
  const granted = response.scope === undefined ? [] : normalizeScopes(response.scope);
  const entry: CachedToken = {
    accessToken: response.accessToken,
    tokenType: 'Bearer',
    expiresAt,
    scopes: Object.freeze(granted.length > 0 ? granted : [...requestedScopes]),
    ...(tenantId === undefined ? {} : { tenantId }),
    receivedAt: requestedAt,
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

/**
 * The `exp` claim of a JWT access token in epoch ms, when it can be compared with the local
 * clock: the token was issued (`iat`, else `nbf`, in whole seconds) while the request was in
 * flight, give or take {@link CLOCK_TOLERANCE_MS}, and `exp` is not already past. `undefined`
 * for opaque tokens and skewed clocks.
 */
function claimedExpiry(
  accessToken: string,
  requestedAt: number,
  respondedAt: number,
): number | undefined {
  const claims = decodeAccessToken(accessToken)?.payload;
  const exp = claims?.exp;
  if (typeof exp !== 'number' || !Number.isFinite(exp) || exp * 1000 <= requestedAt) {
    return undefined;
  }
  const issued = typeof claims?.iat === 'number' ? claims.iat : claims?.nbf;
  if (typeof issued === 'number' && Number.isFinite(issued)) {
    const issuedMs = issued * 1000;
    const agrees =
      issuedMs >= requestedAt - 1000 - CLOCK_TOLERANCE_MS &&
      issuedMs <= respondedAt + CLOCK_TOLERANCE_MS;
    if (!agrees) return undefined;
  }
  return exp * 1000;
}
