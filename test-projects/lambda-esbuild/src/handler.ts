// An API Gateway (HTTP API) handler that reads customers from Visma.net ERP. The provider lives
// in module scope: one per container, so warm invocations reuse its cached token, and lazy, so
// the container starts (and the bundle loads in any tool that imports it) without VISMA_* set;
// a missing variable fails the invocation with VismaConfigError, and the next one tries again.
import { isVismaAuthError, VismaTokenProvider } from '@visma-auth/core';
import { createVismaFetch } from '@visma-auth/fetch';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

const provider = VismaTokenProvider.lazy(() => ({
  clientId: process.env.VISMA_CLIENT_ID ?? '',
  clientSecret: process.env.VISMA_CLIENT_SECRET ?? '',
  scopes: ['vismanet_erp_service_api:read'],
  tenantId: process.env.VISMA_TENANT_ID,
  // Unset in production (https://connect.visma.com); the demo points it at a local Visma Connect.
  authority: process.env.VISMA_AUTHORITY,
}));

const erp = createVismaFetch(provider, {
  baseUrl: process.env.VISMA_API_URL ?? 'https://api.finance.visma.net',
});

export async function handler(
  event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyStructuredResultV2> {
  const tenantId = event.headers?.['x-tenant-id'];
  try {
    const res = await erp('/v1/customer', tenantId ? { vismaAuth: { tenantId } } : {});
    const customers: unknown = await res.json();
    return reply(res.ok ? 200 : 502, { upstream: res.status, customers });
  } catch (error) {
    if (!isVismaAuthError(error)) throw error;
    // Name and code survive bundling and minifying; the message never holds a secret.
    console.error(`${error.name} (${error.code}): ${error.message}`);
    return reply(502, { error: error.name, code: error.code });
  }
}

function reply(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
}
