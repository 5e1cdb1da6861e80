// Type-checks the integration as an app writes it: req.visma comes from declaration merging.
import type { AccessToken } from '@visma-auth/core';
import { vismaAuth, vismaErrorHandler } from '@visma-auth/express';
import express from 'express';

const app = express();
const visma = vismaAuth({
  clientId: 'id',
  clientSecret: 'secret',
  scopes: ['vismanet_erp_service_api:read'],
  baseUrl: 'https://api.finance.visma.net',
  tenant: (req) => req.get('x-verified-tenant'),
});
app.use(visma);
app.get('/customers', async (req, res) => {
  const upstream: Response = await req.visma.fetch('/v1/customer', { vismaAuth: { scopes: 's' } });
  const token: AccessToken = await req.visma.getToken();
  res.json({ status: upstream.status, type: token.tokenType });
});
app.use(vismaErrorHandler({ logger: (error, req) => console.error(req.path, error) }));
visma.closeWith(app.listen(3000));
