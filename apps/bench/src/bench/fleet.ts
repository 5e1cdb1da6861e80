/**
 * Fleet: token requests per refresh window for 1, 2, 4 and 8 processes, with only in-memory
 * caches and with the shared Redis cache (on one redis-server, and for 8 processes on a
 * 3-master Redis Cluster too), against 2 s tokens.
 */
import { fileURLToPath } from 'node:url';
import type { RedisCluster, RedisServer } from '@visma-auth/testing';
import { askResult, type Child, startChild } from '../shared/child.js';
import type { Table } from './scenarios.js';
import type { Servers } from './servers.js';
import { BENCH_SCOPE, FLEET_SIZES, fleetTenants, SHORT } from './setup.js';

const WINDOW_MS = 2_000 * 0.8;
const WINDOWS = 3;
// Measuring starts right after a cold fetch, so refreshes fall at 1, 2, 3 windows; the extra
// half window keeps the 3rd (jitter included) in and the 4th out.
const MEASURE_MS = (WINDOWS + 0.5) * WINDOW_MS;

export interface FleetRow {
  n: number;
  /** Where the shared cache lives. */
  redis: 'redis-server' | 'Redis Cluster';
  local: number;
  shared: number;
}

export async function fleet(
  servers: Servers,
  redis: RedisServer,
  cluster?: RedisCluster,
): Promise<{ table: Table; rows: FleetRow[] }> {
  const script = fileURLToPath(new URL('./fleet-worker.ts', import.meta.url));
  const workers: Child[] = [];
  const rows: FleetRow[] = [];
  const cells: string[][] = [];
  const largest = Math.max(...FLEET_SIZES);

  /** Runs `n` workers under load on their tenant pair and adds a row. */
  const measure = async (n: number, on: 'server' | 'cluster') => {
    const tenants = fleetTenants(n, on);
    const fleetN = workers.slice(0, n);
    await Promise.all(fleetN.map((w) => askResult(w, { cmd: 'warm', tenants, on }, 30_000)));
    const since = Date.now();
    const results = await Promise.all(
      fleetN.map((w) =>
        askResult<{ ok: number; failed: number }>(
          w,
          { cmd: 'load', durationMs: MEASURE_MS, tenants, on },
          MEASURE_MS + 30_000,
        ),
      ),
    );
    const local = (await servers.tokenRequests({ tenantId: tenants.local, since })) / WINDOWS;
    const shared = (await servers.tokenRequests({ tenantId: tenants.redis, since })) / WINDOWS;
    const calls = results.reduce((s, r) => s + r.ok + r.failed, 0);
    const failed = results.reduce((s, r) => s + r.failed, 0);
    const where = on === 'cluster' ? 'Redis Cluster' : 'redis-server';
    rows.push({ n, redis: where, local, shared });
    cells.push([
      on === 'cluster' ? `${n}, Redis Cluster (3 masters)` : String(n),
      local.toFixed(2),
      shared.toFixed(2),
      local > 0 ? `${Math.round((1 - shared / local) * 100)}%` : '-',
      `${failed} of ${calls.toLocaleString('en-US')}`,
      'n/a (no shared cache: one token per process at best)',
    ]);
  };

  try {
    for (let i = 0; i < largest; i++) {
      workers.push(
        startChild(script, {
          name: `fleet-${i}`,
          echo: true,
          env: {
            REDIS_URL: redis.url,
            ...(cluster ? { REDIS_CLUSTER_NODES: JSON.stringify(cluster.rootNodes) } : {}),
            CLIENT_ID: SHORT.clientId,
            CLIENT_SECRET: SHORT.clientSecret,
            TOKEN_URL: servers.tokenUrl,
            SCOPES: BENCH_SCOPE,
          },
        }),
      );
    }
    await Promise.all(workers.map((w) => w.waitFor('ready', 90_000)));
    for (const n of FLEET_SIZES) await measure(n, 'server');
    if (cluster) await measure(largest, 'cluster');
  } finally {
    await Promise.all(workers.map((w) => w.kill()));
  }
  return {
    rows,
    table: {
      title: 'Fleet (2 s tokens)',
      intro: `Token requests per refresh window (~${WINDOW_MS / 1000} s) over ${WINDOWS} windows, N processes each with 4 callers per provider asking for a token every 5 ms. Both columns run at the same time on separate tenants; every process holds one provider of each kind. The shared cache is one redis-server, or in the last row a 3-master Redis Cluster reached with node-redis \`createCluster\`. Ideal with a shared cache: the one-process figure for any N. That figure is above 1.00 because a token now expires no later than its JWT \`exp\`, which counts whole seconds and so takes up to a second off a 2 s token; with Visma's 1 h tokens it is 1.00.`,
      headers: [
        'processes',
        '@visma-auth/core, in-memory only',
        '@visma-auth/core + @visma-auth/redis',
        'saved',
        'failed getToken calls',
        'peers',
      ],
      rows: cells,
    },
  };
}
