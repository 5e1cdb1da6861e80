// An Express 5 app whose callers act for the tenant of their API key, calling a Visma API through
// @visma-auth/express, against a local Visma Connect and API from @visma-auth/testing (loopback,
// random ports). In production, drop `authority` and use baseUrl https://api.finance.visma.net.
// Checks 50 concurrent requests, a wrong secret, a bad tenant and shutdown, then exits by itself.
import { VismaConfigError } from '@visma-auth/core';
import { vismaAuth, vismaErrorHandler } from '@visma-auth/express';
import { DEMO_CLIENT, startMockApi, startMockConnect } from '@visma-auth/testing';
import express from 'express';

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
  const app = express();
  const middleware = vismaAuth({ ...visma, tenant: (req) => req.tenantId });
  app.use((req, res, next) => {
    req.tenantId = keys.get(req.get('x-api-key') ?? '');
    if (req.tenantId === undefined) return res.status(401).end();
    next();
  });
  app.use(middleware);
  app.get('/customers', async (req, res) => {
    const upstream = await req.visma.fetch('/v1/customer');
    res.status(upstream.status).json(await upstream.json());
  });
  app.use(vismaErrorHandler({ logger: () => {} }));
  const server = middleware.closeWith(app.listen(0, '127.0.0.1'));
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${server.address().port}/customers`;
  const get = (key) => fetch(url, { headers: { 'x-api-key': key } });
  const close = () => new Promise((resolve) => server.close(resolve));
  return { get, close };
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
    vismaAuth({ clientId: 'x', clientSecret: 'y', scopes: 's' });
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
