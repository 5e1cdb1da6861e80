import type { AccessToken, TokenRequest, VismaTokenSource } from '@visma-auth/core';

/** How often an adapter took each path to its token; see {@link pathCountingSource}. */
export interface TokenPathCounts {
  peek: number;
  peekHits: number;
  getToken: number;
}

/**
 * Wraps a real provider in a token source that counts which path each call took: `peekToken`
 * (the synchronous warm path, left out when `withPeek` is false) or `getToken`.
 */
export function pathCountingSource(
  provider: Required<Pick<VismaTokenSource, 'peekToken'>> & VismaTokenSource,
  withPeek: boolean,
): { source: VismaTokenSource; calls: TokenPathCounts } {
  const calls: TokenPathCounts = { peek: 0, peekHits: 0, getToken: 0 };
  const source: VismaTokenSource = {
    getToken(tokenRequest?: TokenRequest) {
      calls.getToken++;
      return provider.getToken(tokenRequest);
    },
    invalidate: (invalidateRequest) => provider.invalidate(invalidateRequest),
  };
  if (withPeek) {
    source.peekToken = (tokenRequest?: TokenRequest): AccessToken | undefined => {
      calls.peek++;
      const token = provider.peekToken(tokenRequest);
      if (token !== undefined) calls.peekHits++;
      return token;
    };
  }
  return { source, calls };
}
