import { DEMO_CLIENT, startMockApi, startMockConnect } from '@visma-auth/testing';

/** The two companies the local demo client is granted. */
export const LOCAL_TENANTS = [DEMO_CLIENT.tenants[0] ?? '', 'b2d0c3e4-0000-4000-8000-00000000000b'];

/** A running local Visma Connect plus protected API, and the VISMA_* settings that point at them. */
export interface LocalVisma {
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Starts the local Visma Connect and protected API from @visma-auth/testing on loopback ports (demo and tests only). */
export async function startLocalVisma(): Promise<LocalVisma> {
  const connect = await startMockConnect({
    clients: [
      {
        ...DEMO_CLIENT,
        allowedScopes: [
          'vismanet_erp_service_api:read',
          'business-graphql-service-api:access-group-based',
        ],
        tenants: LOCAL_TENANTS,
      },
    ],
  });
  try {
    const api = await startMockApi({ connect });
    return {
      env: {
        VISMA_CLIENT_ID: DEMO_CLIENT.clientId,
        // The demo client's secret is public and only works on this local server.
        VISMA_CLIENT_SECRET: DEMO_CLIENT.clientSecret,
        VISMA_TENANT_ID: LOCAL_TENANTS[0] ?? '',
        VISMA_AUTHORITY: connect.url,
        VISMA_ERP_URL: api.url,
        VISMA_NXT_URL: `${api.url}/api/graphql-service`,
      },
      async close() {
        await api.close();
        await connect.close();
      },
    };
  } catch (error) {
    await connect.close();
    throw error;
  }
}
