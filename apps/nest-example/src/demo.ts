/**
 * Demo (not part of the app): starts the local Visma Connect and APIs from @visma-auth/testing,
 * points the VISMA_* variables at them, boots the app on a free port, calls each route as the
 * callers of two companies (and once without an API key), prints the answers and stops. The
 * process ends by itself.
 */
import { createApp, urlOf } from './bootstrap.js';
import { API_KEY_HEADER } from './caller/caller.guard.js';
import { startLocalVisma } from './local-visma.js';

const local = await startLocalVisma();
Object.assign(process.env, local.env);
try {
  const app = await createApp({ logger: ['error', 'warn'] });
  try {
    await app.listen(0, '127.0.0.1');
    const url = urlOf(app);
    console.log(`nest-example on ${url} against a local Visma Connect`);
    const [first, second] = local.callers;
    // Each caller is known by its API key, bound to one company; the last call has no key.
    const calls: Array<[string, string | undefined, string]> = [
      ['/health', undefined, ''],
      ['/customers', first?.apiKey, ` (caller of ${first?.tenantId})`],
      ['/customers', second?.apiKey, ` (caller of ${second?.tenantId})`],
      ['/companies', first?.apiKey, ` (caller of ${first?.tenantId})`],
      ['/customers', undefined, ' (no API key)'],
    ];
    for (const [route, apiKey, who] of calls) {
      const res = await fetch(new URL(route, url), {
        headers: apiKey === undefined ? {} : { [API_KEY_HEADER]: apiKey },
        signal: AbortSignal.timeout(10_000),
      });
      console.log(`GET ${route}${who} -> ${res.status}`);
      console.log(await res.text());
      const expected = apiKey === undefined && route !== '/health' ? 401 : 200;
      if (res.status !== expected) process.exitCode = 1;
    }
  } finally {
    await app.close();
  }
} finally {
  await local.close();
}
