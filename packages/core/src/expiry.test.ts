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

  describe('with a JWT access token', () => {
    const jwt = (claims: object) =>
      [{ alg: 'RS256', typ: 'at+jwt' }, claims]
        .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
        .concat('signature')
        .join('.');
    const start = Date.UTC(2026, 0, 1, 12, 0, 0, 900);
    const expiresInSeconds = 2;

    it('expires at exp when the whole-second claim is earlier than expires_in says', () => {
      // Issued in the second the request started: exp is up to 900 ms before start + expires_in.
      const exp = Math.floor(start / 1000) + expiresInSeconds;
      const token = { ...response, expiresInSeconds, accessToken: jwt({ exp }) };
      const entry = createCachedToken(token, start, [], undefined, policy);
      expect(entry.expiresAt).toBe(exp * 1000);
      expect(entry.expiresAt).toBeLessThan(start + expiresInSeconds * 1000);
      expect(usableUntil(entry, policy)).toBeLessThan(exp * 1000);
      expect(entry.refreshAt).toBeLessThanOrEqual(usableUntil(entry, policy));
    });

    it('expires at request start + expires_in when that is earlier than exp', () => {
      const exp = Math.floor(start / 1000) + expiresInSeconds + 60;
      const token = { ...response, expiresInSeconds, accessToken: jwt({ exp }) };
      const entry = createCachedToken(token, start, [], undefined, policy);
      expect(entry.expiresAt).toBe(start + expiresInSeconds * 1000);
    });

    it('uses exp when the token was issued while the request was in flight', () => {
      const iat = Math.floor(start / 1000);
      const token = {
        ...response,
        expiresInSeconds,
        accessToken: jwt({ iat, nbf: iat, exp: iat + expiresInSeconds }),
      };
      const entry = createCachedToken(token, start, [], undefined, policy, Math.random, start + 50);
      expect(entry.expiresAt).toBe((iat + expiresInSeconds) * 1000);
    });

    it('ignores exp when the local clock disagrees with iat (clock skew)', () => {
      const expiresIn = 60;
      // The local clock runs 50 s ahead of the server that issued the token.
      const serverNow = Math.floor((start - 50_000) / 1000);
      const token = {
        ...response,
        expiresInSeconds: expiresIn,
        accessToken: jwt({ iat: serverNow, exp: serverNow + expiresIn }),
      };
      const entry = createCachedToken(token, start, [], undefined, policy, Math.random, start + 50);
      expect(entry.expiresAt).toBe(start + expiresIn * 1000);
    });

    it('ignores an exp already past by the local clock (clock skew) and a token without exp', () => {
      const skewed = { ...response, expiresInSeconds, accessToken: jwt({ exp: 1 }) };
      expect(createCachedToken(skewed, start, [], undefined, policy).expiresAt).toBe(
        start + expiresInSeconds * 1000,
      );
      const noExp = { ...response, expiresInSeconds, accessToken: jwt({ sub: 'x' }) };
      expect(createCachedToken(noExp, start, [], undefined, policy).expiresAt).toBe(
        start + expiresInSeconds * 1000,
      );
    });
  });
});
