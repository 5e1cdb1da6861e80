// A Hono 4 app on @hono/node-server whose callers act for the tenant of their API key, calling a Visma API through
// @visma-auth/hono, against a local Visma Connect and API from @visma-auth/testing (loopback,
// random ports). In production, drop `authority` and use baseUrl https://api.finance.visma.net.
// Checks 50 concurrent requests, a wrong secret, a bad tenant and shutdown, then exits by itself.
import { serve as serveNode } from '@hono/node-server';
import { VismaConfigError } from '@visma-auth/core';
import { closeVismaProviders, vismaAuth, vismaOnError } from '@visma-auth/hono';
import { DEMO_CLIENT, startMockApi, startMockConnect } from '@visma-auth/testing';
import { Hono } from 'hono';

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
const keys = new Map([
  ['key-1', DEMO_CLIENT.tenants[0]],
  ['key-bad', 'bad\r\ntenant'],
]);

async function serve(visma) {
  const app = new Hono();
  app.use(async (c, next) => {
    const tenantId = keys.get(c.req.header('x-api-key') ?? '');
    if (tenantId === undefined) return c.body(null, 401);
    c.set('tenantId', tenantId);
    await next();
  });
  app.use(vismaAuth({ ...visma, tenant: (c) => c.get('tenantId') }));
  app.get('/customers', async (c) => {
    const upstream = await c.var.visma.fetch('/v1/customer');
    return c.json(await upstream.json(), upstream.status);
  });
  let configError;
  app.onError(vismaOnError({ logger: (error) => (configError = error) }));
  const server = await new Promise((resolve) => {
    const s = serveNode({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const url = `http://127.0.0.1:${server.address().port}/customers`;
  const get = (key) => fetch(url, { headers: { 'x-api-key': key } });
  const close = () => new Promise((resolve) => server.close(resolve));
  return { get, close, logged: () => configError };
}

try {
  const good = await serve(options);
  const burst = await Promise.all(Array.from({ length: 50 }, () => good.get('key-1')));
  if (burst.some((r) => r.status !== 200)) throw new Error('a request of the burst failed');
  if (connect.counts.token !== 1) throw new Error(`${connect.counts.token} token requests`);
  console.log('50 concurrent requests -> 200, 1 token request');
  const bad = await good.get('key-bad');
  if (bad.status !== 400) throw new Error(`a bad tenant answered ${bad.status}`);
  console.log('tenant with CR/LF -> 400');
  await good.close();
  await closeVismaProviders();

  const wrong = await serve({ ...options, clientSecret: 'wrong' });
  const denied = await wrong.get('key-1');
  const body = await denied.json();
  if (denied.status !== 502 || body.error !== 'upstream_error')
    throw new Error(`got ${denied.status}`);
  console.log(`wrong client secret -> ${denied.status} ${JSON.stringify(body)}`);
  await wrong.close();
  await closeVismaProviders();

  // Options are read on a route's first call: the first request fails, logged whole.
  const { baseUrl: _omitted, ...noBaseUrl } = options;
  const unconfigured = await serve(noBaseUrl);
  const failed = await unconfigured.get('key-1');
  const error = unconfigured.logged();
  await unconfigured.close();
  if (failed.status !== 502 || !(error instanceof VismaConfigError))
    throw new Error(`got ${failed.status}`);
  console.log(`no baseUrl -> 502, VismaConfigError (${error.option}) logged`);
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
