import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCacheKey, normalizeScopes } from './cache-key.js';

const base = {
  tokenUrl: 'https://connect.visma.com/connect/token',
  clientId: 'app',
  authMethod: 'client_secret_post',
};

describe('normalizeScopes', () => {
  it('splits, de-duplicates and sorts', () => {
    expect(normalizeScopes(['b', 'a  c', 'a'])).toEqual(['a', 'b', 'c']);
    expect(normalizeScopes(' c b\ta ')).toEqual(['a', 'b', 'c']);
    expect(normalizeScopes(undefined)).toEqual([]);
  });
});

describe('createCacheKey', () => {
  const scopeToken = fc.stringMatching(/^[a-z_:.*-]{1,12}$/);
  const tenant = fc.option(fc.string({ maxLength: 20 }), { nil: undefined });
  const scopeSet = fc.uniqueArray(scopeToken, { minLength: 1, maxLength: 5 });

  it('is the same for any order or duplication of the same scopes', () => {
    fc.assert(
      fc.property(tenant, scopeSet, (tenantId, scopes) => {
        const shuffled = [...scopes].reverse().concat(scopes.slice(0, 1));
        const a = createCacheKey({ ...base, tenantId, scopes: normalizeScopes(scopes) });
        const b = createCacheKey({
          ...base,
          tenantId,
          scopes: normalizeScopes(shuffled.join(' ')),
        });
        expect(a).toBe(b);
      }),
    );
  });

  it('differs whenever tenant, scope set, client, auth method or token URL differ', () => {
    const parts = fc.record({
      tokenUrl: fc.constantFrom('https://a.example/token', 'https://b.example/token'),
      clientId: fc.string({ minLength: 1, maxLength: 8 }),
      authMethod: fc.constantFrom('client_secret_post', 'client_secret_basic', 'private_key_jwt'),
      tenantId: tenant,
      scopes: scopeSet.map(normalizeScopes),
    });
    fc.assert(
      fc.property(parts, parts, (x, y) => {
        const same =
          x.tokenUrl === y.tokenUrl &&
          x.clientId === y.clientId &&
          x.authMethod === y.authMethod &&
          x.tenantId === y.tenantId &&
          x.scopes.join(' ') === y.scopes.join(' ');
        expect(createCacheKey(x) === createCacheKey(y)).toBe(same);
      }),
      { numRuns: 500 },
    );
  });

  it('cannot be confused by separators inside a tenant id', () => {
    const a = createCacheKey({ ...base, tenantId: 'a",["b', scopes: ['x'] });
    const b = createCacheKey({ ...base, tenantId: 'a', scopes: ['b', 'x'] });
    expect(a).not.toBe(b);
    expect(createCacheKey({ ...base, tenantId: undefined, scopes: ['x'] })).not.toBe(
      createCacheKey({ ...base, tenantId: 'null', scopes: ['x'] }),
    );
  });
});
