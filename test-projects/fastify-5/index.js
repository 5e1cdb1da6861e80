// A Fastify 5 app whose callers act for the tenant of their API key, calling a Visma API through
// @visma-auth/fastify, against a local Visma Connect and API from @visma-auth/testing (loopback,
// random ports). In production, drop `authority` and use baseUrl https://api.finance.visma.net.
// Checks 50 concurrent requests, a wrong secret, a bad tenant and shutdown, then exits by itself.
import { VismaConfigError } from '@visma-auth/core';
import vismaAuth from '@visma-auth/fastify';
import { DEMO_CLIENT, startMockApi, startMockConnect } from '@visma-auth/testing';
import Fastify from 'fastify';

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
  const app = Fastify();
  app.decorateRequest('tenantId', undefined);
  app.addHook('onRequest', async (request, reply) => {
    request.tenantId = keys.get(String(request.headers['x-api-key'] ?? ''));
    if (request.tenantId === undefined) return reply.code(401).send();
  });
  await app.register(vismaAuth, { ...visma, tenant: (request) => request.tenantId });
  app.get('/customers', async (request, reply) => {
    const upstream = await request.visma.fetch('/v1/customer');
    return reply.code(upstream.status).send(await upstream.json());
  });
  const url = `${await app.listen({ port: 0, host: '127.0.0.1' })}/customers`;
  const get = (key) => fetch(url, { headers: { 'x-api-key': key } });
  return { get, close: () => app.close() };
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

  const wrong = await serve({ ...options, clientSecret: 'wrong' });
  const denied = await wrong.get('key-1');
  const body = await denied.json();
  if (denied.status !== 502 || body.error !== 'upstream_error')
    throw new Error(`got ${denied.status}`);
  console.log(`wrong client secret -> ${denied.status} ${JSON.stringify(body)}`);
  await wrong.close();

  try {
    await Fastify().register(vismaAuth, { clientId: 'x', clientSecret: 'y', scopes: 's' }).ready();
    throw new Error('expected a VismaConfigError without baseUrl');
  } catch (error) {
    if (!(error instanceof VismaConfigError)) throw error;
    console.log(`no baseUrl -> VismaConfigError (${error.option})`);
  }
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
