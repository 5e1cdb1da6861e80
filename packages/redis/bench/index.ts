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
const WINDOWS = 4;
// Measuring starts right after a cold fetch, so refreshes fall at 1, 2, 3, 4 windows; the
// extra half window keeps the 4th (jitter included) in and the 5th out.
const MEASURE_MS = (WINDOWS + 0.5) * WINDOW_MS;
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

  const redisCommands = async () =>
    Number(/total_commands_processed:(\d+)/.exec(await redis.cli('INFO', 'stats'))?.[1]);
  const rows: {
    n: number;
    local: number;
    shared: number;
    failed: number;
    calls: number;
    commands: number;
  }[] = [];
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
    const commandsBefore = await redisCommands();
    const results = await Promise.all(
      runs.flatMap((r) => r.fleet.map((i) => i.load(MEASURE_MS, { tenantId: r.tenantId }))),
    );
    const commands = (await redisCommands()) - commandsBefore - 1;
    const [l = 0, s = 0] = runs.map((r, k) => requestsFor(r.tenantId) - (before[k] ?? 0));
    // Results come local fleet first, then shared; only the shared processes talk to Redis.
    const calls = results.slice(n).reduce((sum, r) => sum + r.ok + r.failed, 0);
    rows.push({
      n,
      local: l / WINDOWS,
      shared: s / WINDOWS,
      calls,
      commands,
      failed: results.reduce((sum, r) => sum + r.failed, 0),
    });
  }

  const cell = (text: string | number, width: number) => String(text).padStart(width);
  const header = [
    'processes',
    'no shared cache',
    'Redis cache',
    'saved',
    'Redis cmds per 1k calls',
    'failed',
  ];
  console.log(
    `\nToken requests per refresh window (token life ${LIFETIME_S} s, window ~${WINDOW_MS / 1000} s, ${WINDOWS} windows, 4 callers per process)\n`,
  );
  console.log(header.map((h) => cell(h, h.length)).join(' | '));
  console.log(header.map((h) => '-'.repeat(h.length)).join('-+-'));
  for (const row of rows) {
    const saved = row.local > 0 ? `${Math.round((1 - row.shared / row.local) * 100)}%` : '-';
    const perK = row.calls > 0 ? ((row.commands / row.calls) * 1000).toFixed(1) : '-';
    const cells = [row.n, row.local.toFixed(2), row.shared.toFixed(2), saved, perK, row.failed];
    console.log(cells.map((c, i) => cell(c, header[i]?.length ?? 0)).join(' | '));
  }
  console.log(`\nTotal token requests at the mock: ${connect.counts.token}`);
} finally {
  await Promise.all([...local, ...shared].map((i) => i.kill()));
  await redis.stop();
  await connect.close();
  clearTimeout(guard);
}
