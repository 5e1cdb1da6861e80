import { describe, expect, it } from 'vitest';
import { createErpClient } from '../src/openapi-fetch.js';
import { bearer, useRecipeServers } from './recipe-servers.js';
import { CUSTOMERS } from './shaped-api.js';

const servers = useRecipeServers();

describe('openapi-fetch recipe', () => {
  it('gets typed customers with the token, and sends none to another origin', async () => {
    const { provider, api, otherApi } = servers();
    const erp = createErpClient(provider, api.url);
    const { data, error } = await erp.GET('/v1/customer', { params: { query: { pageSize: 10 } } });
    expect(error).toBeUndefined();
    expect(data?.map((c) => c.name)).toEqual(CUSTOMERS.map((c) => c.name));
    const foreign = await erp.GET('/v1/customer', { baseUrl: otherApi.url });
    expect(foreign.response.status).toBe(401);
    expect(api.authorizations).toEqual([bearer]);
    expect(otherApi.authorizations).toEqual([undefined]);
  });
});
