import { createHash } from 'node:crypto';
import { createCacheKey, normalizeScopes } from '@visma-auth/core';
import {
  DEMO_CLIENT,
  type MockConnect,
  type RedisCluster,
  startMockConnect,
  startRedisCluster,
} from '@visma-auth/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Instance, startInstance } from './support/instances.js';
import { startOfNextSecond } from './support/whole-second.js';

// A 3-master + 3-replica Redis Cluster; the master owning the token's slot is SIGKILLed while
// the fleet is under load: no call fails, and once its replica is promoted the fleet shares one
// token again. node-redis 5 refreshes its slot map only on MOVED/ASK, which a dead master never
// sends, so it keeps fetching per process until the old master is back (see the README); it is
// run here on node-redis 6 (`pnpm test:redis6`), which refreshes the map after a reconnect.

const TOKEN_SECONDS = 2;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const libs =
  process.env.NODE_REDIS_MODULE === 'redis6' ? (['node-redis'] as const) : (['ioredis'] as const);

let cluster: RedisCluster;
let connect: MockConnect;
const instances: Instance[] = [];
beforeAll(async () => {
  cluster = await startRedisCluster({ replicas: 1 });
}, 60_000);
afterAll(() => cluster?.close());
beforeEach(async () => {
  connect = await startMockConnect({ tokenLifetimeSeconds: TOKEN_SECONDS });
});
afterEach(async () => {
  await Promise.all(instances.splice(0).map((i) => i.kill()));
  await connect.close();
});

function entryKeyName(): string {
  const key = createCacheKey({
    tokenUrl: connect.tokenUrl,
    clientId: DEMO_CLIENT.clientId,
    authMethod: 'client_secret_post',
    tenantId: undefined,
    scopes: normalizeScopes('vismanet_erp_service_api:read'),
  });
  return `visma-auth:{${createHash('sha256').update(`key:${key}`).digest('base64url')}}`;
}

describe.each(libs)('with %s', (redisLib) => {
  it("the key's master SIGKILLed under load: 0 failed calls, sharing resumes after promotion", async () => {
    const fleet = await Promise.all(
      Array.from({ length: 4 }, () =>
        startInstance({
          tokenUrl: connect.tokenUrl,
          clientId: DEMO_CLIENT.clientId,
          clientSecret: DEMO_CLIENT.clientSecret,
          scopes: 'vismanet_erp_service_api:read',
          redisLib,
          redisTopology: { kind: 'cluster', nodes: cluster.rootNodes },
        }),
      ),
    );
    instances.push(...fleet);
    const owner = await cluster.masterOf(entryKeyName());
    const load = Promise.all(fleet.map((i) => i.load(6000)));
    await sleep(1500);
    await owner.kill();
    const promoted = await cluster.waitForFailover(entryKeyName(), owner);
    expect(promoted).not.toBe(owner);
    const results = await load;
    const calls = results.reduce((sum, r) => sum + r.ok, 0);
    expect(results.reduce((sum, r) => sum + r.failed, 0)).toBe(0);
    expect(calls).toBeGreaterThan(0);
    const during = connect.counts.token;

    // Sharing again: once every process's local token is due, cold calls cost one request.
    let resumed = false;
    for (let round = 0; round < 10 && !resumed; round++) {
      await sleep(TOKEN_SECONDS * 1000 + 100);
      await startOfNextSecond();
      const before = connect.counts.token;
      const burst = await Promise.all(fleet.map((i) => i.burst(50)));
      for (const r of burst) expect(r.failed, r.errors.join()).toBe(0);
      resumed = connect.counts.token - before === 1;
    }
    expect(resumed).toBe(true);
    console.info(
      `failover (${process.env.NODE_REDIS_MODULE ?? 'redis'} / ${redisLib}): ${calls} calls ok, 0 failed, ${during} token requests during the load`,
    );
    // Back for the next test, as a replica of the promoted node.
    await owner.start();
    await cluster.waitUntilHealthy();
  }, 90_000);
});
