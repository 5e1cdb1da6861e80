/**
 * Doctor steps that need token requests: credentials accepted, each scope granted, tenant
 * granted. A failed combined request is split up (per scope, without the tenant) to name the cause.
 */
import { type AccessToken, decodeAccessToken, VismaOAuthError } from '@visma-auth/core';
import { explainError } from '../provider.js';
import { type CheckResult, result } from './check.js';

/** Gets a token for `scopes`, with the configured tenant or with none. */
export type TokenProbe = (scopes: readonly string[], withTenant: boolean) => Promise<AccessToken>;

/** What the token steps found; `token` is set when the full request succeeded. */
export interface TokenChecksOutcome {
  checks: CheckResult[];
  token?: AccessToken;
  /** Local time at which `token` arrived, for the clock fallback. */
  receivedAt?: number;
}

/** Settings of {@link checkToken}. */
export interface TokenCheckOptions {
  scopes: readonly string[];
  tenantId: string | undefined;
  probe: TokenProbe;
  now: () => number;
}

/** Most scopes probed one by one, so a long list cannot turn into a request storm. */
export const MAX_SCOPE_PROBES = 10;

type Kind = 'ok' | 'client' | 'scope' | 'tenant' | 'other';
interface Attempt {
  kind: Kind;
  token?: AccessToken;
  error?: unknown;
}

const CREDENTIALS = 'Client credentials accepted';
const SCOPE_HINT =
  'Enable this scope for the application in the Visma Developer Portal (and check its spelling, e.g. vismanet_erp_service_api:read); portal changes take a minute or two to apply.';

/** Runs the credentials, scope and tenant steps. */
export async function checkToken(options: TokenCheckOptions): Promise<TokenChecksOutcome> {
  const { scopes, tenantId } = options;
  const attempt = async (list: readonly string[], withTenant: boolean): Promise<Attempt> => {
    try {
      return { kind: 'ok', token: await options.probe(list, withTenant && tenantId !== undefined) };
    } catch (error) {
      return { kind: classify(error), error };
    }
  };

  const full = await attempt(scopes, true);
  if (full.kind === 'ok' && full.token) {
    return {
      ...grantedFromToken(full.token, options),
      token: full.token,
      receivedAt: options.now(),
    };
  }
  if (full.kind === 'client' || full.kind === 'other') {
    const { message, hint } = explainError(full.error);
    const checks = [result('credentials', CREDENTIALS, 'fail', message, hint)];
    for (const scope of scopes)
      checks.push(scopeResult(scope, 'skip', 'not checked: no token request got through'));
    checks.push(tenantSkip(tenantId, 'not checked: no token request got through'));
    return { checks };
  }

  const checks = [
    result(
      'credentials',
      CREDENTIALS,
      'pass',
      `the client was authenticated; the request failed on the ${full.kind}`,
    ),
  ];
  if (full.kind === 'tenant') {
    // The tenant is the problem; check the scopes on their own so both answers are known.
    const { message, hint } = explainError(full.error);
    const scopeChecks = await checkScopesWithoutTenant(scopes, attempt);
    return {
      checks: [
        ...checks,
        ...scopeChecks,
        result('tenant', tenantTitle(tenantId), 'fail', message, hint),
      ],
    };
  }

  // invalid_scope: ask for each scope alone to name the one that is not granted.
  let tenantGranted = false;
  let tenantError: unknown;
  for (const scope of scopes.slice(0, MAX_SCOPE_PROBES)) {
    const one = await attempt([scope], true);
    if (one.kind === 'ok') {
      if (tenantId !== undefined) tenantGranted = true;
      checks.push(scopeResult(scope, 'pass', 'granted when requested alone'));
    } else if (one.kind === 'tenant') {
      tenantError = one.error;
      checks.push(scopeOutcome(scope, await attempt([scope], false), 'granted without a tenant'));
    } else {
      checks.push(scopeOutcome(scope, one, 'granted when requested alone'));
    }
  }
  checks.push(...unprobedScopes(scopes));
  if (tenantId === undefined) checks.push(tenantSkip(tenantId));
  else if (tenantGranted)
    checks.push(
      result('tenant', tenantTitle(tenantId), 'pass', 'a token for this tenant was issued'),
    );
  else if (tenantError !== undefined) {
    const { message, hint } = explainError(tenantError);
    checks.push(result('tenant', tenantTitle(tenantId), 'fail', message, hint));
  } else
    checks.push(
      result('tenant', tenantTitle(tenantId), 'skip', 'not checked: no scope was granted'),
    );
  return { checks };
}

async function checkScopesWithoutTenant(
  scopes: readonly string[],
  attempt: (list: readonly string[], withTenant: boolean) => Promise<Attempt>,
): Promise<CheckResult[]> {
  const all = await attempt(scopes, false);
  if (all.kind === 'ok' && all.token) {
    const granted = all.token.scopes;
    return scopes.map((scope) =>
      granted.includes(scope)
        ? scopeResult(scope, 'pass', 'granted (checked without the tenant)')
        : scopeResult(scope, 'fail', 'not in the token issued without the tenant', SCOPE_HINT),
    );
  }
  if (all.kind !== 'scope') {
    return scopes.map((scope) =>
      scopeResult(scope, 'skip', `not checked without the tenant: ${describeError(all.error)}`),
    );
  }
  const checks: CheckResult[] = [];
  for (const scope of scopes.slice(0, MAX_SCOPE_PROBES)) {
    checks.push(
      scopeOutcome(scope, await attempt([scope], false), 'granted (checked without the tenant)'),
    );
  }
  checks.push(...unprobedScopes(scopes));
  return checks;
}

function grantedFromToken(
  token: AccessToken,
  options: TokenCheckOptions,
): { checks: CheckResult[] } {
  const checks = [result('credentials', CREDENTIALS, 'pass', 'a token was issued')];
  for (const scope of options.scopes) {
    checks.push(
      token.scopes.includes(scope)
        ? scopeResult(scope, 'pass', 'in the issued token')
        : scopeResult(
            scope,
            'fail',
            'Visma Connect issued the token without this scope',
            SCOPE_HINT,
          ),
    );
  }
  const { tenantId } = options;
  if (tenantId === undefined) {
    checks.push(tenantSkip(tenantId));
    return { checks };
  }
  const claim = decodeAccessToken(token.accessToken)?.payload.tenant_id;
  if (claim === undefined) {
    checks.push(
      result(
        'tenant',
        tenantTitle(tenantId),
        'warn',
        'the token has no tenant_id claim',
        'The application may not be tenant-enabled in the Visma Developer Portal, so APIs will not see a tenant.',
      ),
    );
  } else if (claim !== tenantId) {
    checks.push(
      result(
        'tenant',
        tenantTitle(tenantId),
        'fail',
        `the token is for tenant ${claim}`,
        'Visma Connect issued a token for another tenant; check --tenant-id.',
      ),
    );
  } else {
    checks.push(result('tenant', tenantTitle(tenantId), 'pass', 'tenant_id claim matches'));
  }
  return { checks };
}

/** Skips the scopes past {@link MAX_SCOPE_PROBES}; they come last, so order is kept. */
function unprobedScopes(scopes: readonly string[]): CheckResult[] {
  return scopes
    .slice(MAX_SCOPE_PROBES)
    .map((scope) =>
      scopeResult(
        scope,
        'skip',
        `not checked: only the first ${MAX_SCOPE_PROBES} scopes are probed`,
      ),
    );
}

function scopeOutcome(scope: string, attempt: Attempt, passDetail: string): CheckResult {
  if (attempt.kind === 'ok') return scopeResult(scope, 'pass', passDetail);
  if (attempt.kind === 'scope')
    return scopeResult(scope, 'fail', describeError(attempt.error), SCOPE_HINT);
  return scopeResult(scope, 'warn', `could not check: ${describeError(attempt.error)}`);
}

function scopeResult(
  scope: string,
  status: CheckResult['status'],
  detail: string,
  hint?: string,
): CheckResult {
  return result(`scope:${scope}`, `Scope ${scope} granted`, status, detail, hint);
}

function tenantTitle(tenantId: string | undefined): string {
  return tenantId ? `Tenant ${tenantId} granted` : 'Tenant granted';
}

function tenantSkip(tenantId: string | undefined, detail?: string): CheckResult {
  if (tenantId !== undefined) return result('tenant', tenantTitle(tenantId), 'skip', detail);
  return result(
    'tenant',
    tenantTitle(tenantId),
    'skip',
    'no tenant id set; tenant-based APIs (e.g. Visma.net ERP) need --tenant-id',
  );
}

function classify(error: unknown): Kind {
  if (!(error instanceof VismaOAuthError)) return 'other';
  switch (error.error) {
    case 'invalid_client':
    case 'unauthorized_client':
    case 'unsupported_grant_type':
      return 'client';
    case 'invalid_scope':
      return 'scope';
    case 'invalid_tenant':
      return 'tenant';
    default: {
      const text = `${error.errorDescription ?? ''}`.toLowerCase();
      return text.includes('tenant') || text.includes('not entitled') ? 'tenant' : 'other';
    }
  }
}

function describeError(error: unknown): string {
  return explainError(error).message;
}
