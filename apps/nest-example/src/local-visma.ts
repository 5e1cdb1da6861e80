import { randomBytes } from 'node:crypto';
import { DEMO_CLIENT, type MockConnect, startMockApi, startMockConnect } from '@visma-auth/testing';

/** The two companies the local demo client is granted. */
export const LOCAL_TENANTS = [DEMO_CLIENT.tenants[0] ?? '', 'b2d0c3e4-0000-4000-8000-00000000000b'];

/** A caller of the app: the API key it was given and the one company that key acts for. */
export interface LocalCaller {
  apiKey: string;
  tenantId: string;
}

/**
 * A running local Visma Connect plus protected API, the settings that point the app at them, and
 * one caller (API key) per local company.
 */
export interface LocalVisma {
  env: Record<string, string>;
  callers: LocalCaller[];
  connect: MockConnect;
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
    // Fresh keys on every start: none is written down anywhere.
    const callers = LOCAL_TENANTS.map((tenantId) => ({
      apiKey: randomBytes(24).toString('base64url'),
      tenantId,
    }));
    return {
      callers,
      connect,
      env: {
        VISMA_CLIENT_ID: DEMO_CLIENT.clientId,
        // The demo client's secret is public and only works on this local server.
        VISMA_CLIENT_SECRET: DEMO_CLIENT.clientSecret,
        VISMA_TENANT_ID: LOCAL_TENANTS[0] ?? '',
        VISMA_AUTHORITY: connect.url,
        VISMA_ERP_URL: api.url,
        VISMA_NXT_URL: `${api.url}/api/graphql-service`,
        CALLER_API_KEYS: callers.map((c) => `${c.apiKey}=${c.tenantId}`).join(','),
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
