/**
 * Demo (not part of the app): starts the local Visma Connect and APIs from @visma-auth/testing,
 * points the VISMA_* variables at them, boots the app on a free port, calls each route once for
 * two companies, prints the answers and stops. The process ends by itself.
 */
import { createApp, urlOf } from './bootstrap.js';
import { LOCAL_TENANTS, startLocalVisma } from './local-visma.js';

const local = await startLocalVisma();
Object.assign(process.env, local.env);
try {
  const app = await createApp({ logger: ['error', 'warn'] });
  try {
    await app.listen(0, '127.0.0.1');
    const url = urlOf(app);
    console.log(`nest-example on ${url} against a local Visma Connect`);
    const calls: Array<[string, string | undefined]> = [
      ['/health', undefined],
      ['/customers', LOCAL_TENANTS[0]],
      ['/customers', LOCAL_TENANTS[1]],
      ['/companies', undefined],
    ];
    for (const [route, tenant] of calls) {
      const res = await fetch(new URL(route, url), {
        headers: tenant ? { 'x-visma-tenant': tenant } : {},
        signal: AbortSignal.timeout(10_000),
      });
      console.log(`GET ${route}${tenant ? ` (x-visma-tenant: ${tenant})` : ''} -> ${res.status}`);
      console.log(await res.text());
      if (!res.ok) process.exitCode = 1;
    }
  } finally {
    await app.close();
  }
} finally {
  await local.close();
}
