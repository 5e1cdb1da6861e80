/**
 * Many tenants: caches 10,000 tenants' tokens with one client kind (`KIND`) in a fresh process
 * and reports the heap added per cached token. The token endpoint is a plain local server that
 * answers at once with a real-sized token, so memory, not signing, is what is measured.
 */
import { OAuth2Client } from '@badgateway/oauth2-client';
import { VismaTokenProvider } from '@visma-auth/core';
import * as oidc from 'openid-client';
import { ClientCredentials } from 'simple-oauth2';
import { serveCommands } from '../shared/child.js';
import { settledHeap } from '../shared/stats.js';

const env = process.env;
const tokenUrl = env.TOKEN_URL ?? '';
const creds = { clientId: 'tenants', clientSecret: 'tenants-secret' };
const scope = 'visma_api:read';

type Fetcher = (tenantId: string) => Promise<unknown>;

function fetcher(kind: string): { get: Fetcher; keep: Map<string, unknown> } {
  const keep = new Map<string, unknown>();
  if (kind === 'ours') {
    const provider = new VismaTokenProvider({ ...creds, scopes: scope, tokenUrl });
    return { get: (tenantId) => provider.getToken({ tenantId }), keep };
  }
  if (kind === 'openid') {
    const config = new oidc.Configuration(
      { issuer: new URL(tokenUrl).origin, token_endpoint: tokenUrl },
      creds.clientId,
      creds.clientSecret,
    );
    oidc.allowInsecureRequests(config);
    return {
      async get(tenantId) {
        const token = await oidc.clientCredentialsGrant(config, { scope, tenant_id: tenantId });
        keep.set(tenantId, {
          header: `Bearer ${token.access_token}`,
          expiresAt: Date.now() + (token.expires_in ?? 0) * 1000,
        });
      },
      keep,
    };
  }
  if (kind === 'simple') {
    const client = new ClientCredentials({
      client: { id: creds.clientId, secret: creds.clientSecret },
      auth: { tokenHost: new URL(tokenUrl).origin, tokenPath: new URL(tokenUrl).pathname },
    });
    return {
      async get(tenantId) {
        keep.set(tenantId, await client.getToken({ scope, tenant_id: tenantId }));
      },
      keep,
    };
  }
  if (kind === 'badgateway') {
    const client = new OAuth2Client({
      server: new URL(tokenUrl).origin,
      tokenEndpoint: tokenUrl,
      ...creds,
      authenticationMethod: 'client_secret_post',
    });
    return {
      async get(tenantId) {
        keep.set(
          tenantId,
          await client.clientCredentials({ scope: [scope], extraParams: { tenant_id: tenantId } }),
        );
      },
      keep,
    };
  }
  // Baseline: the bare token strings in a Map.
  return {
    async get(tenantId) {
      const res = await fetch(tokenUrl, {
        method: 'POST',
        body: new URLSearchParams({ tenant_id: tenantId }),
      });
      keep.set(tenantId, ((await res.json()) as { access_token: string }).access_token);
    },
    keep,
  };
}

serveCommands(async (command) => {
  const n = Number(command.n);
  const end = performance.now() + Number(command.budgetMs);
  const { get, keep } = fetcher(String(command.kind));
  await get('warm-up');
  const before = settledHeap();
  let done = 0;
  for (let i = 0; i < n && performance.now() < end; i += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, n - i) }, (_, k) =>
        get(`00000000-0000-4000-8000-${String(i + k).padStart(12, '0')}`),
      ),
    );
    done = Math.min(n, i + 100);
  }
  const after = settledHeap();
  return { done, bytesPerToken: (after - before) / Math.max(1, done), kept: keep.size };
});
process.send?.({ type: 'ready' });
