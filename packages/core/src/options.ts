import type { CryptoKey, JWK } from 'jose';
import { normalizeScopes } from './cache-key.js';
import { VismaConfigError } from './errors.js';
import type { VismaAuthEvent, VismaAuthMeter } from './events.js';
import { DEFAULT_RETRY, type ResolvedRetryOptions, type RetryOptions } from './retry.js';
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
  /** Cap of the default in-memory cache. Default 10,000. */
  maxCacheEntries?: number;
  /** `fetch`-compatible transport. Default the global `fetch`. */
  fetch?: VismaFetch;
  /** Time source for expiry and refresh decisions. Default `Date.now`. */
  clock?: Clock;
  /** pino- or console-shaped logger. */
  logger?: VismaAuthLogger;
  /** Called synchronously for every {@link VismaAuthEvent}. */
  onEvent?: (event: VismaAuthEvent) => void;
  /** OpenTelemetry meter (or anything shaped like one) for metrics. */
  meter?: VismaAuthMeter;
}

/** Visma Connect authorities by environment. */
export const VISMA_AUTHORITIES: Readonly<Record<VismaEnvironment, string>> = {
  production: 'https://connect.visma.com',
  staging: 'https://connect.identity.stagaws.visma.com',
};

/** Options after validation, with every default applied. */
export interface ResolvedOptions {
  clientId: string;
  clientSecret: string | undefined;
  privateKey: VismaPrivateKey | undefined;
  keyId: string | undefined;
  scopes: string[];
  tenantId: string | undefined;
  authority: URL;
  tokenUrl: URL | undefined;
  authMethod: ClientAuthMethod;
  expirySkewMs: number;
  refreshAhead: number;
  refreshAheadJitter: number;
  timeoutMs: number;
  deadlineMs: number;
  retry: ResolvedRetryOptions;
  errorCooldownMs: number;
  maxCacheEntries: number;
  fetch: VismaFetch | undefined;
  logger: VismaAuthLogger | undefined;
}

const AUTH_METHODS: readonly ClientAuthMethod[] = [
  'client_secret_post',
  'client_secret_basic',
  'private_key_jwt',
];

/** Validates options, throwing a {@link VismaConfigError} that names the first bad one. */
export function resolveOptions(options: VismaTokenProviderOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new VismaConfigError('options', 'pass an options object with clientId and scopes');
  }
  const o = options;
  const clientId = nonEmptyString(
    o.clientId,
    'clientId',
    'the client id from the Visma Developer Portal',
  );
  const clientSecret =
    o.clientSecret === undefined
      ? undefined
      : nonEmptyString(o.clientSecret, 'clientSecret', 'a non-empty string');
  const privateKey = o.privateKey;
  if (privateKey !== undefined) checkPrivateKeyShape(privateKey);
  const keyId =
    o.keyId === undefined ? undefined : nonEmptyString(o.keyId, 'keyId', 'a non-empty string');

  let authMethod: ClientAuthMethod;
  if (o.authMethod !== undefined) {
    if (!AUTH_METHODS.includes(o.authMethod)) {
      throw new VismaConfigError('authMethod', `must be one of ${AUTH_METHODS.join(', ')}`);
    }
    authMethod = o.authMethod;
  } else {
    authMethod =
      privateKey !== undefined && clientSecret === undefined
        ? 'private_key_jwt'
        : 'client_secret_post';
  }
  if (authMethod === 'private_key_jwt' && privateKey === undefined) {
    throw new VismaConfigError(
      'privateKey',
      'private_key_jwt needs a privateKey (JWK, PEM or CryptoKey)',
    );
  }
  if (authMethod !== 'private_key_jwt' && clientSecret === undefined) {
    throw new VismaConfigError(
      'clientSecret',
      `${authMethod} needs a clientSecret (or pass privateKey for private_key_jwt)`,
    );
  }

  if (o.scopes === undefined || (typeof o.scopes !== 'string' && !Array.isArray(o.scopes))) {
    throw new VismaConfigError(
      'scopes',
      'pass the scopes to request, e.g. ["vismanet_erp_service_api:read"]',
    );
  }
  if (Array.isArray(o.scopes) && o.scopes.some((s) => typeof s !== 'string')) {
    throw new VismaConfigError('scopes', 'every scope must be a string');
  }
  const scopes = normalizeScopes(o.scopes);
  if (scopes.length === 0) {
    throw new VismaConfigError(
      'scopes',
      'at least one scope is required; Visma Connect rejects a request without scope',
    );
  }
  const tenantId =
    o.tenantId === undefined
      ? undefined
      : nonEmptyString(o.tenantId, 'tenantId', 'a non-empty string');

  if (o.environment !== undefined && !(o.environment in VISMA_AUTHORITIES)) {
    throw new VismaConfigError('environment', 'must be "production" or "staging"');
  }
  if (o.environment !== undefined && o.authority !== undefined) {
    throw new VismaConfigError('authority', 'pass either authority or environment, not both');
  }
  const authority = parseUrl(
    o.authority ?? VISMA_AUTHORITIES[o.environment ?? 'production'],
    o.authority !== undefined ? 'authority' : 'environment',
  );
  const tokenUrl = o.tokenUrl === undefined ? undefined : parseUrl(o.tokenUrl, 'tokenUrl');

  const expirySkewSeconds = numberOption(o.expirySkewSeconds, 'expirySkewSeconds', 60, 0, 3600);
  const refreshAhead = numberOption(o.refreshAhead, 'refreshAhead', 0.8, 0.05, 1);
  const refreshAheadJitter = numberOption(o.refreshAheadJitter, 'refreshAheadJitter', 0.05, 0, 0.5);
  const timeoutMs = numberOption(o.timeoutMs, 'timeoutMs', 10_000, 1, 600_000);
  const deadlineMs = numberOption(o.deadlineMs, 'deadlineMs', 30_000, 1, 3_600_000);
  const errorCooldownMs = numberOption(o.errorCooldownMs, 'errorCooldownMs', 5_000, 0, 3_600_000);
  const maxCacheEntries = numberOption(
    o.maxCacheEntries,
    'maxCacheEntries',
    DEFAULT_MAX_CACHE_ENTRIES,
    1,
    1e9,
  );
  if (!Number.isInteger(maxCacheEntries)) {
    throw new VismaConfigError('maxCacheEntries', 'must be a positive integer');
  }

  let retry: ResolvedRetryOptions;
  if (o.retry === false) {
    retry = { ...DEFAULT_RETRY, maxAttempts: 1 };
  } else if (o.retry === undefined) {
    retry = DEFAULT_RETRY;
  } else if (typeof o.retry !== 'object' || o.retry === null) {
    throw new VismaConfigError(
      'retry',
      'must be an object { maxAttempts, baseDelayMs, maxDelayMs } or false',
    );
  } else {
    retry = {
      maxAttempts: numberOption(
        o.retry.maxAttempts,
        'retry.maxAttempts',
        DEFAULT_RETRY.maxAttempts,
        1,
        20,
      ),
      baseDelayMs: numberOption(
        o.retry.baseDelayMs,
        'retry.baseDelayMs',
        DEFAULT_RETRY.baseDelayMs,
        0,
        60_000,
      ),
      maxDelayMs: numberOption(
        o.retry.maxDelayMs,
        'retry.maxDelayMs',
        DEFAULT_RETRY.maxDelayMs,
        0,
        600_000,
      ),
    };
    if (!Number.isInteger(retry.maxAttempts)) {
      throw new VismaConfigError('retry.maxAttempts', 'must be an integer between 1 and 20');
    }
  }

  if (o.fetch !== undefined && typeof o.fetch !== 'function') {
    throw new VismaConfigError('fetch', 'must be a fetch-compatible function');
  }
  if (o.clock !== undefined && typeof o.clock?.now !== 'function') {
    throw new VismaConfigError('clock', 'must be an object with a now() method returning epoch ms');
  }
  if (
    o.logger !== undefined &&
    (typeof o.logger?.warn !== 'function' || typeof o.logger?.error !== 'function')
  ) {
    throw new VismaConfigError(
      'logger',
      'must have at least warn() and error() methods (pino or console)',
    );
  }
  if (o.onEvent !== undefined && typeof o.onEvent !== 'function') {
    throw new VismaConfigError('onEvent', 'must be a function');
  }
  if (o.cache !== undefined && !isTokenCache(o.cache)) {
    throw new VismaConfigError('cache', 'must implement TokenCache (get, set, delete)');
  }
  if (o.meter !== undefined && typeof o.meter?.createCounter !== 'function') {
    throw new VismaConfigError(
      'meter',
      'must be an OpenTelemetry Meter (createCounter, createHistogram)',
    );
  }

  return {
    clientId,
    clientSecret,
    privateKey,
    keyId,
    scopes,
    tenantId,
    authority,
    tokenUrl,
    authMethod,
    expirySkewMs: expirySkewSeconds * 1000,
    refreshAhead,
    refreshAheadJitter,
    timeoutMs,
    deadlineMs,
    retry,
    errorCooldownMs,
    maxCacheEntries,
    fetch: o.fetch,
    logger: o.logger,
  };
}

/** Whether `url` is `https:`, or `http:` on a loopback host (local test servers only). */
export function isAllowedUrl(url: URL): boolean {
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

/** Whether `hostname` (as in `URL.hostname`) is a loopback address. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}

function parseUrl(value: unknown, option: string): URL {
  if (typeof value !== 'string' || !URL.canParse(value)) {
    throw new VismaConfigError(option, 'must be an absolute URL such as https://connect.visma.com');
  }
  const url = new URL(value);
  if (!isAllowedUrl(url)) {
    throw new VismaConfigError(
      option,
      'must use https: (http: is only allowed for loopback hosts)',
    );
  }
  if (url.username || url.password) {
    throw new VismaConfigError(option, 'must not contain credentials');
  }
  return url;
}

function nonEmptyString(value: unknown, option: string, expected: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new VismaConfigError(option, `must be ${expected}`);
  }
  return value;
}

function numberOption(
  value: unknown,
  option: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new VismaConfigError(option, `must be a number between ${min} and ${max}`);
  }
  return value;
}

function checkPrivateKeyShape(key: unknown): void {
  if (typeof key === 'string') {
    if (!key.includes('-----BEGIN PRIVATE KEY-----')) {
      throw new VismaConfigError(
        'privateKey',
        'a string key must be a PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----")',
      );
    }
    return;
  }
  if (typeof key !== 'object' || key === null) {
    throw new VismaConfigError(
      'privateKey',
      'must be a JWK object, a PKCS#8 PEM string, a CryptoKey or a KeyObject',
    );
  }
  if (isCryptoKey(key)) {
    if (key.type !== 'private')
      throw new VismaConfigError('privateKey', 'must be a private key, not a public one');
    return;
  }
  const candidate = key as { type?: unknown; export?: unknown; kty?: unknown; d?: unknown };
  if (typeof candidate.export === 'function') {
    if (candidate.type !== 'private')
      throw new VismaConfigError('privateKey', 'must be a private KeyObject');
    return;
  }
  if (typeof candidate.kty !== 'string' || typeof candidate.d !== 'string') {
    throw new VismaConfigError('privateKey', 'a JWK must be a private key (with "kty" and "d")');
  }
}

/** Whether `value` is a WebCrypto `CryptoKey` (checked by brand, so it works across realms). */
export function isCryptoKey(value: unknown): value is CryptoKey {
  return Object.prototype.toString.call(value) === '[object CryptoKey]';
}

function isTokenCache(cache: unknown): cache is TokenCache {
  const c = cache as Partial<TokenCache> | null;
  return (
    typeof c === 'object' &&
    c !== null &&
    typeof c.get === 'function' &&
    typeof c.set === 'function' &&
    typeof c.delete === 'function'
  );
}
