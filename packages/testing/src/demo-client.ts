import type { MockClient } from './types.js';

/** The tenant the demo client is granted, shaped like a real Visma tenant id. */
export const DEMO_TENANT_ID = 'af1140c1-52e0-46c7-b684-df894d4b8a5a';

/**
 * The client a mock Visma Connect registers when no `clients` are given. Its secret is public
 * and works nowhere but on this mock: it is not a real credential.
 */
export const DEMO_CLIENT: Readonly<MockClient & { clientSecret: string; tenants: string[] }> =
  Object.freeze({
    clientId: 'demo-client',
    clientSecret: 'demo-secret',
    allowedScopes: ['visma_api:read', 'vismanet_erp_service_api:read'],
    tenants: [DEMO_TENANT_ID],
  });
