/**
 * Runs the example service.
 *
 * Real Visma: set VISMA_CLIENT_ID, VISMA_CLIENT_SECRET, VISMA_SCOPES (space separated),
 * VISMA_API_URL (the API's base URL) and EXAMPLE_API_KEYS ("key=tenant-id,key2=tenant-id2");
 * it listens on PORT (default 3000) until Ctrl+C. With no VISMA_* variable set, it starts a
 * local Visma Connect and API, calls itself as two callers of two tenants, shows what a caller
 * sees when the client secret is wrong, shuts down and prints what is left open.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve as serveHono } from '@hono/node-server';
import { closeVismaProviders } from '@visma-auth/hono';
import { DEMO_CLIENT, DEMO_TENANT_ID, startMockApi, startMockConnect } from '@visma-auth/testing';
import { createApp, type ExampleConfig } from './app.js';

const env = process.env;
const baseline = process.getActiveResourcesInfo();

if (env.VISMA_CLIENT_ID) {
  const apiKeys = new Map(
    (env.EXAMPLE_API_KEYS ?? '')
      .split(',')
      .filter(Boolean)
      .map((pair, i) => {
        const [key = '', tenantId = ''] = pair.split('=');
        return [key, { name: `caller-${i + 1}`, tenantId }] as const;
      }),
  );
  const app = createApp({
    visma: {
      clientId: env.VISMA_CLIENT_ID,
      clientSecret: env.VISMA_CLIENT_SECRET,
      scopes: env.VISMA_SCOPES ?? '',
      authority: env.VISMA_AUTHORITY || undefined,
      baseUrl: env.VISMA_API_URL ?? 'https://api.finance.visma.net',
    },
    apiKeys,
  });
  const server = serveHono({ fetch: app.fetch, port: Number(env.PORT ?? 3000) });
  console.log(`Listening on ${JSON.stringify(server.address())}; Ctrl+C stops.`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => server.close(() => void closeVismaProviders()));
  }
} else {
  console.log('No VISMA_* variables set: using a local Visma Connect and API.');
  const second = 'b7e2c1d0-0000-4000-8000-000000000002';
  const connect = await startMockConnect({
    clients: [{ ...DEMO_CLIENT, tenants: [DEMO_TENANT_ID, second] }],
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
    ['key-of-globex', { name: 'globex', tenantId: second }],
  ]);
  try {
    const good = await serve({ visma, apiKeys });
    const burst = await Promise.all(
      Array.from({ length: 50 }, () => good.get('/customers', 'key-of-acme')),
    );
    console.log(
      `50 concurrent requests as acme: ${burst.filter((r) => r.status === 200).length} x 200, ${connect.counts.token} token request(s)`,
    );
    const globex = await good.get('/customers', 'key-of-globex');
    console.log(`globex: ${globex.status} tenant ${globex.body.upstream?.tenant_id}`);
    console.log(`no API key: ${(await good.get('/customers', 'forged')).status}`);
    await good.close();

    const logged: unknown[] = [];
    const wrong = await serve({
      visma: { ...visma, clientSecret: 'not-the-secret' },
      apiKeys,
      logger: (error) => logged.push(error),
    });
    const denied = await wrong.get('/customers', 'key-of-acme');
    console.log(
      `wrong client secret: the caller sees ${denied.status} ${JSON.stringify(denied.body)}`,
    );
    console.log(`and the log gets: ${String(logged[0])}`);
    await wrong.close();
  } finally {
    await api.close();
    await connect.close();
  }
  console.log(`open handles after shutdown: ${(await leftOpen()).length}`);
}

/** Serves the app on 127.0.0.1 port 0; `get` calls it with an API key, `close` shuts it down. */
async function serve(config: ExampleConfig) {
  const app = createApp(config);
  const server = await new Promise<Server>((resolve) => {
    const s = serveHono({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
      resolve(s as Server),
    );
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    async get(path: string, apiKey: string) {
      const res = await fetch(url + path, { headers: { 'x-api-key': apiKey } });
      // biome-ignore lint/suspicious/noExplicitAny: printed as is.
      return { status: res.status, body: (await res.json()) as any };
    },
    // The providers the middleware made live per process: close them with the server.
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }).then(() => closeVismaProviders()),
  };
}

/** Resources still keeping the process alive that were not there at start (sockets get 2 s to close). */
async function leftOpen(): Promise<string[]> {
  const diff = () => {
    const left = process.getActiveResourcesInfo();
    for (const type of baseline) left.splice(left.indexOf(type), left.includes(type) ? 1 : 0);
    return left;
  };
  for (let i = 0; i < 100 && diff().length > 0; i++) await new Promise((r) => setTimeout(r, 20));
  return diff();
}
