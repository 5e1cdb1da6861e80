// A Hono 4 app on @hono/node-server whose callers act for the tenant of their API key, calling a
// Visma API through @visma-auth/hono. framework-check.mjs (from test-projects/shared/) runs it
// against a local Visma Connect and API from @visma-auth/testing (loopback, random ports). In
// production, drop `authority` and use baseUrl https://api.finance.visma.net.
import { serve as serveNode } from '@hono/node-server';
import { VismaConfigError } from '@visma-auth/core';
import { closeVismaProviders, vismaAuth, vismaOnError } from '@visma-auth/hono';
import { Hono } from 'hono';
import { API_KEYS, checkFrameworkApp, get } from './framework-check.mjs';

async function serve(visma) {
  const app = new Hono();
  app.use(async (c, next) => {
    const tenantId = API_KEYS.get(c.req.header('x-api-key') ?? '');
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
  const url = `http://127.0.0.1:${server.address().port}`;
  // The providers the middleware made live per process: close them with the server.
  const close = () =>
    new Promise((resolve) => server.close(resolve)).then(() => closeVismaProviders());
  return { url, close, logged: () => configError };
}

await checkFrameworkApp({
  serve,
  // Options are read on a route's first call: the first request fails, logged whole.
  async checkMissingBaseUrl({ baseUrl: _omitted, ...noBaseUrl }) {
    const unconfigured = await serve(noBaseUrl);
    const failed = await get(unconfigured, 'key-1');
    const error = unconfigured.logged();
    await unconfigured.close();
    if (failed.status !== 502 || !(error instanceof VismaConfigError))
      throw new Error(`got ${failed.status}`);
    console.log(`no baseUrl -> 502, VismaConfigError (${error.option}) logged`);
  },
});
