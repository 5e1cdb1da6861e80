// Type-checks the integration as an app writes it: app.visma and request.visma come from
// declaration merging.
import type { AccessToken } from '@visma-auth/core';
import vismaAuth, { replyWithVismaError } from '@visma-auth/fastify';
import Fastify from 'fastify';

const app = Fastify();
await app.register(vismaAuth, {
  clientId: 'id',
  clientSecret: 'secret',
  scopes: ['vismanet_erp_service_api:read'],
  baseUrl: 'https://api.finance.visma.net',
  tenant: (request) => request.headers['x-verified-tenant'] as string | undefined,
});
await app.register(vismaAuth, {
  provider: app.visma.provider,
  baseUrl: 'https://payroll.example.com',
  name: 'payroll',
  errorHandler: false,
});
app.get('/customers', async (request) => {
  const upstream: Response = await request.visma.fetch('/v1/customer');
  const token: AccessToken | undefined = await request.visma.payroll?.getToken();
  return { status: upstream.status, type: token?.tokenType };
});
app.setErrorHandler((error, request, reply) => {
  if (replyWithVismaError(error, request, reply)) return;
  reply.send(error);
});
