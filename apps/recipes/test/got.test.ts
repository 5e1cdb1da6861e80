import { HTTPError } from 'got';
import { describe, expect, it } from 'vitest';
import { createErpGot } from '../src/got.js';
import { bearer, useRecipeServers } from './recipe-servers.js';
import { CUSTOMERS } from './shaped-api.js';

const servers = useRecipeServers();

describe('got recipe', () => {
  it('gets customers with the token, and sends none to another origin', async () => {
    const { provider, api, otherApi } = servers();
    const erp = createErpGot(provider, api.url);
    expect(await erp.get('v1/customer').json()).toEqual(CUSTOMERS);
    const foreign = await erp.get(`${otherApi.url}/v1/customer`, { prefixUrl: '' }).catch((e) => e);
    expect(foreign).toBeInstanceOf(HTTPError);
    expect(api.authorizations).toEqual([bearer]);
    expect(otherApi.authorizations).toEqual([undefined]);
  });

  it('retries a 401 once with a new token, and returns the 401 when the new token is rejected too', async () => {
    const { provider, api, verifier } = servers();
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
