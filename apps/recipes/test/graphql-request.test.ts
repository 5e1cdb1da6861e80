import { ClientError } from 'graphql-request';
import { describe, expect, it } from 'vitest';
import { createBusinessNxtClient, CUSTOMERS as QUERY } from '../src/graphql-request.js';
import { bearer, useRecipeServers } from './recipe-servers.js';
import { CUSTOMERS } from './shaped-api.js';

const servers = useRecipeServers();

describe('graphql-request recipe', () => {
  it('queries Business NXT-shaped GraphQL with the token, and sends none to another origin', async () => {
    const { provider, api, otherApi } = servers();
    const nxt = createBusinessNxtClient(provider, `${api.url}/api/graphql-service`);
    const data = await nxt.request<{
      useCompany: { customer: { items: { customerNo: number; name: string }[] } };
    }>(QUERY, { companyNo: 1234 });
    expect(data.useCompany.customer.items.map((c) => c.name)).toEqual(CUSTOMERS.map((c) => c.name));
    nxt.setEndpoint(`${otherApi.url}/api/graphql-service`);
    await expect(nxt.request(QUERY, { companyNo: 1234 })).rejects.toBeInstanceOf(ClientError);
    expect(api.authorizations).toEqual([bearer]);
    expect(otherApi.authorizations).toEqual([undefined]);
  });
});
