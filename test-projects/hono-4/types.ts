// Type-checks the integration as an app writes it: c.var.visma is typed through Variables.
import type { AccessToken } from '@visma-auth/core';
import { type VismaVariables, vismaAuth, vismaOnError } from '@visma-auth/hono';
import { Hono } from 'hono';

type Bindings = { VISMA_CLIENT_ID: string; VISMA_CLIENT_SECRET: string };
type AppEnv = { Bindings: Bindings; Variables: VismaVariables & { tenantId: string } };
const app = new Hono<AppEnv>();
app.use(
  vismaAuth<AppEnv>((c) => ({
    clientId: c.env.VISMA_CLIENT_ID,
    clientSecret: c.env.VISMA_CLIENT_SECRET,
    scopes: ['vismanet_erp_service_api:read'],
    baseUrl: 'https://api.finance.visma.net',
    tenant: (ctx) => ctx.get('tenantId'),
  })),
);
app.get('/customers', async (c) => {
  const upstream: Response = await c.var.visma.fetch('/v1/customer');
  const token: AccessToken = await c.var.visma.getToken();
  return c.json({ status: upstream.status, type: token.tokenType });
});
app.onError(vismaOnError<AppEnv>({ logger: (error, c) => console.error(c.req.path, error) }));
export default app;
