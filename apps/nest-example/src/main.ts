/**
 * Runs the example app until SIGINT/SIGTERM. Real Visma: set VISMA_CLIENT_ID, VISMA_CLIENT_SECRET,
 * VISMA_TENANT_ID and optionally VISMA_API_URL / VISMA_AUTHORITY. With no VISMA_CLIENT_ID it runs
 * against a local Visma Connect and protected API. PORT picks the port (default 3000).
 */
import { type RunningApp, startApp } from './bootstrap.js';

let running: RunningApp;
try {
  running = await startApp({ port: Number(process.env.PORT ?? 3000) });
} catch (error) {
  // A bad VISMA_* setting ends up here with a message naming the option (never its value).
  console.error(`nest-example failed to start: ${String(error)}`);
  process.exit(1);
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    running.close().then(
      () => console.log('nest-example stopped'),
      (error: unknown) => {
        console.error(String(error));
        process.exitCode = 1;
      },
    );
  });
}
// Printed after the handlers are in place, so a supervisor that reacts to it can already stop us.
console.log(
  `nest-example listening on ${running.url} (${running.local ? 'local Visma Connect' : 'Visma Connect'}); try GET /customers and /health`,
);
