import {
  DEMO_CLIENT,
  type MockConnect,
  type RedisSentinel,
  startMockConnect,
  startRedisSentinel,
} from '@visma-auth/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Instance, startInstance } from './support/instances.js';
import { startOfNextSecond } from './support/whole-second.js';

// A primary and its replica behind 3 sentinels; the primary is SIGKILLed while 4 processes keep
// calling: no call fails, and once the sentinels promote the replica the fleet shares one token
// again. Run with ioredis and node-redis 5 here, and with node-redis 6 in `pnpm test:redis6`.

const TOKEN_SECONDS = 2;
const LOAD_MS = 8000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let set: RedisSentinel | undefined;
let connect: MockConnect;
const instances: Instance[] = [];
beforeEach(async () => {
  connect = await startMockConnect({ tokenLifetimeSeconds: TOKEN_SECONDS });
});
afterEach(async () => {
  await Promise.all(instances.splice(0).map((i) => i.kill()));
  await connect.close();
  await set?.close();
  set = undefined;
});

describe.each(['node-redis', 'ioredis'] as const)('with %s', (redisLib) => {
  it('the primary SIGKILLed under load: 0 failed calls, sharing resumes after promotion', async () => {
    // A primary counts as down after 1 s of silence; a failover may take 5 s.
    set = await startRedisSentinel({ downAfterMs: 1000 });
    const sentinel = set;
    const fleet = await Promise.all(
      Array.from({ length: 4 }, () =>
        startInstance({
          tokenUrl: connect.tokenUrl,
          clientId: DEMO_CLIENT.clientId,
          clientSecret: DEMO_CLIENT.clientSecret,
          scopes: 'vismanet_erp_service_api:read',
          redisLib,
          redisTopology: {
            kind: 'sentinel',
            sentinels: sentinel.sentinels,
            masterName: sentinel.masterName,
          },
        }),
      ),
    );
    instances.push(...fleet);
    const primary = await sentinel.primary();
    const load = Promise.all(fleet.map((i) => i.load(LOAD_MS)));
    await sleep(1500);
    await primary.kill();
    const promoted = await sentinel.waitForFailover(primary, 30_000);
    expect(promoted).not.toBe(primary);
    const results = await load;
    const calls = results.reduce((sum, r) => sum + r.ok, 0);
    expect(results.reduce((sum, r) => sum + r.failed, 0)).toBe(0);
    expect(calls).toBeGreaterThan(0);
    const during = connect.counts.token;

    // Sharing again: once every process's local token is due, cold calls cost one request.
    let resumed = false;
    let rounds = 0;
    for (; rounds < 10 && !resumed; rounds++) {
      await sleep(TOKEN_SECONDS * 1000 + 100);
      await startOfNextSecond();
      const before = connect.counts.token;
      const burst = await Promise.all(fleet.map((i) => i.burst(50)));
      for (const r of burst) expect(r.failed, r.errors.join()).toBe(0);
      resumed = connect.counts.token - before === 1;
    }
    expect(resumed).toBe(true);
    console.info(
      `sentinel failover (${process.env.NODE_REDIS_MODULE ?? 'redis'} / ${redisLib}): ${calls} calls ok, 0 failed, ${during} token requests during the load; sharing (1 request per 4 × 50 cold calls) again after ${rounds} round(s)`,
    );
  }, 90_000);
});
