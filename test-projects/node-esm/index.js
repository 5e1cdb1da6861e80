// Calls a Visma API with @visma-auth/fetch and @visma-auth/axios from an ES module app, against a
// local Visma Connect and API from @visma-auth/testing (loopback, random ports). In production,
// drop `authority` and use baseURL https://api.finance.visma.net. Exits by itself.
import { withVismaAuth } from '@visma-auth/axios';
import { VismaConfigError, VismaTokenProvider } from '@visma-auth/core';
import { createVismaFetch } from '@visma-auth/fetch';
import { DEMO_CLIENT, startMockApi, startMockConnect } from '@visma-auth/testing';
import axios from 'axios';

const connect = await startMockConnect();
const api = await startMockApi({ connect });
const provider = new VismaTokenProvider({
  clientId: DEMO_CLIENT.clientId,
  clientSecret: DEMO_CLIENT.clientSecret,
  scopes: ['vismanet_erp_service_api:read'],
  tenantId: DEMO_CLIENT.tenants[0],
  authority: connect.url,
});
try {
  const vfetch = createVismaFetch(provider, { baseUrl: api.url });
  const res = await vfetch('/v1/customer');
  if (res.status !== 200) throw new Error(`fetch: GET /v1/customer answered ${res.status}`);
  await res.body?.cancel();
  console.log(`fetch GET /v1/customer -> ${res.status}`);

  const client = withVismaAuth(axios.create({ baseURL: api.url }), provider);
  const answer = await client.get('/v1/customer');
  if (answer.status !== 200) throw new Error(`axios: GET /v1/customer answered ${answer.status}`);
  console.log(`axios GET /v1/customer -> ${answer.status}`);

  // A module's own error is the app's VismaConfigError: axios without a baseURL or allowedOrigins.
  try {
    withVismaAuth(axios.create(), provider);
    throw new Error('expected a VismaConfigError for an axios instance without baseURL');
  } catch (error) {
    if (!(error instanceof VismaConfigError)) throw error;
    console.log(`axios without baseURL -> VismaConfigError (${error.option})`);
  }
} finally {
  await provider.close();
  await api.close();
  await connect.close();
}
