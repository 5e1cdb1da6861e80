import { DEMO_CLIENT, DEMO_TENANT_ID, startMockApi, startMockConnect } from '@visma-auth/testing';
import { resourcesLeftOpen } from '@visma-auth-internal/adapter-conformance/open-resources';
import type { DemoConfig } from './demo-config.js';

/** An example app listening on 127.0.0.1: its base URL, and how to shut it down. */
export interface DemoServer {
  url: string;
  close(): Promise<void>;
}

/** The second tenant the demo client may act for (the first is `DEMO_TENANT_ID`). */
const SECOND_TENANT_ID = 'b7e2c1d0-0000-4000-8000-000000000002';

/**
 * Runs the demo every framework example prints with no VISMA_* variable set: starts a local
 * Visma Connect and API, serves the app through `serve` as two callers of two tenants (50
 * concurrent requests, then the other tenant, then no API key), serves it again with a wrong
 * client secret to show what the caller and the log get, shuts down and prints what is left open.
 */
export async function runTenantDemo(serve: (config: DemoConfig) => Promise<DemoServer>) {
  const baseline = process.getActiveResourcesInfo();
  console.log('No VISMA_* variables set: using a local Visma Connect and API.');
  const connect = await startMockConnect({
    clients: [{ ...DEMO_CLIENT, tenants: [DEMO_TENANT_ID, SECOND_TENANT_ID] }],
  });
  const api = await startMockApi({ connect });
  const visma = {
    clientId: DEMO_CLIENT.clientId,
    clientSecret: DEMO_CLIENT.clientSecret,
    scopes: DEMO_CLIENT.allowedScopes[0] ?? '',
    authority: connect.url,
    baseUrl: api.url,
  };
  const apiKeys = new Map([
    ['key-of-acme', { name: 'acme', tenantId: DEMO_TENANT_ID }],
    ['key-of-globex', { name: 'globex', tenantId: SECOND_TENANT_ID }],
  ]);
  try {
    const good = await serve({ visma, apiKeys });
    const burst = await Promise.all(
      Array.from({ length: 50 }, () => get(good, '/customers', 'key-of-acme')),
    );
    console.log(
      `50 concurrent requests as acme: ${burst.filter((r) => r.status === 200).length} x 200, ${connect.counts.token} token request(s)`,
    );
    const globex = await get(good, '/customers', 'key-of-globex');
    console.log(`globex: ${globex.status} tenant ${globex.body.upstream?.tenant_id}`);
    console.log(`no API key: ${(await get(good, '/customers', 'forged')).status}`);
    await good.close();

    const logged: unknown[] = [];
    const wrong = await serve({
      visma: { ...visma, clientSecret: 'not-the-secret' },
      apiKeys,
      logger: (error) => logged.push(error),
    });
    const denied = await get(wrong, '/customers', 'key-of-acme');
    console.log(
      `wrong client secret: the caller sees ${denied.status} ${JSON.stringify(denied.body)}`,
    );
    console.log(`and the log gets: ${String(logged[0])}`);
    await wrong.close();
  } finally {
    await api.close();
    await connect.close();
  }
  console.log(`open handles after shutdown: ${(await resourcesLeftOpen(baseline)).length}`);
}

/** Calls the app with an API key. */
async function get(server: DemoServer, path: string, apiKey: string) {
  const res = await fetch(server.url + path, { headers: { 'x-api-key': apiKey } });
  // biome-ignore lint/suspicious/noExplicitAny: printed as is.
  return { status: res.status, body: (await res.json()) as any };
}
