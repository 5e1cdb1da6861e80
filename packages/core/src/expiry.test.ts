import { describe, expect, it } from 'vitest';
import { createCachedToken, type ExpiryPolicy, usableUntil } from './expiry.js';

const policy: ExpiryPolicy = {
  expirySkewMs: 60_000,
  explicitSkew: false,
  refreshAhead: 0.8,
  refreshAheadJitter: 0.05,
};
const response = { accessToken: 'opaque', expiresInSeconds: 3600, scope: 'b a' };

describe('createCachedToken', () => {
  it('derives expiry from expires_in and the time of receipt', () => {
    const t = createCachedToken(response, 1_000, ['x'], 'tenant', policy, () => 0.5);
    expect(t.expiresAt).toBe(1_000 + 3_600_000);
    expect(usableUntil(t, policy)).toBe(t.expiresAt - 60_000);
    expect(t.refreshAt).toBe(1_000 + 0.8 * 3_600_000);
    expect(t.scopes).toEqual(['a', 'b']);
    expect(t.tenantId).toBe('tenant');
    expect(Object.isFrozen(t)).toBe(true);
  });

  it('spreads refreshAt by the jitter and keeps it before the skew', () => {
    const low = createCachedToken(response, 0, [], undefined, policy, () => 0);
    const high = createCachedToken(response, 0, [], undefined, policy, () => 0.999_999);
    expect(low.refreshAt).toBeCloseTo(0.75 * 3_600_000, 0);
    expect(high.refreshAt).toBeCloseTo(0.85 * 3_600_000, 0);
    const late = createCachedToken(
      response,
      0,
      [],
      undefined,
      { ...policy, refreshAhead: 1 },
      () => 0.5,
    );
    expect(late.refreshAt).toBe(usableUntil(late, policy));
  });

  it('caps the default skew at 10 % of a short token and an explicit one at half', () => {
    const short = { ...response, expiresInSeconds: 2 };
    expect(usableUntil(createCachedToken(short, 0, [], undefined, policy), policy)).toBe(1_800);
    const explicit = { ...policy, explicitSkew: true };
    expect(usableUntil(createCachedToken(short, 0, [], undefined, explicit), explicit)).toBe(1_000);
  });

  it('falls back to the requested scopes when the response has none', () => {
    expect(
      createCachedToken({ ...response, scope: undefined }, 0, ['r'], undefined, policy).scopes,
    ).toEqual(['r']);
  });
});
