import { VismaTokenProvider } from '@visma-auth/core';
import {
  type MockApi,
  type MockConnect,
  startMockApi,
  startMockConnect,
} from '@visma-auth/testing';
import { HTTPError } from 'got';
import { ClientError } from 'graphql-request';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createErpGot } from '../src/got.js';
import { createBusinessNxtClient, CUSTOMERS as QUERY } from '../src/graphql-request.js';
import { createErpKy } from '../src/ky.js';
import { createErpClient } from '../src/openapi-fetch.js';
import { CUSTOMERS, type ShapedApi, startShapedApi } from './shaped-api.js';

const CLIENT = {
  clientId: 'recipes',
  clientSecret: 'recipes-secret',
  allowedScopes: [
    'vismanet_erp_service_api:read',
    'business-graphql-service-api:access-group-based',
  ],
  tenants: ['company-1'],
};

let connect: MockConnect;
let verifier: MockApi;
let api: ShapedApi;
let otherApi: ShapedApi;
let provider: VismaTokenProvider;

beforeEach(async () => {
  connect = await startMockConnect({ clients: [CLIENT] });
  verifier = await startMockApi({ connect });
  api = await startShapedApi(verifier);
  otherApi = await startShapedApi(verifier);
  provider = new VismaTokenProvider({
    clientId: CLIENT.clientId,
    clientSecret: CLIENT.clientSecret,
    scopes: CLIENT.allowedScopes,
    tenantId: 'company-1',
    tokenUrl: connect.tokenUrl,
  });
});

afterEach(async () => {
  await provider.close();
  await Promise.all([api.close(), otherApi.close(), verifier.close()]);
  await connect.close();
});

const bearer = expect.stringMatching(/^Bearer /);

describe('ky recipe', () => {
  it('gets customers with the token, and sends none to another origin', async () => {
    const erp = createErpKy(provider, api.url);
    expect(await erp.get('v1/customer').json()).toEqual(CUSTOMERS);
    await expect(erp.get(`${otherApi.url}/v1/customer`, { prefixUrl: '' }).json()).rejects.toThrow(
      /401/,
    );
    expect(api.authorizations).toEqual([bearer]);
    expect(otherApi.authorizations).toEqual([undefined]);
  });

  it('retries a rejected token once', async () => {
    const erp = createErpKy(provider, api.url);
    verifier.rejectNext(1);
    expect(await erp.get('v1/customer').json()).toEqual(CUSTOMERS);
    expect(api.authorizations).toHaveLength(2);
    expect(connect.counts.issued).toBe(2);
  });
});

describe('got recipe', () => {
  it('gets customers with the token, and sends none to another origin', async () => {
    const erp = createErpGot(provider, api.url);
    expect(await erp.get('v1/customer').json()).toEqual(CUSTOMERS);
    const foreign = await erp.get(`${otherApi.url}/v1/customer`, { prefixUrl: '' }).catch((e) => e);
    expect(foreign).toBeInstanceOf(HTTPError);
    expect(api.authorizations).toEqual([bearer]);
    expect(otherApi.authorizations).toEqual([undefined]);
  });

  it('retries a 401 once with a new token, and returns the 401 when the new token is rejected too', async () => {
    const erp = createErpGot(provider, api.url);
    verifier.rejectNext(1);
    expect(await erp.get('v1/customer').json()).toEqual(CUSTOMERS);
    expect(api.authorizations).toHaveLength(2);
    expect(api.authorizations[0]).not.toBe(api.authorizations[1]);
    verifier.rejectNext(10);
    const error = await erp.get('v1/customer').catch((e) => e);
    expect(error).toBeInstanceOf(HTTPError);
    expect(error.response.statusCode).toBe(401);
    // The token the retry got was just issued and is rejected too: core holds further renewals
    // for this key (a 401 storm), so the 401 comes back without another token or retry.
    expect(api.authorizations).toHaveLength(3);
  });
});

describe('openapi-fetch recipe', () => {
  it('gets typed customers with the token, and sends none to another origin', async () => {
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

describe('graphql-request recipe', () => {
  it('queries Business NXT-shaped GraphQL with the token, and sends none to another origin', async () => {
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
