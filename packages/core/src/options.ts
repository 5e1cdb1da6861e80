/**
 * The options of `VismaTokenProvider` as users write them, and their defaults; checking them
 * and applying the defaults is `resolve-options.ts`.
 */
import type { CryptoKey, JWK } from 'jose';
import type { VismaAuthEvent, VismaAuthEventType, VismaAuthMeter } from './events.js';
import type { RetryOptions } from './retry.js';
import { DEFAULT_MAX_CACHE_ENTRIES } from './token-cache.js';
import type {
  ClientAuthMethod,
  Clock,
  TokenCache,
  VismaAuthLogger,
  VismaEnvironment,
} from './types.js';

/** A `fetch`-compatible function; the global `fetch` by default. */
export type VismaFetch = (input: string, init: RequestInit) => Promise<Response>;

/** A Node `KeyObject`-shaped private key, typed structurally so no Node types leak into the API. */
export interface PrivateKeyObject {
  readonly type: string;
  export(options: { format: 'jwk' }): object;
}

/** A private key for `private_key_jwt`: a JWK, a PKCS#8 PEM string, a CryptoKey or a Node KeyObject. */
export type VismaPrivateKey = CryptoKey | JWK | string | PrivateKeyObject;

/** Options of {@link VismaTokenProvider}; see the README for why each default is what it is. */
export interface VismaTokenProviderOptions {
  /** The application's client id from the Visma Developer Portal. */
  clientId: string;
  /** The client secret (for `client_secret_post` / `client_secret_basic`). */
  clientSecret?: string;
  /** The private key for `private_key_jwt` (JWK, PKCS#8 PEM, CryptoKey or KeyObject). */
  privateKey?: VismaPrivateKey;
  /** `kid` put in the client assertion header; defaults to the JWK's `kid`. */
  keyId?: string;
  /** Default scopes (array or space-separated); required, overridable per call. */
  scopes: readonly string[] | string;
  /** Default tenant; overridable per call. */
  tenantId?: string;
  /** Visma Connect authority; `token_endpoint` is discovered from it. Default `https://connect.visma.com`. */
  authority?: string;
  /** Shortcut for a known authority. Default `production`. */
  environment?: VismaEnvironment;
  /** Explicit token endpoint; skips discovery. */
  tokenUrl?: string;
  /** Client authentication. Default `client_secret_post`, or `private_key_jwt` with `privateKey`. */
  authMethod?: ClientAuthMethod;
  /** A token is not handed out within this many seconds of expiry. Default 60 (capped at 10 % of the token's life). */
  expirySkewSeconds?: number;
  /** Share of a token's life after which the next call refreshes it in the background. Default 0.8. */
  refreshAhead?: number;
  /** Random spread around `refreshAhead` so a fleet does not refresh in step. Default 0.05 (±5 % of the life). */
  refreshAheadJitter?: number;
  /** Timeout of one token request attempt. Default 10,000 ms. */
  timeoutMs?: number;
  /** Overall time for one token acquisition including retries. Default 30,000 ms. */
  deadlineMs?: number;
  /** Retry policy, or `false` to never retry. */
  retry?: RetryOptions | false;
  /** After a non-retryable failure, identical calls fail fast for this long. Default 5,000 ms; 0 disables. */
  errorCooldownMs?: number;
  /** Where tokens are kept. Default: an in-memory LRU of `maxCacheEntries`. */
  cache?: TokenCache;
  /**
   * Longest one operation on a shared `cache` may take before the cache counts as down and the
   * provider fetches on its own (a wait for another process gets this on top of its own bound).
   * Default `min(timeoutMs, deadlineMs)`.
   */
  cacheTimeoutMs?: number;
  /** Cap of the default in-memory cache. Default 10,000. */
  maxCacheEntries?: number;
  /** `fetch`-compatible transport. Default the global `fetch`. */
  fetch?: VismaFetch;
  /** Time source for expiry and refresh decisions. Default `Date.now`. */
  clock?: Clock;
  /** pino- or console-shaped logger. */
  logger?: VismaAuthLogger;
  /** Called synchronously for every {@link VismaAuthEvent} (of `onEventTypes`, if given). */
  onEvent?: (event: VismaAuthEvent) => void;
  /**
   * The event types `onEvent` receives; default all. Leaving out `cache_hit` spares every warm
   * call building an event no one reads.
   */
  onEventTypes?: readonly VismaAuthEventType[];
  /** OpenTelemetry meter (or anything shaped like one) for metrics. */
  meter?: VismaAuthMeter;
}

/** Visma Connect authorities by environment. */
export const VISMA_AUTHORITIES: Readonly<Record<VismaEnvironment, string>> = {
  production: 'https://connect.visma.com',
  staging: 'https://connect.identity.stagaws.visma.com',
};

/** Values of the numeric options a user leaves out; the docs above and the README quote them. */
export const OPTION_DEFAULTS = {
  expirySkewSeconds: 60,
  refreshAhead: 0.8,
  refreshAheadJitter: 0.05,
  timeoutMs: 10_000,
  deadlineMs: 30_000,
  errorCooldownMs: 5_000,
  maxCacheEntries: DEFAULT_MAX_CACHE_ENTRIES,
} as const;
