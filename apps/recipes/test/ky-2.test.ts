// ky 2 needs Node 22: scripts/test-node-22.mjs runs this file there (vitest.node-22.config.ts).
import { describe, expect, it } from 'vitest';
import { createErpKy } from '../src/ky-2.js';
import { bearer, useRecipeServers } from './recipe-servers.js';
import { CUSTOMERS } from './shaped-api.js';

const servers = useRecipeServers();

describe('ky 2 recipe', () => {
  it('gets customers with the token, and sends none to another origin', async () => {
    const { provider, api, otherApi } = servers();
    const erp = createErpKy(provider, api.url);
    expect(await erp.get('v1/customer').json()).toEqual(CUSTOMERS);
    // An absolute URL bypasses baseUrl in ky 2.
    await expect(erp.get(`${otherApi.url}/v1/customer`).json()).rejects.toThrow(/401/);
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
});
