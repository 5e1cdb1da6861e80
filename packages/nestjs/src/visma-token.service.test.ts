import type { TokenRequest, VismaTokenProvider } from '@visma-auth/core';
import { describe, expect, it } from 'vitest';
import { TokenEventHub } from './token-event-hub.js';
import { VismaTokenService } from './visma-token.service.js';

/** A service whose provider records the request of each `peekToken`, with `tenant()` as resolveTenant. */
function recordingService(tenant: () => string | undefined) {
  const seen: (TokenRequest | undefined)[] = [];
  const provider = {
    peekToken(request?: TokenRequest) {
      seen.push(request);
      return undefined;
    },
  } as unknown as VismaTokenProvider;
  const stream = { hub: new TokenEventHub(), clock: { now: () => 0 }, defaults: { scopes: 'a' } };
  return { service: new VismaTokenService(provider, stream, tenant), seen };
}

describe('VismaTokenService with resolveTenant', () => {
  it("hands the provider each call's tenant, one request object per tenant for calls without one", () => {
    let current = 'tenant-a';
    const { service, seen } = recordingService(() => current);
    service.peekToken();
    service.peekToken();
    current = 'tenant-b';
    service.peekToken();
    current = 'tenant-a';
    service.peekToken();
    expect(seen.map((r) => r?.tenantId)).toEqual(['tenant-a', 'tenant-a', 'tenant-b', 'tenant-a']);
    expect(seen[1]).toBe(seen[0]);
    expect(seen[3]).toBe(seen[0]);
    expect(seen[2]).not.toBe(seen[0]);
    expect(Object.isFrozen(seen[0])).toBe(true);
  });

  it("copies a caller's request with the tenant added, and keeps a tenant the caller names", () => {
    const { service, seen } = recordingService(() => 'tenant-a');
    const request = { scopes: 'b' };
    service.peekToken(request);
    service.peekToken({ tenantId: 'tenant-x' });
    expect(seen[0]).toEqual({ scopes: 'b', tenantId: 'tenant-a' });
    expect(request).toEqual({ scopes: 'b' });
    expect(seen[1]).toEqual({ tenantId: 'tenant-x' });
  });

  it('passes no request for the default tenant, and still gives the right tenant past 1,024 of them', () => {
    let current: string | undefined;
    const { service, seen } = recordingService(() => current);
    service.peekToken();
    expect(seen[0]).toBeUndefined();
    for (let i = 0; i < 3_000; i++) {
      current = `tenant-${i % 1_500}`;
      service.peekToken();
      expect(seen.at(-1)).toEqual({ tenantId: current });
    }
  });
});
