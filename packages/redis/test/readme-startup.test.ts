import { createHash } from 'node:crypto';
import { createCacheKey, normalizeScopes } from '@visma-auth/core';
import {
  DEMO_CLIENT,
  DEMO_TENANT_ID,
  type MockConnect,
  type RedisSentinel,
  startMockConnect,
  startRedisCluster,
  startRedisSentinel,
  startRedisServer,
} from '@visma-auth/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  readmeSnippets,
  runSnippet,
  type Snippet,
  type SnippetProcess,
} from './support/readme-snippets.js';

// Each startup block of the README, run as it stands in its own Node process, while Redis is
// not there to answer: the process starts, every call succeeds, each process reports one
// cache_degraded, and once Redis is reachable the processes share one token again.

const snippets = readmeSnippets();
const find = (lib: Snippet['lib'], topology: Snippet['topology']) => {
  const found = snippets.find((s) => s.lib === lib && s.topology === topology);
  if (found === undefined) throw new Error(`README has no ${lib} ${topology} block`);
  return found;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let connect: MockConnect;
const running: SnippetProcess[] = [];
beforeEach(async () => {
  connect = await startMockConnect();
});
afterEach(async () => {
  for (const p of running.splice(0)) p.kill();
  await connect.close();
});

function env(extra: Record<string, string>): Record<string, string> {
  return {
    VISMA_CLIENT_ID: DEMO_CLIENT.clientId,
    VISMA_CLIENT_SECRET: DEMO_CLIENT.clientSecret,
    VISMA_TOKEN_URL: connect.tokenUrl,
    ...extra,
  };
}

async function start(snippet: Snippet, extra: Record<string, string>, count = 2) {
  const started = await Promise.all(
    Array.from({ length: count }, () => runSnippet(snippet, env(extra), DEMO_TENANT_ID)),
  );
  running.push(...started);
  return started;
}

/** Bursts on every process; resolves with the failed-call count. */
async function burst(processes: SnippetProcess[], calls = 20): Promise<number> {
  const results = await Promise.all(processes.map((p) => p.burst(calls)));
  return results.reduce((sum, r) => sum + r.failed, 0);
}

/** Cold calls, once a second, until every process reported cache_restored (bounded). */
async function untilRestored(processes: SnippetProcess[]): Promise<void> {
  for (let i = 0; i < 30; i++) {
    const events = await Promise.all(processes.map((p) => p.events()));
    if (events.every((e) => e.includes('cache_restored'))) return;
    await Promise.all(processes.map((p) => p.invalidate()));
    await sleep(1000);
    expect(await burst(processes, 5)).toBe(0);
  }
  throw new Error('sharing did not resume within 30 rounds');
}

/** After restoring: cold calls on every process cost one token request in all. */
async function sharesOneToken(processes: SnippetProcess[]): Promise<void> {
  await Promise.all(processes.map((p) => p.invalidate()));
  const before = connect.counts.token;
  expect(await burst(processes, 50)).toBe(0);
  expect(connect.counts.token - before).toBe(1);
}

/** The Redis key of the README's entry, to find the cluster master that owns it. */
function entryKeyName(): string {
  const key = createCacheKey({
    tokenUrl: connect.tokenUrl,
    clientId: DEMO_CLIENT.clientId,
    authMethod: 'client_secret_post',
    tenantId: DEMO_TENANT_ID,
    scopes: normalizeScopes('vismanet_erp_service_api:read'),
  });
  return `visma-auth:{${createHash('sha256').update(`key:${key}`).digest('base64url')}}`;
}

const expectOneDegraded = async (processes: SnippetProcess[], cause?: RegExp) => {
  for (const p of processes) {
    const events = await p.events();
    expect(events.filter((e) => e.startsWith('cache_degraded'))).toHaveLength(1);
    if (cause) expect(events[0]).toMatch(cause);
  }
};

/** Sets how long every sentinel waits before it counts a silent primary as down. */
async function downAfter(set: RedisSentinel, ms: number): Promise<void> {
  for (const sentinel of set.sentinelServers) {
    await sentinel.command(
      'SENTINEL',
      'SET',
      set.masterName,
      'down-after-milliseconds',
      String(ms),
    );
  }
}

describe.each(['node-redis', 'ioredis'] as const)('the README block for %s', (lib) => {
  it('Redis up: the first calls, right at start, share one token and report nothing', async () => {
    await using redis = await startRedisServer();
    const fleet = await start(find(lib, 'standalone'), { REDIS_URL: redis.url });
    expect(await burst(fleet)).toBe(0);
    expect(connect.counts.token).toBe(1);
    for (const p of fleet) expect(await p.events()).toEqual([]);
  });

  it('one server down at start: starts, calls succeed, sharing begins once Redis is up', async () => {
    await using redis = await startRedisServer();
    await redis.stop();
    const fleet = await start(find(lib, 'standalone'), { REDIS_URL: redis.url });
    expect(await burst(fleet)).toBe(0);
    await expectOneDegraded(fleet);
    await redis.start();
    await untilRestored(fleet);
    await sharesOneToken(fleet);
  });

  it.each([
    ['a wrong password', ':not-the-password@', /WRONGPASS|invalid username-password/],
    ['no password', '', /NOAUTH|Authentication required/],
  ] as const)(
    '%s: starts, calls succeed, one cache_degraded per process naming the cause',
    async (_, auth, cause) => {
      await using redis = await startRedisServer();
      await redis.command('CONFIG', 'SET', 'requirepass', 'the-right-one');
      const url = `redis://${auth}${redis.host}:${redis.port}`;
      const fleet = await start(find(lib, 'standalone'), { REDIS_URL: url });
      // The first calls come a moment after start, once the client has tried to log in.
      await sleep(500);
      expect(await burst(fleet)).toBe(0);
      await sleep(1100);
      expect(await burst(fleet)).toBe(0);
      // The cause is named: the client's own error, which the cache heard through the listener.
      await expectOneDegraded(fleet, cause);
    },
  );

  it("the key's cluster master down at start: starts, calls succeed, sharing begins once it is back", async () => {
    await using cluster = await startRedisCluster();
    const owner = await cluster.masterOf(entryKeyName());
    await owner.stop();
    const nodes = cluster.rootNodes.map((n) => `redis://${n.host}:${n.port}`).join(',');
    const fleet = await start(find(lib, 'cluster'), { REDIS_NODES: nodes });
    expect(await burst(fleet)).toBe(0);
    await expectOneDegraded(fleet);
    await owner.start();
    await cluster.waitUntilHealthy();
    await untilRestored(fleet);
    await sharesOneToken(fleet);
  });

  it('the sentinel primary down at start: starts, calls succeed, sharing begins after failover', async () => {
    await using set = await startRedisSentinel();
    // The sentinels wait to fail over until the fleet has met the stopped primary: otherwise,
    // on a slow machine, the replica is promoted before the processes start, they never see
    // Redis down, and there is nothing to restore.
    await downAfter(set, 600_000);
    const primary = await set.primary();
    await primary.stop();
    const fleet = await start(find(lib, 'sentinel'), {
      REDIS_MASTER_NAME: set.masterName,
      REDIS_SENTINELS: JSON.stringify(set.sentinels),
    });
    expect(await burst(fleet)).toBe(0);
    await expectOneDegraded(fleet);
    await downAfter(set, 1000);
    await set.waitForFailover(primary);
    await untilRestored(fleet);
    await sharesOneToken(fleet);
  });
});

it('the README block for Valkey GLIDE, the server down at start: starts, calls succeed, then shares', async () => {
  await using redis = await startRedisServer();
  await redis.stop();
  const fleet = await start(find('valkey-glide', 'standalone'), {
    VALKEY_HOST: redis.host,
    VALKEY_PORT: String(redis.port),
  });
  expect(await burst(fleet)).toBe(0);
  await expectOneDegraded(fleet);
  await redis.start();
  await untilRestored(fleet);
  await sharesOneToken(fleet);
});
