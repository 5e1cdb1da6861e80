import { VismaConfigError } from '@visma-auth/core';
import {
  type MockConnect,
  type RedisServer,
  startMockConnect,
  startRedisServer,
} from '@visma-auth/testing';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRedisTokenCache, type RedisClientLike } from '../src/index.js';
import { startFleet } from './support/fleet.js';

// A client its owner closed is refused when the cache is created; one closed afterwards makes the
// cache degrade with an event that says so, and calls keep succeeding.

let redis: RedisServer;
let connect: MockConnect;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(() => redis?.close());
beforeEach(async () => {
  connect = await startMockConnect();
});
afterEach(() => connect.close());

const open = {
  'node-redis': async () => {
    const client = createClient({ url: redis.url }).on('error', () => {});
    await client.connect();
    return { client, close: () => client.close() };
  },
  ioredis: async () => {
    const client = new Redis(redis.url).on('error', () => {});
    await new Promise((resolve) => client.once('ready', resolve));
    return { client, close: () => client.quit() };
  },
};

describe.each(['node-redis', 'ioredis'] as const)('with %s', (lib) => {
  it('a client closed before the cache is created is refused, right after close() too', async () => {
    const { client, close } = await open[lib]();
    const closing = close();
    // ioredis still reads status "ready" until the connection has ended.
    expect(() => createRedisTokenCache({ client: client as RedisClientLike })).toThrow(
      VismaConfigError,
    );
    await closing;
    expect(() => createRedisTokenCache({ client: client as RedisClientLike })).toThrow(/closed/);
  });

  it('a client closed later: one cache_degraded saying so, every call succeeds', async () => {
    const { client, close } = await open[lib]();
    const fleet = startFleet([client as RedisClientLike], connect.tokenUrl);
    expect((await fleet.burst(10)).failed).toBe(0);
    await close();
    await fleet.providers[0]?.invalidate();
    const after = await fleet.burst(10);
    expect(after.failed).toBe(0);
    expect(fleet.cacheEvents()).toHaveLength(1);
    expect(fleet.cacheEvents()[0]).toMatch(/cache_degraded: .*closed/);
    await fleet.close();
  });
});
