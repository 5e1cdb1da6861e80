import { GlideClient, GlideClusterClient } from '@valkey/valkey-glide';
import {
  type MockConnect,
  type RedisCluster,
  type RedisServer,
  startMockConnect,
  startRedisCluster,
  startRedisServer,
} from '@visma-auth/testing';
import { Redis as IoValkey, Cluster as IoValkeyCluster } from 'iovalkey';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRedisTokenCache, type RedisClientLike } from '../src/index.js';
import { startFleet } from './support/fleet.js';

// Valkey's clients on the same real topologies (redis-server speaks the protocol Valkey does):
// GLIDE's GlideClient and GlideClusterClient, and iovalkey (a fork of ioredis).

let server: RedisServer;
let cluster: RedisCluster;
let connect: MockConnect;
const closers: (() => unknown)[] = [];
beforeAll(async () => {
  [server, cluster] = await Promise.all([startRedisServer(), startRedisCluster()]);
}, 60_000);
afterAll(async () => {
  await Promise.all([server?.close(), cluster?.close()]);
});
beforeEach(async () => {
  connect = await startMockConnect();
});
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await connect.close();
});

const addresses = () => [{ host: server.host, port: server.port }];

const clients = {
  'GLIDE GlideClient': async () => {
    const client = await GlideClient.createClient({ addresses: addresses(), lazyConnect: true });
    closers.push(() => client.close());
    return client;
  },
  'GLIDE GlideClusterClient': async () => {
    const client = await GlideClusterClient.createClient({
      addresses: [...cluster.rootNodes],
      lazyConnect: true,
    });
    closers.push(() => client.close());
    return client;
  },
  'iovalkey Redis': async () => {
    const client = new IoValkey(server.url).on('error', () => {});
    closers.push(() => client.disconnect());
    return client;
  },
  'iovalkey Cluster': async () => {
    const client = new IoValkeyCluster([...cluster.rootNodes]).on('error', () => {});
    closers.push(() => client.disconnect());
    return client;
  },
} as const;

const expected = {
  'GLIDE GlideClient': ['valkey-glide', 'standalone'],
  'GLIDE GlideClusterClient': ['valkey-glide', 'cluster'],
  'iovalkey Redis': ['ioredis', 'standalone'],
  'iovalkey Cluster': ['ioredis', 'cluster'],
} as const;

describe.each(Object.keys(clients) as (keyof typeof clients)[])('%s', (name) => {
  it('is detected by shape, and 4 providers on it make 1 token request', async () => {
    const fleetClients = (await Promise.all(
      Array.from({ length: 4 }, () => clients[name]()),
    )) as RedisClientLike[];
    const cache = createRedisTokenCache({ client: fleetClients[0] as RedisClientLike });
    expect([cache.clientKind, cache.topology]).toEqual(expected[name]);
    // iovalkey connects on its own; give it the moment before the burst.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const fleet = startFleet(fleetClients, connect.tokenUrl);
    const result = await fleet.burst(50);
    expect(result.failed, result.errors.join()).toBe(0);
    expect(connect.counts.token).toBe(1);
    for (let i = 0; i < 4; i++) expect(fleet.cacheEvents(i)).toEqual([]);
    // Invalidation and the next cold miss go through the same client.
    await fleet.providers[0]?.invalidate();
    for (const p of fleet.providers.slice(1)) await p.invalidate();
    expect((await fleet.burst(20)).failed).toBe(0);
    expect(connect.counts.token).toBe(2);
    await fleet.close();
  });
});

it('a GLIDE client created with lazyConnect while the server is down: calls succeed, then it shares', async () => {
  await using down = await startRedisServer();
  await down.stop();
  const fleetClients = await Promise.all(
    Array.from({ length: 2 }, () =>
      GlideClient.createClient({
        addresses: [{ host: down.host, port: down.port }],
        lazyConnect: true,
      }),
    ),
  );
  closers.push(() => {
    for (const c of fleetClients) c.close();
  });
  const fleet = startFleet(fleetClients, connect.tokenUrl);
  expect((await fleet.burst(20)).failed).toBe(0);
  for (let i = 0; i < 2; i++) expect(fleet.cacheEvents(i)).toHaveLength(1);
  await down.start();
  let shared = false;
  for (let round = 0; round < 15 && !shared; round++) {
    await Promise.all(fleet.providers.map((p) => p.invalidate()));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const before = connect.counts.token;
    expect((await fleet.burst(20)).failed).toBe(0);
    shared =
      connect.counts.token - before === 1 &&
      fleet.events.every((e) => e.includes('cache_restored'));
  }
  expect(shared).toBe(true);
  await fleet.close();
});

it('a closed GLIDE client is refused', async () => {
  const client = await GlideClient.createClient({ addresses: addresses(), lazyConnect: true });
  client.close();
  expect(() => createRedisTokenCache({ client })).toThrow(/GLIDE client that was closed/);
});
