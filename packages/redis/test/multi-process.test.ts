import { randomBytes } from 'node:crypto';
import { createCacheKey, normalizeScopes } from '@visma-auth/core';
import { DEMO_CLIENT, type MockConnect, startMockConnect } from '@visma-auth/testing';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRedisTokenCache } from '../src/index.js';
import { type Instance, type InstanceOptions, startInstance } from './support/instances.js';
import { type RedisServer, startRedisServer } from './support/redis-server.js';
import { until } from './support/until.js';
import { startOfNextSecond } from './support/whole-second.js';

// Separate Node processes on the built packages, sharing one real redis-server and one local
// Visma Connect: what a fleet of service instances looks like.

const SCOPES = 'vismanet_erp_service_api:read';
let redis: RedisServer;
let connect: MockConnect;
let instances: Instance[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});
beforeEach(async () => {
  await redis.start();
  await redis.cli('FLUSHALL');
  connect = await startMockConnect();
});
afterEach(async () => {
  await Promise.all(instances.map((i) => i.kill()));
  instances = [];
  await connect.close();
});

function options(overrides: Partial<InstanceOptions> = {}): InstanceOptions {
  return {
    tokenUrl: connect.tokenUrl,
    clientId: DEMO_CLIENT.clientId,
    clientSecret: DEMO_CLIENT.clientSecret,
    scopes: SCOPES,
    redisUrl: redis.url,
    ...overrides,
  };
}

async function start(count: number, overrides: Partial<InstanceOptions> = {}): Promise<Instance[]> {
  const started = await Promise.all(
    Array.from({ length: count }, () => startInstance(options(overrides))),
  );
  instances.push(...started);
  return started;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each([
  ['node-redis', undefined],
  ['ioredis', randomBytes(32).toString('base64')],
] as const)('4 processes on %s', (redisLib, encryptionKey) => {
  it(`fire 200 concurrent cold calls each and Visma Connect sees exactly 1 token request${encryptionKey ? ' (encrypted)' : ''}`, async () => {
    const fleet = await start(4, { redisLib, encryptionKey });
    const results = await Promise.all(fleet.map((i) => i.burst(200)));
    for (const r of results) {
      expect(r.failed, r.errors.join()).toBe(0);
      expect(r.ok).toBe(200);
    }
    expect(new Set(results.flatMap((r) => r.tokens)).size).toBe(1);
    expect(connect.counts.token).toBe(1);

    // Warm calls are answered from each process's memory and never reach Redis.
    const before = await commandsProcessed();
    const warm = await Promise.all(fleet.map((i) => i.burst(200)));
    expect(warm.every((r) => r.ok === 200)).toBe(true);
    expect((await commandsProcessed()) - before).toBe(1);
  });
});

/** Redis's count of processed commands; reading it counts as one. */
async function commandsProcessed(): Promise<number> {
  const info = await redis.cli('INFO', 'stats');
  return Number(/total_commands_processed:(\d+)/.exec(info)?.[1]);
}

it('an owner killed mid-fetch: another instance takes over within the lease, no call fails', async () => {
  const lockTtlMs = 1500;
  connect.failNext({ delayMs: 20_000 });
  const [owner] = await start(1, { lockTtlMs });
  const ownerBurst = owner?.burst(50).catch(() => undefined);
  const lockName = await until(
    async () => (await redis.cli('--scan', '--pattern', '*:lock')).trim() || undefined,
    5000,
  );
  // The lease value starts with the holder's pid, which is how we know whom to kill.
  expect((await redis.cli('GET', lockName)).trim().split(':')[0]).toBe(String(owner?.pid));

  const others = await start(2, { lockTtlMs });
  const bursts = others.map((i) => i.burst(100));
  await sleep(200);
  await owner?.kill();
  await ownerBurst;
  // The dead holder's request never answers anyone; every call succeeding on one token from a
  // second request shows a survivor took over once the holder's lease ran out.
  const results = await Promise.all(bursts);

  for (const r of results) {
    expect(r.failed, r.errors.join()).toBe(0);
    expect(r.ok).toBe(100);
  }
  expect(new Set(results.flatMap((r) => r.tokens)).size).toBe(1);
  // The killed owner's request plus exactly one from the instance that took over.
  expect(connect.counts.token).toBe(2);
});

it('Redis stopped mid-run: calls keep succeeding; restarted: shared use resumes', async () => {
  // Short tokens, so every burst after a pause needs a new one.
  await connect.close();
  connect = await startMockConnect({ tokenLifetimeSeconds: 2 });
  const fleet = await start(2, { lockTtlMs: 2000 });

  await startOfNextSecond();
  const first = await Promise.all(fleet.map((i) => i.burst(50)));
  expect(first.every((r) => r.failed === 0)).toBe(true);
  expect(connect.counts.token).toBe(1);

  await redis.stop();
  await sleep(2100);
  const down = await Promise.all(fleet.map((i) => i.burst(50)));
  for (const r of down) expect(r.failed, r.errors.join()).toBe(0);
  // Each instance fetched for itself while Redis was away.
  expect(connect.counts.token).toBe(3);

  await redis.start();
  await sleep(2100);
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

it('encrypted entries are not readable with redis-cli; a wrong key is a miss, not a crash', async () => {
  const encryptionKey = randomBytes(32).toString('base64');
  const fleet = await start(2, { encryptionKey });
  const results = await Promise.all(fleet.map((i) => i.burst(20)));
  expect(results.every((r) => r.failed === 0)).toBe(true);
  expect(connect.counts.token).toBe(1);

  // Read the real token back through the cache with the right key, as the parent.
  const client = await createClient({ url: redis.url }).connect();
  try {
    const key = createCacheKey({
      tokenUrl: connect.tokenUrl,
      clientId: DEMO_CLIENT.clientId,
      authMethod: 'client_secret_post',
      tenantId: undefined,
      scopes: normalizeScopes(SCOPES),
    });
    const entry = await createRedisTokenCache({ client, encryptionKey }).get(key);
    expect(entry).toBeDefined();
    const token = entry?.accessToken ?? '';
    const [, payload = ''] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    expect(claims.client_id).toBe(DEMO_CLIENT.clientId);

    const names = (await redis.cli('--scan')).trim().split('\n');
    const values = await Promise.all(names.map((n) => redis.cli('GET', n)));
    const dump = [...names, ...values].join('\n');
    expect(dump).not.toContain(token);
    for (const part of token.split('.')) expect(dump).not.toContain(part);
    for (const value of Object.values(claims).flat()) {
      if (typeof value === 'string' && value.length > 3) expect(dump).not.toContain(value);
    }

    const wrong = createRedisTokenCache({ client, encryptionKey: randomBytes(32) });
    expect(await wrong.get(key)).toBeUndefined();
  } finally {
    client.destroy();
  }

  // An instance with another key does not crash: it misses and fetches its own token.
  const [stranger] = await start(1, { encryptionKey: randomBytes(32).toString('hex') });
  const r = await stranger?.burst(10);
  expect(r?.failed).toBe(0);
  expect(connect.counts.token).toBe(2);
});

it('the lease holder waits out a 429 Retry-After longer than its lease: the fleet sends no extra request', async () => {
  // Before the holder renewed its lease, a 2 s lease and Retry-After: 4 cost 3 token requests
  // and 2 tokens: another instance took the expired lease and fetched too.
  const lockTtlMs = 2000;
  const retryAfterSeconds = 4;
  connect.failNext({ status: 429, headers: { 'retry-after': String(retryAfterSeconds) } });
  const [holder] = await start(1, { lockTtlMs });
  const holderBurst = holder?.burst(20);
  await until(
    async () => (await redis.cli('--scan', '--pattern', '*:lock')).trim() || undefined,
    5000,
  );
  const others = await start(2, { lockTtlMs });
  const results = await Promise.all([holderBurst, ...others.map((i) => i.burst(50))]);
  for (const r of results) expect(r?.failed, r?.errors.join()).toBe(0);
  expect(new Set(results.flatMap((r) => r?.tokens ?? [])).size).toBe(1);
  // The throttled request and the holder's retry; nobody else asked.
  expect(connect.counts.token).toBe(2);
});
