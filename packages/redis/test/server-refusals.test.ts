import {
  type MockConnect,
  type RedisServer,
  startMockConnect,
  startRedisServer,
} from '@visma-auth/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clientLibraries, type TestClient } from './support/clients.js';
import { type Fleet, startFleet } from './support/fleet.js';

// Redis refusing writes while reads work (a read-only replica, maxmemory reached with
// noeviction) or refusing a command the cache's ACL user lacks: every call still succeeds, and
// each provider reports one cache_degraded (naming the cause) and one cache_restored per outage,
// not a pair per cold miss.

const LIBS = ['node-redis', 'ioredis'] as const;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// Past the provider's retry interval and the cache's probe interval (1 s each), so every round
// really asks Redis again.
const PAUSE_MS = 1100;

let primary: RedisServer;
let replica: RedisServer;
let connect: MockConnect;
let clients: TestClient[] = [];
let fleet: Fleet | undefined;

beforeAll(async () => {
  [primary, replica] = await Promise.all([startRedisServer(), startRedisServer()]);
});
afterAll(async () => {
  await Promise.all([primary?.close(), replica?.close()]);
});
beforeEach(async () => {
  connect = await startMockConnect();
});
afterEach(async () => {
  await fleet?.close();
  fleet = undefined;
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await connect.close();
  await replica.command('REPLICAOF', 'NO', 'ONE');
  await primary.command('CONFIG', 'SET', 'maxmemory', '0');
  await primary.command('ACL', 'DELUSER', 'cache');
  await primary.command('FLUSHALL');
});

/** `rounds` cold misses on every provider of a fleet, each after the shared entry was dropped. */
async function coldRounds(f: Fleet, rounds: number): Promise<number> {
  let failed = 0;
  for (let i = 0; i < rounds; i++) {
    await Promise.all(f.providers.map((p) => p.invalidate()));
    await sleep(PAUSE_MS);
    failed += (await f.burst(20)).failed;
  }
  return failed;
}

async function fleetOn(lib: (typeof LIBS)[number], url: string, size = 2): Promise<Fleet> {
  clients = await Promise.all(Array.from({ length: size }, () => clientLibraries[lib](url)));
  fleet = startFleet(
    clients.map((c) => c.client),
    connect.tokenUrl,
  );
  return fleet;
}

describe.each(LIBS)('with %s', (lib) => {
  it('a read-only replica: one degraded/restored pair per outage, every call succeeds', async () => {
    await replica.command('REPLICAOF', primary.host, String(primary.port));
    const f = await fleetOn(lib, replica.url);
    expect(await coldRounds(f, 2)).toBe(0);
    await replica.command('REPLICAOF', 'NO', 'ONE');
    expect(await coldRounds(f, 1)).toBe(0);
    for (let i = 0; i < f.providers.length; i++) {
      const events = f.cacheEvents(i);
      expect(events.map((e) => e.split(':')[0])).toEqual(['cache_degraded', 'cache_restored']);
      expect(events[0]).toMatch(/READONLY/);
    }
  });

  it('maxmemory reached with noeviction: one degraded/restored pair, the cause named', async () => {
    await primary.command('CONFIG', 'SET', 'maxmemory-policy', 'noeviction');
    await primary.command('CONFIG', 'SET', 'maxmemory', '1');
    const f = await fleetOn(lib, primary.url);
    expect(await coldRounds(f, 2)).toBe(0);
    await primary.command('CONFIG', 'SET', 'maxmemory', '0');
    expect(await coldRounds(f, 1)).toBe(0);
    for (let i = 0; i < f.providers.length; i++) {
      const events = f.cacheEvents(i);
      expect(events.map((e) => e.split(':')[0])).toEqual(['cache_degraded', 'cache_restored']);
      expect(events[0]).toMatch(/OOM/);
    }
  });

  it('a server that stops answering (CLIENT PAUSE): calls succeed, one event naming the timeout', async () => {
    const f = await fleetOn(lib, primary.url);
    expect((await f.burst(10)).failed).toBe(0);
    await Promise.all(f.providers.map((p) => p.invalidate()));
    await primary.command('CLIENT', 'PAUSE', '3000', 'ALL');
    expect((await f.burst(20)).failed).toBe(0);
    for (let i = 0; i < f.providers.length; i++) {
      const events = f.cacheEvents(i);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatch(/no reply within 1000 ms/);
    }
    await sleep(3000);
  });

  for (const missing of ['pexpire', 'evalsha']) {
    it(`an ACL user without ${missing}: each provider reports it once by name and fetches alone`, async () => {
      const granted = ['get', 'mget', 'set', 'del', 'eval', 'evalsha', 'pttl', 'pexpire']
        .filter((c) => c !== missing)
        .map((c) => `+${c}`);
      await primary.command(
        'ACL',
        'SETUSER',
        'cache',
        'on',
        '>secret-pw',
        'resetkeys',
        '~visma-auth:*',
        'resetchannels',
        '-@all',
        ...granted,
        '+info',
      );
      const f = await fleetOn(lib, `redis://cache:secret-pw@${primary.host}:${primary.port}`, 4);
      const first = await f.burst(50);
      expect(first.failed).toBe(0);
      expect(await coldRounds(f, 1)).toBe(0);
      for (let i = 0; i < f.providers.length; i++) {
        const events = f.cacheEvents(i);
        expect(events).toHaveLength(1);
        expect(events[0]).toContain(`may not run '${missing}'`);
        expect(events[0]).toContain('Least privilege');
      }
      // Granted again: each provider says so once and the fleet shares again.
      await primary.command('ACL', 'SETUSER', 'cache', `+${missing}`);
      const before = connect.counts.token;
      expect(await coldRounds(f, 1)).toBe(0);
      expect(connect.counts.token - before).toBe(1);
      for (let i = 0; i < f.providers.length; i++) {
        expect(f.cacheEvents(i).map((e) => e.split(':')[0])).toEqual([
          'cache_degraded',
          'cache_restored',
        ]);
      }
    });
  }
});
