import type {
  AccessToken,
  InvalidateRequest,
  TokenRequest,
  VismaTokenSource,
} from '@visma-auth/core';

/** A token source for unit tests and what it was asked; see {@link countingTokenSource}. */
export interface CountingTokenSource {
  provider: VismaTokenSource;
  getTokenCalls: TokenRequest[];
  invalidateCalls: InvalidateRequest[];
}

/**
 * A provider without a server that hands out t1, t2, ... and drops the current token on a
 * matching invalidate, recording every call.
 */
export function countingTokenSource(): CountingTokenSource {
  let n = 0;
  let current: string | undefined;
  const getTokenCalls: TokenRequest[] = [];
  const invalidateCalls: InvalidateRequest[] = [];
  const provider: VismaTokenSource = {
    async getToken(request = {}) {
      getTokenCalls.push(request);
      if (current === undefined || request.forceRefresh) current = `t${++n}`;
      const token: AccessToken = {
        accessToken: current,
        tokenType: 'Bearer',
        expiresAt: Date.now() + 60_000,
        scopes: [],
      };
      return token;
    },
    async invalidate(request = {}) {
      invalidateCalls.push(request);
      if (request.accessToken !== undefined && request.accessToken !== current) return false;
      current = undefined;
      return true;
    },
  };
  return { provider, getTokenCalls, invalidateCalls };
}
