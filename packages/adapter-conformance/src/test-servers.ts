import { VismaTokenProvider, type VismaTokenProviderOptions } from '@visma-auth/core';
import {
  type MockApi,
  type MockConnect,
  startMockApi,
  startMockConnect,
} from '@visma-auth/testing';

/** A client registration for the local Visma Connect. */
export interface TestClient {
  clientId: string;
  clientSecret: string;
  allowedScopes: string[];
  tenants: string[];
}

/** The client a package's tests register: `clientId` with a derived secret, one scope, two tenants. */
export function testClient(clientId: string): TestClient {
  return {
    clientId,
    clientSecret: `${clientId}-secret`,
    allowedScopes: ['visma_api:read'],
    tenants: ['tenant-a', 'tenant-b'],
  };
}

/** Options for {@link startTestServers} and {@link createTestProvider}. */
export interface TestProviderOptions extends Partial<VismaTokenProviderOptions> {
  /** The registered client the provider authenticates as. */
  clientId: string;
}

/** Provider options for `clientId` against `connect`, for the first tenant, with fast retries. */
export function testProviderOptions(
  connect: MockConnect,
  { clientId, ...options }: TestProviderOptions,
): VismaTokenProviderOptions {
  const client = testClient(clientId);
  return {
    clientId,
    clientSecret: client.clientSecret,
    scopes: client.allowedScopes,
    tenantId: 'tenant-a',
    tokenUrl: connect.tokenUrl,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    ...options,
  };
}

/** A token provider for `clientId` against `connect`; the caller closes it. */
export function createTestProvider(
  connect: MockConnect,
  options: TestProviderOptions,
): VismaTokenProvider {
  return new VismaTokenProvider(testProviderOptions(connect, options));
}

/** A local Visma Connect, two protected APIs on two origins, and a provider for the first tenant. */
export interface TestServers {
  client: TestClient;
  connect: MockConnect;
  api: MockApi;
  otherApi: MockApi;
  providerOptions: VismaTokenProviderOptions;
  provider: VismaTokenProvider;
  close(): Promise<void>;
}

/** Starts the servers on 127.0.0.1 port 0 with `clientId` registered; close them with `close()`. */
export async function startTestServers(options: TestProviderOptions): Promise<TestServers> {
  const client = testClient(options.clientId);
  const connect = await startMockConnect({ clients: [client] });
  const api = await startMockApi({ connect });
  const otherApi = await startMockApi({ connect });
  const providerOptions = testProviderOptions(connect, options);
  const provider = new VismaTokenProvider(providerOptions);
  return {
    client,
    connect,
    api,
    otherApi,
    providerOptions,
    provider,
    async close() {
      await provider.close();
      await Promise.all([api.close(), otherApi.close()]);
      await connect.close();
    },
  };
}

/** Collects unhandled rejections while a test runs; call `stop()` when it ends. */
export function trackUnhandledRejections() {
  const seen: unknown[] = [];
  const listener = (reason: unknown) => seen.push(reason);
  process.on('unhandledRejection', listener);
  return {
    seen,
    stop: () => process.off('unhandledRejection', listener),
  };
}
