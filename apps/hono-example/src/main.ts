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
import { serve as serveHono } from '@hono/node-server';
import { closeVismaProviders } from '@visma-auth/hono';
import { demoConfigFromEnv, nodeDemoServer, runTenantDemo } from '@visma-auth-internal/demo-kit';
import { createApp } from './app.js';

const config = demoConfigFromEnv();
if (config) {
  const app = createApp(config);
  const server = serveHono({ fetch: app.fetch, port: Number(process.env.PORT ?? 3000) });
  console.log(`Listening on ${JSON.stringify(server.address())}; Ctrl+C stops.`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => server.close(() => void closeVismaProviders()));
  }
} else {
  // Served on 127.0.0.1 port 0.
  await runTenantDemo(async (config) => {
    const app = createApp(config);
    const server = await nodeDemoServer(
      serveHono({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server,
    );
    // The providers the middleware made live per process: close them with the server.
    return { url: server.url, close: () => server.close().then(() => closeVismaProviders()) };
  });
}
