import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VismaConfigError } from './errors.js';
import { MAX_REMEMBERED_TENANT_KEYS, TokenTargets } from './token-target.js';

const TOKEN_URL = 'https://connect.visma.com/connect/token';

function targets(tokenUrl = TOKEN_URL): TokenTargets {
  const t = new TokenTargets(undefined, ['visma_api:read']);
  t.useEndpoint(tokenUrl, 'app', 'client_secret_post');
  return t;
}

describe('TokenTargets.keyFor with a tenant', () => {
  it('gives the key resolve builds, asked once or many times, for any tenant', () => {
    const t = targets();
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), (tenantId) => {
        let expected: string;
        try {
          expected = t.resolve({ tenantId }).key;
        } catch (error) {
          // An invalid tenant is refused every time, never remembered.
          for (let i = 0; i < 2; i++)
            expect(() => t.keyFor({ tenantId })).toThrow(VismaConfigError);
          return error instanceof VismaConfigError;
        }
        return t.keyFor({ tenantId }) === expected && t.keyFor({ tenantId }) === expected;
      }),
    );
  });

  it('keeps tenants apart, and a tenant with scopes apart from the tenant alone', () => {
    const t = targets();
    const a = t.keyFor({ tenantId: 'tenant-a' });
    expect(t.keyFor({ tenantId: 'tenant-b' })).not.toBe(a);
    expect(t.keyFor({ tenantId: 'tenant-a', scopes: ['other:scope'] })).not.toBe(a);
    expect(t.keyFor({ tenantId: 'tenant-a' })).toBe(a);
  });

  it('names the new token endpoint after useEndpoint changes it', () => {
    const t = targets();
    const before = t.keyFor({ tenantId: 'tenant-a' });
    t.useEndpoint(
      'https://connect.identity.stagaws.visma.com/connect/token',
      'app',
      'client_secret_post',
    );
    const after = t.keyFor({ tenantId: 'tenant-a' });
    expect(after).not.toBe(before);
    expect(after).toBe(t.resolve({ tenantId: 'tenant-a' }).key);
  });

  it('still gives the right keys past the number of tenants it remembers', () => {
    const t = targets();
    const count = MAX_REMEMBERED_TENANT_KEYS + 10;
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < count; i++) {
        const tenantId = `tenant-${i}`;
        expect(t.keyFor({ tenantId })).toBe(t.resolve({ tenantId }).key);
      }
    }
  });
});
