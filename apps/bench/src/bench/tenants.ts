/** Many tenants: heap per cached token for 10,000 tenants, per client that can send `tenant_id`. */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { askResult, startChild } from '../shared/child.js';
import { fmt } from '../shared/stats.js';
import type { Table } from './scenarios.js';

export const TENANTS = 10_000;

const KINDS: { name: string; kind?: string; na?: string }[] = [
  { name: '@visma-auth/fetch', kind: 'ours' },
  { name: '@visma-auth/axios', na: 'n/a (same provider and cache as @visma-auth/fetch)' },
  { name: '@visma-auth/undici', na: 'n/a (same provider and cache as @visma-auth/fetch)' },
  { name: '@badgateway/oauth2-client', kind: 'badgateway' },
  {
    name: 'undici-oidc-interceptor',
    na: 'n/a (no way to send `tenant_id`; one token per interceptor)',
  },
  { name: 'openid-client + cache', kind: 'openid' },
  { name: 'simple-oauth2 + cache', kind: 'simple' },
  {
    name: 'axios-oauth-client + cache',
    na: 'n/a (the grant function takes only `scope`; no `tenant_id`)',
  },
  { name: 'bare Map<tenant, token string> (baseline)', kind: 'map' },
];

export async function manyTenants(
  realToken: string,
  budgetMs: number,
): Promise<{ table: Table; bytes: Map<string, number>; baselineBytes?: number }> {
  // Real-sized tokens that differ per request, answered at once.
  let counter = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const suffix = String(counter++).padStart(8, '0');
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          access_token: `${realToken.slice(0, -8)}${suffix}`,
          token_type: 'Bearer',
          expires_in: 3600,
          scope: 'visma_api:read',
        }),
      );
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const tokenUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/connect/token`;
  const script = fileURLToPath(new URL('./tenants-worker.ts', import.meta.url));
  const rows: string[][] = [];
  const end = performance.now() + budgetMs;
  const bytes = new Map<string, number>();
  let baselineBytes: number | undefined;
  try {
    for (const k of KINDS) {
      if (k.kind === undefined) {
        rows.push([k.name, k.na ?? '', '']);
        continue;
      }
      const left = end - performance.now();
      if (left < 5_000) {
        rows.push([k.name, 'n/a (bench time budget spent)', '']);
        continue;
      }
      const child = startChild(script, {
        name: `tenants-${k.kind}`,
        exposeGc: true,
        echo: true,
        env: { TOKEN_URL: tokenUrl },
      });
      try {
        await child.waitFor('ready', 60_000);
        const r = await askResult<{ done: number; bytesPerToken: number }>(
          child,
          { cmd: 'run', kind: k.kind, n: TENANTS, budgetMs: Math.min(25_000, left - 3_000) },
          60_000,
        );
        if (k.kind === 'map') baselineBytes = r.bytesPerToken;
        else bytes.set(k.name, r.bytesPerToken);
        rows.push([
          k.name,
          `${(r.bytesPerToken / 1024).toFixed(2)} KB`,
          r.done === TENANTS ? fmt(r.done) : `${fmt(r.done)} (time budget)`,
        ]);
      } catch (error) {
        rows.push([k.name, `could not run (${(error as Error).message.slice(0, 60)})`, '']);
      } finally {
        await child.kill();
      }
    }
  } finally {
    server.closeAllConnections();
    server.close();
  }
  return {
    bytes,
    baselineBytes,
    table: {
      title: `Many tenants (${fmt(TENANTS)})`,
      intro: `Heap added per cached token after caching ${fmt(TENANTS)} tenants' tokens (${realToken.length}-character JWTs, like the local Visma Connect's), each client in a fresh process, measured after a full GC. Peers keep their tokens in a hand-written \`Map\` per tenant, as a user would.`,
      headers: ['client', 'heap per cached token', 'tenants cached'],
      rows,
    },
  };
}
