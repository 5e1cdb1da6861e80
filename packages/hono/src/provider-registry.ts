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

/**
 * The scope for these options, made once per credential and target, for one middleware that
 * remembers the options it resolved last: the same options again (a static object, or `c.env`
 * values that did not change) skip building the keys, while their provider is still the
 * registry's for that credential.
 */
export function createScopeResolver(): (options: VismaRequestScopeOptions) => VismaRequestScope {
  let last: (Resolved & { options: VismaRequestScopeOptions }) | undefined;
  return (options) => {
    if (last !== undefined && sameOptions(last.options, options)) {
      const { key, entry } = last;
      if (key === undefined) return last.scope;
      if (providers.get(key) === entry) {
        if (newest !== entry) touch(key, entry as Entry);
        return last.scope;
      }
    }
    const resolved = resolve(options);
    last = { ...resolved, options: snapshot(options) };
    return resolved.scope;
  };
}

interface Resolved {
  scope: VismaRequestScope;
  /** The registry's key and entry; `undefined` for a provider the app passed in. */
  key: string | undefined;
  entry: Entry | undefined;
}

/** The entry used last, so a run of requests on one credential skips re-ordering the registry. */
let newest: Entry | undefined;

function touch(key: string, entry: Entry): void {
  // Most recently used last, so the cap evicts the credential unused the longest.
  providers.delete(key);
  providers.set(key, entry);
  newest = entry;
}

function resolve(options: VismaRequestScopeOptions): Resolved {
  const target = JSON.stringify([
    String(options.baseUrl ?? ''),
    options.allowedOrigins ?? null,
    options.retryOnUnauthorized ?? null,
    options.abortOnClientClose === true,
  ]);
  if ('provider' in options) {
    let scopes = given.get(options.provider);
    if (scopes === undefined) {
      scopes = new Map();
      given.set(options.provider, scopes);
    }
    const scope = cached(scopes, target, () => createVismaRequestScope(options));
    return { scope, key: undefined, entry: undefined };
  }
  const {
    baseUrl: _b,
    allowedOrigins: _a,
    retryOnUnauthorized: _r,
    abortOnClientClose: _c,
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
    touch(key, entry);
  } else {
    // Validates every option (and names the bad one) before anything is kept.
    const provider = new VismaTokenProvider(providerOptions);
    entry = { secret, provider, scopes: new Map() };
    touch(key, entry);
    if (providers.size > MAX_PROVIDERS) {
      const [oldestKey, oldest] = providers.entries().next().value as [string, Entry];
      providers.delete(oldestKey);
      void oldest.provider.close().catch(() => {});
    }
  }
  const { provider } = entry;
  const scope = cached(entry.scopes, target, () =>
    createVismaRequestScope({ ...options, provider }),
  );
  return { scope, key, entry };
}

/**
 * Whether two options name the same provider, credential and target, by the fields the keys
 * are built from; a secret or private key compares by identity here (the registry compares
 * them by value on the slow path).
 */
function sameOptions(a: VismaRequestScopeOptions, b: VismaRequestScopeOptions): boolean {
  const x = a as VismaRequestScopeOptions & Partial<VismaTokenProviderOptions>;
  const y = b as VismaRequestScopeOptions & Partial<VismaTokenProviderOptions>;
  return (
    'provider' in x === 'provider' in y &&
    (x as { provider?: unknown }).provider === (y as { provider?: unknown }).provider &&
    (x.baseUrl === y.baseUrl || String(x.baseUrl) === String(y.baseUrl)) &&
    sameList(x.allowedOrigins, y.allowedOrigins) &&
    x.retryOnUnauthorized === y.retryOnUnauthorized &&
    x.abortOnClientClose === y.abortOnClientClose &&
    x.clientId === y.clientId &&
    x.clientSecret === y.clientSecret &&
    x.privateKey === y.privateKey &&
    x.authority === y.authority &&
    x.environment === y.environment &&
    x.tokenUrl === y.tokenUrl &&
    x.tenantId === y.tenantId &&
    sameList(x.scopes, y.scopes) &&
    x.authMethod === y.authMethod
  );
}

/** A copy to compare later requests' options with: an app that changes its options object in place (a rotated secret) is still seen. */
function snapshot(options: VismaRequestScopeOptions): VismaRequestScopeOptions {
  const copy = { ...options } as VismaRequestScopeOptions & Partial<VismaTokenProviderOptions>;
  if (Array.isArray(copy.allowedOrigins)) copy.allowedOrigins = [...copy.allowedOrigins];
  if (Array.isArray(copy.scopes)) copy.scopes = [...copy.scopes];
  return copy;
}

/** Equal values, or two arrays with the same items in the same order. */
function sameList(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Closes every provider the middleware created in this isolate (Node shutdown, tests). */
export async function closeVismaProviders(): Promise<void> {
  const entries = [...providers.values()];
  providers.clear();
  newest = undefined;
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
