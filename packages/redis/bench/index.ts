/**
 * Token requests per refresh window for a fleet of N processes, with and without the shared
 * Redis cache, measured side by side in one run against the local Visma Connect.
 *
 * Tokens live 2 s so a window (refresh-ahead at ~80 % of the life) passes every ~1.6 s; each
 * process keeps 4 callers asking for tokens. Both modes of one N run at the same time on
 * separate tenants, and requests are counted per tenant at the mock.
 */
import { startMockConnect } from '@visma-auth/testing';
import { type Instance, startInstance } from '../test/support/instances.js';
import { startRedisServer } from '../test/support/redis-server.js';

const SIZES = [1, 2, 4, 8];
const LIFETIME_S = 2;
const WINDOW_MS = LIFETIME_S * 1000 * 0.8;
const WINDOWS = 5;
const BUDGET_MS = 85_000;

const guard = setTimeout(() => {
  console.error(`bench: over its ${BUDGET_MS / 1000} s budget, giving up`);
  process.exit(1);
}, BUDGET_MS);

const tenants = SIZES.flatMap((n) => [`t${n}-local`, `t${n}-shared`]);
const connect = await startMockConnect({
  clients: [
    { clientId: 'bench', clientSecret: 'bench-secret', allowedScopes: ['bench:read'], tenants },
  ],
  tokenLifetimeSeconds: LIFETIME_S,
});
const redis = await startRedisServer();
const base = {
  tokenUrl: connect.tokenUrl,
  clientId: 'bench',
  clientSecret: 'bench-secret',
  scopes: 'bench:read',
};
const max = Math.max(...SIZES);
const local: Instance[] = [];
const shared: Instance[] = [];

try {
  for (let i = 0; i < max; i++) {
    local.push(await startInstance(base));
    shared.push(await startInstance({ ...base, redisUrl: redis.url }));
  }
  const requestsFor = (tenantId: string) =>
    connect.requests.filter((r) => r.path.startsWith('/connect/token') && r.tenantId === tenantId)
      .length;

  const rows: { n: number; local: number; shared: number; failed: number }[] = [];
  for (const n of SIZES) {
    const runs = [
      { fleet: local.slice(0, n), tenantId: `t${n}-local` },
      { fleet: shared.slice(0, n), tenantId: `t${n}-shared` },
    ];
    // Warm up: the first token of each process is a cold start, not a refresh.
    await Promise.all(
      runs.flatMap((r) => r.fleet.map((i) => i.burst(10, { tenantId: r.tenantId }))),
    );
    const before = runs.map((r) => requestsFor(r.tenantId));
    const results = await Promise.all(
      runs.flatMap((r) =>
        r.fleet.map((i) => i.load(WINDOWS * WINDOW_MS, { tenantId: r.tenantId })),
      ),
    );
    const [l = 0, s = 0] = runs.map((r, k) => requestsFor(r.tenantId) - (before[k] ?? 0));
    rows.push({
      n,
      local: l / WINDOWS,
      shared: s / WINDOWS,
      failed: results.reduce((sum, r) => sum + r.failed, 0),
    });
  }

  const cell = (text: string | number, width: number) => String(text).padStart(width);
  console.log(
    `\nToken requests per refresh window (token life ${LIFETIME_S} s, window ~${WINDOW_MS / 1000} s, ${WINDOWS} windows, 4 callers per process)\n`,
  );
  console.log(
    `${cell('processes', 9)} | ${cell('no shared cache', 15)} | ${cell('Redis cache', 11)} | ${cell('saved', 5)} | failed calls`,
  );
  console.log(
    `${'-'.repeat(9)}-+-${'-'.repeat(15)}-+-${'-'.repeat(11)}-+-${'-'.repeat(5)}-+-------------`,
  );
  for (const row of rows) {
    const saved = row.local > 0 ? `${Math.round((1 - row.shared / row.local) * 100)}%` : '-';
    console.log(
      `${cell(row.n, 9)} | ${cell(row.local.toFixed(2), 15)} | ${cell(row.shared.toFixed(2), 11)} | ${cell(saved, 5)} | ${row.failed}`,
    );
  }
  console.log(`\nTotal token requests at the mock: ${connect.counts.token}`);
} finally {
  await Promise.all([...local, ...shared].map((i) => i.kill()));
  await redis.stop();
  await connect.close();
  clearTimeout(guard);
}
