import { describe, expect, it } from 'vitest';
import { createErpKy } from '../src/ky.js';
import { bearer, useRecipeServers } from './recipe-servers.js';
import { CUSTOMERS } from './shaped-api.js';

const servers = useRecipeServers();

describe('ky 1 recipe', () => {
  it('gets customers with the token, and sends none to another origin', async () => {
    const { provider, api, otherApi } = servers();
    const erp = createErpKy(provider, api.url);
    expect(await erp.get('v1/customer').json()).toEqual(CUSTOMERS);
    await expect(erp.get(`${otherApi.url}/v1/customer`, { prefixUrl: '' }).json()).rejects.toThrow(
      /401/,
    );
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
