import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeAccessToken } from '../src/index.js';
import { CLIENT, createProvider, startConnect } from './helpers.js';

const SCOPES = ['visma_api:read', 'visma_api:write', 'vismanet_erp_service_api:read'];

describe('tenant isolation over real HTTP', () => {
  it('never returns a token of one tenant or scope set for another', async () => {
    const tenants = Array.from({ length: 6 }, (_, i) => `tenant-${i}`);
    const connect = await startConnect({ clients: [{ ...CLIENT, tenants }] });
    const { provider } = createProvider(connect);
    const call = fc.record({
      tenantId: fc.constantFrom(...tenants),
      scopes: fc.subarray(SCOPES, { minLength: 1 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(call, { minLength: 1, maxLength: 12 }), async (calls) => {
        const tokens = await Promise.all(calls.map((c) => provider.getToken(c)));
        tokens.forEach((token, i) => {
          const requested = calls[i];
          const claims = decodeAccessToken(token.accessToken)?.payload;
          expect(claims?.tenant_id).toBe(requested?.tenantId);
          expect(String(claims?.scope).split(' ').sort()).toEqual(
            [...(requested?.scopes ?? [])].sort(),
          );
          expect(token.tenantId).toBe(requested?.tenantId);
        });
      }),
      { numRuns: 30 },
    );
    // Every distinct (tenant, scope set) costs at most one request.
    expect(connect.counts.token).toBeLessThanOrEqual(tenants.length * 7);
  });
});
