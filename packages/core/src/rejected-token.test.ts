import { describe, expect, it } from 'vitest';
import { renewRejectedToken } from './rejected-token.js';
import type { VismaTokenSource } from './token-source.js';
import type { AccessToken, InvalidateRequest, TokenRequest } from './types.js';

/** A source whose cache holds `cached` and whose endpoint issues n1, n2, ... */
function fakeSource(cached: string, options: { ignoreInvalidate?: boolean } = {}) {
  let current: string | undefined = cached;
  let issued = 0;
  const getTokenCalls: (TokenRequest | undefined)[] = [];
  const invalidateCalls: (InvalidateRequest | undefined)[] = [];
  const token = (accessToken: string): AccessToken => ({
    accessToken,
    tokenType: 'Bearer',
    expiresAt: Date.now() + 60_000,
    scopes: [],
  });
  const source: VismaTokenSource = {
    async getToken(request) {
      getTokenCalls.push(request);
      if (current === undefined || request?.forceRefresh) current = `n${++issued}`;
      return token(current);
    },
    async invalidate(request) {
      invalidateCalls.push(request);
      if (options.ignoreInvalidate) return false;
      if (request?.accessToken !== undefined && request.accessToken !== current) return false;
      current = undefined;
      return true;
    },
  };
  return { source, getTokenCalls, invalidateCalls };
}

describe('renewRejectedToken', () => {
  it('drops exactly the rejected token for the same tenant and scopes, then gets a new one', async () => {
    const { source, getTokenCalls, invalidateCalls } = fakeSource('old');
    const signal = new AbortController().signal;
    const request: TokenRequest = { tenantId: 'company-1', scopes: ['a:read'], signal };
    const fresh = await renewRejectedToken(source, 'old', request);
    expect(fresh?.accessToken).toBe('n1');
    expect(invalidateCalls).toEqual([
      { accessToken: 'old', tenantId: 'company-1', scopes: ['a:read'] },
    ]);
    expect(getTokenCalls).toEqual([request]);
  });

  it('passes no tenant or scopes to invalidate when the request has none', async () => {
    const { source, getTokenCalls, invalidateCalls } = fakeSource('old');
    await renewRejectedToken(source, 'old');
    expect(invalidateCalls).toEqual([{ accessToken: 'old' }]);
    expect(getTokenCalls).toEqual([undefined]);
  });

  it('keeps a token another caller already replaced the rejected one with', async () => {
    const { source, getTokenCalls } = fakeSource('newer');
    const fresh = await renewRejectedToken(source, 'old', { tenantId: 'company-1' });
    expect(fresh?.accessToken).toBe('newer');
    expect(getTokenCalls).toEqual([{ tenantId: 'company-1' }]);
  });

  it('forces a refresh when the source hands the rejected token back', async () => {
    const { source, getTokenCalls } = fakeSource('old', { ignoreInvalidate: true });
    const fresh = await renewRejectedToken(source, 'old', { tenantId: 'company-1' });
    expect(fresh?.accessToken).toBe('n1');
    expect(getTokenCalls).toEqual([
      { tenantId: 'company-1' },
      { tenantId: 'company-1', forceRefresh: true },
    ]);
  });
});
