/**
 * @visma-auth/core: Visma Connect `client_credentials` access tokens, cached per tenant and
 * scopes, single-flight, refreshed ahead of expiry. Adapters import only from here.
 */

import { assertSupportedNode } from './node-version.js';

// Every adapter loads this entry first, so an unsupported Node.js fails here with a clear message.
assertSupportedNode(globalThis.process?.versions?.node);

export {
  type AdapterCallAuth,
  type AdapterTarget,
  type AdapterTargetOptions,
  createAdapterTarget,
} from './adapter-target.js';
export { type AllowedOrigin, createAllowedOrigin } from './allowed-origin.js';
export { bearerHeader } from './bearer-header.js';
export { MAX_RESPONSE_BODY_BYTES } from './body-limit.js';
export {
  type CacheKeyParts,
  createCacheKey,
  normalizeScopes,
} from './cache-key.js';
export { escapeControlCharacters } from './control-characters.js';
export { type DecodedAccessToken, decodeAccessToken } from './decode.js';
export {
  isRetryableStatus,
  isVismaAuthError,
  VismaAuthError,
  type VismaAuthErrorJSON,
  type VismaAuthErrorOptions,
  VismaClosedError,
  VismaConfigError,
  VismaNetworkError,
  VismaOAuthError,
  type VismaOAuthErrorInit,
  VismaServerError,
  VismaTimeoutError,
  VismaTokenResponseError,
  WRONG_TENANT_HINT,
} from './errors.js';
export type {
  VismaAuthEvent,
  VismaAuthEventBase,
  VismaAuthEventType,
  VismaAuthMeter,
} from './events.js';
export {
  type PrivateKeyObject,
  VISMA_AUTHORITIES,
  type VismaFetch,
  type VismaPrivateKey,
  type VismaTokenProviderOptions,
} from './options.js';
export {
  createOriginAllowlist,
  type OriginAllowlist,
  type OriginAllowlistOptions,
  originOf,
  parseBaseUrl,
} from './origin-allowlist.js';
export { VismaTokenProvider } from './provider.js';
export { isProviderRequest } from './provider-requests.js';
export { redactClientRequest } from './redact-client-request.js';
export {
  MAX_REJECTION_HOLD_MS,
  REJECTION_WINDOW_MS,
  renewRejectedToken,
} from './rejected-token.js';
export { requestTenantOf, VismaTenantError } from './request-tenant.js';
export {
  DEFAULT_RETRY,
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
  type ResolvedRetryOptions,
  type RetryOptions,
} from './retry.js';
export { isLoopbackHost } from './secure-url.js';
export {
  createMemoryTokenCache,
  DEFAULT_MAX_CACHE_ENTRIES,
  MemoryTokenCache,
  type MemoryTokenCacheOptions,
} from './token-cache.js';
export {
  assertTokenSource,
  type ResolvedTokenRequest,
  type VismaTokenSource,
} from './token-source.js';
export type {
  AccessToken,
  CachedToken,
  ClientAuthMethod,
  Clock,
  InvalidateRequest,
  TokenCache,
  TokenCacheLock,
  TokenRequest,
  VismaAuthLogger,
  VismaEnvironment,
} from './types.js';
export {
  DEFAULT_RETRY_AFTER_SECONDS,
  type UpstreamErrorResponse,
  upstreamErrorResponse,
} from './upstream-error-response.js';
