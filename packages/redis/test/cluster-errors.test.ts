import { type VismaAuthEvent, VismaTokenProvider } from '@visma-auth/core';
import {
  DEMO_CLIENT,
  type MockConnect,
  type RedisCluster,
  startMockConnect,
  startRedisCluster,
} from '@visma-auth/testing';
import { Cluster, Redis } from 'ioredis';
import { createClient, createCluster } from 'redis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRedisTokenCache, type RedisClientLike } from '../src/index.js';

// A cluster that answers MOVED or CLUSTERDOWN to every command must cost a token request, never a
// failed getToken: the provider degrades to fetching locally within its deadline.

const CALLS = 20;
// Shorter than the default, so a cache that held calls up past it fails the test.
const DEADLINE_MS = 5000;

let cluster: RedisCluster;
let connect: MockConnect;
const closers: (() => void)[] = [];
beforeAll(async () => {
  cluster = await startRedisCluster();
});
afterAll(() => cluster?.close());
beforeEach(async () => {
  connect = await startMockConnect();
});
afterEach(async () => {
  for (const close of closers.splice(0)) close();
  await connect.close();
});

/** A provider on `client` firing CALLS concurrent cold calls; resolves with what it reported. */
async function fleetOfOne(client: RedisClientLike) {
  const events: VismaAuthEvent[] = [];
  const provider = new VismaTokenProvider({
    clientId: DEMO_CLIENT.clientId,
    clientSecret: DEMO_CLIENT.clientSecret,
    tokenUrl: connect.tokenUrl,
    scopes: 'vismanet_erp_service_api:read',
    deadlineMs: DEADLINE_MS,
    cache: createRedisTokenCache({ client }),
    onEvent: (event) => events.push(event),
  });
  const results = await Promise.allSettled(
    Array.from({ length: CALLS }, () => provider.getToken()),
  );
  await provider.close();
  const degraded = events.filter((e) => e.type === 'cache_degraded');
  return {
    failed: results.filter((r) => r.status === 'rejected').length,
    degraded: degraded.map((e) => (e.type === 'cache_degraded' ? e.error.message : '')),
  };
}

const standalone = {
  'node-redis': async (port: number) => {
    const client = createClient({ url: `redis://127.0.0.1:${port}` });
    client.on('error', () => {});
    await client.connect();
    closers.push(() => client.destroy());
    return client;
  },
  ioredis: async (port: number) => {
    const client = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 1 });
    client.on('error', () => {});
    closers.push(() => client.disconnect());
    return client;
  },
};

describe.each(['node-redis', 'ioredis'] as const)('with %s', (lib) => {
  it('a plain client on one cluster node gets MOVED for other slots: every call still succeeds', async () => {
    const outcomes = [];
    for (const node of cluster.nodes) {
      outcomes.push(await fleetOfOne(await standalone[lib](node.port)));
    }
    for (const o of outcomes) expect(o.failed).toBe(0);
    // Exactly one node owns the token's slot; the others redirect every command. That one may
    // redirect the look-up of a shared Retry-After too: its key lives in a slot of its own.
    const redirected = outcomes.filter((o) => o.degraded.length > 0);
    expect(redirected.length).toBeGreaterThanOrEqual(cluster.nodes.length - 1);
    for (const o of redirected) expect(o.degraded).toEqual([expect.stringMatching(/MOVED/)]);
    // One token request per provider: degraded calls still share one local flight.
    expect(connect.counts.token).toBe(cluster.nodes.length);
  });
});

it('CLUSTERDOWN from every node while a master is away: every call still succeeds', async () => {
  const nodeRedis = createCluster({
    rootNodes: cluster.rootNodes.map((n) => ({ url: `redis://${n.host}:${n.port}` })),
    defaults: { socket: { reconnectStrategy: () => 50 } },
  });
  nodeRedis.on('error', () => {});
  await nodeRedis.connect();
  closers.push(() => nodeRedis.destroy());
  const ioredis = new Cluster([...cluster.rootNodes], {
    redisOptions: { maxRetriesPerRequest: 1 },
  });
  ioredis.on('error', () => {});
  closers.push(() => ioredis.disconnect());
  // Connected while the cluster is whole; one still connecting later would fail fast instead.
  await expect.poll(() => ioredis.status, { timeout: 10_000 }).toBe('ready');

  // Healthy first; then stop a master other than the key's, so the key's own master answers.
  // Earlier tests left keys for other token URLs in other slots: find the one this run wrote.
  const keys = async () =>
    (await Promise.all(cluster.nodes.map((n) => n.command('KEYS', 'visma-auth:*')))).flat();
  const before = new Set(await keys());
  expect((await fleetOfOne(nodeRedis)).degraded).toEqual([]);
  const written = (await keys()).filter((key) => !before.has(key));
  expect(written).toHaveLength(1);
  const owner = await cluster.masterOf(String(written[0]));
  const away = cluster.nodes.find((n) => n !== owner);
  const live = cluster.nodes.filter((n) => n !== away);
  await away?.stop();
  try {
    // The live masters call the cluster down once they agree the stopped one failed.
    const isDown = async () =>
      (await Promise.all(live.map((n) => n.command('CLUSTER', 'INFO')))).every((info) =>
        /^cluster_state:fail\r?$/m.test(String(info)),
      );
    await expect.poll(isDown, { timeout: 15_000 }).toBe(true);
    // node-redis passes CLUSTERDOWN on; ioredis retries it itself until the command timeout.
    for (const [client, reason] of [
      [nodeRedis, /CLUSTERDOWN/],
      [ioredis, /no reply within/],
    ] as const) {
      const outcome = await fleetOfOne(client);
      expect(outcome.failed).toBe(0);
      expect(outcome.degraded).toEqual([expect.stringMatching(reason)]);
    }
  } finally {
    await away?.start();
    await cluster.waitUntilHealthy();
  }
});
