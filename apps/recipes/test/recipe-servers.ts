import { VismaTokenProvider } from '@visma-auth/core';
import {
  type MockApi,
  type MockConnect,
  startMockApi,
  startMockConnect,
} from '@visma-auth/testing';
import { afterEach, beforeEach, expect } from 'vitest';
import { type ShapedApi, startShapedApi } from './shaped-api.js';

const CLIENT = {
  clientId: 'recipes',
  clientSecret: 'recipes-secret',
  allowedScopes: [
    'vismanet_erp_service_api:read',
    'business-graphql-service-api:access-group-based',
  ],
  tenants: ['company-1'],
};

/** What each recipe test gets: a local Visma Connect, the API and another origin, a provider. */
export interface RecipeServers {
  connect: MockConnect;
  /** Checks tokens for both shaped APIs; `rejectNext` makes them answer 401. */
  verifier: MockApi;
  api: ShapedApi;
  otherApi: ShapedApi;
  provider: VismaTokenProvider;
}

/** An Authorization header that carries a bearer token. */
export const bearer = expect.stringMatching(/^Bearer /);

/** Starts fresh servers and a provider before each test of the file and closes them after it. */
export function useRecipeServers(): () => RecipeServers {
  let current: RecipeServers | undefined;
  beforeEach(async () => {
    const connect = await startMockConnect({ clients: [CLIENT] });
    const verifier = await startMockApi({ connect });
    current = {
      connect,
      verifier,
      api: await startShapedApi(verifier),
      otherApi: await startShapedApi(verifier),
      provider: new VismaTokenProvider({
        clientId: CLIENT.clientId,
        clientSecret: CLIENT.clientSecret,
        scopes: CLIENT.allowedScopes,
        tenantId: 'company-1',
        tokenUrl: connect.tokenUrl,
      }),
    };
  });
  afterEach(async () => {
    if (current === undefined) return;
    const { provider, api, otherApi, verifier, connect } = current;
    current = undefined;
    await provider.close();
    await Promise.all([api.close(), otherApi.close(), verifier.close()]);
    await connect.close();
  });
  return () => {
    if (current === undefined) throw new Error('recipe servers are started in beforeEach');
    return current;
  };
}
