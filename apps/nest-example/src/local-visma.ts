import { DEMO_CLIENT, startMockApi, startMockConnect } from '@visma-auth/testing';

/** A running local Visma Connect plus protected API, and the VISMA_* settings that point at them. */
export interface LocalVisma {
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Starts the local Visma Connect and protected API from @visma-auth/testing on loopback ports. */
export async function startLocalVisma(): Promise<LocalVisma> {
  const connect = await startMockConnect();
  try {
    const api = await startMockApi({ connect });
    return {
      env: {
        VISMA_CLIENT_ID: DEMO_CLIENT.clientId,
        // The demo client's secret is public and only works on this local server.
        VISMA_CLIENT_SECRET: DEMO_CLIENT.clientSecret ?? '',
        VISMA_TENANT_ID: DEMO_CLIENT.tenants?.[0] ?? '',
        VISMA_AUTHORITY: connect.url,
        // Same shape as the real base URL, so the controller's relative path works unchanged.
        VISMA_API_URL: `${api.url}/API`,
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
