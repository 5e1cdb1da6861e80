/**
 * Public types of @visma-auth/core. Adapters (fetch, axios, nestjs, redis) and users code
 * against these names; change them only on purpose.
 */

/** A valid access token as handed out by {@link VismaTokenProvider.getToken}. */
export interface AccessToken {
  /** The bearer token; never log it. */
  readonly accessToken: string;
  /** Always `Bearer` for Visma Connect. */
  readonly tokenType: string;
  /**
   * Epoch milliseconds at which the token expires: the earlier of the request's start plus
   * `expires_in` and, for a JWT, its `exp` claim.
   */
  readonly expiresAt: number;
  /** Scopes granted by the server (the `scope` field), or the requested ones when it is absent. */
  readonly scopes: readonly string[];
  /** The tenant the token was issued for, when one was requested. */
  readonly tenantId?: string;
}

/** What a single `getToken` call asks for; unset fields fall back to the provider's options. */
export interface TokenRequest {
  /** Tenant to act for; overrides the provider's default `tenantId`. */
  tenantId?: string;
  /** Scopes to request (array or space-separated); overrides the provider's default `scopes`. */
  scopes?: readonly string[] | string;
  /** Aborts this caller's wait without cancelling a fetch that other callers share. */
  signal?: AbortSignal;
  /** Skip the cache and fetch a new token (still single-flight per key). */
  forceRefresh?: boolean;
}

/** Which cached token to drop; `accessToken` makes it a compare-and-delete. */
export interface InvalidateRequest {
  tenantId?: string;
  scopes?: readonly string[] | string;
  /** Only drop the cache entry if it still holds this token (the one an API rejected). */
  accessToken?: string;
}

/** A cache entry: the token plus the times the provider needs to decide on refresh. */
export interface CachedToken extends AccessToken {
  /** Epoch ms when the token request was sent (the token's life began no earlier). */
  readonly receivedAt: number;
  /** Epoch ms after which the next call starts a background refresh (refresh-ahead). */
  readonly refreshAt: number;
  /**
   * Epoch ms after which the token is no longer handed out (`expiresAt` minus the skew).
   * Optional so entries written by older versions stay readable.
   */
  readonly usableUntil?: number;
}

/** A lease held by one process while it fetches a token for a key (shared caches only). */
export interface TokenCacheLock {
  /** Releases the lease if this holder still owns it. */
  release(): Promise<void>;
}

/**
 * Where tokens are kept. The in-memory LRU is the default; `@visma-auth/redis` shares one
 * across a fleet. Keys never contain a secret.
 */
export interface TokenCache {
  get(key: string): Promise<CachedToken | undefined>;
  /** Stores an entry; implementations should expire it no later than `entry.expiresAt`. */
  set(key: string, entry: CachedToken): Promise<void>;
  /**
   * Deletes the entry; when `accessToken` is given, only if the stored entry holds that token.
   * @returns whether an entry was deleted.
   */
  delete(key: string, accessToken?: string): Promise<boolean>;
  /** Optional: takes a short lease so only one process fetches for `key`; `undefined` if another holds it. */
  acquireLock?(key: string, ttlMs: number): Promise<TokenCacheLock | undefined>;
  /** Optional: waits (bounded) for another process to store an entry for `key`. */
  waitForEntry?(
    key: string,
    options: { timeoutMs: number; signal?: AbortSignal },
  ): Promise<CachedToken | undefined>;
  /** Optional: releases timers or connections the cache owns (not the user's client). */
  close?(): Promise<void>;
}

/** Source of the current time in epoch milliseconds; injectable so tests need no sleeps. */
export interface Clock {
  now(): number;
}

/** A pino- or console-shaped logger; only these methods are used. */
export interface VismaAuthLogger {
  debug?(obj: unknown, msg?: string): void;
  info?(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
}

/** How the client authenticates at the token endpoint. */
export type ClientAuthMethod = 'client_secret_post' | 'client_secret_basic' | 'private_key_jwt';

/** Known Visma Connect environments. */
export type VismaEnvironment = 'production' | 'staging';
