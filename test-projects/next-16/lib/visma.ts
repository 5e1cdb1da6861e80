import { isVismaAuthError, VismaTokenProvider } from '@visma-auth/core';
import { createVismaFetch } from '@visma-auth/fetch';

/**
 * One provider per server process (and one per edge isolate). `shared` reads the options on first
 * use, so `next build` loads this module without VISMA_* set, and keeps the provider on
 * `globalThis`, so `next dev` re-evaluating this module on every edit reuses it and its token.
 */
const provider = VismaTokenProvider.shared('next-16:visma', () => ({
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

/** Answers with the customers of the tenant in `x-tenant-id` (or the configured one). */
export async function customers(request: Request): Promise<Response> {
  const tenantId = request.headers.get('x-tenant-id') ?? undefined;
  try {
    const res = await erp('/v1/customer', tenantId ? { vismaAuth: { tenantId } } : {});
    return Response.json(
      { upstream: res.status, customers: await res.json() },
      { status: res.ok ? 200 : 502 },
    );
  } catch (error) {
    if (!isVismaAuthError(error)) throw error;
    // Name and code survive Next's minifier; the message never holds a secret.
    console.error(`${error.name} (${error.code}): ${error.message}`);
    return Response.json({ error: error.name, code: error.code }, { status: 502 });
  }
}
