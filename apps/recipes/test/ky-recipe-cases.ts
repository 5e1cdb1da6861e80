import type { VismaTokenSource } from '@visma-auth/core';
import { expect, it } from 'vitest';
import { bearer, type RecipeServers } from './recipe-servers.js';
import { CUSTOMERS } from './shaped-api.js';

/** The part of a ky instance (1 or 2) the cases use. */
interface KyLike {
  get(url: string, options?: Record<string, unknown>): { json(): Promise<unknown> };
}

/**
 * The cases every ky recipe passes; `foreign` is how that ky major sends an absolute URL to
 * another origin from an instance with a base.
 */
export function kyRecipeCases(
  servers: () => RecipeServers,
  createErpKy: (provider: VismaTokenSource, baseUrl: string) => KyLike,
  foreign: Record<string, unknown>,
): void {
  it('gets customers with the token, and sends none to another origin', async () => {
    const { provider, api, otherApi } = servers();
    const erp = createErpKy(provider, api.url);
    expect(await erp.get('v1/customer').json()).toEqual(CUSTOMERS);
    await expect(erp.get(`${otherApi.url}/v1/customer`, foreign).json()).rejects.toThrow(/401/);
    expect(api.authorizations).toEqual([bearer]);
    expect(otherApi.authorizations).toEqual([undefined]);
  });

  it('retries a rejected token once', async () => {
    const { provider, api, verifier, connect } = servers();
    const erp = createErpKy(provider, api.url);
    verifier.rejectNext(1);
    expect(await erp.get('v1/customer').json()).toEqual(CUSTOMERS);
    expect(api.authorizations).toHaveLength(2);
    expect(connect.counts.issued).toBe(2);
  });
}
