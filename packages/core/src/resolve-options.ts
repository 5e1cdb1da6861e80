/**
 * Turns the options a user passed into the provider's settings: every option checked, a
 * `VismaConfigError` naming the first bad one, every default applied.
 */

import { normalizeScopes } from './cache-key.js';
import { refuseControlCharacters } from './control-characters.js';
import { VismaConfigError } from './errors.js';
import { isVismaAuthEventType } from './events.js';
import {
  OPTION_DEFAULTS,
  VISMA_AUTHORITIES,
  type VismaFetch,
  type VismaPrivateKey,
  type VismaTokenProviderOptions,
} from './options.js';
import { checkPrivateKeyShape } from './private-key.js';
import { DEFAULT_RETRY, type ResolvedRetryOptions } from './retry.js';
import { isAllowedUrl } from './secure-url.js';
import type { ClientAuthMethod, TokenCache, VismaAuthLogger } from './types.js';

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
  cacheTimeoutMs: number;
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
  refuseControlCharacters(o.scopes, 'scopes');
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
  refuseControlCharacters(tenantId, 'tenantId');

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

  const d = OPTION_DEFAULTS;
  const expirySkewSeconds = numberOption(
    o.expirySkewSeconds,
    'expirySkewSeconds',
    d.expirySkewSeconds,
    0,
    3600,
  );
  const refreshAhead = numberOption(o.refreshAhead, 'refreshAhead', d.refreshAhead, 0.05, 1);
  const refreshAheadJitter = numberOption(
    o.refreshAheadJitter,
    'refreshAheadJitter',
    d.refreshAheadJitter,
    0,
    0.5,
  );
  const timeoutMs = numberOption(o.timeoutMs, 'timeoutMs', d.timeoutMs, 1, 600_000);
  const deadlineMs = numberOption(o.deadlineMs, 'deadlineMs', d.deadlineMs, 1, 3_600_000);
  const cacheTimeoutMs = numberOption(
    o.cacheTimeoutMs,
    'cacheTimeoutMs',
    Math.min(timeoutMs, deadlineMs),
    1,
    3_600_000,
  );
  const errorCooldownMs = numberOption(
    o.errorCooldownMs,
    'errorCooldownMs',
    d.errorCooldownMs,
    0,
    3_600_000,
  );
  const maxCacheEntries = numberOption(
    o.maxCacheEntries,
    'maxCacheEntries',
    d.maxCacheEntries,
    1,
    1e9,
  );
  if (!Number.isInteger(maxCacheEntries)) {
    throw new VismaConfigError('maxCacheEntries', 'must be a positive integer');
  }

  const retry = resolveRetry(o.retry);

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
  if (
    o.onEventTypes !== undefined &&
    (!Array.isArray(o.onEventTypes) || !o.onEventTypes.every(isVismaAuthEventType))
  ) {
    throw new VismaConfigError(
      'onEventTypes',
      "must be an array of event types, such as ['fetch_success', 'fetch_failure']",
    );
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
    cacheTimeoutMs,
    retry,
    errorCooldownMs,
    maxCacheEntries,
    fetch: o.fetch,
    logger: o.logger,
  };
}

function resolveRetry(option: VismaTokenProviderOptions['retry']): ResolvedRetryOptions {
  if (option === false) return { ...DEFAULT_RETRY, maxAttempts: 1 };
  if (option === undefined) return DEFAULT_RETRY;
  if (typeof option !== 'object' || option === null) {
    throw new VismaConfigError(
      'retry',
      'must be an object { maxAttempts, baseDelayMs, maxDelayMs } or false',
    );
  }
  const retry = {
    maxAttempts: numberOption(
      option.maxAttempts,
      'retry.maxAttempts',
      DEFAULT_RETRY.maxAttempts,
      1,
      20,
    ),
    baseDelayMs: numberOption(
      option.baseDelayMs,
      'retry.baseDelayMs',
      DEFAULT_RETRY.baseDelayMs,
      0,
      60_000,
    ),
    maxDelayMs: numberOption(
      option.maxDelayMs,
      'retry.maxDelayMs',
      DEFAULT_RETRY.maxDelayMs,
      0,
      600_000,
    ),
  };
  if (!Number.isInteger(retry.maxAttempts)) {
    throw new VismaConfigError('retry.maxAttempts', 'must be an integer between 1 and 20');
  }
  return retry;
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
