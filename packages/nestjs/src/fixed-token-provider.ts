import {
  type AccessToken,
  type Clock,
  type InvalidateRequest,
  normalizeScopes,
  type TokenRequest,
} from '@visma-auth/core';

/** Options of {@link FixedTokenProvider}. */
export interface FixedTokenProviderOptions {
  /** The token every call returns; default `test-access-token`. */
  accessToken?: string;
  /** Tenant of calls that name none. */
  tenantId?: string;
  /** Scopes of calls that name none; default `[]`. */
  scopes?: readonly string[] | string;
  /** Lifetime reported in `expiresAt`; default 3600 like Visma. */
  expiresInSeconds?: number;
  /** Time source for `expiresAt`; default `Date.now`. */
  clock?: Clock;
}

/**
 * A token provider for tests that never calls Visma: every call returns the same token, and
 * `requests` records what was asked (tenant and scopes) for assertions.
 */
export class FixedTokenProvider {
  /** The tenant and scopes of each `getToken` call, oldest first. */
  readonly requests: Array<{ tenantId?: string; scopes: readonly string[] }> = [];
  readonly #options: FixedTokenProviderOptions;

  constructor(options: FixedTokenProviderOptions = {}) {
    this.#options = options;
  }

  /** Returns the fixed token for the request's tenant and scopes. */
  async getToken(request: TokenRequest = {}): Promise<AccessToken> {
    const tenantId = request.tenantId ?? this.#options.tenantId;
    const scopes = normalizeScopes(request.scopes ?? this.#options.scopes ?? []);
    this.requests.push(tenantId === undefined ? { scopes } : { tenantId, scopes });
    const now = (this.#options.clock ?? Date).now();
    return {
      accessToken: this.#options.accessToken ?? 'test-access-token',
      tokenType: 'Bearer',
      expiresAt: now + (this.#options.expiresInSeconds ?? 3600) * 1000,
      scopes,
      ...(tenantId === undefined ? {} : { tenantId }),
    };
  }

  /** Returns `Bearer <the fixed token>`. */
  async getAuthorizationHeader(request?: TokenRequest): Promise<string> {
    return `Bearer ${(await this.getToken(request)).accessToken}`;
  }

  /** Nothing is cached, so nothing is dropped. */
  async invalidate(_request?: InvalidateRequest): Promise<boolean> {
    return false;
  }

  /** Nothing to release. */
  async close(): Promise<void> {}

  /** Log-safe description (no token). */
  toJSON(): Record<string, unknown> {
    return { fixed: true, tenantId: this.#options.tenantId };
  }
}
