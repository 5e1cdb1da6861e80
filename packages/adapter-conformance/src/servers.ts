import { VismaTokenProvider, type VismaTokenProviderOptions } from '@visma-auth/core';
import {
  type MockApi,
  type MockConnect,
  type RedirectServer,
  startMockApi,
  startMockConnect,
  startRedirectServer,
} from '@visma-auth/testing';

export const CLIENT = {
  clientId: 'conformance',
  clientSecret: 'conformance-secret',
  allowedScopes: ['visma_api:read'],
  tenants: ['tenant-a', 'tenant-b'],
};

/** A local Visma Connect, the API, another origin's API, and a server redirecting to the latter. */
export interface ConformanceServers {
  connect: MockConnect;
  api: MockApi;
  otherApi: MockApi;
  redirector: RedirectServer;
  providerOptions: VismaTokenProviderOptions;
  provider: VismaTokenProvider;
  close(): Promise<void>;
}

export async function startConformanceServers(): Promise<ConformanceServers> {
  const connect = await startMockConnect({ clients: [CLIENT] });
  const api = await startMockApi({ connect });
  const otherApi = await startMockApi({ connect });
  const redirector = await startRedirectServer({ location: `${otherApi.url}/landing` });
  const providerOptions: VismaTokenProviderOptions = {
    clientId: CLIENT.clientId,
    clientSecret: CLIENT.clientSecret,
    scopes: CLIENT.allowedScopes,
    tenantId: 'tenant-a',
    tokenUrl: connect.tokenUrl,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
  };
  const provider = new VismaTokenProvider(providerOptions);
  return {
    connect,
    api,
    otherApi,
    redirector,
    providerOptions,
    provider,
    async close() {
      await provider.close();
      await Promise.all([api.close(), otherApi.close(), redirector.close()]);
      await connect.close();
    },
  };
}
