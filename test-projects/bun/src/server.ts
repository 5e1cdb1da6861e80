// A Bun server that reads customers from Visma.net ERP for the tenant in `x-tenant-id`. The
// provider is created when the module loads but reads its options on first use, so the bundle
// builds and starts without VISMA_* set; `shared` keeps one provider per process even if a
// bundle ends up with two copies of this module.
import { isVismaAuthError, VismaTokenProvider } from '@visma-auth/core';
import { createVismaFetch } from '@visma-auth/fetch';

const provider = VismaTokenProvider.shared('bun-server:visma', () => ({
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

async function customers(request: Request): Promise<Response> {
  const tenantId = request.headers.get('x-tenant-id') ?? undefined;
  try {
    const res = await erp('/v1/customer', tenantId ? { vismaAuth: { tenantId } } : {});
    return Response.json(
      { upstream: res.status, customers: await res.json() },
      {
        status: res.ok ? 200 : 502,
      },
    );
  } catch (error) {
    if (!isVismaAuthError(error)) throw error;
    console.error(`${error.name} (${error.code}): ${error.message}`);
    return Response.json({ error: error.name, code: error.code }, { status: 502 });
  }
}

const server = Bun.serve({
  hostname: '127.0.0.1',
  port: Number(process.env.PORT ?? 3000),
  fetch: (request) =>
    new URL(request.url).pathname === '/customers'
      ? customers(request)
      : new Response('not found', { status: 404 }),
});

// Close the provider (its timers and sockets) before the process ends.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await server.stop();
    await provider.close();
    process.exit(0);
  });
}
