/**
 * Calls a Visma API with createVismaFetch.
 *
 * Real Visma: set VISMA_CLIENT_ID, VISMA_CLIENT_SECRET, VISMA_SCOPES (space separated),
 * VISMA_API_URL (the full URL to GET), and VISMA_TENANT_ID for tenant-based APIs; VISMA_AUTHORITY
 * picks another Visma Connect (e.g. staging). With none of them set, it starts a local Visma
 * Connect and protected API from @visma-auth/testing and calls those.
 */
import { VismaTokenProvider } from '@visma-auth/core';
import { createVismaFetch } from '@visma-auth/fetch';
import { DEMO_CLIENT, startMockApi, startMockConnect } from '@visma-auth/testing';

const env = process.env;
const cleanup: (() => Promise<void>)[] = [];

let provider: VismaTokenProvider;
let apiUrl: URL;
if (env.VISMA_CLIENT_ID) {
  if (!env.VISMA_API_URL) throw new Error('Set VISMA_API_URL to the full URL of the API to call.');
  provider = new VismaTokenProvider({
    clientId: env.VISMA_CLIENT_ID,
    clientSecret: env.VISMA_CLIENT_SECRET,
    scopes: env.VISMA_SCOPES ?? '',
    tenantId: env.VISMA_TENANT_ID || undefined,
    authority: env.VISMA_AUTHORITY || undefined,
  });
  apiUrl = new URL(env.VISMA_API_URL ?? 'https://api.finance.visma.net/v1/customer');
} else {
  console.log('No VISMA_* variables set: using a local Visma Connect and API.');
  const connect = await startMockConnect();
  const api = await startMockApi({ connect });
  cleanup.push(
    () => api.close(),
    () => connect.close(),
  );
  provider = new VismaTokenProvider({
    clientId: DEMO_CLIENT.clientId,
    clientSecret: DEMO_CLIENT.clientSecret,
    scopes: DEMO_CLIENT.allowedScopes[0] ?? '',
    tenantId: DEMO_CLIENT.tenants?.[0],
    authority: connect.url,
  });
  apiUrl = new URL('/v1/customer', api.url);
}
cleanup.unshift(() => provider.close());

try {
  // Only the API's origin ever receives the token.
  const vfetch = createVismaFetch(provider, { baseUrl: apiUrl.origin });
  const res = await vfetch(apiUrl, { headers: { accept: 'application/json' } });
  console.log(`GET ${apiUrl.pathname} -> ${res.status}`);
  console.log(await res.text());
  if (!res.ok) process.exitCode = 1;
} catch (error) {
  // Core errors say what went wrong and never include a secret or a token.
  console.error(String(error));
  process.exitCode = 1;
} finally {
  for (const close of cleanup) await close();
}
