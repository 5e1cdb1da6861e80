/**
 * Boots the example app on a free port, calls each route once, prints the answers and stops:
 * the process ends by itself, which also shows that app.close() leaves nothing running.
 */
import { startApp } from './bootstrap.js';

const ROUTES = ['/health', '/customers'];

const running = await startApp({ port: 0, logger: ['error', 'warn'] });
try {
  console.log(
    `nest-example on ${running.url} against ${running.local ? 'a local' : 'the real'} Visma Connect`,
  );
  for (const route of ROUTES) {
    const res = await fetch(new URL(route, running.url), { signal: AbortSignal.timeout(10_000) });
    console.log(`GET ${route} -> ${res.status}`);
    console.log(await res.text());
    if (!res.ok) process.exitCode = 1;
  }
} finally {
  await running.close();
}
