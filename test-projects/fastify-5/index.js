// A Fastify 5 app whose callers act for the tenant of their API key, calling a Visma API through
// @visma-auth/fastify. framework-check.mjs (from test-projects/shared/) runs it against a local
// Visma Connect and API from @visma-auth/testing (loopback, random ports). In production, drop
// `authority` and use baseUrl https://api.finance.visma.net.
import { VismaConfigError } from '@visma-auth/core';
import vismaAuth from '@visma-auth/fastify';
import Fastify from 'fastify';
import { API_KEYS, checkFrameworkApp } from './framework-check.mjs';

async function serve(visma) {
  const app = Fastify();
  app.decorateRequest('tenantId', undefined);
  app.addHook('onRequest', async (request, reply) => {
    request.tenantId = API_KEYS.get(String(request.headers['x-api-key'] ?? ''));
    if (request.tenantId === undefined) return reply.code(401).send();
  });
  await app.register(vismaAuth, { ...visma, tenant: (request) => request.tenantId });
  app.get('/customers', async (request, reply) => {
    const upstream = await request.visma.fetch('/v1/customer');
    return reply.code(upstream.status).send(await upstream.json());
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => app.close() };
}

await checkFrameworkApp({
  serve,
  async checkMissingBaseUrl() {
    try {
      await Fastify()
        .register(vismaAuth, { clientId: 'x', clientSecret: 'y', scopes: 's' })
        .ready();
      throw new Error('expected a VismaConfigError without baseUrl');
    } catch (error) {
      if (!(error instanceof VismaConfigError)) throw error;
      console.log(`no baseUrl -> VismaConfigError (${error.option})`);
    }
  },
});
