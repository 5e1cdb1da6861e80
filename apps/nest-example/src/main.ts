/**
 * Runs the example app against Visma: set VISMA_CLIENT_ID, VISMA_CLIENT_SECRET, VISMA_TENANT_ID
 * and optionally VISMA_ERP_URL, VISMA_NXT_URL, VISMA_AUTHORITY. PORT picks the port (default 3000).
 * SIGINT/SIGTERM close it (Nest's shutdown hooks).
 */
import { createApp, urlOf } from './bootstrap.js';

try {
  const app = await createApp();
  await app.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1');
  console.log(
    `nest-example listening on ${urlOf(app)}; try GET /customers, /companies and /health`,
  );
} catch (error) {
  // A missing or bad VISMA_* setting: the message names it, never its value.
  console.error(
    `nest-example failed to start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = 1;
}
