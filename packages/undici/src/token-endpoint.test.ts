import { VISMA_AUTHORITIES } from '@visma-auth/core';
import { describe, expect, it } from 'vitest';
import { isTokenEndpointPath, isVismaConnectOrigin } from './token-endpoint.js';

/** What the interceptor asks, in two parts, before it gives a request a token. */
const isTokenEndpointRequest = (origin: string, path: string | undefined) =>
  isVismaConnectOrigin(origin) || isTokenEndpointPath(origin, path);

describe('isVismaConnectOrigin and isTokenEndpointPath', () => {
  it("knows Visma Connect's hosts and the token and discovery paths anywhere", () => {
    expect(isTokenEndpointRequest(VISMA_AUTHORITIES.production, '/anything')).toBe(true);
    expect(isTokenEndpointRequest(`${VISMA_AUTHORITIES.staging}/`, '/x')).toBe(true);
    expect(isTokenEndpointRequest('http://127.0.0.1:1', '/connect/token?x=1')).toBe(true);
    expect(isTokenEndpointRequest('http://127.0.0.1:1', '/.well-known/openid-configuration')).toBe(
      true,
    );
  });

  it('leaves API requests alone', () => {
    expect(isTokenEndpointRequest('https://api.finance.visma.net', '/v1/customer')).toBe(false);
    expect(isTokenEndpointRequest('https://api.finance.visma.net', undefined)).toBe(false);
  });
});
