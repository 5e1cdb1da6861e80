import { VismaTokenProvider, type VismaTokenProviderOptions } from '@visma-auth/core';
import {
  type MockApi,
  type MockConnect,
  startMockApi,
  startMockConnect,
} from '@visma-auth/testing';

export const CLIENT = {
  clientId: 'undici-tests',
  clientSecret: 'undici-tests-secret',
  allowedScopes: ['visma_api:read'],
  tenants: ['tenant-a', 'tenant-b'],
};

/** A local Visma Connect, two protected APIs on two origins, and a provider for the first tenant. */
export interface Servers {
  connect: MockConnect;
  api: MockApi;
  otherApi: MockApi;
  provider: VismaTokenProvider;
  close(): Promise<void>;
}

export async function startServers(
  options: Partial<VismaTokenProviderOptions> = {},
): Promise<Servers> {
  const connect = await startMockConnect({ clients: [CLIENT] });
  const api = await startMockApi({ connect });
  const otherApi = await startMockApi({ connect });
  const provider = createProvider(connect, options);
  return {
    connect,
    api,
    otherApi,
    provider,
    async close() {
      await provider.close();
      await Promise.all([api.close(), otherApi.close(), connect.close()]);
    },
  };
}

export function createProvider(
  connect: MockConnect,
  options: Partial<VismaTokenProviderOptions> = {},
): VismaTokenProvider {
  return new VismaTokenProvider({
    clientId: CLIENT.clientId,
    clientSecret: CLIENT.clientSecret,
    scopes: ['visma_api:read'],
    tenantId: 'tenant-a',
    tokenUrl: connect.tokenUrl,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    ...options,
  });
}
