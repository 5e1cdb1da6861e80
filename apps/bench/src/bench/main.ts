/**
 * `pnpm bench`: every scenario of the benchmark report, side by side with the peer clients and a
 * static-header baseline, on local servers only; writes docs/benchmarks.md and .svg. Each
 * scenario has a time budget and the whole run stops itself after 285 s. Never gates CI.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { startRedisCluster, startRedisServer } from '@visma-auth/testing';
import { textTable } from '../shared/stats.js';
import { contenders } from './contenders.js';
import { fleet } from './fleet.js';
import { markdown, svg } from './report.js';
import {
  coldBurst,
  expiryBoundary,
  faultMatrix,
  type Headline,
  headline,
  staticHeader,
  type Table,
  warmOverhead,
} from './scenarios.js';
import { startServers } from './servers.js';
import { LONG } from './setup.js';
import { manyTenants } from './tenants.js';
import { warmCpuOverhead } from './warm-cpu-scenario.js';

const HARD_STOP_MS = 285_000;
const docs = (name: string) => fileURLToPath(new URL(`../../../../docs/${name}`, import.meta.url));

const hardStop = setTimeout(() => {
  console.error(`bench: over ${HARD_STOP_MS / 1000} s, stopping`);
  process.exit(1);
}, HARD_STOP_MS);

const startedAt = new Date();
const t0 = performance.now();
const loadBefore = os.loadavg();
const elapsed = () => ((performance.now() - t0) / 1000).toFixed(0);
const step = (name: string) => console.log(`[${elapsed()} s] ${name}`);

const servers = await startServers();
const redis = await startRedisServer().catch((error: unknown) => {
  console.error(`bench: ${(error as Error).message}`);
  return undefined;
});
const cluster = redis
  ? await startRedisCluster().catch((error: unknown) => {
      console.error(`bench: ${(error as Error).message}`);
      return undefined;
    })
  : undefined;
const tables: Table[] = [];
const headlines = new Map<string, Headline>();
const notes: string[] = [];
let exitCode = 0;
let baselineHeapKB: number | undefined;
let warmCpuSummary: string | undefined;
try {
  step('cold burst');
  tables.push(await coldBurst(servers, headlines));
  step('expiry boundary');
  tables.push(await expiryBoundary(servers, headlines));
  step('warm throughput');
  tables.push(await warmOverhead(servers, headlines));
  step('warm CPU per call');
  const warmCpu = await warmCpuOverhead(servers, await staticHeader(servers));
  tables.push(warmCpu.table);
  warmCpuSummary = warmCpu.summary;
  step('fleet');
  if (redis) {
    tables.push((await fleet(servers, redis, cluster)).table);
    if (!cluster) notes.push('Fleet on Redis Cluster: n/a (the cluster could not be started).');
  } else {
    notes.push('Fleet: n/a (redis-server could not be started).');
  }
  step('many tenants');
  const real = await fetch(servers.tokenUrl, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      scope: 'visma_api:read',
      client_id: LONG.clientId,
      client_secret: LONG.clientSecret,
    }),
  });
  const realToken = ((await real.json()) as { access_token: string }).access_token;
  const tenants = await manyTenants(realToken, 45_000);
  tables.push(tenants.table);
  for (const c of contenders) {
    const b = tenants.bytes.get(c.name);
    if (b !== undefined) headline(headlines, c).heapKB = b / 1024;
  }
  baselineHeapKB = tenants.baselineBytes === undefined ? undefined : tenants.baselineBytes / 1024;
  step('fault matrix');
  const budget = Math.max(20_000, HARD_STOP_MS - 15_000 - (performance.now() - t0));
  tables.push(await faultMatrix(servers, budget));

  const headlineList = contenders.map(
    (c) => headlines.get(c.name) ?? { name: c.name, ours: c.ours },
  );
  notes.push(
    "undici-oidc-interceptor treats a token as expired 10 s before its `exp`, so with 2 s tokens it fetches a token for every call; with Visma's usual 1 h tokens it does not.",
    'openid-client, simple-oauth2 and axios-oauth-client fetch tokens but do not cache them; the cache in their rows is the simple one a user would write (reuse until `expires_in`), which has no single-flight and no refresh ahead of expiry.',
    "Endpoint down: the local API judges `exp` in whole seconds, as JWTs carry it, so every call in that row falls inside the token's validity.",
    'The core benchmark (`packages/core/bench`) runs in the same `pnpm bench` and prints further detail (e.g. `getToken()` throughput against a bare `Map.get`).',
  );
  const redisVersion = redis
    ? (/redis_version:([\d.]+)/.exec(String(await redis.command('INFO', 'server')))?.[1] ?? '?')
    : 'not started';
  const totalS = (performance.now() - t0) / 1000;
  writeFileSync(
    docs('benchmarks.md'),
    markdown({
      tables,
      headlines: headlineList,
      totalS,
      redisVersion,
      startedAt,
      loadBefore,
      notes,
      warmCpuSummary,
    }),
  );
  writeFileSync(docs('benchmarks.svg'), svg(headlineList, baselineHeapKB));
  for (const table of tables)
    console.log(`\n${table.title}\n${textTable(table.headers, table.rows)}`);
  if (warmCpuSummary !== undefined) console.log(`\nWarm CPU per call: ${warmCpuSummary}`);
  console.log(`\nWrote docs/benchmarks.md and docs/benchmarks.svg in ${totalS.toFixed(0)} s.`);
} catch (error) {
  console.error('bench failed:', error);
  exitCode = 1;
} finally {
  await servers.close();
  await redis?.stop();
  await cluster?.close();
  clearTimeout(hardStop);
}
process.exit(exitCode);
