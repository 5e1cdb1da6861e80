// An Express 5 app whose callers act for the tenant of their API key, calling a Visma API through
// @visma-auth/express. framework-check.mjs (from test-projects/shared/) runs it against a local
// Visma Connect and API from @visma-auth/testing (loopback, random ports). In production, drop
// `authority` and use baseUrl https://api.finance.visma.net.
import { VismaConfigError } from '@visma-auth/core';
import { vismaAuth, vismaErrorHandler } from '@visma-auth/express';
import express from 'express';
import { API_KEYS, checkFrameworkApp } from './framework-check.mjs';

async function serve(visma) {
  const app = express();
  const middleware = vismaAuth({ ...visma, tenant: (req) => req.tenantId });
  app.use((req, res, next) => {
    req.tenantId = API_KEYS.get(req.get('x-api-key') ?? '');
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
  const url = `http://127.0.0.1:${server.address().port}`;
  return { url, close: () => new Promise((resolve) => server.close(resolve)) };
}

await checkFrameworkApp({
  serve,
  checkMissingBaseUrl() {
    try {
      vismaAuth({ clientId: 'x', clientSecret: 'y', scopes: 's' });
      throw new Error('expected a VismaConfigError without baseUrl');
    } catch (error) {
      if (!(error instanceof VismaConfigError)) throw error;
      console.log(`no baseUrl -> VismaConfigError (${error.option})`);
    }
  },
});
