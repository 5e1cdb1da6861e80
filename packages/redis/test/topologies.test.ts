import {
  DEMO_CLIENT,
  type MockConnect,
  type RedisCluster,
  type RedisSentinel,
  type RedisServer,
  startMockConnect,
  startRedisCluster,
  startRedisSentinel,
} from '@visma-auth/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type Instance,
  type InstanceOptions,
  type RedisTopologyOption,
  startInstance,
} from './support/instances.js';
import { startOfNextSecond } from './support/whole-second.js';

// The fleet on the topologies production Redis runs: a 3-master Redis Cluster and a primary with
// a replica behind 3 sentinels, with each client library, as separate Node processes on the
// built packages. One topology is started per library, so each outage test finds it whole.

const SCOPES = 'vismanet_erp_service_api:read';
const TOKEN_SECONDS = 2;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const tokensExpire = () => sleep(TOKEN_SECONDS * 1000 + 100);

/** What the tests need from a running topology. */
interface Topology {
  option: RedisTopologyOption;
  /** Key names matching `pattern` on the servers that hold data. */
  keys(pattern: string): Promise<string[]>;
  flush(): Promise<void>;
  /** Stops the server holding `keyName` (the slot's master, or the primary); returns a restorer. */
  stopOwnerOf(keyName: string): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

async function clusterTopology(): Promise<Topology> {
  const cluster: RedisCluster = await startRedisCluster();
  const running = () => cluster.nodes.filter((n) => n.running);
  return {
    option: { kind: 'cluster', nodes: cluster.rootNodes },
    keys: async (pattern) =>
      (await Promise.all(running().map((n) => n.command('KEYS', pattern)))).flat() as string[],
    flush: async () => {
      await Promise.all(running().map((n) => n.command('FLUSHALL')));
    },
    stopOwnerOf: async (keyName) => {
      const owner = await cluster.masterOf(keyName);
      await owner.stop();
      return async () => {
        await owner.start();
        await cluster.waitUntilHealthy();
      };
    },
    close: () => cluster.close(),
  };
}

async function sentinelTopology(): Promise<Topology> {
  const set: RedisSentinel = await startRedisSentinel();
  return {
    option: { kind: 'sentinel', sentinels: set.sentinels, masterName: set.masterName },
    keys: async (pattern) => (await set.command('KEYS', pattern)) as string[],
    flush: async () => {
      await set.command('FLUSHALL');
    },
    stopOwnerOf: async () => {
      const primary: RedisServer = await set.primary();
      await primary.stop();
      return async () => {
        await set.waitForFailover(primary);
      };
    },
    close: () => set.close(),
  };
}

describe.each([
  ['a 3-master Redis Cluster', clusterTopology],
  ['a primary, a replica and 3 sentinels', sentinelTopology],
] as const)('on %s', (_, startTopology) => {
  describe.each(['node-redis', 'ioredis'] as const)('with %s', (redisLib) => {
    let topology: Topology;
    let connect: MockConnect;
    let instances: Instance[] = [];

    beforeAll(async () => {
      topology = await startTopology();
    });
    afterAll(() => topology?.close());
    beforeEach(async () => {
      await topology.flush();
      connect = await startMockConnect({ tokenLifetimeSeconds: TOKEN_SECONDS });
    });
    afterEach(async () => {
      await Promise.all(instances.map((i) => i.kill()));
      instances = [];
      await connect.close();
    });

    async function start(count: number, overrides: Partial<InstanceOptions> = {}) {
      const started = await Promise.all(
        Array.from({ length: count }, () =>
          startInstance({
            tokenUrl: connect.tokenUrl,
            clientId: DEMO_CLIENT.clientId,
            clientSecret: DEMO_CLIENT.clientSecret,
            scopes: SCOPES,
            redisLib,
            redisTopology: topology.option,
            ...overrides,
          }),
        ),
      );
      instances.push(...started);
      return started;
    }

    async function waitForKey(pattern: string): Promise<string> {
      for (let i = 0; i < 250; i++) {
        const [name] = await topology.keys(pattern);
        if (name !== undefined) return name;
        await sleep(20);
      }
      throw new Error(`no key matching ${pattern} appeared`);
    }

    it('4 processes × 200 cold calls: Visma Connect sees exactly 1 token request', async () => {
      const fleet = await start(4);
      await startOfNextSecond();
      const results = await Promise.all(fleet.map((i) => i.burst(200)));
      for (const r of results) {
        expect(r.failed, r.errors.join()).toBe(0);
        expect(r.ok).toBe(200);
      }
      expect(new Set(results.flatMap((r) => r.tokens)).size).toBe(1);
      expect(connect.counts.token).toBe(1);
      expect(await topology.keys('visma-auth:*')).toHaveLength(1);
    });

    it('the lease holder killed with SIGKILL: another process takes over, no call fails', async () => {
      const lockTtlMs = 1500;
      connect.failNext({ delayMs: 20_000 });
      const [holder] = await start(1, { lockTtlMs });
      const holderBurst = holder?.burst(20).catch(() => undefined);
      // The lease shares its entry's {hash tag}, so both live in one cluster slot.
      expect(await waitForKey('*:lock')).toMatch(/^visma-auth:\{[^}]+\}:lock$/);

      const others = await start(2, { lockTtlMs });
      const bursts = others.map((i) => i.burst(100));
      await sleep(200);
      await holder?.kill();
      await holderBurst;
      const results = await Promise.all(bursts);
      for (const r of results) {
        expect(r.failed, r.errors.join()).toBe(0);
        expect(r.ok).toBe(100);
      }
      expect(new Set(results.flatMap((r) => r.tokens)).size).toBe(1);
      // The dead holder's request plus exactly one from the process that took over.
      expect(connect.counts.token).toBe(2);
    });

    it('the server holding the key stopped: calls keep succeeding; back: sharing resumes', async () => {
      const fleet = await start(2);
      await startOfNextSecond();
      const first = await Promise.all(fleet.map((i) => i.burst(50)));
      for (const r of first) expect(r.failed, r.errors.join()).toBe(0);
      expect(connect.counts.token).toBe(1);
      const entryName = await waitForKey('visma-auth:*');

      await tokensExpire();
      const restore = await topology.stopOwnerOf(entryName);
      const down = await Promise.all(fleet.map((i) => i.burst(50)));
      for (const r of down) expect(r.failed, r.errors.join()).toBe(0);
      // Each process fetched for itself while its key's server was away.
      expect(connect.counts.token).toBe(1 + fleet.length);

      await restore();
      await tokensExpire();
      await startOfNextSecond();
      const before = connect.counts.token;
      const resumed = await Promise.all(fleet.map((i) => i.burst(50)));
      for (const r of resumed) expect(r.failed, r.errors.join()).toBe(0);
      expect(new Set(resumed.flatMap((r) => r.tokens)).size).toBe(1);
      expect(connect.counts.token - before).toBe(1);
      for (const instance of fleet) {
        expect(await instance.events()).toEqual(['cache_degraded', 'cache_restored']);
      }
    });
  });
});
