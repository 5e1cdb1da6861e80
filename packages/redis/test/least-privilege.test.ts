import {
  DEMO_CLIENT,
  type MockConnect,
  startMockConnect,
  startRedisCluster,
} from '@visma-auth/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Instance, type InstanceOptions, startInstance } from './support/instances.js';
import { type RedisServer, startRedisServer } from './support/redis-server.js';
import { until } from './support/until.js';

// The whole fleet flow as the least-privileged Redis user the README documents, with each
// library, as separate processes: nothing beyond that ACL line is needed and nothing degrades.

// As in the README's "Least privilege" section.
const ACL = [
  'on',
  '>a-long-random-password',
  'resetkeys',
  '~visma-auth:*',
  'resetchannels',
  '-@all',
  '+get',
  '+mget',
  '+set',
  '+del',
  '+eval',
  '+evalsha',
  '+pttl',
  '+pexpire',
  '+info',
];

let redis: RedisServer;
let connect: MockConnect;
const instances: Instance[] = [];
beforeAll(async () => {
  redis = await startRedisServer();
  await redis.command('ACL', 'SETUSER', 'visma-auth', ...ACL);
});
afterAll(() => redis?.close());
beforeEach(async () => {
  connect = await startMockConnect();
});
afterEach(async () => {
  await Promise.all(instances.splice(0).map((i) => i.kill()));
  await connect.close();
});

describe.each(['node-redis', 'ioredis', 'valkey-glide'] as const)(
  'as the ACL user, with %s',
  (redisLib) => {
    const options = (overrides: Partial<InstanceOptions> = {}): InstanceOptions => ({
      tokenUrl: connect.tokenUrl,
      clientId: DEMO_CLIENT.clientId,
      clientSecret: DEMO_CLIENT.clientSecret,
      scopes: 'vismanet_erp_service_api:read',
      redisUrl: `redis://visma-auth:a-long-random-password@${redis.host}:${redis.port}`,
      redisLib,
      ...overrides,
    });
    const start = async (count: number, overrides: Partial<InstanceOptions> = {}) => {
      const started = await Promise.all(
        Array.from({ length: count }, () => startInstance(options(overrides))),
      );
      instances.push(...started);
      return started;
    };
    const lockName = () =>
      until(
        async () => (await redis.cli('--scan', '--pattern', '*:lock')).trim() || undefined,
        5000,
      );

    it('burst, lease renewal through a Retry-After, holder killed, invalidate: all as one client', async () => {
      await redis.cli('FLUSHALL');
      // Burst: 4 processes × 100 cold calls, one token request.
      const fleet = await start(4, { lockTtlMs: 2000 });
      const burst = await Promise.all(fleet.map((i) => i.burst(100)));
      for (const r of burst) expect(r.failed, r.errors.join()).toBe(0);
      expect(connect.counts.token).toBe(1);

      // Invalidate: one process drops the token; the next cold calls cost one request in all.
      await fleet[0]?.invalidate();
      for (const i of fleet.slice(1)) await i.invalidate();
      const again = await Promise.all(fleet.map((i) => i.burst(50)));
      for (const r of again) expect(r.failed, r.errors.join()).toBe(0);
      expect(connect.counts.token).toBe(2);

      // Lease renewal: the holder waits out Retry-After 4 s on a 2 s lease (PEXPIRE in a script).
      await redis.cli('FLUSHALL');
      for (const i of fleet) await i.invalidate();
      connect.failNext({ status: 429, headers: { 'retry-after': '4' } });
      const holderBurst = fleet[0]?.burst(20);
      await lockName();
      const renewed = await Promise.all([holderBurst, ...fleet.slice(1).map((i) => i.burst(20))]);
      for (const r of renewed) expect(r?.failed, r?.errors.join()).toBe(0);
      expect(connect.counts.token).toBe(4);

      // Holder killed mid-fetch: another process takes over once the lease runs out.
      await redis.cli('FLUSHALL');
      for (const i of fleet) await i.invalidate();
      connect.failNext({ delayMs: 20_000 });
      const holder = fleet[0] as Instance;
      const dying = holder.burst(10).catch(() => undefined);
      const lock = await lockName();
      expect((await redis.cli('GET', lock)).trim().split(':')[0]).toBe(String(holder.pid));
      const survivors = fleet.slice(1).map((i) => i.burst(50));
      await holder.kill();
      await dying;
      for (const r of await Promise.all(survivors)) expect(r.failed, r.errors.join()).toBe(0);
      expect(connect.counts.token).toBe(6);

      // The user lacked nothing: no process degraded.
      for (const i of fleet.slice(1)) expect(await i.eventDetails()).toEqual([]);
    });
  },
);

describe.each(['node-redis', 'ioredis'] as const)(
  'on a cluster, as the ACL user, with %s',
  (redisLib) => {
    it('4 processes × 100 cold calls: one token request, nothing degraded', async () => {
      await using cluster = await startRedisCluster();
      await Promise.all(
        cluster.nodes.map((n) =>
          n.command('ACL', 'SETUSER', 'visma-auth', ...ACL, '+cluster|slots', '+cluster|info'),
        ),
      );
      const fleet = await Promise.all(
        Array.from({ length: 4 }, () =>
          startInstance({
            tokenUrl: connect.tokenUrl,
            clientId: DEMO_CLIENT.clientId,
            clientSecret: DEMO_CLIENT.clientSecret,
            scopes: 'vismanet_erp_service_api:read',
            redisTopology: { kind: 'cluster', nodes: cluster.rootNodes },
            redisUser: { username: 'visma-auth', password: 'a-long-random-password' },
            redisLib,
          }),
        ),
      );
      instances.push(...fleet);
      const results = await Promise.all(fleet.map((i) => i.burst(100)));
      for (const r of results) expect(r.failed, r.errors.join()).toBe(0);
      expect(connect.counts.token).toBe(1);
      for (const i of fleet) expect(await i.eventDetails()).toEqual([]);
    });
  },
);
