import { type AccessToken, VismaNetworkError, VismaOAuthError } from '@visma-auth/core';
import { describe, expect, it } from 'vitest';
import { checkToken, type TokenProbe } from './token-checks.js';

const jwt = (payload: object): string =>
  ['{"alg":"none"}', JSON.stringify(payload), '']
    .map((p) => Buffer.from(p).toString('base64url'))
    .join('.');

function token(scopes: readonly string[], tenantId?: string): AccessToken {
  return {
    accessToken: jwt(tenantId ? { tenant_id: tenantId } : {}),
    tokenType: 'Bearer',
    expiresAt: 0,
    scopes,
    ...(tenantId ? { tenantId } : {}),
  };
}

/** A fake Visma Connect: grants `allowed` scopes and the `granted` tenant, checking scopes first. */
function fakeConnect(allowed: string[], granted: string | undefined, tenantId: string | undefined) {
  const calls: Array<[string[], boolean]> = [];
  const probe: TokenProbe = async (scopes, withTenant) => {
    calls.push([[...scopes], withTenant]);
    const bad = scopes.filter((s) => !allowed.includes(s));
    if (bad.length > 0)
      throw new VismaOAuthError({
        error: 'invalid_scope',
        httpStatus: 400,
        errorDescription: 'scope',
      });
    if (withTenant && tenantId !== granted) {
      throw new VismaOAuthError({
        error: 'invalid_tenant',
        httpStatus: 400,
        errorDescription: 'not entitled',
      });
    }
    return token(scopes, withTenant ? tenantId : undefined);
  };
  return { probe, calls };
}

/** Runs the checks against `probe` with a clock stopped at 0. */
const check = (scopes: readonly string[], tenantId: string | undefined, probe: TokenProbe) =>
  checkToken({ scopes, tenantId, probe, now: () => 0 });

const statuses = (checks: Array<{ id: string; status: string }>) =>
  checks.map((c) => `${c.id}=${c.status}`);

describe('checkToken', () => {
  it('passes everything from one request when it succeeds', async () => {
    const { probe, calls } = fakeConnect(['a', 'b'], 't1', 't1');
    const outcome = await check(['a', 'b'], 't1', probe);
    expect(statuses(outcome.checks)).toEqual([
      'credentials=pass',
      'scope:a=pass',
      'scope:b=pass',
      'tenant=pass',
    ]);
    expect(outcome.token).toBeDefined();
    expect(calls).toHaveLength(1);
  });

  it('probes each scope alone after invalid_scope to name the bad one', async () => {
    const { probe } = fakeConnect(['a'], 't1', 't1');
    const outcome = await check(['a', 'nope'], 't1', probe);
    expect(statuses(outcome.checks)).toEqual([
      'credentials=pass',
      'scope:a=pass',
      'scope:nope=fail',
      'tenant=pass',
    ]);
    expect(outcome.token).toBeUndefined();
  });

  it('checks the scopes without the tenant when the tenant is not granted', async () => {
    const { probe, calls } = fakeConnect(['a', 'b'], 't1', 'other');
    const outcome = await check(['a', 'b'], 'other', probe);
    expect(statuses(outcome.checks)).toEqual([
      'credentials=pass',
      'scope:a=pass',
      'scope:b=pass',
      'tenant=fail',
    ]);
    expect(calls).toEqual([
      [['a', 'b'], true],
      [['a', 'b'], false],
    ]);
  });

  it('tells a bad scope and an ungranted tenant apart in one run', async () => {
    const { probe } = fakeConnect(['a'], 't1', 'other');
    const outcome = await check(['a', 'nope'], 'other', probe);
    expect(statuses(outcome.checks)).toEqual([
      'credentials=pass',
      'scope:a=pass',
      'scope:nope=fail',
      'tenant=fail',
    ]);
  });

  it('fails the scope the server left out of a token it issued', async () => {
    const probe: TokenProbe = async () => token(['a']);
    const outcome = await check(['a', 'b'], undefined, probe);
    expect(statuses(outcome.checks)).toEqual([
      'credentials=pass',
      'scope:a=pass',
      'scope:b=fail',
      'tenant=skip',
    ]);
  });

  it('skips scopes and tenant when the client is rejected or unreachable', async () => {
    for (const error of [
      new VismaOAuthError({ error: 'invalid_client', httpStatus: 401 }),
      new VismaNetworkError('http://127.0.0.1:1', new Error('refused')),
    ]) {
      const probe: TokenProbe = async () => {
        throw error;
      };
      const outcome = await check(['a'], 't', probe);
      expect(statuses(outcome.checks)).toEqual(['credentials=fail', 'scope:a=skip', 'tenant=skip']);
    }
  });

  it('probes at most ten scopes one by one', async () => {
    const { probe, calls } = fakeConnect([], undefined, undefined);
    const scopes = Array.from({ length: 12 }, (_, i) => `s${i}`);
    const outcome = await check(scopes, undefined, probe);
    expect(calls).toHaveLength(11);
    expect(
      outcome.checks.filter((c) => c.status === 'skip' && c.id.startsWith('scope:')),
    ).toHaveLength(2);
  });
});
