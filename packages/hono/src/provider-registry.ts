/**
 * One provider per isolate and credential: options read from `c.env` on every request (as
 * Workers apps do) resolve to the provider made for the first of them, so the cache and the
 * single-flight hold across requests. Keys name the credential without its secret; the secret
 * is compared by value inside the entry, and a changed one replaces the provider.
 */
import {
  normalizeScopes,
  VismaTokenProvider,
  type VismaTokenProviderOptions,
} from '@visma-auth/core';
import {
  createVismaRequestScope,
  type VismaRequestScope,
  type VismaRequestScopeOptions,
} from '@visma-auth/fetch';

/** More credentials than this in one isolate is a bug (a tenant in `tenantId` instead of `tenant`): the oldest is closed. */
export const MAX_PROVIDERS = 64;

interface Entry {
  secret: unknown;
  provider: VismaTokenProvider;
  /** Per base URL and allowlist: the fetch wrapper over the one provider. */
  scopes: Map<string, VismaRequestScope>;
}

const providers = new Map<string, Entry>();
/** Providers passed in by the app: only their fetch wrappers are kept here. */
const given = new WeakMap<object, Map<string, VismaRequestScope>>();

/** The scope for these options, made once per credential and target. */
export function scopeFor(options: VismaRequestScopeOptions): VismaRequestScope {
  const target = JSON.stringify([
    String(options.baseUrl ?? ''),
    options.allowedOrigins ?? null,
    options.retryOnUnauthorized ?? null,
  ]);
  if ('provider' in options) {
    let scopes = given.get(options.provider);
    if (scopes === undefined) {
      scopes = new Map();
      given.set(options.provider, scopes);
    }
    return cached(scopes, target, () => createVismaRequestScope(options));
  }
  const {
    baseUrl: _b,
    allowedOrigins: _a,
    retryOnUnauthorized: _r,
    tenant: _t,
    ...rest
  } = options as VismaRequestScopeOptions & { tenant?: unknown };
  const providerOptions = rest as VismaTokenProviderOptions;
  const key = credentialKey(providerOptions);
  const secret = [providerOptions.clientSecret, providerOptions.privateKey];
  let entry = providers.get(key);
  if (entry !== undefined && !sameSecret(entry.secret, secret)) {
    providers.delete(key);
    void entry.provider.close().catch(() => {});
    entry = undefined;
  }
  if (entry !== undefined) {
    // Most recently used last, so the cap evicts the credential unused the longest.
    providers.delete(key);
    providers.set(key, entry);
  } else {
    // Validates every option (and names the bad one) before anything is kept.
    const provider = new VismaTokenProvider(providerOptions);
    entry = { secret, provider, scopes: new Map() };
    providers.set(key, entry);
    if (providers.size > MAX_PROVIDERS) {
      const [oldestKey, oldest] = providers.entries().next().value as [string, Entry];
      providers.delete(oldestKey);
      void oldest.provider.close().catch(() => {});
    }
  }
  const { provider } = entry;
  return cached(entry.scopes, target, () => createVismaRequestScope({ ...options, provider }));
}

/** Closes every provider the middleware created in this isolate (Node shutdown, tests). */
export async function closeVismaProviders(): Promise<void> {
  const entries = [...providers.values()];
  providers.clear();
  await Promise.all(entries.map((entry) => entry.provider.close()));
}

function cached(
  scopes: Map<string, VismaRequestScope>,
  target: string,
  create: () => VismaRequestScope,
): VismaRequestScope {
  let scope = scopes.get(target);
  if (scope === undefined) {
    scope = create();
    scopes.set(target, scope);
  }
  return scope;
}

/** What names a credential and its default token: never the secret. */
function credentialKey(o: VismaTokenProviderOptions): string {
  let scopes: string[] | null = null;
  try {
    scopes = normalizeScopes(o.scopes);
  } catch {
    // The provider constructor names the bad option.
  }
  return JSON.stringify([
    o.clientId ?? null,
    o.authority ?? null,
    o.environment ?? null,
    o.tokenUrl ?? null,
    o.tenantId ?? null,
    scopes,
    o.authMethod ?? null,
  ]);
}

function sameSecret(a: unknown, b: unknown): boolean {
  const [sa, ka] = a as unknown[];
  const [sb, kb] = b as unknown[];
  return sa === sb && (ka === kb || JSON.stringify(ka) === JSON.stringify(kb));
}
