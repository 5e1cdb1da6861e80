import { VismaTokenProvider } from '@visma-auth/core';
import { createVismaFetch } from '@visma-auth/fetch';

/**
 * One provider per server process. `shared` reads the options on first use, so `vite build`
 * ("Analysing routes" loads this module) needs no VISMA_* set, and keeps the provider on
 * `globalThis`, so `vite dev` reloading this module reuses it and its token. The variables are
 * read from the environment at run time (adapter-node), never inlined at build time.
 */
export const provider = VismaTokenProvider.shared('sveltekit-3:visma', () => ({
  clientId: process.env.VISMA_CLIENT_ID ?? '',
  clientSecret: process.env.VISMA_CLIENT_SECRET ?? '',
  scopes: ['vismanet_erp_service_api:read'],
  tenantId: process.env.VISMA_TENANT_ID,
  // Unset in production (https://connect.visma.com); the demo points it at a local Visma Connect.
  authority: process.env.VISMA_AUTHORITY,
}));

/** `fetch` for the Visma.net ERP API, with the token added. */
export const erp = createVismaFetch(provider, {
  baseUrl: process.env.VISMA_API_URL ?? 'https://api.finance.visma.net',
});
