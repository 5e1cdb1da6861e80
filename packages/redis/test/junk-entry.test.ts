import { type MockConnect, startMockConnect } from '@visma-auth/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clientLibraries, type TestClient } from './support/clients.js';
import { startFleet } from './support/fleet.js';
import { type RedisServer, startRedisServer } from './support/redis-server.js';

// Whatever sits under an entry's key that the cache cannot read (a value from another tool, a
// truncated write) is a miss that the next token overwrites, however long its TTL.

let redis: RedisServer;
let connect: MockConnect;
let clients: TestClient[] = [];
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(() => redis?.close());
beforeEach(async () => {
  await redis.cli('FLUSHALL');
  connect = await startMockConnect();
});
afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()));
  clients = [];
  await connect.close();
});

describe.each(['node-redis', 'ioredis'] as const)('with %s', (lib) => {
  it('a junk value with a 10 h TTL under the key: 4 providers make 1 token request and overwrite it', async () => {
    clients = await Promise.all(Array.from({ length: 4 }, () => clientLibraries[lib](redis.url)));
    const fleet = startFleet(
      clients.map((c) => c.client),
      connect.tokenUrl,
    );
    // Find the entry's name from a first run, then put junk there for the second.
    await fleet.burst(1);
    const [name] = (await redis.cli('--scan', '--pattern', 'visma-auth:*'))
      .split('\n')
      .filter((k) => k !== '' && !k.endsWith(':lock'));
    expect(name).toBeDefined();
    await fleet.close();
    const before = connect.counts.token;
    await redis.cli('SET', name as string, 'not a token entry', 'PX', String(10 * 3600_000));

    const next = startFleet(
      clients.map((c) => c.client),
      connect.tokenUrl,
    );
    const result = await next.burst(50);
    expect(result.failed).toBe(0);
    expect(connect.counts.token - before).toBe(1);
    expect((await redis.cli('GET', name as string)).startsWith('v1.')).toBe(true);
    await next.close();
  });
});
