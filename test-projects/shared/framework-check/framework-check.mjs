// The check of the three framework-integration cells (express-5, fastify-5, hono-4): a local
// Visma Connect and API from @visma-auth/testing on 127.0.0.1, the cell's app served by its
// `serve`, 50 concurrent requests costing one token request, a tenant with CR/LF answering 400,
// a wrong client secret answering a generic 502, the cell's own missing-baseUrl check, and
// nothing left open after shutdown. Every wait is bounded; it exits by itself.
import { DEMO_CLIENT, startMockApi, startMockConnect } from '@visma-auth/testing';

/** API key → tenant: a tenant the demo client may act for, and one with CR/LF in it. */
export const API_KEYS = new Map([
  ['key-1', DEMO_CLIENT.tenants[0]],
  ['key-bad', 'bad\r\ntenant'],
]);

/** `GET /customers` on a served app, as the caller of `key`. */
export function get(server, key) {
  return fetch(`${server.url}/customers`, { headers: { 'x-api-key': key } });
}

/**
 * Runs the check. `serve(visma)` starts the cell's app with those options on 127.0.0.1 port 0
 * and returns its `url` and `close()`; `checkMissingBaseUrl(options, serve)` checks and prints
 * what the integration does without `baseUrl`.
 */
export async function checkFrameworkApp({ serve, checkMissingBaseUrl }) {
  const baseline = process.getActiveResourcesInfo();
  const connect = await startMockConnect();
  const api = await startMockApi({ connect });
  const options = {
    clientId: DEMO_CLIENT.clientId,
    clientSecret: DEMO_CLIENT.clientSecret,
    scopes: ['vismanet_erp_service_api:read'],
    authority: connect.url,
    baseUrl: api.url,
  };
  try {
    const good = await serve(options);
    const burst = await Promise.all(Array.from({ length: 50 }, () => get(good, 'key-1')));
    if (burst.some((r) => r.status !== 200)) throw new Error('a request of the burst failed');
    if (connect.counts.token !== 1) throw new Error(`${connect.counts.token} token requests`);
    console.log('50 concurrent requests -> 200, 1 token request');
    const bad = await get(good, 'key-bad');
    if (bad.status !== 400) throw new Error(`a bad tenant answered ${bad.status}`);
    console.log('tenant with CR/LF -> 400');
    await good.close();

    const wrong = await serve({ ...options, clientSecret: 'wrong' });
    const denied = await get(wrong, 'key-1');
    const body = await denied.json();
    if (denied.status !== 502 || body.error !== 'upstream_error')
      throw new Error(`got ${denied.status}`);
    console.log(`wrong client secret -> ${denied.status} ${JSON.stringify(body)}`);
    await wrong.close();

    await checkMissingBaseUrl(options, serve);
  } finally {
    await api.close();
    await connect.close();
  }
  // Sockets close asynchronously: give them up to 2 s.
  let left = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 100 && left > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    left = process.getActiveResourcesInfo().length - baseline.length;
  }
  console.log(`open handles after shutdown: ${left}`);
  if (left > 0) process.exitCode = 1;
}
