/**
 * The preamble every transport adapter shares: where the token may go (the parsed base URL and
 * the origin allowlist) and which token a call asks for (per-call tenant and scopes over the
 * adapter's defaults, plus the caller's abort signal).
 */
import {
  createOriginAllowlist,
  type OriginAllowlist,
  type OriginAllowlistOptions,
  parseBaseUrl,
} from './origin-allowlist.js';
import type { TokenRequest } from './types.js';

/** Per-call token choice as adapters take it (`init.vismaAuth`, `context.vismaAuth`, …). */
export interface AdapterCallAuth {
  tenantId?: string | undefined;
  scopes?: TokenRequest['scopes'] | undefined;
}

/** Options of {@link createAdapterTarget}: the allowlist's, plus defaults for every call. */
export interface AdapterTargetOptions extends OriginAllowlistOptions {
  /** Tenant for calls that do not name one; unset leaves the provider's default. */
  tenantId?: string | undefined;
  /** Scopes for calls that do not name them; unset leaves the provider's default. */
  scopes?: TokenRequest['scopes'] | undefined;
}

/** What an adapter needs before it sends anything: the base URL, the allowlist, the token request. */
export interface AdapterTarget {
  /** The parsed base URL (`href`), or `undefined` when none was given. */
  readonly baseUrl: string | undefined;
  /** Whether a request URL may receive the bearer token. */
  readonly isAllowed: OriginAllowlist;
  /**
   * The provider request for one call, or `undefined` when the call names nothing, so the
   * provider takes its fastest cache path.
   */
  tokenRequestOf(
    auth?: AdapterCallAuth | false | null,
    signal?: AbortSignal | null,
  ): TokenRequest | undefined;
}

/**
 * Parses the base URL, builds the origin allowlist and returns how to turn a call's options into
 * a `TokenRequest`, so every adapter agrees on all three.
 *
 * @throws VismaConfigError naming the base URL or origins option when neither allows an origin or one is malformed.
 * @example
 * ```ts
 * const target = createAdapterTarget({ baseUrl: 'https://api.finance.visma.net', tenantId: 'company-1' });
 * target.isAllowed('https://api.finance.visma.net/v1/customer'); // true
 * await provider.getToken(target.tokenRequestOf({ tenantId: 'company-2' }, signal));
 * ```
 */
export function createAdapterTarget(options: AdapterTargetOptions): AdapterTarget {
  const baseUrlOption = options.baseUrlOption ?? 'baseUrl';
  const baseUrl =
    options.baseUrl === undefined ? undefined : parseBaseUrl(options.baseUrl, baseUrlOption).href;
  const isAllowed = createOriginAllowlist({ ...options, baseUrl, baseUrlOption });
  const defaultTenantId = options.tenantId;
  const defaultScopes = options.scopes;
  return {
    baseUrl,
    isAllowed,
    tokenRequestOf(auth, signal) {
      const tenantId = (auth || undefined)?.tenantId ?? defaultTenantId;
      const scopes = (auth || undefined)?.scopes ?? defaultScopes;
      if (tenantId === undefined && scopes === undefined && signal == null) return undefined;
      const request: TokenRequest = {};
      if (tenantId !== undefined) request.tenantId = tenantId;
      if (scopes !== undefined) request.scopes = scopes;
      if (signal != null) request.signal = signal;
      return request;
    },
  };
}
