/**
 * One process of the fleet scenario. It holds two providers that share nothing: one with only
 * its in-memory cache, one with the shared Redis cache, so one set of processes serves both
 * columns of the table. Driven over IPC; it never prints a token.
 */
import { VismaTokenProvider } from '@visma-auth/core';
import { createRedisTokenCache } from '@visma-auth/redis';
import { createClient, createCluster } from 'redis';
import { serveCommands } from '../shared/child.js';
import { sleep } from '../shared/stats.js';

const env = process.env;
const redis = createClient({ url: env.REDIS_URL, socket: { reconnectStrategy: () => 100 } });
redis.on('error', () => {});
await redis.connect();
const base = {
  clientId: env.CLIENT_ID ?? '',
  clientSecret: env.CLIENT_SECRET ?? '',
  tokenUrl: env.TOKEN_URL ?? '',
  scopes: env.SCOPES ?? '',
};
// With REDIS_CLUSTER_NODES (JSON [{ host, port }]), a third provider shares a Redis Cluster.
const clusterNodes = env.REDIS_CLUSTER_NODES
  ? (JSON.parse(env.REDIS_CLUSTER_NODES) as { host: string; port: number }[])
  : [];
const cluster =
  clusterNodes.length > 0
    ? createCluster({
        rootNodes: clusterNodes.map((n) => ({ url: `redis://${n.host}:${n.port}` })),
        defaults: { socket: { reconnectStrategy: () => 100 } },
      })
    : undefined;
cluster?.on('error', () => {});
await cluster?.connect();
const providers = {
  local: new VismaTokenProvider(base),
  redis: new VismaTokenProvider({ ...base, cache: createRedisTokenCache({ client: redis }) }),
  cluster: cluster
    ? new VismaTokenProvider({ ...base, cache: createRedisTokenCache({ client: cluster }) })
    : undefined,
};
/** The shared-cache provider a command asks for: on the redis-server, or on the cluster. */
const sharedProvider = (on: unknown): VismaTokenProvider => {
  if (on !== 'cluster') return providers.redis;
  if (providers.cluster === undefined) throw new Error('no cluster configured');
  return providers.cluster;
};

/** `concurrency` callers per provider asking for a token every 5 ms, like a busy service. */
async function load(
  durationMs: number,
  tenants: { local: string; redis: string },
  shared: VismaTokenProvider,
) {
  const until = performance.now() + durationMs;
  let ok = 0;
  let failed = 0;
  const caller = async (provider: VismaTokenProvider, tenantId: string) => {
    while (performance.now() < until) {
      try {
        await provider.getToken({ tenantId });
        ok++;
      } catch {
        failed++;
      }
      await sleep(5);
    }
  };
  await Promise.all(
    [0, 1, 2, 3].flatMap(() => [
      caller(providers.local, tenants.local),
      caller(shared, tenants.redis),
    ]),
  );
  return { ok, failed };
}

serveCommands(async (command) => {
  const tenants = command.tenants as { local: string; redis: string };
  if (command.cmd === 'warm') {
    await Promise.all([
      providers.local.getToken({ tenantId: tenants.local }),
      sharedProvider(command.on).getToken({ tenantId: tenants.redis }),
    ]);
    return null;
  }
  if (command.cmd === 'load') {
    return load(Number(command.durationMs), tenants, sharedProvider(command.on));
  }
  throw new Error(`unknown command ${command.cmd}`);
});
process.send?.({ type: 'ready' });
