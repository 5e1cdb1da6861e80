/**
 * Which token a call asks for: the per-call tenant and scopes over the provider's defaults,
 * and the cache key naming them, which needs the token endpoint and so exists only once it is
 * known (configured, or discovered on the first call).
 */
import { cacheKeyPrefix, cacheKeySuffix, normalizeScopes } from './cache-key.js';
import { refuseControlCharacters } from './control-characters.js';
import { VismaConfigError } from './errors.js';
import type { InvalidateRequest, TokenRequest } from './types.js';

/** A token the provider can cache and fetch: its key, tenant and normalized scopes. */
export interface TokenTarget {
  key: string;
  tenantId: string | undefined;
  scopes: readonly string[];
}

/** The most tenants whose keys {@link TokenTargets.keyFor} remembers before starting over. */
export const MAX_REMEMBERED_TENANT_KEYS = 1024;

/** Resolves calls to {@link TokenTarget}s, keeping the default key ready for the warm path. */
export class TokenTargets {
  #prefix: string | undefined;
  /**
   * Keys of calls that name only a tenant, by tenant: a multi-tenant service asks for the same
   * few tenants on every call, and building the key (checks, JSON, a target object) cost about
   * 1.2 µs a call.
   */
  readonly #tenantKeys = new Map<string, string>();
  /**
   * The key of a call without tenant or scopes; `undefined` until the token endpoint is known.
   * A field, not a getter, because the warm path reads it on every call.
   */
  defaultKey: string | undefined;
  readonly #defaultSuffix: string;
  readonly #defaults: Omit<TokenTarget, 'key'>;

  constructor(tenantId: string | undefined, scopes: readonly string[]) {
    this.#defaults = { tenantId, scopes: Object.freeze([...scopes]) };
    this.#defaultSuffix = cacheKeySuffix(tenantId, scopes);
  }

  /** Keys name the token endpoint, client and auth method, so they are built once those are known. */
  useEndpoint(tokenUrl: string, clientId: string, authMethod: string): void {
    this.#prefix = cacheKeyPrefix(tokenUrl, clientId, authMethod);
    this.defaultKey = this.#prefix + this.#defaultSuffix;
    this.#tenantKeys.clear();
  }

  /**
   * The key alone, skipping the target object when the call uses the defaults.
   * @returns `undefined` until the token endpoint is known.
   * @throws {VismaConfigError} for an invalid per-call tenant or scopes.
   */
  keyFor(request: TokenRequest | InvalidateRequest): string | undefined {
    const { tenantId, scopes } = request;
    if (tenantId === undefined && scopes === undefined) return this.defaultKey;
    if (this.#prefix === undefined) {
      // Refused before discovery too: nothing leaves the process for an invalid call.
      checkRequest(request);
      return undefined;
    }
    if (scopes !== undefined || typeof tenantId !== 'string') return this.resolve(request).key;
    const known = this.#tenantKeys.get(tenantId);
    if (known !== undefined) return known;
    // Only a tenant that passed the checks is remembered.
    const key = this.resolve(request).key;
    if (this.#tenantKeys.size >= MAX_REMEMBERED_TENANT_KEYS) this.#tenantKeys.clear();
    this.#tenantKeys.set(tenantId, key);
    return key;
  }

  /**
   * The target of a call; only once the token endpoint is known.
   * @throws {VismaConfigError} for an invalid per-call tenant or scopes.
   */
  resolve(request: TokenRequest | InvalidateRequest | undefined): TokenTarget {
    const defaults = this.#defaults;
    if (request === undefined || (request.tenantId === undefined && request.scopes === undefined)) {
      return { key: this.defaultKey as string, ...defaults };
    }
    checkRequest(request);
    const tenantId = request.tenantId ?? defaults.tenantId;
    let scopes = defaults.scopes;
    if (request.scopes !== undefined) {
      scopes = Object.freeze(normalizeScopes(request.scopes));
      if (scopes.length === 0)
        throw new VismaConfigError('scopes', 'at least one scope is required');
    }
    return { key: (this.#prefix as string) + cacheKeySuffix(tenantId, scopes), tenantId, scopes };
  }
}

/** Refuses a per-call tenant or scopes that could not be sent, or would forge a log line. */
function checkRequest(request: TokenRequest | InvalidateRequest): void {
  const tenantId = request.tenantId;
  if (tenantId !== undefined && (typeof tenantId !== 'string' || tenantId.trim() === '')) {
    throw new VismaConfigError('tenantId', 'must be a non-empty string');
  }
  refuseControlCharacters(tenantId, 'tenantId');
  refuseControlCharacters(request.scopes, 'scopes');
}

/** The fields every token event carries, without a `tenantId: undefined` for tenantless calls. */
export function eventFields(target: TokenTarget): {
  key: string;
  tenantId?: string;
  scopes: readonly string[];
} {
  return target.tenantId === undefined
    ? { key: target.key, scopes: target.scopes }
    : { key: target.key, tenantId: target.tenantId, scopes: target.scopes };
}
