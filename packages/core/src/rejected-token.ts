/**
 * What an adapter does when an allowed API answers 401: drop exactly the token it sent, and get
 * one that differs from it, so fetch, axios and third-party transports retry the same way; and
 * stop asking for new tokens while the API keeps rejecting freshly issued ones.
 */

import { normalizeScopes } from './cache-key.js';
import { VismaConfigError, WRONG_TENANT_HINT } from './errors.js';
import type { VismaAuthEvent, VismaAuthEventBase } from './events.js';
import type { VismaTokenSource } from './token-source.js';
import type { AccessToken, Clock, InvalidateRequest, TokenRequest } from './types.js';

/**
 * How long after a 401 renewal the new token counts as fresh (at most half its life, so a short
 * token rejected near its expiry is renewed): if the API rejects it within this window, a new
 * token will not help (usually a wrong tenant), so 401s for that key are returned as they are
 * for a hold that starts at this length.
 */
export const REJECTION_WINDOW_MS = 30_000;

/** The longest hold: while an API keeps rejecting fresh tokens, each hold doubles up to this. */
export const MAX_REJECTION_HOLD_MS = 5 * 60_000;

/**
 * A token this close to its expiry may be rejected for that reason alone (a JWT's `exp` is in
 * whole seconds, and API clocks drift), so such a rejection never starts a hold.
 */
const EXPIRY_SLACK_MS = 2_000;

/** Per-key state is kept for at most this many keys per source; expired entries go first. */
const MAX_TRACKED_KEYS = 1_000;

/** How many wrappers deep `resolveTokenRequest` is followed (a cycle is a bug, not a loop). */
const MAX_WRAPPERS = 8;

/** What a provider lends the 401 handling: its clock, its event sink and its cache keys. */
export interface RejectionHooks {
  clock: Clock;
  emit(event: VismaAuthEvent): void;
  /** Key, tenant and scopes of a request, as events carry them; may throw for invalid input. */
  describe(request: TokenRequest | undefined): VismaAuthEventBase;
}

interface KeyState {
  /** The token the last renewal handed out (kept only in memory, as the cache does). */
  renewed: string;
  /** A rejection of `renewed` before then means fresh tokens do not help. */
  freshUntil: number;
  /** When `renewed` expires: a rejection close to it may be just that. */
  expiresAt: number;
  /** 401s for this key are returned without a renewal until then. */
  holdUntil: number;
  /** Consecutive holds: each doubles the hold, and only the first is logged as a warning. */
  holds: number;
}

const hooksBySource = new WeakMap<object, RejectionHooks>();
const statesBySource = new WeakMap<object, Map<string, KeyState>>();
const systemClock: Clock = { now: () => Date.now() };

/** Lets `source`'s 401 handling use its clock, events and cache keys (the provider calls it). */
export function bindRejectionHooks(source: object, hooks: RejectionHooks): void {
  hooksBySource.set(source, hooks);
}

/**
 * Invalidates the access token an API rejected and returns a different one for the same tenant
 * and scopes, forcing a refresh when the cache still hands out the rejected token; returns
 * `undefined` when the API already rejected a token freshly issued for this key (the caller
 * then returns the 401 as it is, without a token request).
 *
 * A renewed token that the API also rejects within {@link REJECTION_WINDOW_MS} (or the first half
 * of its life, if shorter) starts a hold for
 * its key: 401s are returned as they are for 30 s, doubling while it goes on, up to
 * {@link MAX_REJECTION_HOLD_MS}. Each hold emits one `rejection_hold` event with the wrong-tenant
 * hint; the first is logged as a warning. So an API that rejects every token costs two token
 * requests per hold, not one per call.
 *
 * A source with `resolveTokenRequest` (a wrapper that fills in the tenant per call) is resolved
 * first, so the state is kept per resolved tenant on the source it wraps: requests whose tenant
 * the wrapper has not filled in yet are never merged.
 *
 * @param source - The provider the rejected token came from.
 * @param rejectedAccessToken - The bearer token the API answered 401 to.
 * @param request - The token request the rejected token was got with (tenant, scopes, signal).
 * @returns The token to retry the request with, or `undefined` to return the 401 without a retry.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1 (`invalid_token`)
 * @example
 * ```ts
 * const fresh = await renewRejectedToken(provider, sent.accessToken, { tenantId: 'company-1' });
 * if (fresh === undefined) return response; // the API rejects fresh tokens: do not hammer Visma
 * ```
 */
export async function renewRejectedToken(
  wrapper: VismaTokenSource,
  rejectedAccessToken: string,
  unresolved?: TokenRequest,
): Promise<AccessToken | undefined> {
  const { source, request } = resolve(wrapper, unresolved);
  const hooks = hooksBySource.get(source);
  const now = (hooks?.clock ?? systemClock).now();
  const target = describe(hooks, request);
  const states = statesFor(source);
  const state = states.get(target.key);
  if (state !== undefined && now < state.holdUntil) return undefined;
  const sameChain = state !== undefined && state.renewed === rejectedAccessToken;
  if (sameChain && now < state.freshUntil && state.expiresAt - now > EXPIRY_SLACK_MS) {
    // The token we renewed to is rejected too: another one will not help, so hold.
    state.holds++;
    const holdMs = Math.min(REJECTION_WINDOW_MS * 2 ** (state.holds - 1), MAX_REJECTION_HOLD_MS);
    state.holdUntil = now + holdMs;
    hooks?.emit({
      type: 'rejection_hold',
      ...target,
      holdMs,
      holds: state.holds,
      hint: WRONG_TENANT_HINT,
    });
    return undefined;
  }

  // Compare-and-delete: another caller may already have replaced the rejected token.
  const invalidate: InvalidateRequest = { accessToken: rejectedAccessToken };
  if (request?.tenantId !== undefined) invalidate.tenantId = request.tenantId;
  if (request?.scopes !== undefined) invalidate.scopes = request.scopes;
  await source.invalidate(invalidate);
  let fresh = await source.getToken(request);
  // A source that ignores invalidate, or a shared cache another process refilled, can still
  // hand back the rejected token: only the token endpoint can replace it then.
  if (fresh.accessToken === rejectedAccessToken) {
    fresh = await source.getToken({ ...request, forceRefresh: true });
  }
  const renewedAt = (hooks?.clock ?? systemClock).now();
  const halfLife = (fresh.expiresAt - renewedAt) / 2;
  remember(states, target.key, {
    renewed: fresh.accessToken,
    freshUntil: renewedAt + Math.min(REJECTION_WINDOW_MS, Math.max(halfLife, 0)),
    expiresAt: fresh.expiresAt,
    holdUntil: 0,
    holds: sameChain ? (state?.holds ?? 0) : 0,
  });
  return fresh;
}

/** Follows `resolveTokenRequest` down to the source that serves the request. */
function resolve(source: VismaTokenSource, request: TokenRequest | undefined) {
  let resolved = { source, request };
  for (let depth = 0; resolved.source.resolveTokenRequest !== undefined; depth++) {
    if (depth === MAX_WRAPPERS) {
      throw new VismaConfigError(
        'provider',
        `resolveTokenRequest leads through more than ${MAX_WRAPPERS} wrappers; it must return the source the wrapper delegates to`,
      );
    }
    resolved = resolved.source.resolveTokenRequest(resolved.request);
  }
  return resolved;
}

function describe(hooks: RejectionHooks | undefined, request: TokenRequest | undefined) {
  if (hooks !== undefined) {
    try {
      return hooks.describe(request);
    } catch {
      // Invalid per-call input: getToken rejects it with the typed error below.
    }
  }
  const scopes = request?.scopes === undefined ? [] : safeScopes(request.scopes);
  const key = `${request?.tenantId ?? ''}\u0000${scopes.join(' ')}`;
  return request?.tenantId === undefined
    ? { key, scopes }
    : { key, tenantId: request.tenantId, scopes };
}

function safeScopes(scopes: readonly string[] | string): readonly string[] {
  try {
    return normalizeScopes(scopes);
  } catch {
    return [];
  }
}

function statesFor(source: object): Map<string, KeyState> {
  let states = statesBySource.get(source);
  if (states === undefined) {
    states = new Map();
    statesBySource.set(source, states);
  }
  return states;
}

function remember(states: Map<string, KeyState>, key: string, state: KeyState): void {
  states.delete(key);
  if (states.size >= MAX_TRACKED_KEYS) {
    // Map order is insertion order: the first entry is the oldest renewal.
    const oldest = states.keys().next();
    if (!oldest.done) states.delete(oldest.value);
  }
  states.set(key, state);
}
