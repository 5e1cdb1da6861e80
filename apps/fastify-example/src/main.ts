/**
 * Runs the example service.
 *
 * Real Visma: set VISMA_CLIENT_ID, VISMA_CLIENT_SECRET, VISMA_SCOPES (space separated),
 * VISMA_API_URL (the API's base URL) and EXAMPLE_API_KEYS ("key=tenant-id,key2=tenant-id2");
 * it listens on PORT (default 3000) until Ctrl+C. With no VISMA_* variable set, it starts a
 * local Visma Connect and API, calls itself as two callers of two tenants, shows what a caller
 * sees when the client secret is wrong, shuts down and prints what is left open.
 */
import { demoConfigFromEnv, runTenantDemo } from '@visma-auth-internal/demo-kit';
import { createApp } from './app.js';

const config = demoConfigFromEnv();
if (config) {
  const app = await createApp(config);
  await app.listen({ port: Number(process.env.PORT ?? 3000) });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => app.close());
} else {
  // Served on 127.0.0.1 port 0; closing the app closes the provider onClose.
  await runTenantDemo(async (config) => {
    const app = await createApp(config);
    return { url: await app.listen({ port: 0, host: '127.0.0.1' }), close: () => app.close() };
  });
}
